/**
 * The one error type of the workbench, its codes, and how a thrown value becomes one. It survives
 * the worker boundary (`toJSON` / `WorkbenchError.from`), so every layer tests `code`, not text.
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */

export type ErrorCode = 'model-not-found' | 'load-failed' | 'out-of-memory' | 'bad-input' | 'cancelled' | 'worker-crashed' | 'storage-full' | 'internal';

/**
 * Why a failure happened, where the code alone is too coarse for the UI to answer it well.
 * `hub-unreachable`: a model file had to come from the Hugging Face Hub (or the configured remote
 * host) and the request failed at the network level: offline, a firewall, a blocked host. Set
 * where the fetch fails (src/workers/modelFetch.ts), so the UI never guesses from error text.
 */
export type ErrorReason = 'hub-unreachable';

/**
 * A user-facing text as a key of the `reasons` locale family (src/core/reasons/) and its
 * parameters, so the page shows it in the UI's language wherever it was made (a worker, storage,
 * a parser); a parameter may itself be such a text (a record check's problem inside a refused
 * backup). Build it with `reason()` from reasons.ts, which types the key.
 */
export interface LocalizedText {
  key: string;
  params?: { readonly [name: string]: string | number | LocalizedText };
}

export interface SerializedError {
  code: ErrorCode;
  /** English, for the SDK, logs and bug reports; `localized` is the same text for the UI. */
  message: string;
  /** The underlying error's own text, for the details disclosure and bug reports. */
  detail?: string;
  /**
   * The failure may have broken the worker itself (onnxruntime's WebAssembly aborted or ran out of
   * memory): the client replaces it, and the next call starts a fresh one.
   */
  workerReplaced?: boolean;
  reason?: ErrorReason;
  /** The message as a locale key and parameters: the UI's headline, in the UI's language. */
  localized?: LocalizedText;
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
  /** See ErrorReason. */
  readonly reason?: ErrorReason;
  /** See SerializedError.localized. */
  readonly localized?: LocalizedText;

  constructor(
    code: ErrorCode,
    message: string,
    detail?: string,
    options: { cause?: unknown; workerReplaced?: boolean; reason?: ErrorReason; localized?: LocalizedText } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = detail;
    this.workerReplaced = options.workerReplaced ?? false;
    if (options.reason !== undefined) this.reason = options.reason;
    if (options.localized !== undefined) this.localized = options.localized;
  }

  static from(serialized: SerializedError): WorkbenchError {
    return new WorkbenchError(serialized.code, serialized.message, serialized.detail, {
      workerReplaced: serialized.workerReplaced,
      reason: serialized.reason,
      localized: serialized.localized,
    });
  }

  toJSON(): SerializedError {
    return {
      code: this.code,
      message: this.message,
      detail: this.detail,
      ...(this.workerReplaced ? { workerReplaced: true } : {}),
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
      ...(this.localized !== undefined ? { localized: this.localized } : {}),
    };
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
