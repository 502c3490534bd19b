// @ts-check
// The explorer's pins: up to three states kept beside the live one. The core
// holds and draws them (Explorer.setPins; every figure shows them as faint
// ghosts, every export carries them); this module reads them from a link,
// writes them into one, and keeps the list of pins and the readouts' pin
// columns. A pin is its text as the core writes it (pinText): the fields
// that differ from the defaults, e.g. "law:surrogate,sep:20,xi2:0".

export const MAX_PINS = 3;
const FIELD = /^pin(?<n>[1-9])$/;

/**
 * Reads a link field into `found` when it is pin1=, pin2= or pin3=.
 * @param {Map<number, string>} found pin number → text
 * @param {string} k
 * @param {string} v
 */
export function readPinField(found, k, v) {
  const n = Number(FIELD.exec(k)?.groups?.n);
  if (!(n <= MAX_PINS)) return false;
  found.set(n, v);
  return true;
}

/**
 * The pins of a link, in number order, each checked by the core; a pin it
 * refuses is left out and named in the notice with the core's reason.
 * @param {Map<number, string>} found
 * @param {(text: string) => string | undefined} check the core's checkPin
 */
export function pinsOf(found, check) {
  /** @type {string[]} */
  const pins = [];
  const refused = [];
  for (const n of [...found.keys()].sort((a, b) => a - b)) {
    const text = /** @type {string} */ (found.get(n));
    const why = check(text);
    if (why === undefined) pins.push(text);
    else refused.push(`pin${n} (${why})`);
  }
  return { pins, notice: refused.length ? `Ignored from the link: ${refused.join("; ")}.` : "" };
}

/**
 * The link fields of a list of pins: pin1=, pin2=, … in order.
 * @param {string[]} pins
 * @returns {[string, unknown][]}
 */
export const pinFields = (pins) => pins.map((text, i) => [`pin${i + 1}`, text]);

/**
 * Writes the list of pins: each its label (what differs from the live
 * state) and a button that unpins it.
 * @param {HTMLElement} list
 * @param {string[]} labels the core's pinLabels()
 * @param {(k: number) => void} unpin
 */
export function renderPinList(list, labels, unpin) {
  list.replaceChildren(...labels.map((label, k) => {
    const li = document.createElement("li");
    const text = document.createElement("span");
    text.textContent = label;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "unpin";
    remove.textContent = "×";
    remove.setAttribute("aria-label", `Unpin pin ${k + 1}`);
    remove.addEventListener("click", () => unpin(k));
    li.append(text, remove);
    return li;
  }));
  list.hidden = labels.length === 0;
}
