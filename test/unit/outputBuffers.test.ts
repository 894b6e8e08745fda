import { describe, expect, it } from 'vitest';
import { OutputBufferPool, releaseDecoderCache } from '../../src/workers/outputBuffers';

/** One decoding step's cache entry, as transformers.js's past_key_values holds it. */
const cpuTensor = (data: ArrayBufferView) => ({ location: 'cpu', data });

describe('OutputBufferPool', () => {
  it('declines outside a decode, so onnxruntime allocates as usual', () => {
    const pool = new OutputBufferPool();
    expect(pool.take(Float32Array, 100)).toBeUndefined();
    const close = pool.openDecode();
    expect(pool.take(Float32Array, 100)).toBeInstanceOf(Float32Array);
    close();
    expect(pool.take(Float32Array, 100)).toBeUndefined();
  });

  it('gives an array of the asked length, in a buffer with room for a longer cache', () => {
    const pool = new OutputBufferPool();
    pool.openDecode();
    const array = pool.take(Float32Array, 10_000)!;
    expect(array.length).toBe(10_000);
    expect(array.byteOffset).toBe(0);
    expect(array.buffer.byteLength).toBeGreaterThanOrEqual(10_000 * 4 * 1.25);
    expect(pool.stats).toEqual({ reused: 0, allocated: 1, free: 0 });
  });

  it("reuses a given-back buffer for the next, one token longer, step's output", () => {
    const pool = new OutputBufferPool();
    pool.openDecode();
    const step1 = pool.take(Float32Array, 12 * 100 * 64)!;
    step1.fill(7);
    pool.release(step1);
    const step2 = pool.take(Float32Array, 12 * 101 * 64)!;
    expect(step2.buffer).toBe(step1.buffer);
    expect(step2.length).toBe(12 * 101 * 64);
    expect(pool.stats).toEqual({ reused: 1, allocated: 1, free: 0 });
  });

  it('never hands out a buffer that is still in use, nor one twice', () => {
    const pool = new OutputBufferPool();
    pool.openDecode();
    const a = pool.take(Float32Array, 1000)!;
    const b = pool.take(Float32Array, 1000)!;
    expect(b.buffer).not.toBe(a.buffer);
    pool.release(a);
    pool.release(a); // a second release of the same output is ignored
    const c = pool.take(Float32Array, 1000)!;
    const d = pool.take(Float32Array, 1000)!;
    expect(c.buffer).toBe(a.buffer);
    expect(d.buffer).not.toBe(a.buffer);
    expect(d.buffer).not.toBe(b.buffer);
  });

  it('ignores arrays it did not hand out', () => {
    const pool = new OutputBufferPool();
    pool.openDecode();
    pool.release(new Float32Array(1000));
    expect(pool.stats.free).toBe(0);
  });

  it('picks the smallest buffer that fits, and keeps a big one from a small output', () => {
    const pool = new OutputBufferPool();
    pool.openDecode();
    const big = pool.take(Float32Array, 100_000)!;
    const small = pool.take(Float32Array, 10_000)!;
    pool.release(big);
    pool.release(small);
    expect(pool.take(Float32Array, 9_000)!.buffer).toBe(small.buffer);
    // 10,000 floats would waste most of the big buffer: a new one is made instead.
    expect(pool.take(Float32Array, 10_000)!.buffer).not.toBe(big.buffer);
    expect(pool.take(Float32Array, 90_000)!.buffer).toBe(big.buffer);
  });

  it('serves other element types from the same buffers', () => {
    const pool = new OutputBufferPool();
    pool.openDecode();
    const floats = pool.take(Float32Array, 1000)!;
    pool.release(floats);
    const longs = pool.take(BigInt64Array, 1000)!;
    expect(longs).toBeInstanceOf(BigInt64Array);
    expect(longs.buffer).toBe(floats.buffer);
  });

  it('drops its free buffers when the last decode ends, and keeps them while another runs', () => {
    const pool = new OutputBufferPool();
    const closeFirst = pool.openDecode();
    const closeSecond = pool.openDecode();
    pool.release(pool.take(Float32Array, 1000)!);
    closeFirst();
    closeFirst(); // closing twice does not end the other decode
    expect(pool.stats.free).toBe(1);
    closeSecond();
    expect(pool.stats.free).toBe(0);
  });

  it('keeps at most maxFreeBytes waiting', () => {
    const pool = new OutputBufferPool(64 * 1024);
    pool.openDecode();
    const a = pool.take(Uint8Array, 40 * 1024)!;
    const b = pool.take(Uint8Array, 40 * 1024)!;
    pool.release(a);
    pool.release(b);
    expect(pool.stats.free).toBe(1);
  });
});

describe('releaseDecoderCache', () => {
  it("gives back the decoder's self-attention cache and keeps the encoder's cross-attention", () => {
    const pool = new OutputBufferPool();
    pool.openDecode();
    const key = pool.take(Float32Array, 1000)!;
    const value = pool.take(Float32Array, 1000)!;
    const encoderKey = pool.take(Float32Array, 1000)!;
    releaseDecoderCache(pool, {
      'past_key_values.0.decoder.key': cpuTensor(key),
      'past_key_values.0.decoder.value': cpuTensor(value),
      'past_key_values.0.encoder.key': cpuTensor(encoderKey),
    });
    expect(pool.stats.free).toBe(2);
    const next = [pool.take(Float32Array, 1000)!.buffer, pool.take(Float32Array, 1000)!.buffer];
    expect(next).toEqual(expect.arrayContaining([key.buffer, value.buffer]));
    expect(next).not.toContain(encoderKey.buffer);
  });

  it('leaves GPU tensors and a missing cache alone', () => {
    const pool = new OutputBufferPool();
    pool.openDecode();
    const onGpu = pool.take(Float32Array, 1000)!;
    releaseDecoderCache(pool, { 'past_key_values.0.key': { location: 'gpu-buffer', data: onGpu } });
    releaseDecoderCache(pool, undefined);
    expect(pool.stats.free).toBe(0);
  });
});
