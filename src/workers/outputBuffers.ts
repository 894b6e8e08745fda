/**
 * Reused memory for onnxruntime-web's outputs while a model decodes (issue 13, point 2).
 *
 * On WASM, onnxruntime-web copies every output out of its heap into a new typed array. While
 * GPT-2 or T5 decodes, the largest outputs are the key/value cache: one tensor per layer for keys
 * and one for values, as long as everything read so far, every token. A new array of that size is
 * memory the browser maps fresh and faults in page by page: in a Chromium worker on this project's
 * 2-core VM, 4.4 ms for a new 1.4 MB array against 0.25 ms to copy into one already used. That
 * was most of what the profile counted as onnxruntime's `run()` (a quarter to a half of each
 * token's time).
 *
 * So, while a decode is open, onnxruntime's output arrays come from here (the build points its
 * copy at `take`, see vite.config.ts): a buffer given back earlier when one is big enough, or a
 * new one with room to grow, because each step's cache is one token longer than the last. The
 * engine gives a step's cache back (`release`) once the next step's run has read it. Nothing else
 * is ever given back, so a buffer is never handed out twice while in use.
 */

/** The global the patched onnxruntime-web output copy reads (vite.config.ts). */
export const ORT_OUTPUT_BUFFERS_GLOBAL = '__llmaosOrtOutputBuffers';

/** A typed array's constructor, as onnxruntime-web picks one for an output's element type. */
interface TypedArrayConstructor<T extends ArrayBufferView> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** A new buffer is this much larger than asked: a cache one token longer still fits it. */
const GROWTH = 1.25;
const PAGE = 4096;
/** A free buffer is not spent on an output less than half its size (e.g. logits on a long cache). */
const MAX_WASTE = 2;

const newBufferSize = (bytes: number) => Math.ceil((bytes * GROWTH) / PAGE) * PAGE;

export interface OutputBufferStats {
  /** Outputs written into a buffer given back earlier. */
  reused: number;
  /** Outputs that needed a new buffer while a decode was open. */
  allocated: number;
  /** Buffers given back and waiting for an output. */
  free: number;
}

export class OutputBufferPool {
  private readonly freeBuffers: ArrayBuffer[] = [];
  private readonly handedOut = new WeakSet<ArrayBuffer>();
  private freeBytes = 0;
  private openDecodes = 0;
  private counts = { reused: 0, allocated: 0 };

  /** `maxFreeBytes` bounds what waits here between steps; past it a given-back buffer is left to the GC. */
  constructor(private readonly maxFreeBytes = 512 * 1024 * 1024) {}

  /**
   * Marks a decode as running until the returned function is called. Outside decodes `take`
   * declines, and onnxruntime allocates as it always does; when the last one ends, the free
   * buffers are dropped.
   */
  openDecode(): () => void {
    this.openDecodes += 1;
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.openDecodes -= 1;
      if (this.openDecodes === 0) {
        this.freeBuffers.length = 0;
        this.freeBytes = 0;
      }
    };
  }

  /** An array of `length` elements for an output, or undefined to let onnxruntime allocate. */
  take<T extends ArrayBufferView>(type: TypedArrayConstructor<T>, length: number): T | undefined {
    if (this.openDecodes === 0) return undefined;
    const bytes = length * type.BYTES_PER_ELEMENT;
    const largestToUse = Math.max(bytes * MAX_WASTE, newBufferSize(bytes));
    let best = -1;
    for (let i = 0; i < this.freeBuffers.length; i++) {
      const size = this.freeBuffers[i]!.byteLength;
      if (size >= bytes && size <= largestToUse && (best < 0 || size < this.freeBuffers[best]!.byteLength)) best = i;
    }
    let buffer: ArrayBuffer;
    if (best >= 0) {
      buffer = this.freeBuffers.splice(best, 1)[0]!;
      this.freeBytes -= buffer.byteLength;
      this.counts.reused += 1;
    } else {
      buffer = new ArrayBuffer(newBufferSize(bytes));
      this.counts.allocated += 1;
    }
    this.handedOut.add(buffer);
    return new type(buffer, 0, length);
  }

  /**
   * Gives an output's memory back once nothing reads it any more. Arrays this pool did not hand
   * out, or already got back, are ignored.
   */
  release(array: ArrayBufferView): void {
    const buffer = array.buffer;
    if (!(buffer instanceof ArrayBuffer) || !this.handedOut.has(buffer)) return;
    this.handedOut.delete(buffer);
    if (this.openDecodes === 0 || this.freeBytes + buffer.byteLength > this.maxFreeBytes) return;
    this.freeBuffers.push(buffer);
    this.freeBytes += buffer.byteLength;
  }

  get stats(): OutputBufferStats {
    return { ...this.counts, free: this.freeBuffers.length };
  }
}

/** What a decoding model's forward pass reads its cache from: transformers.js's past_key_values. */
interface CacheTensor {
  location?: string;
  data?: unknown;
}

/**
 * Gives back the self-attention cache a forward pass has just read. The encoder's cross-attention
 * entries ("…encoder…") are kept: an encoder-decoder reads the same ones at every step.
 */
export function releaseDecoderCache(pool: OutputBufferPool, pastKeyValues: unknown): void {
  if (!pastKeyValues || typeof pastKeyValues !== 'object') return;
  for (const [name, tensor] of Object.entries(pastKeyValues as Record<string, CacheTensor>)) {
    if (name.includes('encoder') || tensor?.location !== 'cpu') continue;
    if (ArrayBuffer.isView(tensor.data)) pool.release(tensor.data);
  }
}
