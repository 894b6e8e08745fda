/** The backend the worker is using (WebGPU / WASM with thread count), from the runtime store. */
import { useTranslation } from 'react-i18next';
import { useRuntime } from '../state/runtime';
import type { Backend } from '../core';

export function useBackendName(): { backend: Backend | null; text: string } {
  const { t } = useTranslation();
  const environment = useRuntime((s) => s.environment);
  const failed = useRuntime((s) => s.environmentError !== null);
  if (!environment) return { backend: null, text: failed ? t('backend.unavailable') : t('backend.detecting') };
  const text =
    environment.backend === 'webgpu'
      ? t('backend.webgpu')
      : environment.backend === 'wasm'
        ? t('backend.wasmThreads', { count: environment.wasmThreads })
        : t('backend.cpu');
  return { backend: environment.backend, text };
}

export function BackendBadge({ testId = 'backend-in-use' }: { testId?: string }) {
  const { t } = useTranslation();
  const { backend, text } = useBackendName();
  return (
    <span className={`badge backend-${backend ?? 'unknown'}`} data-testid={testId} data-backend={backend ?? ''} title={t('backend.inUse')}>
      {text}
    </span>
  );
}
