/**
 * The page's localStorage, or null where there is none (Node, where the stores are unit-tested)
 * or the browser refuses it (storage disabled for the site: reading `localStorage` then throws).
 * Every store that keeps something there goes through this, and keeps nothing when it is null.
 */
export function localStorageOrNull(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
