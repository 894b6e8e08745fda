/**
 * The onnxruntime-web builds the app serves itself under /ort/: vite.config.ts copies and
 * precaches their files, and each inference worker runs one (src/workers/browserPlatform.ts).
 */
export const ORT_BUILDS = {
  /** CPU kernels only: the WASM backend. */
  wasm: 'ort-wasm-simd-threaded',
  /** With the WebGPU provider, which needs asyncify to wait for the GPU inside WASM calls. */
  webgpu: 'ort-wasm-simd-threaded.asyncify',
} as const;

export type OrtBuildBackend = keyof typeof ORT_BUILDS;

/** Every file of every build: what the server must serve and the service worker precache. */
export const ORT_FILES: readonly string[] = Object.values(ORT_BUILDS).flatMap((name) => [`${name}.mjs`, `${name}.wasm`]);
