/**
 * Measured summary-step speeds per model and backend on this device (src/content/stepEstimate.ts),
 * so a long Summarize job can be estimated, and its question asked, before its first step.
 *
 * Kept in localStorage beside the settings, not in the workspace: they describe this device, so
 * a backup restored on another machine must not carry them.
 */
import { isStepSpeed, type StepSpeed } from '../content/stepEstimate';
import type { Backend } from '../core';
import { localStorageOrNull } from './browserStorage';

const STORAGE_KEY = 'llmaos-step-speeds';
/** Entries kept: the models used most recently. */
const MAX_ENTRIES = 50;

export function stepSpeedKey(modelId: string, backend: Backend): string {
  return `summarize|${modelId}|${backend}`;
}

function readAll(): Map<string, StepSpeed> {
  const raw = localStorageOrNull()?.getItem(STORAGE_KEY);
  const speeds = new Map<string, StepSpeed>();
  if (!raw) return speeds;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return speeds; // user-edited or damaged: measured again from the next run
  }
  if (typeof parsed !== 'object' || parsed === null) return speeds;
  for (const [key, value] of Object.entries(parsed)) if (isStepSpeed(value)) speeds.set(key, value);
  return speeds;
}

export function readStepSpeed(key: string): StepSpeed | undefined {
  return readAll().get(key);
}

export function writeStepSpeed(key: string, speed: StepSpeed): void {
  const speeds = readAll();
  speeds.set(key, speed);
  const newest = [...speeds].sort((a, b) => b[1].measuredAt - a[1].measuredAt).slice(0, MAX_ENTRIES);
  try {
    localStorageOrNull()?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(newest)));
  } catch {
    // A full localStorage only costs the next run its early estimate; the run itself goes on.
  }
}
