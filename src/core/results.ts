/**
 * The options and results of the model operations, as the SDK returns them and the panels, the
 * pure logic and the workers use them.
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */

export interface Classification {
  label: string;
  score: number;
}

export interface Answer {
  answer: string;
  score: number;
  /**
   * Offsets (UTF-16) of the answer in the context, so that `answer === context.slice(start, end)`;
   * -1 only when the model's decoded answer occurs nowhere in the context (src/content/answerSpan.ts).
   */
  start: number;
  end: number;
}

export interface GenerationOptions {
  maxNewTokens?: number;
  minNewTokens?: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  repetitionPenalty?: number;
  /** Sampling is on when temperature > 0. */
  doSample?: boolean;
  seed?: number;
}

export interface SummarizeOptions {
  maxNewTokens?: number;
  minNewTokens?: number;
  /** > 1 discourages repeating tokens; small summarizers otherwise loop ("a a a ..."). */
  repetitionPenalty?: number;
  /** No n-gram of this size appears twice in the summary. */
  noRepeatNgramSize?: number;
}

export interface PerplexityResult {
  perplexity: number;
  /** Mean negative log-likelihood per scored token, in nats. */
  meanNll: number;
  tokens: number;
  scoredTokens: number;
  windows: number;
}

/** A trained classifier over embeddings (softmax regression), as the Customize app saves it. */
export interface ClassifierHead {
  classes: string[];
  dims: number;
  /** weights[c][j] for class c and embedding dimension j. */
  weights: number[][];
  bias: number[];
}

export interface HeadClassification extends Classification {
  /** Probability of every class, in the head's `classes` order. */
  probabilities: number[];
}
