/**
 * A model download read into one buffer, and that buffer freed once onnxruntime has its copy
 * (issue 13, point 5).
 *
 * transformers.js reads a download chunk by chunk into a buffer of the file's size, and hands the
 * buffer to onnxruntime, which copies the model into its WebAssembly memory. Every chunk, and then
 * the buffer, is garbage: two copies of each file that only a garbage collection frees, and V8 does
 * not hurry. While a first session downloaded the five default models the page's memory stood
 * 100-280 MB per model above what a collection left (real-size stand-ins, Chromium), and its peak
 * rose with it.
 *
 * Here the body is read with a BYOB reader straight into the one buffer (no chunk is allocated),
 * and `release` detaches the buffer once its session exists, which frees the memory at once. Only
 * buffers read here are ever released: the weight cache's verified bytes, which it may hand out
 * twice, are not. transformers.js calls both through the global below (patched in vite.config.ts,
 * `DOWNLOAD_INTO_ONE_BUFFER`).
 */

/** The global the patched transformers.js reads (vite.config.ts). */
export const DOWNLOAD_BUFFERS_GLOBAL = '__llmaosDownloadBuffers';

/** transformers.js's download progress: bytes so far of the file's size. */
export type DownloadProgress = (progress: { progress: number; loaded: number; total: number }) => void;

/** What a response must offer: its Content-Length and a body. */
export interface DownloadResponse {
  headers: Pick<Headers, 'get'>;
  body: ReadableStream<Uint8Array> | null;
}

/** A body that turns out longer than its Content-Length (e.g. decoded from gzip) grows in this step. */
const PROBE_BYTES = 64 * 1024;

export class DownloadBuffers {
  readonly #downloaded = new WeakSet<ArrayBuffer>();
  /** Files read into one buffer, and buffers freed (the browser tests read these). */
  readonly stats = { read: 0, released: 0 };

  /**
   * The body of `response` in one buffer, with progress as it arrives; null when it cannot be read
   * that way (no Content-Length, or a body that is not a byte stream, as the weight cache's are),
   * for the caller to read it as before.
   */
  async read(response: DownloadResponse, onProgress: DownloadProgress): Promise<Uint8Array<ArrayBuffer> | null> {
    const size = Number.parseInt(response.headers.get('content-length') ?? '', 10);
    if (!(size > 0) || !response.body) return null;
    let reader: ReadableStreamBYOBReader;
    try {
      reader = response.body.getReader({ mode: 'byob' });
    } catch {
      return null; // Not a byte stream.
    }
    let buffer = new Uint8Array(size);
    let loaded = 0;
    for (;;) {
      if (loaded === buffer.length) {
        // Full: done, unless the body goes on past its Content-Length.
        const probe = await reader.read(new Uint8Array(PROBE_BYTES));
        if (probe.done) break;
        const grown = new Uint8Array(Math.max(buffer.length * 2, loaded + probe.value.length));
        grown.set(buffer);
        grown.set(probe.value, loaded);
        buffer = grown;
        loaded += probe.value.length;
      } else {
        // The reader takes the buffer's memory for the read and gives it back in `value`.
        const { done, value } = await reader.read(new Uint8Array(buffer.buffer, loaded, buffer.length - loaded));
        if (value) buffer = new Uint8Array(value.buffer);
        if (done) break;
        loaded += value.length;
      }
      onProgress({ progress: (loaded / Math.max(size, loaded)) * 100, loaded, total: Math.max(size, loaded) });
    }
    const bytes = loaded === buffer.length ? buffer : buffer.subarray(0, loaded);
    this.#downloaded.add(bytes.buffer);
    this.stats.read += 1;
    return bytes;
  }

  /** Frees a buffer `read` returned, now that nothing will read it again; anything else is left alone. */
  release(bytes: unknown): void {
    if (!(bytes instanceof Uint8Array) || !(bytes.buffer instanceof ArrayBuffer) || !this.#downloaded.has(bytes.buffer)) return;
    this.#downloaded.delete(bytes.buffer);
    this.stats.released += 1;
    // `transfer(0)` gives the memory back now, where a collection would some time later. An engine
    // without it (Safari before 17.4) detaches by transfer into a clone nothing keeps.
    const buffer = bytes.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
    if (typeof buffer.transfer === 'function') buffer.transfer(0);
    else structuredClone(buffer, { transfer: [buffer] });
  }
}
