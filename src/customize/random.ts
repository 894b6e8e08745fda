/**
 * Seeded randomness for Customize and Evaluate: batch shuffling, initial weights,
 * cross-validation folds and bootstrap resamples. "Train twice, get the same classifier" is a
 * product promise, so nothing here uses Math.random.
 *
 * The generator itself (mulberry32) is Feedback Insights' (src/insights/random.ts), re-exported
 * so the whole workbench has one PRNG; this module adds the pieces training needs.
 */
import { mulberry32, randomInt } from '../insights/random';

export { mulberry32, randomInt };

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** Fisher–Yates shuffle in place; returns the same array for chaining. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}

/** Standard normal sample (Box–Muller); used for small random initial weights. */
export function randomNormal(rng: Rng): number {
  // 1 - rng() is in (0, 1], so the log is finite.
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
