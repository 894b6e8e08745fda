/**
 * Starts onnxruntime before the first model needs it. Its first session in a worker costs ~3 s
 * more than the next (real-size sentiment model, 2-core machine): fetching and compiling its WASM,
 * starting its threads, and its static constructors (1.5 s in the profile). A two-number top-k is
 * the smallest session transformers.js builds (its own op registry, on the CPU provider), so it
 * pays that cost while the page starts, with the thread count the configuration set.
 */
import { Tensor, topk } from '@huggingface/transformers';

export async function startOnnxRuntime(): Promise<void> {
  await topk(new Tensor('float32', new Float32Array([0, 1]), [2]), 1);
}
