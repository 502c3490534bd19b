// @ts-check
// Section 9's simulation: finite-sample runs of the model in the explorer's
// web workers (sim-worker.js through shell/workers.js) at η_u = 0, ¼, ½, ¾,
// 1 and the current η_u, with the explorer's default settings (d_z,
// replicates, seed) from the core. The core summarizes the replicates, the
// points go on the η_u figure as its overlay, and a table puts the measured
// risks beside the exact ones at the current η_u. A change of any parameter
// but η_u makes the points another state's: they leave the figure.
import { replicateNames, simSettings, summarizeReplicates, summaryNames } from "../../pkg/w2s.js";
import { nameIndex } from "../shell/names.js";
import { WorkerPool, poolSize } from "../shell/workers.js";
import { fmt } from "./core.js";

/** @typedef {import("./section.js").Section} Section */
/** @typedef {{ etaU: number, teacher: { mean: number, se: number }, student: { mean: number, se: number }, gain: { mean: number, se: number } }} SimPoint */

/** The explorer's default simulation settings, by key (d-z, reps, seed). */
export function simDefaults() {
  /** @type {{ key: string, default: number }[]} */
  const rows = JSON.parse(simSettings());
  return Object.fromEntries(rows.map((r) => [r.key, r.default]));
}

/**
 * Wires the Run button of a section whose figure is the η_u figure.
 * @param {Section} section
 */
export function wireSimulation(section) {
  const settings = simDefaults();
  const S = nameIndex(summaryNames(), ["teacher.mean", "teacher.se", "student.mean", "student.se", "gain.mean", "gain.se"]);
  const button = /** @type {HTMLButtonElement} */ (section.root.querySelector("#run-sim"));
  const status = /** @type {HTMLElement} */ (section.root.querySelector("#sim-status"));
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (section.root.querySelectorAll(".n[data-sim]"))) el.textContent = String(settings[el.dataset.sim ?? ""]);
  /** @type {{ values: Record<string, number>, law: string, flat: Float64Array[], points: SimPoint[] } | null} */
  let done = null;
  let shown = false;
  const none = new Float64Array(0);
  // Before each draw: the overlay is on exactly when the state is the run's (η_u aside).
  section.beforeDraw = (next) => {
    const same = done !== null && next.law === done.law && section.core.keys.every((k) => k === "eta-u" || next.p[k] === done?.values[k]);
    if (same === shown) return;
    const [teacher, student, gain] = same && done ? done.flat : [none, none, none];
    section.explorer.setOverlay(teacher, student, gain);
    shown = same;
  };
  button.addEventListener("click", () => {
    button.disabled = true;
    run(section, settings, S, status, (points, values, law) => {
      button.disabled = false;
      const flat = ["teacher", "student", "gain"].map((m) => Float64Array.from(points.flatMap((p) => [p.etaU, p[m].mean, p[m].se])));
      done = { values, law, flat, points };
      shown = false;
      /** @type {any} */ (window).__lesson.sim = points;
      table(section, points);
      section.propose({});
    }, () => { button.disabled = false; });
  });
}

/**
 * Runs the replicates in workers and hands the summary to `finish`.
 * @param {Section} section
 * @param {Record<string, number>} settings
 * @param {Record<string, number>} S summary name → position
 * @param {HTMLElement} status
 * @param {(points: SimPoint[], values: Record<string, number>, law: string) => void} finish
 * @param {() => void} fail
 */
function run(section, settings, S, status, finish, fail) {
  const values = { ...section.state.p };
  const law = section.state.law;
  const keys = section.core.keys;
  const etaUIndex = keys.indexOf("eta-u");
  const grid = [...new Set([0, 0.25, 0.5, 0.75, 1, values["eta-u"]])].sort((a, b) => a - b);
  /** @type {number[][][]} */
  const results = grid.map(() => []);
  const tasks = grid.flatMap((etaU, point) => Array.from({ length: settings.reps }, (_, r) => ({ point, etaU, index: point * 1_000_000 + r })));
  const width = replicateNames().length;
  status.textContent = `Running ${tasks.length} fits on ${poolSize(tasks.length)} worker(s)…`;
  try {
    new WorkerPool({
      url: new URL("../sim-worker.js", import.meta.url),
      tasks,
      message: (share) => ({ values: keys.map((k) => values[k]), law, dz: settings["d-z"], seed: settings.seed, etaUIndex, tasks: share }),
      onResult: (m) => results[m.point].push(m.result),
      onFinish: () => {
        const points = grid.map((etaU, i) => {
          if (results[i].some((x) => x.length !== width)) throw new Error("a replicate has not the numbers the core names");
          const e = summarizeReplicates(Float64Array.from(results[i].flat()));
          const est = (/** @type {string} */ m) => ({ mean: e[S[`${m}.mean`]], se: e[S[`${m}.se`]] });
          return { etaU, teacher: est("teacher"), student: est("student"), gain: est("gain") };
        });
        status.textContent = `Done: ${tasks.length} fits at d_z = ${settings["d-z"]}, seed ${settings.seed}.`;
        finish(points, values, law);
      },
      onFail: (message) => { status.textContent = `The simulation failed: ${message}`; fail(); },
    });
  } catch (e) {
    status.textContent = `The simulation could not start: ${/** @type {Error} */ (e).message}`;
    fail();
  }
}

/**
 * The measured risks beside the exact theory at the run's own η_u.
 * @param {Section} section
 * @param {SimPoint[]} points
 */
function table(section, points) {
  const now = points.find((p) => p.etaU === section.state.p["eta-u"]);
  const t = /** @type {HTMLTableElement} */ (section.root.querySelector("#sim-table"));
  if (!now) return;
  const exact = section.core.point(section.explorer, section.state);
  const row = (/** @type {string} */ label, /** @type {"teacher" | "student" | "gain"} */ m) =>
    `<tr data-model="${m}"><th scope="row">${label}</th><td>${fmt(now[m].mean)} ± ${fmt(now[m].se)}</td><td>${fmt(exact[`exact.${m}`])}</td></tr>`;
  /** @type {HTMLElement} */ (t.querySelector("tbody")).innerHTML = row("teacher ER_T", "teacher") + row("student ER_S", "student") + row("gain", "gain");
  t.hidden = false;
}
