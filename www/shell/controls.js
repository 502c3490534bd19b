// @ts-check
// Controls built from the core's table of knobs (the explorer's paramSpecs(),
// a lab's labKnobs(): each row names a key, its meaning and its slider): a
// slider with a typed box, and the error slot where the core's message for
// a refused value is shown.

/**
 * The fields of a row of the core's table that a control is built from.
 * @typedef {{ key: string, meaning: string, min: number, max: number, step: number, openMin?: boolean }} Knob
 */

/**
 * The core's table in the page's order of controls.
 * @template {{ key: string }} T
 * @param {T[]} table the parsed JSON
 * @param {string[]} order every key of the table, in the order the page shows them
 * @returns {T[]}
 */
export function inOrder(table, order) {
  const rows = order.map((k) => table.find((c) => c.key === k)).filter((c) => c !== undefined);
  if (rows.length !== table.length) throw new Error("the page's control order misses a parameter of the core");
  return rows;
}

/**
 * A slider and a typed box for one knob, in a `.control` with id
 * `control-KEY` and data-key KEY; the inputs are `range-KEY` and `num-KEY`.
 * `onChange(value, settle)` gets the slider's input events unsettled (a
 * gesture under way) and its change and the box's change settled. An empty
 * box gives NaN, for the core to refuse, not 0.
 * @param {Knob} knob
 * @param {string} label the control's name (the explorer's label, a lab's symbol)
 * @param {(value: number, settle: boolean) => void} onChange
 */
export function sliderControl(knob, label, onChange) {
  const root = document.createElement("div");
  root.className = "control";
  root.id = "control-" + knob.key;
  root.dataset.key = knob.key;
  // An open lower end (a lab's n > 0) keeps the slider off the value refused.
  const lo = knob.openMin ? knob.min + knob.step : knob.min;
  root.innerHTML = `<label for="num-${knob.key}">${label}<span class="meaning">${knob.meaning}</span></label>
    <div class="row"><input type="range" id="range-${knob.key}" aria-label="${label}: ${knob.meaning}" min="${lo}" max="${knob.max}" step="${knob.step}">
    <input type="number" id="num-${knob.key}" step="any" inputmode="decimal"></div><div class="error" role="alert"></div>`;
  const range = /** @type {HTMLInputElement} */ (root.querySelector("input[type=range]"));
  const box = /** @type {HTMLInputElement} */ (root.querySelector("input[type=number]"));
  range.addEventListener("input", () => onChange(Number(range.value), false));
  range.addEventListener("change", () => onChange(Number(range.value), true));
  box.addEventListener("change", () => {
    const text = box.value.trim();
    onChange(text === "" ? NaN : Number(text), true);
  });
  return { root, range, box, show: (/** @type {number} */ v) => showValue(range, box, v) };
}

/**
 * Puts a value in a slider and its box. Only values that differ are written
 * (each write restyles its input), and a box being typed into that holds a
 * refused value keeps it, so the message beside it still names what it holds.
 * @param {HTMLInputElement | null} range
 * @param {HTMLInputElement} box
 * @param {number | string} v
 */
export function showValue(range, box, v) {
  const text = String(v);
  if (range && range.value !== text) range.value = text;
  if (box.value !== text && !(document.activeElement === box && box.closest(".invalid"))) box.value = text;
}

/**
 * Marks a control refused and shows the message in its error slot (or in
 * `fallback`, for a change that has no control of its own: a preset).
 * @param {Element} root
 * @param {string} message
 * @param {Element | null} fallback
 */
export function showError(root, message, fallback) {
  root.classList.add("invalid");
  const slot = root.querySelector(".error") ?? fallback;
  if (slot) slot.textContent = message;
}

/** Clears every refused mark and message on the page. */
export function clearErrors() {
  document.querySelectorAll(".invalid").forEach((c) => {
    c.classList.remove("invalid");
    const e = c.querySelector(".error");
    if (e) e.textContent = "";
  });
}
