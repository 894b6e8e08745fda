/**
 * The one error type of the workbench, its codes, and how a thrown value becomes one. It survives
 * the worker boundary (`toJSON` / `WorkbenchError.from`), so every layer tests `code`, not text.
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */

export type ErrorCode =
  | 'model-not-found'
  | 'load-failed'
  | 'out-of-memory'
  | 'bad-input'
  | 'cancelled'
  | 'worker-crashed'
  | 'storage-full'
  | 'internal';

export interface SerializedError {
  code: ErrorCode;
  message: string;
  /** The underlying error's own text, for the details disclosure and bug reports. */
  detail?: string;
  /**
   * The failure may have broken the worker itself (onnxruntime's WebAssembly aborted or ran out of
   * memory): the client replaces it, and the next call starts a fresh one.
   */
  workerReplaced?: boolean;
}

/**
 * The one error type the SDK rejects with; `code` says what went wrong in a way code can test.
 * A cancelled call is a WorkbenchError too (code `cancelled`); its `cause` is the AbortSignal's
 * reason when there is one (an `AbortError` DOMException by default), so it is still recognisable
 * as an abort. Test with `isCancelled(error)`.
 */
export class WorkbenchError extends Error {
  override readonly name = 'WorkbenchError';
  readonly code: ErrorCode;
  readonly detail?: string;
  /** See SerializedError.workerReplaced. */
  readonly workerReplaced: boolean;

  constructor(code: ErrorCode, message: string, detail?: string, options: { cause?: unknown; workerReplaced?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = detail;
    this.workerReplaced = options.workerReplaced ?? false;
  }

  static from(serialized: SerializedError): WorkbenchError {
    return new WorkbenchError(serialized.code, serialized.message, serialized.detail, { workerReplaced: serialized.workerReplaced });
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, detail: this.detail, ...(this.workerReplaced ? { workerReplaced: true } : {}) };
  }
}

/** A call that was cancelled: a `cancelled` WorkbenchError, or any error named AbortError. */
export function isCancelled(error: unknown): boolean {
  if (error instanceof WorkbenchError) return error.code === 'cancelled';
  return error instanceof Error && error.name === 'AbortError';
}

const OUT_OF_MEMORY = /out of memory|\bOOM\b|bad_alloc|allocation failed|Array buffer allocation|memory access out of bounds|Aborted\(\)/i;
/** Faults of the WebAssembly machine itself (not an error status returned by onnxruntime). */
const WASM_FAULT = /RuntimeError|\bunreachable\b|table index is out of bounds|call stack size exceeded/i;
const NOT_FOUND = /ModelFileNotFound|404|not found|Could not locate file|file was not found/i;

/**
 * Turns whatever a pipeline threw into a typed error. `phase` says whether the model was being
 * loaded or run, because the same exception means "load failed" in one and "internal" in the other.
 */
export function toSerializedError(error: unknown, phase: 'load' | 'run'): SerializedError {
  if (error instanceof WorkbenchError) return error.toJSON();
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof Error && error.name === 'AbortError') {
    return { code: 'cancelled', message: 'Cancelled.', detail };
  }
  if (OUT_OF_MEMORY.test(detail)) {
    return {
      code: 'out-of-memory',
      message: 'The model ran out of memory. Try a smaller model, a smaller batch or the WASM backend.',
      detail,
      // An allocation failure or abort inside WebAssembly leaves its heap in an unknown state.
      workerReplaced: true,
    };
  }
  if (WASM_FAULT.test(detail)) {
    return {
      code: 'internal',
      message: 'The model runtime failed. The inference worker was replaced; try again.',
      detail,
      workerReplaced: true,
    };
  }
  if (phase === 'load') {
    if (NOT_FOUND.test(detail)) {
      return {
        code: 'model-not-found',
        message: 'The model files could not be found locally or on the Hub.',
        detail,
      };
    }
    return { code: 'load-failed', message: 'The model could not be loaded.', detail };
  }
  return { code: 'internal', message: 'The model failed while running.', detail };
}
