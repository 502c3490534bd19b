// @ts-check
// The W2S explorer page: what is particular to it (its state, the draw per
// frame, readouts, theorems, the simulation). The shell it shares with the
// labs is www/shell/ and link.js; every number it shows is read from the
// core by name. One-way flow: controls → state → URL → compute → draw.
// `state` is the only state; every change goes through `propose`, which draws
// the candidate at once (at most once per animation frame; further changes in
// the same frame are coalesced into one draw in the next) and commits it only
// if the core accepted it (otherwise the control shows the core's message and
// the last valid state stays on screen).
import init, { Explorer, paramKeys, paramSpecs, defaultValues, figureKeys, figureTitles, readoutNames, hoverNames,
  replicateNames, summaryNames, summarizeReplicates, simSettings, mapAxisKeys, newSeed, pinText, checkPin } from "../pkg/w2s.js";
import { parseNumber, readLink, readNumber } from "./link.js";
import { clearErrors, inOrder, showError as markError, showValue, sliderControl } from "./shell/controls.js";
import { copyText } from "./shell/copy.js";
import { $, setText } from "./shell/dom.js";
import { nameIndex } from "./shell/names.js";
import { CanvasBoxes, canvasPoint, figurePanel, fitCanvas } from "./shell/figures.js";
import { crosshair } from "./shell/crosshair.js";
import { UrlHistory, linkOf } from "./shell/url.js";
import { WorkerPool, poolSize } from "./shell/workers.js";
import { noOptions, optionFields, readOption, shapePage, urlOf, wireBuilder } from "./shell/embed.js";
import { MAX_PINS, pinFields, pinsOf, readPinField, renderPinList } from "./pins.js";

// The order of the parameter controls on this page. What each parameter is
// (symbol, meaning, range, slider) comes from the core's table (`paramSpecs`).
const ORDER = ["eta-l", "eta-u", "eta-t", "gamma", "nu", "sep", "xi2", "p-t", "p-s", "rho", "sigma-y2"];
/** @typedef {{ key: string, symbol: string, label: string, meaning: string, range: string, default: number, min: number, max: number, step: number, integer: boolean, advanced: boolean }} ParamSpec */
/** @type {ParamSpec[]} */
let SPECS = []; // in page order, set once the core is loaded
let LABEL = {}; // parameter key → its label, for messages
const LAYERS = [["closed form", 1], ["first order", 2], ["exact", 4]];
// A preset is the defaults (the mixture law among them) with these fields
// set: it means the same whatever was shown before. The labels in index.html
// say what each shows; the browser tests check them against the verdict.
const PRESETS = {
  "clean": { law: "surrogate", sep: 20, xi2: 0, "eta-l": 0.3, "eta-u": 0.3 },
  "matched": { "eta-l": 0.1, "eta-u": 0.1, "eta-t": 0.5 },
  "minority-labeled": { "eta-l": 0.1, "eta-u": 0.5, "eta-t": 0.5 },
  "balanced-labeled": { "eta-l": 0.5, "eta-u": 0.1, "eta-t": 0.5 },
  "separable": { law: "surrogate", sep: 20, "eta-l": 0.1, "eta-u": 0.9, "eta-t": 0.5, xi2: 0 },
  "orthogonal": { xi2: 0 },
  "same": { "p-t": 3, "p-s": 3, xi2: 2, rho: 1, nu: 0.005 },
};

let explorer, keys, figures;
let TITLES; // figure key → title, from the core
let DEFAULTS; // parameter key → default value, from the core
// By default only the exact layer is drawn (bit 4); the others are opt-in.
const DEFAULT_LAYERS = 4;
// `opts`: the link options that shape the page (embed=, controls=, lock=, caption=, base=; shell/embed.js).
// `pins`: the pinned states' texts (pins.js), drawn faint on every figure.
const state = { values: null, law: "mixture", layers: DEFAULT_LAYERS, embed: "", sim: {}, opts: noOptions(), map: { x: "eta-l", y: "eta-u" },
  pins: /** @type {string[]} */ ([]) };
let pending = null;      // { values, law, layers, control, t0, settle }
let frame = 0;           // an animation frame is booked to draw `pending`
let drewThisFrame = false;
// Per-draw timings are kept only while a benchmark sets `record` (they would
// otherwise grow by three numbers on every slider frame, for ever).
window.__w2s = { timings: [], work: [], render: [], record: false, draws: 0, ready: false };

const fmt = (x, d = 5) => (Number.isFinite(x) ? x.toFixed(d) : "—");

// ---- URL hash: read as one state, never executed ----
// A link's fields are applied together on top of the defaults (not the
// current state: a link means the same in any tab) and checked once by the
// core. Only a link invalid as a whole is read field by field (link.js), in
// this order: the dimensions first, since the other ranges depend on them
// (p_S ≤ p_T, ‖Ξ‖_F² ≤ p_S − 1, p_T·γ_z ≤ 0.9999, p_S·ν_z ≤ 0.9999), then the rest,
// then the law.
const LINK_ORDER_WORDS = "p-t, p-s, xi2, gamma, nu, then the others, then law";
const linkOrder = () => ["p-t", "p-s", "xi2", "gamma", "nu", ...keys.filter((k) => !["p-t", "p-s", "xi2", "gamma", "nu"].includes(k)), "law"];

/** Whether the core computes the theory at these parameters. */
function fits(candidate) {
  try { explorer.point(Float64Array.from(keys.map((k) => candidate[k])), candidate.law); return true; } catch { return false; }
}

function isSimValue(k, v) {
  const { min: lo, max: hi } = SIM[k];
  return /^[0-9]+$/.test(v) && Number(v) >= lo && Number(v) <= hi;
}

function parseHash(hash) {
  const out = { layers: DEFAULT_LAYERS, sim: simDefaults(), opts: noOptions() };
  /** @type {string[]} */
  const notes = []; // options kept in part (shell/embed.js)
  const allowed = { figures, controls: [...ORDER, "law"] };
  /** @type {{ x?: string, y?: string }} */
  const map = {};
  /** @type {Map<number, string>} */
  const pinsFound = new Map();
  /** The fields that are not checked by the core: read here, or unreadable. */
  const other = (/** @type {string} */ k, /** @type {string} */ v) => {
    if (k === "layers" && /^[1-7]$/.test(v)) out.layers = Number(v);
    else if (Object.hasOwn(SIM, k) && isSimValue(k, v)) out.sim[k] = Number(v);
    else if (readMapField(map, k, v)) { /* the map's axes, checked as a pair below */ }
    else if (readPinField(pinsFound, k, v)) { /* checked by the core below */ }
    else if (!readOption(k, v, out.opts, allowed, notes)) return false;
    return true;
  };
  const read = (/** @type {string} */ k, /** @type {string} */ v) =>
    (k === "law" ? (v === "mixture" || v === "surrogate" ? v : undefined) : readNumber(k, v));
  const { kept, notice } = readLink(hash, { base: { ...DEFAULTS, law: "mixture" }, order: linkOrder(), read, fits,
    orderWords: LINK_ORDER_WORDS, other });
  const axes = mapPair(map);
  const pinned = pinsOf(pinsFound, (text) => checkPin(text));
  return { values: keys.map((k) => kept[k]), law: kept.law, ...out, embed: out.opts.embed, map: axes.map, pins: pinned.pins,
    notice: [notice, axes.notice, pinned.notice, ...notes].filter(Boolean).join(" ") };
}

// ---- the phase map's axes: map-x= and map-y= in the link ----
// Each is read on its own (a key of mapAxisKeys(), exactly); one given alone
// keeps the other at its default (or swaps them when it names the other's
// default); the same parameter on both is ignored and reported.
const MAP_DEFAULT = { x: "eta-l", y: "eta-u" };
/** @type {string[]} */
let MAP_KEYS = [];

/** Reads one map field into `map`; false when `k` is not one or `v` is not a map axis. */
function readMapField(map, k, v) {
  if (k !== "map-x" && k !== "map-y") return false;
  if (!MAP_KEYS.includes(v)) return false;
  map[k === "map-x" ? "x" : "y"] = v;
  return true;
}

/** The map's axes from the fields read, with a notice when they were the same parameter. */
function mapPair(/** @type {{ x?: string, y?: string }} */ m) {
  const { x: dx, y: dy } = MAP_DEFAULT;
  const x = m.x ?? (m.y === dx ? dy : dx);
  const y = m.y ?? (x === dy ? dx : dy);
  if (x === y) {
    return { map: { ...MAP_DEFAULT }, notice: `Ignored from the link: map-x, map-y (both ${x}: a map needs two different parameters).` };
  }
  return { map: { x, y }, notice: "" };
}

/** The map's fields of a link: none at the default axes. */
const mapFields = (/** @type {{ x: string, y: string }} */ m) =>
  /** @type {[string, unknown][]} */ (m.x === MAP_DEFAULT.x && m.y === MAP_DEFAULT.y ? [] : [["map-x", m.x], ["map-y", m.y]]);

/** A state's own fields: the parameters, the law, the layers, the simulation settings not at their defaults and the map's axes. */
function stateFields(s) {
  /** @type {[string, unknown][]} */
  const fields = keys.map((k, i) => [k, s.values[i]]);
  fields.push(["law", s.law], ["layers", s.layers]);
  for (const k of SIM_KEYS) if (s.sim[k] !== SIM[k].default) fields.push([k, s.sim[k]]);
  fields.push(...mapFields(s.map), ...pinFields(s.pins));
  return fields;
}

function hashOf(s) {
  const fields = [...stateFields(s), ...optionFields(s.opts)];
  if (s.opts.base) fields.push(["base", s.opts.base]);
  return linkOf(fields);
}

// ---- proposing a change: drawn now or in the next frame, committed if valid ----
// `settle` marks the end of a gesture (a slider released, a box or menu
// changed); `fromUrl` a redraw of a state already in history (read from the
// URL, a resize, new simulation points), which never adds an entry.
function propose(change, control, settle = false, fromUrl = false) {
  const base = pending ?? { values: state.values.slice(), law: state.law, layers: state.layers };
  const next = { values: base.values.slice(), law: base.law, layers: base.layers, control, t0: pending?.t0 ?? performance.now(),
    settle: settle || (pending?.settle ?? false), fromUrl: fromUrl || (pending?.fromUrl ?? false) };
  if ("law" in change) next.law = change.law;
  if ("layers" in change) next.layers = change.layers;
  for (const [k, v] of Object.entries(change)) {
    const i = keys.indexOf(k);
    if (i >= 0) next.values[i] = v;
  }
  pending = next;
  if (frame) return;
  // Chrome delivers a drag's input events once per frame, so drawing in the
  // handler puts the new plots in the very next paint; a faster stream (held
  // arrow keys) is coalesced to one draw per frame.
  if (drewThisFrame) frame = requestAnimationFrame(drawPending);
  else drawPending();
}

const boxes = new CanvasBoxes(() => propose({}, null, false, true));
/** @type {(HTMLCanvasElement | null)[]} */
let canvases = []; // in `figures` order, found once they are built

function sizeCanvases() {
  const dpr = window.devicePixelRatio || 1;
  const ids = [];
  for (const c of canvases) {
    const visible = c !== null && boxes.wanted(c);
    ids.push(visible ? c.id : "");
    if (visible) fitCanvas(c, ...boxes.box(c), dpr);
  }
  return /** @type {[number, string[]]} */ ([dpr, ids]);
}

function drawPending() {
  const start = performance.now();
  frame = 0;
  if (!drewThisFrame) {
    drewThisFrame = true;
    requestAnimationFrame(() => { drewThisFrame = false; });
  }
  const p = pending;
  pending = null;
  if (!p) return;
  const [dpr, ids] = sizeCanvases();
  let out;
  const renderStart = performance.now();
  syncOverlay(p.values, p.law);
  try {
    out = explorer.render(Float64Array.from(p.values), p.law, p.layers, dpr, ids);
  } catch (e) {
    syncOverlay(state.values, state.law); // the figures on screen are still the committed state's
    showError(p.control, e.message);
    syncControls();
    return;
  }
  const rendered = performance.now() - renderStart;
  clearErrors();
  state.values = p.values;
  state.law = p.law;
  state.layers = p.layers;
  url.follow(p.settle, p.fromUrl);
  renderReadouts(out);
  if (state.pins.length || pinLabelsShown) syncPinList();
  renderSimNote();
  syncControls();
  if (p.settle || p.fromUrl) { syncPreset(); builder.refresh(); }
  describeSoon();
  window.__w2s.draws++;
  if (window.__w2s.record) {
    const end = performance.now();
    window.__w2s.timings.push(end - p.t0);
    window.__w2s.work.push(end - start);
    window.__w2s.render.push(rendered);
  }
}

// ---- each figure in words, for screen readers ----
// The core describes each figure at the state drawn (its key numbers). The
// words follow the figures once a drag pauses: a screen reader reads them
// then, and a frame of the drag does not pay for them.
// Every figure's words follow the state once a drag pauses, those of figures
// off screen too (the core then computes what their last frame skipped): a
// screen reader reaches a figure without scrolling to it.
let describeTimer = 0;
function describeSoon() {
  clearTimeout(describeTimer);
  describeTimer = setTimeout(() => {
    for (const key of figures) {
      const el = document.getElementById("desc-" + key);
      if (el) setText(el, explorer.describe(key));
    }
  }, 200);
}

/** A hidden paragraph under a figure's canvas that describes it (aria-describedby). */
function describedBy(figure, key) {
  const p = document.createElement("p");
  p.id = "desc-" + key;
  p.className = "visually-hidden";
  figure.appendChild(p);
  figure.querySelector("canvas")?.setAttribute("aria-describedby", p.id);
}

// The history policy (shell/url.js): a gesture is one entry, written at
// most every 150 ms while it lasts.
const url = new UrlHistory(() => hashOf(state), 150);

function showError(control, message) {
  const root = control ?? $("#controls");
  // The core names the first parameter that fails, which may be another one
  // (p_T = 2 makes p_S = 3 too big): say which value was refused here.
  const key = root.dataset.key;
  const box = key && root.querySelector("input[type=number]");
  markError(root, box && !message.startsWith(key + " ")
    ? `${key} = ${box.value || "(empty)"} does not fit with the other values: ${message}` : message, $("#status"));
}

// ---- readouts, verdict and the theorems with values ----
// Built once; a frame only rewrites the text of the cells and numbers that
// changed, which keeps layout work off the slider's hot path. Every number
// is read from the core's result by name (readoutNames()); `R` maps a name
// to its position, built once at start-up.
const LAYER_NAMES = ["closed-form", "first-order", "exact"];
/** @type {[string, string][]} */
const ROWS = [["teacher ER_T", "teacher"], ["student ER_S", "student"], ["strong ceiling", "ceiling"],
  ["W2S gain ER_T − ER_S", "gain"], ["relative gain", "relative-gain"], ["PGR", "pgr"]];
const READ = [...LAYER_NAMES.flatMap((l) => ROWS.map(([, q]) => `${l}.${q}`)),
  "exact.verdict", "exact.teacher-majority", "exact.teacher-minority", "exact.student-majority", "exact.student-minority",
  "closed-form.eta-u-star", "exact.eta-u-star",
  "theorem.p-shared", "theorem.mu-t2", "theorem.spurious", "theorem.rest", "theorem.shift"];
/** @type {Record<string, number>} */
let R = {}; // readout name → position in `render`'s and `point`'s result
/** @type {Record<string, number>} */
let H = {}; // hover name → position in `hoverEtaU`'s result
/** @type {Record<string, number>} */
let S = {}; // summary name → position in `summarizeReplicates`'s result
// The theorems' slots: each shows a readout (by name) or a parameter, to so many digits.
/** @type {Record<string, [string, number]>} */
const SLOTS = {
  s2: ["sigma-y2", 2], gamma: ["gamma", 3], pt: ["p-t", 0], et: ["eta-t", 3], el: ["eta-l", 3], nu: ["nu", 4], ps: ["p-s", 0],
  mut2: ["theorem.mu-t2", 3], ert: ["closed-form.teacher", 5], pts: ["theorem.p-shared", 3], spur: ["theorem.spurious", 3],
  rest: ["theorem.rest", 3], shift: ["theorem.shift", 3], ers: ["closed-form.student", 5],
};

// The elements a frame writes, found once when built (not queried per frame),
// each with the position of what it shows.
/** @type {[HTMLElement, number][]} */
let readoutSlots = [];
/** @type {Record<string, HTMLElement>} */
let groupCells = {};
/** @type {[HTMLElement, "out" | "values", number, number][]} */
let theoremSlots = [];

function buildReadouts() {
  // One column per pin after the three layers: the pin's exact values.
  const pinCols = state.pins.map((_, k) => k);
  const pinCells = (/** @type {number} */ j) => pinCols.map((k) => `<td class="pin-col" data-pin="${k}-${j}"></td>`).join("");
  const rows = ROWS.map(([label], j) =>
    `<tr><th scope="row">${label}</th>${[0, 1, 2].map((l) => `<td data-readout="${l}-${j}"></td>`).join("")}${pinCells(j)}</tr>`);
  rows.push(`<tr><th scope="row">teacher: majority / minority</th><td colspan="3" data-readout="teacher-groups"></td>${pinCells(ROWS.length)}</tr>`);
  rows.push(`<tr><th scope="row">student: majority / minority</th><td colspan="3" data-readout="student-groups"></td>${pinCells(ROWS.length + 1)}</tr>`);
  rows.push(`<tr><th scope="row">η_u* (closed form / exact)</th><td colspan="3" data-readout="eta-u-star"></td>${pinCells(ROWS.length + 2)}</tr>`);
  $("#readouts tbody").innerHTML = rows.join("");
  $("#readouts thead tr").innerHTML = `<th></th><th scope="col">closed form</th><th scope="col">first order</th><th scope="col">exact</th>` +
    pinCols.map((k) => `<th scope="col" class="pin-col">pin ${k + 1} (exact)</th>`).join("");
  fillPinColumns();
  /** @type {HTMLElement[]} */
  const cells = [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-readout]"))];
  const cell = Object.fromEntries(cells.map((e) => [e.dataset.readout, e]));
  readoutSlots = LAYER_NAMES.flatMap((l, li) => ROWS.map(([, q], j) => /** @type {[HTMLElement, number]} */ ([cell[`${li}-${j}`], R[`${l}.${q}`]])));
  groupCells = { teacher: cell["teacher-groups"], student: cell["student-groups"], star: cell["eta-u-star"] };
  $("#theorems").innerHTML = `<p>Theorem 1 (teacher) and Theorem 2 (student), closed forms with the current values:</p>${theoremsMathml()}`;
  theoremSlots = [.../** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("#theorems [data-slot]"))].map((el) => {
    const [name, digits] = SLOTS[el.dataset.slot];
    return keys.includes(name) ? [el, "values", keys.indexOf(name), digits] : [el, "out", R[name], digits];
  });
}

/** The pins' columns of the readouts: each pin's exact values (they do not move with the live state). */
function fillPinColumns() {
  state.pins.forEach((_, k) => {
    const out = explorer.pinReadouts(k);
    const cell = (/** @type {number} */ j) => /** @type {HTMLElement} */ (document.querySelector(`[data-pin="${k}-${j}"]`));
    ROWS.forEach(([, q], j) => setText(cell(j), fmt(out[R[`exact.${q}`]])));
    ["teacher", "student"].forEach((m, i) =>
      setText(cell(ROWS.length + i), `${fmt(out[R[`exact.${m}-majority`]])} / ${fmt(out[R[`exact.${m}-minority`]])}`));
    setText(cell(ROWS.length + 2), fmt(out[R["exact.eta-u-star"]], 4));
  });
}

// ---- pins: the list under the verdict, the Pin and Clear buttons ----
let pinLabelsShown = "";
/** The list of pins, rewritten when what it says changed (each label names what differs from the live state). */
function syncPinList() {
  const labels = explorer.pinLabels();
  const joined = labels.join("\n");
  if (joined === pinLabelsShown) return;
  pinLabelsShown = joined;
  renderPinList($("#pin-list"), labels, (k) => setPins(state.pins.filter((_, i) => i !== k)));
  const full = state.pins.length >= MAX_PINS;
  const pin = /** @type {HTMLButtonElement} */ ($("#pin"));
  pin.disabled = full;
  pin.title = full ? `At most ${MAX_PINS} pins: unpin one (×) or clear them first.` : "Keep this state's curves as a faint ghost on every figure";
  /** @type {HTMLButtonElement} */ ($("#clear-pins")).disabled = state.pins.length === 0;
}

/** Pins exactly these states (the core computes them), then redraws and writes the link; a refused list changes nothing. */
function setPins(/** @type {string[]} */ next, fromUrl = false) {
  try {
    explorer.setPins(next);
  } catch (e) {
    $("#status").textContent = e.message;
    return;
  }
  state.pins = next;
  pinLabelsShown = "\u0000"; // the list is rewritten at the next draw
  buildReadouts();
  propose({}, null, !fromUrl, fromUrl);
}

function theoremsMathml() {
  const mi = (x) => `<mi>${x}</mi>`;
  const mn = (slot) => `<mn data-slot="${slot}"></mn>`;
  const sub = (a, b) => `<msub>${a}${b}</msub>`;
  const teacher = `<math display="block"><mrow>${sub(mi("ER"), mi("T"))}<mo>=</mo>${mn("s2")}<mo>·</mo>${mn("gamma")}<mo>[</mo>${mn("pt")}<mo>+</mo><msup><mrow><mo>(</mo>${mn("et")}<mo>−</mo>${mn("el")}<mo>)</mo></mrow><mn>2</mn></msup><mo>·</mo>${mn("mut2")}<mo>]</mo><mo>=</mo>${mn("ert")}</mrow></math>`;
  const student = `<math display="block"><mrow>${sub(mi("ER"), mi("S"))}<mo>=</mo>${mn("s2")}<mo>·</mo>${mn("gamma")}<mo>[</mo>${mn("pts")}<mo>+</mo><msup>${mn("spur")}<mn>2</mn></msup><mo>+</mo>${mn("nu")}<mo>(</mo>${mn("rest")}<mo>)</mo><mo>(</mo>${mn("ps")}<mo>+</mo>${mn("shift")}<mo>)</mo><mo>]</mo><mo>=</mo>${mn("ers")}</mrow></math>`;
  return [teacher, student].map((m) => `<div class="scroll-x">${m}</div>`).join("");
}

function renderReadouts(out) {
  for (const [el, i] of readoutSlots) setText(el, fmt(out[i]));
  for (const model of /** @type {const} */ (["teacher", "student"])) {
    setText(groupCells[model], `${fmt(out[R[`exact.${model}-majority`]])} / ${fmt(out[R[`exact.${model}-minority`]])} (worst: ${explorer.worstGroup(model)})`);
  }
  setText(groupCells.star, `${fmt(out[R["closed-form.eta-u-star"]], 4)} / ${fmt(out[R["exact.eta-u-star"]], 4)}`);
  renderVerdict(out);
  renderStarNote(out, state.values);
  renderTheorems(out);
}

// The key readouts beside the verdict, above the main figure: exact theory.
/** @type {[string, string, number][]} */
const KEY_READOUTS = [["teacher ER_T", "exact.teacher", 4], ["student ER_S", "exact.student", 4],
  ["gain ER_T − ER_S", "exact.gain", 4], ["best η_u (η_u*)", "exact.eta-u-star", 3]];
/** @type {HTMLElement[]} */
let keySlots = [];

function buildKeyReadouts() {
  $("#key-readouts").innerHTML = KEY_READOUTS.map(([label]) => `<div><dt>${label}</dt><dd></dd></div>`).join("");
  keySlots = [...document.querySelectorAll("#key-readouts dd")].map((e) => /** @type {HTMLElement} */ (e));
}

/**
 * The verdict is the core's (exact.verdict: +1 happens, 0 no gain up to
 * rounding, −1 fails); the size is the exact relative gain (ER_T − ER_S)/ER_T.
 */
function renderVerdict(out) {
  KEY_READOUTS.forEach(([, name, digits], i) => setText(keySlots[i], fmt(out[R[name]], digits)));
  const verdict = out[R["exact.verdict"]];
  const relative = out[R["exact.relative-gain"]];
  const v = $("#verdict");
  const [text, kind] = verdict > 0
    ? [`W2S happens: the student beats its teacher by ${fmt(100 * relative, 1)} % (exact theory).`, "happens"]
    : verdict < 0
      ? [`W2S fails: the student is worse than its teacher by ${fmt(-100 * relative, 1)} % (exact theory).`, "fails"]
      : verdict === 0
        ? ["No gain: the student equals its teacher (exact theory).", "no-gain"]
        : ["The exact theory has no value at this state.", "no-gain"];
  setText(v, text);
  if (v.className !== kind) v.className = kind;
}

/**
 * Where the best η_u lies at this state and why, next to η_u*: the paper's
 * picture (η_u* = η_ℓ) holds only when the test-mixture term of Theorem 2,
 * (η_t − η_u)Ξμ_S, vanishes; otherwise it pulls η_u* off η_ℓ.
 * @param {Float64Array | number[]} out the frame's readouts
 * @param {number[]} values the state drawn
 */
function renderStarNote(out, values) {
  const star = out[R["exact.eta-u-star"]];
  const at = (/** @type {string} */ k) => values[keys.indexOf(k)];
  const [etaL, etaT] = [at("eta-l"), at("eta-t")];
  // Within the η_u* search's grid cell of η_ℓ counts as "at η_ℓ".
  const tol = 0.5 / 126;
  let text;
  if (!Number.isFinite(star)) text = "η_u has no effect on the student here, so no η_u is best.";
  else if (Math.abs(star - etaL) <= tol) {
    const ways = etaL > tol && etaL < 1 - tol ? ", either way," : "";
    text = `Best η_u: η_u* = ${fmt(star, 3)}, at η_ℓ. Moving η_u away from η_ℓ${ways} lowers the gain: the paper's picture.`;
  } else {
    const side = star < etaL ? "below" : "above";
    text = `Best η_u: η_u* = ${fmt(star, 3)}, ${side} η_ℓ = ${fmt(etaL, 3)}: the gain is larger there than at η_u = η_ℓ. ` +
      `The student is tested on the mix η_t = ${fmt(etaT, 3)}, and Theorem 2's term (η_t − η_u)Ξμ_S adds to the mismatch (η_u − η_ℓ)μ_T; ` +
      "the best η_u balances the two. With Ξμ_S = 0 (e.g. ‖Ξ‖_F² = 0) only the mismatch is left and η_u* comes back towards η_ℓ.";
  }
  setText($("#star-note"), text);
}

/** The closed forms with the core's terms at the committed state (`out` is its readouts). */
function renderTheorems(out) {
  for (const [el, from, i, digits] of theoremSlots) setText(el, fmt(from === "out" ? out[i] : state.values[i], digits));
}

// ---- controls ----
// What a frame writes into the controls, found once when built.
/** @type {{ index: number, show: (v: number) => void }[]} */
let sliders = [];
/** @type {{ law: HTMLSelectElement, layers: HTMLInputElement[], sim: HTMLInputElement[] }} */
const shown = { law: null, layers: [], sim: [] };

function buildControls() {
  const host = $("#controls");
  host.innerHTML = "";
  const add = (parent, c) => {
    const control = sliderControl(c, c.label, (v, settle) => propose({ [c.key]: v }, control.root, settle));
    sliders.push({ index: keys.indexOf(c.key), show: control.show });
    parent.appendChild(control.root);
  };
  const main = document.createElement("fieldset");
  main.innerHTML = "<legend>Parameters</legend>";
  SPECS.filter((c) => !c.advanced).forEach((c) => add(main, c));
  main.appendChild(buildLawControl());
  host.appendChild(main);
  host.appendChild(buildLayersControl());
  const adv = document.createElement("details");
  adv.innerHTML = "<summary>Advanced</summary>";
  const advSet = document.createElement("fieldset");
  advSet.innerHTML = "<legend>Advanced</legend>";
  SPECS.filter((c) => c.advanced).forEach((c) => add(advSet, c));
  adv.appendChild(advSet);
  host.appendChild(adv);
  host.appendChild(buildSimulationPanel());
}

function buildLawControl() {
  const law = document.createElement("div");
  law.className = "control";
  law.id = "control-law";
  law.innerHTML = `<label for="law">law of the group features<span class="meaning">mixture: the model as stated; surrogate: same mean, no between-group variance</span></label>
    <select id="law"><option value="mixture">mixture</option><option value="surrogate">surrogate</option></select><div class="error" role="alert"></div>`;
  shown.law = law.querySelector("select");
  shown.law.addEventListener("change", () => propose({ law: shown.law.value }, law, true));
  return law;
}

function buildLayersControl() {
  const layers = document.createElement("fieldset");
  layers.className = "layers";
  layers.innerHTML = "<legend>Theory layers</legend>" + LAYERS.map(([name, bit]) =>
    `<label><input type="checkbox" data-bit="${bit}"> ${name}</label>`).join("") + `<div class="error" role="alert"></div>`;
  shown.layers = [...layers.querySelectorAll("input")];
  layers.addEventListener("change", () => {
    let mask = 0;
    shown.layers.forEach((i) => { if (i.checked) mask |= Number(i.dataset.bit); });
    if (mask === 0) { showError(layers, "choose at least one layer"); syncControls(); return; }
    propose({ layers: mask }, layers, true);
  });
  return layers;
}

function syncControls() {
  for (const s of sliders) s.show(state.values[s.index]);
  if (shown.law.value !== state.law) shown.law.value = state.law;
  shown.layers.forEach((i) => { i.checked = (state.layers & Number(i.dataset.bit)) !== 0; });
  SIM_KEYS.forEach((k, i) => showValue(null, shown.sim[i], state.sim[k]));
}

// ---- finite-sample simulation in web workers ----
// Its settings (d_z, replicates, seed) are part of the state and the link;
// the run under way is `simRun`, the last finished one `simDone`.
// What each setting is, its range in the page and its default come from the
// core's table (simSettings), the one the CLI's flags read.
/** @typedef {{ key: string, label: string, min: number, max: number, default: number }} SimSetting */
/** @type {string[]} */
let SIM_KEYS = [];
/** @type {Record<string, SimSetting>} */
let SIM = {};

function loadSimSettings() {
  /** @type {SimSetting[]} */
  const rows = JSON.parse(simSettings());
  SIM_KEYS = rows.map((r) => r.key);
  SIM = Object.fromEntries(rows.map((r) => [r.key, r]));
}

/** Every simulation setting at its default. */
const simDefaults = () => Object.fromEntries(SIM_KEYS.map((k) => [k, SIM[k].default]));
let simRun = null;  // { pool, total, points, results, values, law, dz, seed }
let simDone = null; // { values, law, dz, seed, total, flat: [teacher, student, gain], table }
let overlayShown = false;

// A seed from the operating system's randomness (the core's newSeed), written
// into the box and the link like a typed one: a run stays reproducible from its link.
const NEW_SEED_BUTTON = '<button type="button" id="sim-new-seed" title="A seed drawn from the system\'s randomness, written into the link">New seed</button>';

function buildSimulationPanel() {
  const f = document.createElement("fieldset");
  f.id = "simulation";
  f.innerHTML = `<legend>Simulation</legend>
    <p class="meaning">Finite-sample runs of the model at η_u = 0, ¼, ½, ¾, 1 and the current η_u, drawn with ±2 SE bars on the η_u figure.</p>
    ${SIM_KEYS.map((k) => `<div class="control" id="control-sim-${k}"><label for="sim-${k}">${SIM[k].label}</label>
      <input type="number" id="sim-${k}" step="1" min="${SIM[k].min}" max="${SIM[k].max}">${k === "seed" ? NEW_SEED_BUTTON : ""}<div class="error" role="alert"></div></div>`).join("")}
    <div class="row"><button type="button" id="sim-run">Run simulation</button><button type="button" id="sim-cancel" disabled>Cancel</button></div>
    <progress id="sim-progress" value="0" max="1" aria-label="simulation progress"></progress>
    <p id="sim-status" role="status" aria-live="polite"></p>`;
  shown.sim = SIM_KEYS.map((k) => {
    const input = /** @type {HTMLInputElement} */ (f.querySelector(`#sim-${k}`));
    input.value = String(state.sim[k]);
    input.addEventListener("change", () => setSimField(k, input, f.querySelector(`#control-sim-${k}`)));
    return input;
  });
  const seedBox = /** @type {HTMLInputElement} */ (f.querySelector("#sim-seed"));
  f.querySelector("#sim-new-seed")?.addEventListener("click", () => {
    seedBox.value = String(newSeed());
    setSimField("seed", seedBox, f.querySelector("#control-sim-seed"));
  });
  f.querySelector("#sim-run").addEventListener("click", runSimulation);
  f.querySelector("#sim-cancel").addEventListener("click", () => cancelSimulation("cancelled"));
  return f;
}

// A simulation setting changes no figure, so it replaces the history entry
// instead of adding one.
function setSimField(k, input, root) {
  const text = input.value.trim();
  const v = parseNumber(text); // "" is refused, not read as 0
  const { min: lo, max: hi } = SIM[k];
  if (!Number.isInteger(v) || v < lo || v > hi) {
    markError(root, `${k} = ${text === "" ? "(empty)" : text.slice(0, 40)} is refused: ${SIM[k].label} must be a whole number in [${lo}, ${hi}]`, null);
    input.value = String(state.sim[k]);
    return;
  }
  root.classList.remove("invalid");
  root.querySelector(".error").textContent = "";
  state.sim = { ...state.sim, [k]: v };
  url.replace();
}

function runSimulation() {
  cancelSimulation(null);
  const etaUIndex = keys.indexOf("eta-u");
  const now = state.values[etaUIndex];
  const points = [...new Set([0, 0.25, 0.5, 0.75, 1, now])].sort((x, y) => x - y);
  const tasks = [];
  points.forEach((etaU, point) => {
    for (let r = 0; r < state.sim.reps; r++) tasks.push({ point, etaU, index: point * 1_000_000 + r });
  });
  const n = poolSize(tasks.length);
  // The run keeps the state it started from: a change while it runs makes its points stale, not wrong.
  const run = { pool: null, total: tasks.length, points, results: points.map(() => []),
    values: state.values.slice(), law: state.law, dz: state.sim["d-z"], seed: state.sim.seed };
  simRun = run;
  $("#sim-run").disabled = true;
  $("#sim-cancel").disabled = false;
  $("#sim-status").textContent = `Running ${tasks.length} replicates on ${n} worker${n > 1 ? "s" : ""}…`;
  $("#sim-progress").value = 0;
  try {
    run.pool = startPool(run, tasks, etaUIndex);
  } catch (e) {
    // A page that may not start workers (a sandboxed frame, a strict policy).
    cancelSimulation(`The simulation could not start: ${e.message}`);
  }
}

function startPool(run, tasks, etaUIndex) {
  return new WorkerPool({
    url: new URL("./sim-worker.js", import.meta.url),
    tasks,
    message: (share) => ({ values: run.values, law: run.law, dz: run.dz, seed: run.seed, etaUIndex, tasks: share }),
    onResult: (m) => run.results[m.point].push(m.result),
    onFinish: () => finishSimulation(run),
    onFail: (message, refused) => cancelSimulation(`Simulation ${refused ? "refused" : "failed"}: ${message}`),
    progress: $("#sim-progress"),
  });
}

function cancelSimulation(message) {
  const run = simRun;
  if (run) {
    run.pool?.cancel();
    simRun = null;
    if (message === "cancelled") message = `Cancelled after ${run.pool?.done ?? 0} of ${run.total} replicates.`;
  }
  $("#sim-run").disabled = false;
  $("#sim-cancel").disabled = true;
  if (message) $("#sim-status").textContent = message;
}

/**
 * Mean ± SE of teacher, student and gain at each point: the core's
 * estimates (summarizeReplicates) of the replicates as the workers returned
 * them, in replicateNames() order.
 */
function summarize(run) {
  const width = replicateNames().length;
  return run.points.map((etaU, i) => {
    const r = run.results[i];
    if (r.some((x) => x.length !== width)) throw new Error(`a replicate has not the ${width} numbers the core names`);
    const e = summarizeReplicates(Float64Array.from(r.flat()));
    const at = (/** @type {string} */ name) => e[S[name]];
    const estimate = (/** @type {string} */ k) => ({ mean: at(`${k}.mean`), se: at(`${k}.se`) });
    return { etaU, teacher: estimate("teacher"), student: estimate("student"), gain: estimate("gain") };
  });
}

function finishSimulation(run) {
  cancelSimulation(null);
  let summary;
  try { summary = summarize(run); } catch (e) { $("#sim-status").textContent = `Simulation failed: ${e.message}`; return; }
  const flat = (k) => Float64Array.from(summary.flatMap((s) => [s.etaU, s[k].mean, s[k].se]));
  simDone = { values: run.values, law: run.law, dz: run.dz, seed: run.seed, total: run.total,
    flat: [flat("teacher"), flat("student"), flat("gain")], table: simTable(run, summary) };
  overlayShown = false; // set afresh by the next draw
  window.__w2s.sim = summary;
  $("#sim-status").textContent = `Done: ${run.total} replicates at d_z = ${run.dz}, seed ${run.seed}.`;
  $("#sim-table").innerHTML = simDone.table;
  propose({}, null, false, true);
}

// The table compares with the exact theory at the run's own state, which the
// last drawn dashboard holds only if the state did not change while it ran.
function simTable(run, summary) {
  const now = summary.find((s) => s.etaU === run.values[keys.indexOf("eta-u")]);
  if (!now) return "";
  const [t, s, g] = exactAt(run.values, run.law, now.etaU);
  return `<caption>Simulation at η_u = ${fmt(now.etaU, 3)} (mean ± SE) vs exact theory</caption>
    <tr><th scope="row">teacher</th><td>${fmt(now.teacher.mean, 4)} ± ${fmt(now.teacher.se, 4)}</td><td>${fmt(t, 4)}</td></tr>
    <tr><th scope="row">student</th><td>${fmt(now.student.mean, 4)} ± ${fmt(now.student.se, 4)}</td><td>${fmt(s, 4)}</td></tr>
    <tr><th scope="row">gain</th><td>${fmt(now.gain.mean, 4)} ± ${fmt(now.gain.se, 4)}</td><td>${fmt(g, 4)}</td></tr>`;
}

/** Exact teacher, student and gain at a state with η_u set. */
function exactAt(values, law, etaU) {
  const v = values.slice();
  v[keys.indexOf("eta-u")] = etaU;
  const out = explorer.point(Float64Array.from(v), law);
  return [out[R["exact.teacher"]], out[R["exact.student"]], out[R["exact.gain"]]];
}

// The simulation covers its own η_u grid, so only the other parameters and
// the law make its points belong to another state.
function simDiffers(values, law) {
  if (!simDone) return [];
  const diff = keys.filter((k, i) => k !== "eta-u" && values[i] !== simDone.values[i]);
  return law === simDone.law ? diff : diff.concat("law");
}

/** The points are on the η_u figure exactly when the state drawn is the one they ran at. */
function syncOverlay(values, law) {
  const show = simDone !== null && simDiffers(values, law).length === 0;
  if (show === overlayShown) return;
  const none = new Float64Array(0);
  if (show) explorer.setOverlay(...simDone.flat);
  else explorer.setOverlay(none, none, none);
  overlayShown = show;
}


/** A stale simulation's table stays, muted, saying where it ran and what differs now. */
function renderSimNote() {
  const diff = simDiffers(state.values, state.law);
  const note = $("#sim-stale");
  $("#sim-table").classList.toggle("stale", diff.length > 0);
  note.hidden = diff.length === 0;
  if (!diff.length) return;
  const at = (k, values, law) => (k === "law" ? law : String(values[keys.indexOf(k)]));
  const name = (k) => (k === "law" ? "law" : `${LABEL[k] ?? k} (${k})`);
  const then = diff.map((k) => `${name(k)} = ${at(k, simDone.values, simDone.law)}`).join(", ");
  const now = diff.map((k) => `${at(k, state.values, state.law)}`).join(", ");
  $("#sim-stale-text").textContent = `This simulation ran at another state: ${then} (now ${now}). ` +
    "Its points are off the η_u figure; go back to that state or re-run here.";
}

// ---- figures, exports, hover ----
function buildFigures() {
  const host = $("#figures");
  /** @type {import("./shell/figures.js").FigureSource} */
  const source = {
    csv: (key) => explorer.csv(key),
    svg: (key, c) => {
      const r = c.getBoundingClientRect();
      return explorer.svg(key, Math.round(r.width), Math.round(r.height));
    },
    // Twice the canvas, text and lines twice as large, with the state in words under it.
    png: (key, c, target) => {
      fitCanvas(target, 2 * c.width, 2 * c.height, 1);
      explorer.exportCanvas(key, target.id, 2 * (window.devicePixelRatio || 1), "");
      return explorer.describe(key);
    },
  };
  for (const key of figures) {
    const f = figurePanel(key, TITLES[key], source, key === "eta-u" ? '<div class="hover" id="hover" aria-live="off"></div>' : "");
    if (key === "eta-u") f.className = "main";
    if (key === "data") f.className = "wide"; // two stacked panels: the picture of the data needs the width
    if (key === state.embed) f.classList.add("embedded");
    if (key === "phase-map") buildMapAxes(f);
    describedBy(f, key);
    host.appendChild(f);
  }
  canvases = figures.map((k) => /** @type {HTMLCanvasElement | null} */ (document.getElementById("fig-" + k)));
  const c = /** @type {HTMLCanvasElement} */ (document.getElementById("fig-eta-u"));
  const hover = $("#hover");
  crosshair(c, (e) => hoverAt(c, e, hover), () => { hover.textContent = ""; });
}

/**
 * The hover values under the pointer on the η_u figure: the core maps the
 * pointer to η_u on the plot it drew (nothing off the plotting area) and
 * gives the exact risks at the nearest grid point. Written to the #hover
 * text and returned for the crosshair's label.
 */
function hoverAt(c, e, hover) {
  const [px, py] = canvasPoint(c, e);
  const point = explorer.dataAt("eta-u", px, py);
  if (!point) { hover.textContent = ""; return null; }
  const u = point.x;
  point.free();
  const h = explorer.hoverEtaU(u);
  hover.textContent = `η_u = ${fmt(h[H["eta-u"]], 3)}: teacher ${fmt(h[H.teacher], 4)}, student ${fmt(h[H.student], 4)}, gain ${fmt(h[H.gain], 4)} (exact)`;
  const [top, bottom] = plotSpan(c, px, py);
  return { text: `η_u ${fmt(h[H["eta-u"]], 3)}\nteacher ${fmt(h[H.teacher], 4)}\nstudent ${fmt(h[H.student], 4)}\ngain ${fmt(h[H.gain], 4)}`,
    top, bottom };
}

// The plotting area's top and bottom on the η_u canvas, in CSS pixels, found
// by asking the core where its pixel → data map ends (bisection along the
// pointer's column), once per draw.
let span = { draws: -1, height: 0, top: 0, bottom: 0 };
function plotSpan(c, px, py) {
  if (span.draws === window.__w2s.draws && span.height === c.height) return [span.top, span.bottom];
  const inside = (y) => {
    const p = explorer.dataAt("eta-u", px, y);
    if (p) p.free();
    return p !== undefined && p !== null;
  };
  const edge = (from, to) => { // `from` is inside, `to` outside (or the canvas's edge)
    if (inside(to)) return to;
    for (let i = 0; i < 12; i++) { const mid = (from + to) / 2; if (inside(mid)) from = mid; else to = mid; }
    return from;
  };
  const scale = c.clientHeight / c.height;
  span = { draws: window.__w2s.draws, height: c.height, top: edge(py, 0) * scale, bottom: edge(py, c.height - 1) * scale };
  return [span.top, span.bottom];
}

// ---- the phase map: its axes, and a click or Enter moves the state there ----
/** @type {HTMLSelectElement[]} */
let mapSelects = [];
let mapCursor = { ix: 0, iy: 0, on: false };

/** Two menus above the map choosing its axes, the canvas focusable, clicks and keys on it. */
function buildMapAxes(figure) {
  const row = document.createElement("div");
  row.className = "map-axes";
  row.style.cssText = "font-weight: normal; font-size: .8rem";
  row.innerHTML = ["x", "y"].map((a) => `<label>${a} <select id="map-${a}" aria-label="the map's ${a === "x" ? "horizontal" : "vertical"} axis">${MAP_KEYS.map((k) =>
    `<option value="${k}">${LABEL[k]}</option>`).join("")}</select></label>`).join(" ");
  // In the caption's line, between the title and the exports: the figure keeps its height.
  figure.querySelector("figcaption .exports")?.before(row);
  mapSelects = ["x", "y"].map((a) => /** @type {HTMLSelectElement} */ (row.querySelector(`#map-${a}`)));
  mapSelects.forEach((sel, i) => sel.addEventListener("change", () => {
    const next = { ...state.map, [i ? "y" : "x"]: sel.value };
    // The other axis takes this one's old parameter rather than the same one.
    if (next.x === next.y) next[i ? "x" : "y"] = state.map[i ? "y" : "x"];
    setMap(next, true);
  }));
  const c = /** @type {HTMLCanvasElement} */ (figure.querySelector("canvas"));
  c.tabIndex = 0;
  const cursor = document.createElement("p");
  cursor.id = "map-cursor";
  cursor.className = "visually-hidden";
  cursor.setAttribute("aria-live", "polite");
  c.after(cursor);
  c.addEventListener("click", (e) => {
    const [px, py] = canvasPoint(c, e);
    const p = explorer.dataAt("phase-map", px, py);
    if (!p) return;
    const at = { ix: mapIndex(state.map.x, p.x), iy: mapIndex(state.map.y, p.y) };
    p.free();
    moveToCell(at);
  });
  c.addEventListener("keydown", (e) => mapKey(e, cursor));
}

/** Sets the map's axes (the core's, the menus', the title's) and redraws. */
function setMap(/** @type {{ x: string, y: string }} */ m, settle) {
  explorer.setMapAxes(m.x, m.y);
  state.map = m;
  mapCursor.on = false;
  syncMapAxes();
  propose({}, null, settle, !settle);
}

const MAP_CELLS = 64; // the core's MAP_SIZE
const mapRange = (k) => { const s = SPECS.find((p) => p.key === k); return [s?.min ?? 0, s?.max ?? 1]; };
/** The map cell nearest to value `v` of parameter `k`. */
function mapIndex(k, v) {
  const [lo, hi] = mapRange(k);
  return Math.min(MAP_CELLS - 1, Math.max(0, Math.round((v - lo) / (hi - lo) * (MAP_CELLS - 1))));
}
const mapValue = (k, i) => { const [lo, hi] = mapRange(k); return i === MAP_CELLS - 1 ? hi : lo + (hi - lo) * i / (MAP_CELLS - 1); };

/** Moves the state to a cell of the map (one history entry). */
function moveToCell(/** @type {{ ix: number, iy: number }} */ at) {
  mapCursor = { ...at, on: true };
  propose({ [state.map.x]: mapValue(state.map.x, at.ix), [state.map.y]: mapValue(state.map.y, at.iy) }, null, true);
}

/** Arrow keys move a cell cursor over the map (said in words), Enter moves the state there. */
function mapKey(/** @type {KeyboardEvent} */ e, /** @type {HTMLElement} */ out) {
  const steps = { ArrowLeft: { dx: -1, dy: 0 }, ArrowRight: { dx: 1, dy: 0 }, ArrowUp: { dx: 0, dy: 1 }, ArrowDown: { dx: 0, dy: -1 } };
  if (!mapCursor.on) {
    const at = (k) => state.values[keys.indexOf(k)];
    mapCursor = { ix: mapIndex(state.map.x, at(state.map.x)), iy: mapIndex(state.map.y, at(state.map.y)), on: true };
  }
  if (e.key === "Enter") { e.preventDefault(); moveToCell(mapCursor); return; }
  const step = steps[e.key];
  if (!step) return;
  e.preventDefault();
  const clamp = (i) => Math.min(MAP_CELLS - 1, Math.max(0, i));
  mapCursor = { ix: clamp(mapCursor.ix + step.dx), iy: clamp(mapCursor.iy + step.dy), on: true };
  const { x, y } = state.map;
  out.textContent = `Cursor at ${LABEL[x]} = ${fmt(mapValue(x, mapCursor.ix), 4)}, ${LABEL[y]} = ${fmt(mapValue(y, mapCursor.iy), 4)}: Enter moves the state there.`;
}

/** The menus and the map's title show the axes in `state.map`. */
function syncMapAxes() {
  mapSelects.forEach((sel, i) => { const v = i ? state.map.y : state.map.x; if (sel.value !== v) sel.value = v; });
  const sym = (k) => SPECS.find((p) => p.key === k)?.symbol ?? k;
  const title = `Relative gain over (${sym(state.map.x)}, ${sym(state.map.y)})`;
  const fig = document.getElementById("fig-phase-map");
  const caption = fig?.closest("figure")?.querySelector("figcaption span");
  if (caption && caption.textContent !== title) caption.textContent = title;
  if (fig) fig.setAttribute("aria-label", title);
}

// ---- sharing and presets ----
const copy = (text, what) => copyText(text, $("#share-status"), `${what} copied.`, `${what}: ${text}`);

// The embed builder (shell/embed.js): redrawn from the committed state.
let builder = { refresh: () => {} };
const pageUrl = () => location.href.split("#")[0];

function wireEmbedBuilder() {
  builder = wireBuilder({
    titles: TITLES,
    params: SPECS.map((c) => ({ key: c.key, label: c.label })),
    stateFields: () => stateFields(state),
    svg: (figure) => explorer.svg(figure, 800, 500),
    describe: (figure) => explorer.describe(figure),
    pageUrl: pageUrl(),
    base: () => state.opts.base,
    setBase: (base) => { state.opts = { ...state.opts, base }; url.replace(); },
    copy: (text, what) => copyText(text, $("#embed-status"), `${what} copied.`, `${what}: select it in its box and copy it by hand.`),
  });
}

function wireToolbar() {
  $("#copy-link").addEventListener("click", () => copy(location.href, "Link"));
  $("#preset").addEventListener("change", (e) => {
    const preset = PRESETS[e.target.value];
    if (preset) propose({ ...DEFAULTS, law: "mixture", ...preset }, null, true);
  });
  // Every parameter, the law, the layers and the simulation settings: one history entry.
  $("#pin").addEventListener("click", () => setPins([...state.pins, pinText(Float64Array.from(state.values), state.law)]));
  $("#clear-pins").addEventListener("click", () => setPins([]));
  $("#reset").addEventListener("click", () => {
    state.sim = simDefaults();
    propose({ ...DEFAULTS, law: "mixture", layers: DEFAULT_LAYERS }, null, true);
  });
}

/** The scenario menu names the preset the committed state is, or none. */
function syncPreset() {
  const menu = $("#preset");
  const at = (k) => (k === "law" ? state.law : state.values[keys.indexOf(k)]);
  const name = Object.keys(PRESETS).find((p) => {
    const want = { ...DEFAULTS, law: "mixture", ...PRESETS[p] };
    return Object.keys(want).every((k) => at(k) === want[k]);
  }) ?? "";
  if (menu.value !== name) menu.value = name;
}

async function main() {
  await init();
  explorer = new Explorer();
  keys = paramKeys();
  figures = figureKeys();
  const titles = figureTitles();
  TITLES = Object.fromEntries(figures.map((k, i) => [k, titles[i]]));
  const defaults = defaultValues();
  DEFAULTS = Object.fromEntries(keys.map((k, i) => [k, defaults[i]]));
  /** @type {ParamSpec[]} */
  const table = JSON.parse(paramSpecs());
  SPECS = inOrder(table, ORDER);
  LABEL = Object.fromEntries(SPECS.map((c) => [c.key, c.label]));
  R = nameIndex(readoutNames(), READ);
  H = nameIndex(hoverNames(), ["eta-u", "teacher", "student", "gain"]);
  loadSimSettings();
  MAP_KEYS = mapAxisKeys();
  S = nameIndex(summaryNames(), ["teacher.mean", "teacher.se", "student.mean", "student.se", "gain.mean", "gain.se"]);
  const h = parseHash(location.hash);
  Object.assign(state, { values: h.values, law: h.law, layers: h.layers, embed: h.embed, sim: h.sim, opts: h.opts, map: h.map });
  explorer.setMapAxes(state.map.x, state.map.y);
  explorer.setPins(h.pins); // each was checked by the core when the link was read
  state.pins = h.pins;
  if (state.embed) document.body.classList.add("embed");
  buildControls();
  buildFigures();
  buildReadouts();
  buildKeyReadouts();
  syncMapAxes();
  wireToolbar();
  // The full page at the same state: what an embed's "open in the W2S explorer" opens.
  shapePage(state.opts, () => urlOf(pageUrl(), stateFields(state)));
  if (!state.embed) wireEmbedBuilder();
  $("#status").textContent = h.notice;
  $("#sim-rerun").addEventListener("click", runSimulation);
  propose({}, null, false, true);
  // Back, Forward or a link pasted into this tab: the whole state follows,
  // the simulation settings too (they change no figure, so set directly).
  const fromHistory = () => {
    url.cancel(); // a drag's pending URL write must not overwrite the entry navigated to
    const next = parseHash(location.hash);
    state.sim = next.sim;
    state.opts = { ...state.opts, base: next.opts.base };
    explorer.setMapAxes(next.map.x, next.map.y);
    state.map = next.map;
    syncMapAxes();
    if (next.pins.join("\n") !== state.pins.join("\n")) {
      explorer.setPins(next.pins);
      state.pins = next.pins;
      pinLabelsShown = "\u0000";
      buildReadouts();
    }
    $("#status").textContent = next.notice;
    syncControls();
    propose({ ...Object.fromEntries(keys.map((k, i) => [k, next.values[i]])), law: next.law, layers: next.layers }, null, false, true);
  };
  // popstate alone: Chrome fires it for Back/Forward and for a changed
  // fragment; a hashchange listener would read the hash again after the
  // draw rewrote it in full, and lose the notice of what was ignored.
  window.addEventListener("popstate", fromHistory);
  canvases.forEach((c) => { if (c) boxes.observe(c); });
  // A printed page (or a PDF) shows every figure at the state, scrolled to or not.
  window.addEventListener("beforeprint", () => {
    boxes.all = true;
    propose({}, null, false, true);
    drawPending();
  });
  window.addEventListener("afterprint", () => { boxes.all = false; });
  // On a narrow screen the main figure stays at the top while the controls are in view (style.css).
  new IntersectionObserver(([e]) => document.body.classList.toggle("controls-in-view", e.isIntersecting)).observe($("#controls"));
  window.__w2s.ready = true;
  Object.assign(window.__w2s, { explorer, keys, state }); // for the benchmark's compute/draw split
}

main().catch((e) => {
  $("#status").textContent = "Could not start the theory engine: " + e.message;
});
