/** Beside a panel's model name: whether the model is loaded (a run then starts at once) or is being loaded ahead of it. */
import { useRuntime } from '../state/runtime';

export function ModelReadiness({
  modelId,
  preparing,
  labels,
  testId,
}: {
  modelId: string;
  preparing: boolean;
  labels: { preparing: string; loaded: string };
  testId: string;
}) {
  const loaded = useRuntime((s) => s.loaded.some((model) => model.modelId === modelId));
  const state = preparing ? 'preparing' : loaded ? 'loaded' : 'not-loaded';
  return (
    <span className="muted" data-testid={testId} data-state={state}>
      {state === 'preparing' ? labels.preparing : state === 'loaded' ? labels.loaded : null}
    </span>
  );
}
