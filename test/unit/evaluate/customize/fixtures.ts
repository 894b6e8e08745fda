/** Seeded synthetic embedding sets for the Customize tests. */
import { mulberry32, randomInt, randomNormal } from '../../../../src/customize/random';

/**
 * `perClass` points around each of `classes` well-separated centres (centre c has +8 on
 * dimension c, 0 elsewhere; noise N(0, 0.5²)), so a linear classifier can separate them.
 */
export function separableSet(classes: number, perClass: number, dims: number, seed = 1): { X: number[][]; y: number[] } {
  const rng = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      X.push(Array.from({ length: dims }, (_, j) => (j === c ? 8 : 0) + 0.5 * randomNormal(rng)));
      y.push(c);
    }
  }
  return { X, y };
}

/** Gaussian noise with labels drawn independently of the points: nothing to learn. */
export function randomLabelSet(classes: number, rows: number, dims: number, seed = 2): { X: number[][]; y: number[] } {
  const rng = mulberry32(seed);
  const X = Array.from({ length: rows }, () => Array.from({ length: dims }, () => randomNormal(rng)));
  const y = Array.from({ length: rows }, () => randomInt(rng, classes));
  return { X, y };
}
