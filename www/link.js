// @ts-check
// Reading a shared link (the URL hash), for the explorer and the two labs
// (writing one, and the history policy, is shell/url.js).
// A link is one state: its fields are applied together on top of the
// defaults and checked once by the core, so fields that are valid only
// together (p_T = 2 with p_S = 2) survive. Only a link that is invalid as a
// whole is read field by field, keeping as much of it as fits.

/**
 * A number as the page writes it (String(x) of a finite number). Stricter
 * than Number(): no hex ("0x10"), no "Infinity", no blanks, no "" → 0.
 * @param {string} text
 * @returns {number} NaN when the text is not a plain decimal number
 */
export function parseNumber(text) {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
}

/**
 * The largest part of a link the core accepts. First the whole link on top
 * of `base`; if that is refused, greedy passes over `fields` in their given
 * order: a field is kept when the fields kept so far plus it (the rest at
 * `base`) are valid. Passes repeat until none is added, so a field refused
 * only because a later field was still at its default (p_T = 2 before
 * p_S = 2) gets in on the next pass. A field that conflicts with fields kept
 * before it in the order is the one dropped.
 * @template {Record<string, unknown>} T
 * @param {T} base the defaults
 * @param {[string, unknown][]} fields the link's fields, in the order to keep them
 * @param {(candidate: T) => boolean} valid the core's check
 * @returns {{ kept: T, refused: string[] }}
 */
export function reconcile(base, fields, valid) {
  const whole = { ...base, ...Object.fromEntries(fields) };
  if (valid(whole)) return { kept: whole, refused: [] };
  let kept = { ...base };
  let left = fields;
  for (;;) {
    const still = left.filter(([k, v]) => {
      const trial = { ...kept, [k]: v };
      if (!valid(trial)) return true;
      kept = trial;
      return false;
    });
    if (still.length === left.length) return { kept, refused: still.map(([k]) => k) };
    left = still;
  }
}

/**
 * The fields of a hash, the last of each key winning (as a browser's form
 * reading does), in first-seen order.
 * @param {string} hash location.hash, with or without the leading "#"
 * @returns {Map<string, string>}
 */
export function hashFields(hash) {
  const m = new Map();
  for (const [k, v] of new URLSearchParams(hash.replace(/^#/, ""))) m.set(k, v);
  return m;
}

/**
 * The "Ignored from the link" notice: keys are cut to 40 characters (a
 * hostile link can hold a 10,000-character key), and the order rule is
 * stated when fields were dropped for not fitting together.
 * @param {string[]} unreadable keys unknown or with unreadable values
 * @param {string[]} conflicting keys dropped because they did not fit with the others
 * @param {string} order the documented order, in words
 */
export function ignoredNotice(unreadable, conflicting, order) {
  const cut = (/** @type {string} */ k) => (k.length > 40 ? k.slice(0, 40) + "…" : k);
  const parts = [];
  if (unreadable.length) parts.push(`Ignored from the link: ${unreadable.map(cut).join(", ")} (unknown or not a valid value).`);
  if (conflicting.length) {
    parts.push(`Ignored from the link: ${conflicting.map(cut).join(", ")} (does not fit with the rest of the link; ` +
      `when a link's fields do not fit together they are kept in the order ${order}, and a field that does not fit with those kept before it is dropped).`);
  }
  return parts.join(" ");
}

/**
 * A link read as one state: each field in `page.order` read by `page.read`,
 * then all of them reconciled on top of `page.base` (see `reconcile`); a
 * field outside the order is offered to `page.other`, and one no one reads is
 * named in the notice.
 * @template {Record<string, unknown>} T
 * @param {string} hash location.hash
 * @param {object} page
 * @param {T} page.base the defaults of the fields in `order`
 * @param {string[]} page.order the fields reconciled, in the order to keep them
 * @param {(key: string, text: string) => unknown} page.read a field's value, undefined when its text is not one
 * @param {(candidate: T) => boolean} page.fits the core's check
 * @param {string} page.orderWords the order, in words, for the notice
 * @param {(key: string, text: string) => boolean} [page.other] reads a field outside `order`; false when it does not
 * @returns {{ kept: T, notice: string }}
 */
export function readLink(hash, page) {
  const unreadable = [];
  const fields = new Map();
  for (const [k, v] of hashFields(hash)) {
    const x = page.order.includes(k) ? page.read(k, v) : undefined;
    if (x !== undefined) fields.set(k, x);
    else if (!page.other?.(k, v)) unreadable.push(k);
  }
  const ordered = page.order.filter((k) => fields.has(k)).map((k) => /** @type {[string, unknown]} */ ([k, fields.get(k)]));
  const { kept, refused } = reconcile(page.base, ordered, page.fits);
  return { kept, notice: ignoredNotice(unreadable, refused, page.orderWords) };
}

/**
 * A number field's value for `readLink`'s `read`.
 * @param {string} _key
 * @param {string} text
 */
export const readNumber = (_key, text) => {
  const v = parseNumber(text);
  return Number.isFinite(v) ? v : undefined;
};
