// @ts-check
// Reading the core's numbers by name. A wasm export that returns several
// numbers has a companion that names them in order (readoutNames(),
// hoverNames(), …); a page maps names to positions once at start-up and
// reads by name only, so no page script knows where a number sits.

/**
 * The position of each name in a result, checked once: a name the core
 * does not (or no longer) return fails at start-up, not as a blank cell.
 * @template {string} K
 * @param {string[]} names the core's names, in result order
 * @param {readonly K[]} wanted the names the page reads
 * @returns {Record<K, number>}
 */
export function nameIndex(names, wanted) {
  const missing = wanted.filter((n) => !names.includes(n));
  if (missing.length > 0) throw new Error(`the core no longer returns ${missing.join(", ")} (it names: ${names.join(", ")})`);
  return /** @type {Record<K, number>} */ (Object.fromEntries(wanted.map((n) => [n, names.indexOf(n)])));
}
