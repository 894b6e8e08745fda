/** Typed text kept over a reload (src/state/keptFields.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { keepFields, keptText, MAX_KEPT_CHARS, readKeptFields } from '../../src/state/keptFields';

/** localStorage's surface over a Map; `full` makes every write fail as a full storage does. */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  let full = false;
  const storage = {
    get length() {
      return items.size;
    },
    key: (index: number) => [...items.keys()][index] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
  } satisfies Storage;
  return { storage, items, fill: () => (full = true) };
}

interface Panel {
  input: string;
  count: number;
  status: string;
}
const fresh = () => createStore<Panel>()(() => ({ input: '', count: 0, status: 'idle' }));
const readers = { input: keptText, count: (raw: unknown) => (typeof raw === 'number' ? raw : undefined) };

afterEach(() => vi.useRealTimers());

describe('kept fields', () => {
  it('a new page gets back what was typed, and only the kept fields', () => {
    vi.useFakeTimers();
    const { storage } = memoryStorage();
    const before = fresh();
    keepFields(before, 'panel', readers, storage);
    before.setState({ input: '差评：送餐太慢\nLove it', count: 3, status: 'done' });
    vi.advanceTimersByTime(1_000);

    const after = fresh();
    keepFields(after, 'panel', readers, storage);
    expect(after.getState()).toEqual({ input: '差评：送餐太慢\nLove it', count: 3, status: 'idle' });
  });

  it('a burst of keystrokes is one write, after a short delay; flush writes at once', () => {
    vi.useFakeTimers();
    const { storage } = memoryStorage();
    const writes = vi.spyOn(storage, 'setItem');
    const store = fresh();
    const kept = keepFields(store, 'panel', readers, storage);
    for (const input of ['L', 'Lo', 'Lov', 'Love']) store.setState({ input });
    store.setState({ status: 'running' }); // not a kept field: no write of its own
    expect(writes).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(readKeptFields<Panel>('panel', readers, storage)).toEqual({ input: 'Love', count: 0 });

    store.setState({ input: 'Love it' });
    kept.flush();
    expect(writes).toHaveBeenCalledTimes(2);
    expect(readKeptFields<Panel>('panel', readers, storage).input).toBe('Love it');
    kept.stop();
  });

  it('a damaged or hand-edited entry gives nothing back, field by field', () => {
    const wrongTypes = memoryStorage({ 'llmaos-typed-panel': JSON.stringify({ input: 42, count: 'three' }) });
    expect(readKeptFields<Panel>('panel', readers, wrongTypes.storage)).toEqual({});
    const notJson = memoryStorage({ 'llmaos-typed-panel': '{"input": "unterminated' });
    const store = fresh();
    keepFields(store, 'panel', readers, notJson.storage);
    expect(store.getState().input).toBe('');
    const oneGood = memoryStorage({ 'llmaos-typed-panel': JSON.stringify({ input: 'kept', count: null }) });
    expect(readKeptFields<Panel>('panel', readers, oneGood.storage)).toEqual({ input: 'kept' });
  });

  it('a text too long to keep is left out, and an older, shorter one is not brought back in its place', () => {
    const { storage } = memoryStorage();
    const store = fresh();
    const kept = keepFields(store, 'panel', readers, storage);
    store.setState({ input: 'first draft of the brief', count: 1 });
    kept.flush();
    store.setState({ input: 'x'.repeat(MAX_KEPT_CHARS + 1), count: 2 });
    kept.flush();
    expect(readKeptFields<Panel>('panel', readers, storage)).toEqual({ count: 2 });
    kept.stop();
  });

  it('a full storage costs only the keeping: typing goes on, nothing is thrown', () => {
    vi.useFakeTimers();
    const { storage, fill } = memoryStorage();
    const store = fresh();
    keepFields(store, 'panel', readers, storage);
    fill();
    store.setState({ input: 'still here' });
    expect(() => vi.advanceTimersByTime(1_000)).not.toThrow();
    expect(store.getState().input).toBe('still here');
  });

  it('without storage (disabled for the site) the store works as before', () => {
    const store = fresh();
    const kept = keepFields(store, 'panel', readers, null);
    store.setState({ input: 'typed' });
    kept.flush();
    expect(store.getState().input).toBe('typed');
  });
});
