/** A download read into one buffer and freed after use (src/workers/downloadBuffers.ts). */
import { describe, expect, it } from 'vitest';
import { DownloadBuffers, type DownloadResponse } from '../../src/workers/downloadBuffers';

/** The file's bytes: 0, 1, 2, … modulo 251, so a byte out of place shows. */
const fileOf = (length: number) => Uint8Array.from({ length }, (_, i) => i % 251);

/** A response whose body is a byte stream sending `bytes` in pieces of `piece`, as fetch's is. */
function byteStreamResponse(bytes: Uint8Array, { contentLength = bytes.length, piece = 1000 } = {}): DownloadResponse {
  let sent = 0;
  const body = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (sent >= bytes.length) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      const chunk = bytes.slice(sent, sent + piece);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { headers: new Headers({ 'content-length': String(contentLength) }), body };
}

const progressLog = () => {
  const seen: { loaded: number; total: number; progress: number }[] = [];
  return { seen, onProgress: (p: { loaded: number; total: number; progress: number }) => seen.push(p) };
};

describe('DownloadBuffers.read', () => {
  it('reads a body in pieces into one buffer of its Content-Length, with progress up to 100%', async () => {
    const file = fileOf(10_000);
    const { seen, onProgress } = progressLog();
    const bytes = await new DownloadBuffers().read(byteStreamResponse(file, { piece: 3000 }), onProgress);
    expect(bytes).toEqual(file);
    expect(bytes!.buffer.byteLength).toBe(file.length);
    expect(seen.map((p) => p.loaded)).toEqual([3000, 6000, 9000, 10_000]);
    expect(seen.at(-1)).toEqual({ loaded: 10_000, total: 10_000, progress: 100 });
  });

  it('keeps every byte of a body longer than its Content-Length (e.g. decoded from gzip)', async () => {
    const file = fileOf(250_000);
    const { seen, onProgress } = progressLog();
    const bytes = await new DownloadBuffers().read(byteStreamResponse(file, { contentLength: 40_000, piece: 7000 }), onProgress);
    expect(bytes).toEqual(file);
    expect(seen.at(-1)).toMatchObject({ loaded: 250_000, total: 250_000, progress: 100 });
  });

  it('gives what came of a body that ended before its Content-Length, not zeros after it', async () => {
    const file = fileOf(5000);
    const bytes = await new DownloadBuffers().read(byteStreamResponse(file, { contentLength: 8000 }), () => undefined);
    expect(bytes).toEqual(file);
  });

  it('declines a body that is not a byte stream (the weight cache gives those) and a response without Content-Length', async () => {
    const buffers = new DownloadBuffers();
    const plainBody = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(fileOf(100));
        controller.close();
      },
    });
    expect(await buffers.read({ headers: new Headers({ 'content-length': '100' }), body: plainBody }, () => undefined)).toBeNull();
    const noLength = byteStreamResponse(fileOf(100));
    expect(await buffers.read({ headers: new Headers(), body: noLength.body }, () => undefined)).toBeNull();
    expect(await buffers.read({ headers: new Headers({ 'content-length': '0' }), body: null }, () => undefined)).toBeNull();
  });

  it('passes on a failure of the body', async () => {
    const body = new ReadableStream({
      type: 'bytes',
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    await expect(new DownloadBuffers().read({ headers: new Headers({ 'content-length': '10' }), body }, () => undefined)).rejects.toThrow('connection reset');
  });
});

describe('DownloadBuffers.release', () => {
  it('frees a buffer it read, once, and leaves every other array alone', async () => {
    const buffers = new DownloadBuffers();
    const bytes = (await buffers.read(byteStreamResponse(fileOf(4096)), () => undefined))!;
    const cached = fileOf(4096);
    buffers.release(cached);
    buffers.release('models/x.onnx');
    expect(cached.byteLength).toBe(4096);
    expect(buffers.stats).toEqual({ read: 1, released: 0 });
    buffers.release(bytes);
    expect(bytes.buffer.byteLength).toBe(0);
    buffers.release(bytes);
    expect(buffers.stats).toEqual({ read: 1, released: 1 });
  });
});
