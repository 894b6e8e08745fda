/** Number formatting shared by the bench suites' JSON figures. */

/** `x` to `digits` decimals; non-finite values (NaN, Infinity) are kept as they are, to show up in the JSON. */
export const round = (x, digits = 2) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
