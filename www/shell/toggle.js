// @ts-check
// A checkbox for an on/off knob of the core's table (a lab's knob with
// "switch": true, soft labels say): a 0/1 slider would ask the reader to
// drag between two values. The value stays the number 0 or 1 everywhere
// else (the state, the URL `soft=1`, the CLI's `--soft 1`).

/**
 * The fields of a row of the core's table that a checkbox is built from.
 * @typedef {{ key: string, meaning: string }} Switch
 */

/**
 * A checkbox for one knob, in a `.control` with id `control-KEY` and
 * data-key KEY, like `sliderControl`'s, with the same error slot; the input
 * is `check-KEY`. `onChange(value, settle)` gets 1 or 0, always settled (a
 * click is a whole gesture).
 * @param {Switch} knob
 * @param {string} label the control's name (a lab's symbol)
 * @param {(value: number, settle: boolean) => void} onChange
 */
export function checkboxControl(knob, label, onChange) {
  const root = document.createElement("div");
  root.className = "control switch";
  root.id = "control-" + knob.key;
  root.dataset.key = knob.key;
  root.innerHTML = `<label for="check-${knob.key}"><span class="row"><input type="checkbox" id="check-${knob.key}">${label}</span><span class="meaning">${knob.meaning}</span></label>
    <div class="error" role="alert"></div>`;
  const box = /** @type {HTMLInputElement} */ (root.querySelector("input[type=checkbox]"));
  box.addEventListener("change", () => onChange(box.checked ? 1 : 0, true));
  /** Shows a value: on for 1, off for anything else (the core refuses those). */
  const show = (/** @type {number} */ v) => {
    const on = v === 1;
    if (box.checked !== on) box.checked = on;
  };
  return { root, box, show };
}
