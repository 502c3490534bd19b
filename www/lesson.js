// @ts-check
// The lesson page: nine sections, each with its own state, figures and
// knobs (lesson/section.js), its live numbers, a "predict, then check"
// question (lesson/questions.js) and a link into the explorer at its state.
// Section 4 checks the matched-proportion claim live (lesson/audit.js);
// section 9 runs the simulation (lesson/sim.js). The states below are the
// only numbers the page sets; every number it shows is the core's.
import init, { Lab, labPreset } from "../pkg/w2s.js";
import { linkOf } from "./shell/url.js";
import { Core } from "./lesson/core.js";
import { Section } from "./lesson/section.js";
import { q1Step, wireQuestion } from "./lesson/questions.js";
import { runAudit } from "./lesson/audit.js";
import { simDefaults, wireSimulation } from "./lesson/sim.js";

/** @typedef {import("./lesson/section.js").SectionSpec} SectionSpec */

const matched = (/** @type {import("./lesson/core.js").State} */ s) => ({ "eta-u": s.p["eta-l"] });
const otherLaw = (/** @type {import("./lesson/core.js").State} */ s) => ({ law: s.law === "mixture" ? "surrogate" : "mixture" });
// The clean case of section 5 is the explorer's "clean picture" preset.
const CLEAN = { law: "surrogate", sep: 20, xi2: 0, "eta-l": 0.3, "eta-u": 0.3 };

/** Each section's state: the defaults (mixture law, exact layer) with these fields set. */
/** @type {Record<string, SectionSpec>} */
const SPECS = {
  s1: { patch: {} },
  s2: { patch: { layers: 5 } },
  s3: { patch: {} },
  // ρ < 1 makes the matched gain negative here (surrogate law, p_T = p_S = 2, sep 20).
  s4: { patch: { law: "surrogate", "p-t": 2, "p-s": 2, xi2: 0.5, sep: 20, rho: 1, "eta-l": 0.1, "eta-u": 0.1, nu: 0 } },
  s5: { patch: CLEAN, cases: { clean: CLEAN, default: {} }, alt: { matched } },
  s6: { patch: { law: "surrogate", sep: 20, "eta-l": 0.1, "eta-u": 0.9, xi2: 0 }, alt: { "other-law": otherLaw } },
  s7: { patch: {} },
  s8: { patch: { "eta-l": 0.1, "eta-u": 0.5 }, alt: { matched } },
  s9: { patch: { gamma: 0.12, layers: 6 }, extra: () => [] },
};

/** The lab links: the lab's defaults with one of its own presets (the core's). */
const LABS = { enhanced: "s1", logistic: "hard" };

function labLinks() {
  for (const a of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll("a[data-lab]"))) {
    const name = a.dataset.lab ?? "";
    const lab = new Lab(name);
    const keys = lab.keys();
    const values = labPreset(name, /** @type {Record<string, string>} */ (LABS)[name], lab.defaults());
    a.href = `${name}.html` + linkOf(keys.map((k, i) => [k, values[i]]));
    lab.free();
  }
}

async function main() {
  await init();
  const core = new Core();
  /** @type {Record<string, Section>} */
  const sections = {};
  for (const [id, spec] of Object.entries(SPECS)) {
    const root = /** @type {HTMLElement} */ (document.getElementById(id));
    const s = new Section(core, root, spec);
    s.build();
    sections[id] = s;
    for (const box of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(".predict"))) wireQuestion(box, s);
  }
  const step = /** @type {HTMLElement} */ (document.querySelector('[data-param-step="q1"]'));
  sections.s1.after.push(() => { step.textContent = String(q1Step(sections.s1.state.p["eta-l"])); });
  wireSimulation(sections.s9);
  const sim = simDefaults();
  sections.s9.spec.extra = () => /** @type {[string, number][]} */ (Object.entries(sim));
  labLinks();
  /** @type {any} */ (window).__lesson = { ready: false, sections, core, sim: null, audit: null };
  for (const s of Object.values(sections)) s.propose({});
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  runAudit(sections.s4, /** @type {HTMLElement} */ (document.getElementById("s4")));
  /** @type {any} */ (window).__lesson.ready = true;
}

main().catch((e) => {
  const status = document.getElementById("status");
  if (status) status.textContent = "Could not start the theory engine: " + e.message;
});
