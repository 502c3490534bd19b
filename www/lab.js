// @ts-check
// Shell of the two lab pages (the page's <body data-lab> says which).
// One-way flow: controls → state → URL; a Run button sends the job's tasks
// to web workers (one per core), their numbers go to the core, which keeps
// the results and draws the figures. The knobs, their ranges and every
// message come from the core, and so do the jobs (their buttons; the first is
// run on load and after a preset), the presets and the figures.
import init, { Lab, labKnobs, labCheck, labTasks, labJobs, labPresets, labPreset, labFigures, newSeed } from "../pkg/w2s.js";
import { readLink, readNumber } from "./link.js";
import { UrlHistory, linkOf } from "./shell/url.js";
import { clearErrors, showError, sliderControl } from "./shell/controls.js";
import { checkboxControl } from "./shell/toggle.js";
import { figurePanel, fitCanvas } from "./shell/figures.js";
import { WorkerPool } from "./shell/workers.js";
import { copyText } from "./shell/copy.js";
import { $ } from "./shell/dom.js";

const LAB = document.body.dataset.lab;
let lab, knobs, keys;
/** @type {{ show: (v: number) => void }[]} */
let handles = []; // one per knob, in knob order
/** @type {UrlHistory} */
let url;
let FIGURES; // [{ key, title, main }] in page order, from the core
let JOBS; // [{ key, label, figures }] in page order, from the core; the first is the default
const state = { values: null };
let run = null; // the job under way: { job, values, pool, results, total, t0 }
window.__lab = { ready: false, runs: 0, renders: 0 };

// ---- URL: read as one state, never executed ----
// A link's fields are applied together on top of the defaults and checked
// once by the core, so fields that fit only together survive (n = 100000
// with d = 10: n × d is checked with both). Only a link invalid as a whole
// is read field by field (link.js), in the order of the lab's knobs.
function fits(candidate) {
  try { labCheck(LAB, Float64Array.from(keys.map((k) => candidate[k]))); return true; } catch { return false; }
}

function parseHash(hash) {
  const defaults = lab.defaults();
  const base = Object.fromEntries(keys.map((k, i) => [k, defaults[i]]));
  const { kept, notice } = readLink(hash, { base, order: keys, read: readNumber, fits, orderWords: "of the settings on the page" });
  return { values: keys.map((k) => kept[k]), notice };
}

// ---- controls (from the core's knob list) ----
function buildControls() {
  const set = document.createElement("fieldset");
  set.innerHTML = "<legend>Settings</legend>";
  handles = knobs.map((k) => {
    // An on/off knob is a checkbox; its value is still the number 0 or 1.
    const make = k.switch ? checkboxControl : sliderControl;
    const c = make(k, k.symbol, (v, settle) => change({ [k.key]: v }, c.root, settle));
    set.appendChild(c.root);
    if (k.key === "seed") c.root.appendChild(newSeedButton(c.root));
    return c;
  });
  $("#controls").append(set); // after the Run panel, which stays in view
}

/**
 * "New seed": a seed from the operating system's randomness (the core's
 * newSeed), set like a typed one, so it is in the link and a run stays
 * reproducible from it.
 * @param {HTMLElement} root the seed knob's control
 */
function newSeedButton(root) {
  const b = document.createElement("button");
  b.type = "button";
  b.id = "new-seed";
  b.textContent = "New seed";
  b.title = "A seed drawn from the system's randomness, written into the link";
  b.addEventListener("click", () => change({ seed: newSeed() }, root, true));
  return b;
}

function syncControls() {
  handles.forEach((h, i) => h.show(state.values[i]));
}

function change(patch, control, settle) {
  const trial = state.values.slice();
  for (const [k, v] of Object.entries(patch)) trial[keys.indexOf(k)] = v;
  try {
    labCheck(LAB, Float64Array.from(trial));
  } catch (e) {
    showError(control ?? $("#controls"), e.message, $("#status"));
    syncControls();
    return false;
  }
  clearErrors();
  state.values = trial;
  // The URL is written when a gesture ends (a released slider, a typed box):
  // nothing is drawn during a drag here, so the gesture needs no entry before.
  if (settle) url.follow(true, false);
  syncControls();
  return true;
}

// ---- jobs and presets (from the core's lists) ----
function buildJobs() {
  for (const j of JOBS) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.job = j.key;
    b.textContent = j.label;
    $("#run-panel .jobs").appendChild(b);
  }
  for (const p of JSON.parse(labPresets(LAB))) {
    const o = document.createElement("option");
    o.value = p.key;
    o.textContent = p.label;
    $("#preset").appendChild(o);
  }
}

// ---- figures ----
function buildFigures() {
  const host = $("#figures");
  const source = {
    csv: (/** @type {string} */ k) => lab.csv(k),
    svg: (/** @type {string} */ k, /** @type {HTMLCanvasElement} */ c) => lab.svg(k, Math.max(400, c.clientWidth), Math.max(250, c.clientHeight)),
  };
  for (const { key, title, main } of FIGURES) {
    const f = figurePanel(key, title, source);
    if (main) f.className = "main";
    host.appendChild(f);
  }
  new ResizeObserver(() => drawAll()).observe(host);
}

function drawAll(only) {
  const dpr = window.devicePixelRatio || 1;
  for (const key of only ?? lab.figures()) {
    const c = /** @type {HTMLCanvasElement | null} */ (document.getElementById("fig-" + key));
    if (!c || c.clientWidth === 0) continue;
    fitCanvas(c, c.clientWidth, c.clientHeight, dpr);
    try { lab.render(key, c.id, dpr); } catch (e) { $("#status").textContent = e.message; }
  }
  window.__lab.renders++;
}

function showFindings() {
  const items = lab.findings();
  $("#findings").innerHTML = "";
  for (const t of items.length ? items : ["Nothing run yet."]) {
    const li = document.createElement("li");
    li.textContent = t;
    $("#findings").appendChild(li);
  }
}

// ---- running a job in web workers ----
function setRunning(on) {
  /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll("#run-panel button[data-job]")).forEach((b) => { b.disabled = on; });
  $("#cancel").disabled = !on;
}

function startJob(job) {
  if (run) return;
  const values = state.values.slice();
  let total;
  try { total = labTasks(LAB, Float64Array.from(values), job); } catch (e) { $("#status").textContent = e.message; return; }
  const r = { job, values, pool: null, results: new Array(total), total, t0: performance.now() };
  run = r;
  setRunning(true);
  $("#progress").value = 0;
  try {
    r.pool = new WorkerPool({
      url: new URL("./lab-worker.js", import.meta.url),
      tasks: [...Array(total).keys()],
      message: (share) => ({ lab: LAB, values, job, tasks: share }),
      onResult: (m) => {
        r.results[m.task] = m.result;
        $("#run-status").textContent = `${r.pool.done} of ${r.total} tasks done…`;
      },
      onFinish: finishJob,
      onFail: (message) => cancelJob(`The run failed: ${message}`),
      progress: $("#progress"),
    });
  } catch (e) {
    // A page that may not start workers (a sandboxed frame, a strict policy).
    cancelJob(`The run could not start: ${e.message}`);
    return;
  }
  const n = r.pool.size;
  $("#run-status").textContent = `Running ${total} task${total > 1 ? "s" : ""} on ${n} worker${n > 1 ? "s" : ""}…`;
}

function finishJob() {
  const r = run;
  run = null;
  setRunning(false);
  const len = r.results.reduce((s, a) => s + a.length, 0);
  const flat = new Float64Array(len);
  let o = 0;
  for (const a of r.results) { flat.set(a, o); o += a.length; }
  try {
    lab.setResults(Float64Array.from(r.values), r.job, flat);
  } catch (e) { $("#status").textContent = e.message; return; }
  const secs = ((performance.now() - r.t0) / 1000).toFixed(1);
  $("#run-status").textContent = `Done: ${r.total} tasks in ${secs} s.`;
  drawAll(lab.jobFigures(r.job));
  showFindings();
  window.__lab.runs++;
  window.__lab.lastJob = r.job;
  window.__lab.lastSeconds = Number(secs);
}

function cancelJob(message) {
  if (!run) return;
  run.pool?.cancel();
  run = null;
  setRunning(false);
  $("#progress").value = 0;
  $("#run-status").textContent = message ?? "Cancelled; the figures keep the last finished run.";
}

async function main() {
  await init();
  lab = new Lab(LAB);
  knobs = JSON.parse(labKnobs(LAB));
  keys = lab.keys();
  FIGURES = JSON.parse(labFigures(LAB));
  JOBS = JSON.parse(labJobs(LAB));
  const h = parseHash(location.hash);
  state.values = h.values;
  $("#status").textContent = h.notice;
  buildJobs();
  buildControls();
  buildFigures();
  syncControls();
  url = new UrlHistory(() => linkOf(keys.map((k, i) => [k, state.values[i]])));
  url.replace();
  /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll("#run-panel button[data-job]")).forEach((b) => b.addEventListener("click", () => startJob(b.dataset.job)));
  $("#cancel").addEventListener("click", () => cancelJob());
  $("#preset").addEventListener("change", (e) => {
    const key = e.target.value;
    if (!key) return;
    e.target.value = "";
    let next;
    try { next = labPreset(LAB, key, Float64Array.from(state.values)); } catch (err) { $("#status").textContent = err.message; return; }
    if (change(Object.fromEntries(keys.map((k, i) => [k, next[i]])), null, true)) startJob(JOBS[0].key);
  });
  $("#copy-link").addEventListener("click", () => copyText(location.href, $("#share-status"), "Link copied."));
  // Back, Forward or a link pasted into this tab (Chrome fires popstate for both).
  window.addEventListener("popstate", () => {
    const next = parseHash(location.hash);
    state.values = next.values;
    $("#status").textContent = next.notice;
    syncControls();
  });
  drawAll();
  window.__lab.ready = true;
  Object.assign(window.__lab, { lab, keys, state, startJob });
  startJob(JOBS[0].key);
}

main().catch((e) => { $("#status").textContent = "Could not start the lab: " + e.message; });
