/**
 * Greedy generation with and without KV cache reuse, shared by the content suite's Node baseline
 * and its browser bench worker (bench/content.mjs bundles this file into that worker), so both
 * sides run the very same code on the same transformers.js objects.
 *
 *   - cached: the text-generation pipeline (transformers.js feeds past_key_values back at every
 *     step), timed with a streamer: first token, then the rest.
 *   - uncached: a greedy loop that re-runs the whole sequence through the model at every step
 *     (no reuse), end-of-text excluded as `min_new_tokens` excludes it in the cached run.
 *
 * No Node or DOM API here: `performance` exists in both.
 *
 * @param {{ generator: any, TextStreamer: any, Tensor: any, tokens: number }} deps
 */
export function greedyRunners({ generator, TextStreamer, Tensor, tokens }) {
  const tokenizer = generator.tokenizer;
  const model = generator.model;
  const eos = model.config.eos_token_id;

  /** With the KV cache (the pipeline, as the app's engine calls it). */
  const cached = async (prompt) => {
    const started = performance.now();
    let first = -1;
    let count = 0;
    const streamer = new TextStreamer(tokenizer, {
      skip_prompt: true,
      callback_function: () => undefined,
      token_callback_function: () => {
        if (first < 0) first = performance.now() - started;
        count++;
      },
    });
    const out = await generator(prompt, { max_new_tokens: tokens, min_new_tokens: tokens, do_sample: false, streamer, return_full_text: false });
    return { tokenCount: count, firstTokenMs: first, totalMs: performance.now() - started, text: out[0].generated_text };
  };

  /** Greedy decoding that re-runs the whole sequence at every step: no KV cache reuse. */
  const uncached = async (prompt) => {
    const promptIds = tokenizer.encode(prompt);
    const started = performance.now();
    const ids = [...promptIds];
    let first = -1;
    for (let i = 0; i < tokens; i++) {
      const input = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
      const mask = new Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), [1, ids.length]);
      const { logits } = await model({ input_ids: input, attention_mask: mask });
      const vocab = logits.dims.at(-1);
      const last = logits.data.subarray((ids.length - 1) * vocab, ids.length * vocab);
      let best = -1;
      // min_new_tokens = tokens in the cached run: end-of-text is never chosen there either.
      for (let v = 0; v < vocab; v++) if (v !== eos && (best < 0 || last[v] > last[best])) best = v;
      ids.push(best);
      if (first < 0) first = performance.now() - started;
    }
    return { tokenCount: tokens, firstTokenMs: first, totalMs: performance.now() - started, text: tokenizer.decode(ids.slice(promptIds.length)) };
  };

  return { cached, uncached, promptTokens: (prompt) => tokenizer.encode(prompt).length };
}
