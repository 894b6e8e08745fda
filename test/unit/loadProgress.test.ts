import { describe, expect, it } from 'vitest';
import { LoadProgressTracker } from '../../src/workers/loadProgress';

describe('LoadProgressTracker', () => {
  it('combines every file of a model into one byte count', () => {
    let now = 0;
    const tracker = new LoadProgressTracker('org/model', () => now);
    tracker.update({ status: 'initiate', file: 'config.json' });
    tracker.update({ status: 'initiate', file: 'onnx/model.onnx' });
    now = 200;
    tracker.update({ status: 'progress', file: 'config.json', loaded: 100, total: 100 });
    tracker.update({ status: 'done', file: 'config.json' });
    now = 400;
    const mid = tracker.update({ status: 'progress', file: 'onnx/model.onnx', loaded: 500, total: 1000 });
    expect(mid).toMatchObject({ modelId: 'org/model', phase: 'downloading', loadedBytes: 600, totalBytes: 1100 });
    // A finished file counts in full; with every file in, what remains is building the session.
    const done = tracker.update({ status: 'done', file: 'onnx/model.onnx' });
    expect(done).toMatchObject({ loadedBytes: 1100, totalBytes: 1100, phase: 'initializing' });
  });

  it('does not take a file served without a length (compressed on the fly) for finished after its first chunk', () => {
    let now = 0;
    const tracker = new LoadProgressTracker('m', () => now);
    tracker.update({ status: 'initiate', file: 'tokenizer.json' });
    tracker.update({ status: 'initiate', file: 'onnx/model.onnx' });
    now = 200;
    // No Content-Length: transformers.js' total grows with the bytes read (in its aggregate report too).
    tracker.update({ status: 'progress_total', files: { 'tokenizer.json': { loaded: 65_536, total: 65_536 }, 'onnx/model.onnx': { loaded: 0, total: 0 } } });
    tracker.update({ status: 'progress', file: 'tokenizer.json', loaded: 65_536, total: 65_536 });
    now = 400;
    const mid = tracker.update({ status: 'progress', file: 'onnx/model.onnx', loaded: 1_000, total: 2_000_000 });
    expect(mid).toMatchObject({ phase: 'downloading', loadedBytes: 66_536, totalBytes: 0 });
    now = 600;
    tracker.update({ status: 'progress', file: 'tokenizer.json', loaded: 711_396, total: 711_396 });
    const tokenizerDone = tracker.update({ status: 'done', file: 'tokenizer.json' });
    // Its size is now known: the total is every file's real size, and the weights are still coming.
    expect(tokenizerDone).toMatchObject({ phase: 'downloading', loadedBytes: 712_396, totalBytes: 2_711_396 });
    const done = tracker.update({ status: 'done', file: 'onnx/model.onnx' });
    expect(done).toMatchObject({ phase: 'initializing', loadedBytes: 2_711_396, totalBytes: 2_711_396 });
  });

  it('knows the full total from the start when transformers.js lists the expected files', () => {
    let now = 0;
    const tracker = new LoadProgressTracker('m', () => now);
    tracker.update({ status: 'initiate', file: 'config.json' });
    tracker.update({ status: 'done', file: 'config.json' });
    now = 500;
    const first = tracker.update({
      status: 'progress_total',
      files: { 'config.json': { loaded: 700, total: 700 }, 'onnx/model.onnx': { loaded: 0, total: 9000 }, 'tokenizer.json': { loaded: 0, total: 300 } },
    });
    expect(first).toMatchObject({ loadedBytes: 700, totalBytes: 10_000, phase: 'downloading' });
  });

  it('throttles byte updates but never a file starting or finishing', () => {
    let now = 1000;
    const tracker = new LoadProgressTracker('m', () => now);
    expect(tracker.update({ status: 'initiate', file: 'a' })).not.toBeNull();
    now += 10;
    expect(tracker.update({ status: 'progress', file: 'a', loaded: 1, total: 10 })).toBeNull();
    now += 150;
    expect(tracker.update({ status: 'progress', file: 'a', loaded: 5, total: 10 })).not.toBeNull();
    now += 1;
    const finished = tracker.update({ status: 'progress', file: 'a', loaded: 10, total: 10 });
    expect(finished).toBeNull();
    expect(tracker.update({ status: 'done', file: 'a' })).toMatchObject({ loadedBytes: 10, phase: 'initializing' });
  });

  it('takes files stored on this device as whole: the full size at once, preparing the session, then ready', () => {
    const tracker = new LoadProgressTracker('m');
    const stored = tracker.stored([
      { file: 'config.json', bytes: 700 },
      { file: 'onnx/model.onnx', bytes: 66_000_000 },
    ]);
    expect(stored).toMatchObject({ phase: 'initializing', loadedBytes: 66_000_700, totalBytes: 66_000_700 });
    expect(stored.files).toEqual({ 'config.json': { loaded: 700, total: 700 }, 'onnx/model.onnx': { loaded: 66_000_000, total: 66_000_000 } });
    expect(tracker.ready()).toMatchObject({ phase: 'ready', totalBytes: 66_000_700 });
  });

  it('reports ready, and ignores malformed callbacks', () => {
    const tracker = new LoadProgressTracker('m', () => 0);
    expect(tracker.update(null)).toBeNull();
    expect(tracker.update({ status: 'progress' })).toBeNull();
    expect(tracker.update({ status: 'progress', file: 'x', loaded: Number.NaN, total: -1 })).toMatchObject({ loadedBytes: 0 });
    expect(tracker.ready().phase).toBe('ready');
  });

  it('counts every file in the total: the weights after the tokenizer are still downloading, their size unknown until they report it (issue 15, point 6)', () => {
    let now = 0;
    const tracker = new LoadProgressTracker('m', () => now);
    tracker.update({ status: 'initiate', file: 'tokenizer.json' });
    now += 200;
    tracker.update({ status: 'progress', file: 'tokenizer.json', loaded: 224_000, total: 224_000 });
    tracker.update({ status: 'done', file: 'tokenizer.json' });
    const weights = tracker.update({ status: 'initiate', file: 'onnx/model_quantized.onnx' });
    // Not "224 kB of 224 kB": the weights' size is not known yet, so neither is the total.
    expect(weights).toMatchObject({ phase: 'downloading', loadedBytes: 224_000, totalBytes: 0 });
    now += 200;
    const part = tracker.update({ status: 'progress', file: 'onnx/model_quantized.onnx', loaded: 1_000_000, total: 8_300_000 });
    expect(part).toMatchObject({ phase: 'downloading', loadedBytes: 1_224_000, totalBytes: 8_524_000 });
    expect(tracker.update({ status: 'done', file: 'onnx/model_quantized.onnx' })).toMatchObject({ phase: 'initializing', totalBytes: 8_524_000 });
  });

  it('leaves the total unknown while an expected file has no size', () => {
    const tracker = new LoadProgressTracker('m', () => 0);
    const listed = tracker.update({
      status: 'progress_total',
      files: { 'tokenizer.json': { loaded: 224_000, total: 224_000 }, 'onnx/model.onnx': { loaded: 0 } },
    });
    expect(listed).toMatchObject({ phase: 'downloading', totalBytes: 0 });
  });
});
