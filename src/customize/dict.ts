/**
 * Objects keyed by names the user chose (category labels, counts per category). Without a
 * prototype, "__proto__", "constructor" and "toString" are ordinary keys: `counts[label]` never
 * finds Object.prototype's members, and assigning "__proto__" adds a key instead of replacing
 * the prototype. JSON.stringify, spreads and IndexedDB treat such objects like any other.
 */
export function dict<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) out[key] = value;
  return out;
}
