/**
 * Summary length presets. A fixed token count is wrong both ways (a 60-token "short" summary of a
 * 40-token message, a 30-token "long" summary of a report), so lengths scale with the input and
 * are clamped: a floor so summaries say something, a cap for the model's sensible output length.
 * minNewTokens matters for small models, which often stop after a few tokens.
 */

export type LengthPreset = 'short' | 'medium' | 'long';
export const LENGTH_PRESETS: readonly LengthPreset[] = ['short', 'medium', 'long'];

export interface GenerationLength {
  maxNewTokens: number;
  minNewTokens: number;
}

interface Rule {
  /** Share of the input length. */
  ratio: number;
  floor: number;
  cap: number;
}

const RULES: Record<LengthPreset, Rule> = {
  short: { ratio: 0.12, floor: 16, cap: 64 },
  medium: { ratio: 0.25, floor: 32, cap: 128 },
  long: { ratio: 0.4, floor: 64, cap: 256 },
};

/** Below this, a summary is not shorter than the input anyway; never ask for less. */
const SMALLEST_SUMMARY = 8;
/** minNewTokens as a share of maxNewTokens: room for the model to end the sentence naturally. */
const MIN_SHARE = 0.5;

export function isLengthPreset(value: unknown): value is LengthPreset {
  return typeof value === 'string' && (LENGTH_PRESETS as readonly string[]).includes(value);
}

/**
 * Generation lengths for summarising `inputTokens` tokens. Never longer than the input (beyond a
 * small minimum), and `ceiling` (e.g. the model's max output) caps both values.
 */
export function summaryLength(preset: LengthPreset, inputTokens: number, options: { ceiling?: number } = {}): GenerationLength {
  const rule = RULES[preset];
  const input = Number.isFinite(inputTokens) && inputTokens > 0 ? Math.floor(inputTokens) : 0;
  let max = Math.min(Math.max(Math.round(input * rule.ratio), rule.floor), rule.cap);
  max = Math.min(max, Math.max(SMALLEST_SUMMARY, input));
  if (options.ceiling !== undefined && Number.isFinite(options.ceiling)) max = Math.min(max, Math.max(1, Math.floor(options.ceiling)));
  const min = Math.max(1, Math.round(max * MIN_SHARE));
  return { maxNewTokens: max, minNewTokens: Math.min(min, max) };
}
