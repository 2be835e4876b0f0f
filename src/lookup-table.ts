/**
 * Fixed word → value tables that are indexed with outside text (job inputs, CSV headers, imported
 * reference files, web pages, configuration).
 *
 * Why: a plain object literal inherits Object.prototype, so `TABLE["constructor"]`,
 * `TABLE["toString"]`, `TABLE["__proto__"]` return a function or an object instead of undefined,
 * and `"constructor" in TABLE` is true: a street named "Constructor Way" got a function's source in
 * its match key, a CSV column "constructor" mapped to a function. A table without a prototype has
 * only its own keys.
 *
 * Why a null-prototype object rather than a Map or a lookup function: the fix sits once at each
 * table's definition, so every read — `TABLE[key] ?? fallback`, `key in TABLE`, and any read added
 * later — is safe without being rewritten, and iteration (Object.entries/keys/values) and the
 * tables' types stay as they were. A lookup function would have to be called at every read site
 * (a read that forgets it is the bug again); a Map would change every read and iteration.
 */

/**
 * A frozen copy of `entries` without a prototype: `table[key]` is undefined and `key in table`
 * false for any key not listed ("constructor", "toString", "__proto__", …). `entries` must not be
 * written with a literal `__proto__:` key (in a literal that sets the prototype instead).
 */
export function lookupTable<V>(entries: Readonly<Record<string, V>>): Readonly<Record<string, V>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, V>, entries));
}
