// @ts-check
// The two DOM helpers every page script uses.

/**
 * The first element matching a selector. The pages ask only for elements
 * of their own markup, of every kind (buttons, progress bars, selects), so
 * the result is left untyped rather than cast at each use.
 * @param {string} selector
 * @returns {any}
 */
export const $ = (selector) => document.querySelector(selector);

/**
 * Writes a text only when it changes: an unchanged write still costs layout
 * work, which the slider's hot path cannot spare.
 * @param {Element} el
 * @param {string} text
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
