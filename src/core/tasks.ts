/**
 * What the workbench runs and where: the tasks, the inference backends and dtypes, and which model
 * a request runs on. Shared by every layer (catalog, settings, SDK, workers, panels).
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */

export const TASKS = ['sentiment', 'generation', 'summarization', 'embeddings', 'question-answering'] as const;
export type Task = (typeof TASKS)[number];

/** Where inference runs. `cpu` is onnxruntime-node, used by the Node tests and benchmarks. */
export type Backend = 'webgpu' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | 'webgpu' | 'wasm';
export type Dtype = 'q8' | 'fp32' | 'fp16' | 'q4';

/**
 * How many processor cores the models may take on WASM. `auto`: all of them on a 2-core machine,
 * one fewer than the machine has on bigger ones; `leave-a-core`: always one fewer, so the page
 * keeps a core while a long run works (slower on small machines: bench realsize, insights).
 */
export const THREAD_POLICIES = ['auto', 'leave-a-core'] as const;
export type ThreadPolicy = (typeof THREAD_POLICIES)[number];

/** Which model a request runs on; resolved by the SDK from the catalog and the user's choices. */
export interface ModelRef {
  id: string;
  task: Task;
  /** dtype per backend: q8 is the WASM default, WebGPU runs fp32 (no int8 MatMul kernels there). */
  dtype: Dtype;
}

export interface EnvironmentInfo {
  /** The backend the worker will use for the next model it loads. */
  backend: Backend;
  webgpuAvailable: boolean;
  webgpuAdapter?: string;
  crossOriginIsolated: boolean;
  /** WASM threads onnxruntime-web will use (1 when the page is not cross-origin isolated). */
  wasmThreads: number;
}

export interface LoadedModelInfo {
  modelId: string;
  backend: Backend;
  dtype: Dtype;
  loadMs: number;
  /** Bytes of the model files the session was built from (0 when the worker could not tell). */
  weightBytes: number;
}
