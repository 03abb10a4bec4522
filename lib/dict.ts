/**
 * A lookup table keyed by words from the page. A plain object literal answers `constructor`, `toString` or
 * `__proto__` from Object.prototype (a real page said "a two argument constructor" and the engine crashed): these
 * tables have no prototype, so a page word finds only what was put in.
 */
export function dict<T>(entries: Record<string, T>): Readonly<Record<string, T | undefined>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
