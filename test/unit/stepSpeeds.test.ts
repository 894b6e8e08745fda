/** The stored step speeds (src/state/stepSpeeds.ts): per model and backend, validated on read, bounded. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readStepSpeed, stepSpeedKey, writeStepSpeed } from '../../src/state/stepSpeeds';

/** localStorage as the browser has it: strings only. */
function memoryStorage(): Storage {
  const values = new Map<string, string>();
  return {
    get length() {
      return values.size;
    },
    clear: () => values.clear(),
    getItem: (key) => values.get(key) ?? null,
    key: (index) => [...values.keys()][index] ?? null,
    removeItem: (key) => void values.delete(key),
    setItem: (key, value) => void values.set(key, String(value)),
  };
}

beforeEach(() => vi.stubGlobal('localStorage', memoryStorage()));
afterEach(() => vi.unstubAllGlobals());

describe('step speeds', () => {
  it('keep one speed per model and backend', () => {
    const wasm = stepSpeedKey('tiny/t5-summarizer', 'wasm');
    const webgpu = stepSpeedKey('tiny/t5-summarizer', 'webgpu');
    expect(wasm).not.toBe(webgpu);
    expect(readStepSpeed(wasm)).toBeUndefined();
    writeStepSpeed(wasm, { stepMs: 420, steps: 5, measuredAt: 1 });
    expect(readStepSpeed(wasm)).toEqual({ stepMs: 420, steps: 5, measuredAt: 1 });
    expect(readStepSpeed(webgpu)).toBeUndefined();
  });

  it('read nothing from damaged or edited storage instead of a wrong estimate', () => {
    const key = stepSpeedKey('m/x', 'wasm');
    localStorage.setItem('llmaos-step-speeds', '{not json');
    expect(readStepSpeed(key)).toBeUndefined();
    localStorage.setItem('llmaos-step-speeds', JSON.stringify({ [key]: { stepMs: -1, steps: 2, measuredAt: 1 } }));
    expect(readStepSpeed(key)).toBeUndefined();
    writeStepSpeed(key, { stepMs: 300, steps: 2, measuredAt: 2 }); // a write repairs it
    expect(readStepSpeed(key)).toEqual({ stepMs: 300, steps: 2, measuredAt: 2 });
  });

  it('keep the 50 most recently measured models', () => {
    for (let i = 0; i < 60; i++) writeStepSpeed(stepSpeedKey(`m/${i}`, 'wasm'), { stepMs: 100 + i, steps: 1, measuredAt: i });
    expect(readStepSpeed(stepSpeedKey('m/59', 'wasm'))?.stepMs).toBe(159);
    expect(readStepSpeed(stepSpeedKey('m/10', 'wasm'))?.stepMs).toBe(110);
    expect(readStepSpeed(stepSpeedKey('m/9', 'wasm'))).toBeUndefined();
  });
});
