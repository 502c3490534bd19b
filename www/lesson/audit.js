// @ts-check
// Section 4's check of the matched-proportion claim, run live: random valid
// settings with ρ = 1, η_u = η_ℓ and ν_z = 0 (both laws, p_T ≥ 2), drawn from a fixed
// seed, each evaluated by the core. The prose shows how many there were, how
// many had a negative exact gain and the smallest relative gain; the
// settings stay on window.__lesson.audit for the browser test to recompute
// with the CLI.
import { fmt } from "./core.js";

/** How many settings are drawn. */
export const AUDIT_SIZE = 300;

/** A small seeded generator (mulberry32): the same settings on every load. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rounded, so a setting reads the same in a URL, the CLI and the page. */
const r3 = (/** @type {number} */ x) => Math.round(1000 * x) / 1000;

/**
 * One random setting of the claim: ρ = 1, η_u = η_ℓ, ν_z = 0.
 * @param {() => number} u
 */
function draw(u) {
  const pT = 2 + Math.floor(u() * 7);
  const pS = 1 + Math.floor(u() * pT);
  const etaL = r3(u());
  return {
    law: u() < 0.5 ? "mixture" : "surrogate",
    "p-t": pT, "p-s": pS, xi2: r3(u() * (pS - 1)), sep: r3(u() * 30), rho: 1,
    "eta-l": etaL, "eta-u": etaL, "eta-t": r3(u()), gamma: Math.max(0.001, r3(u() * 0.9 / pT)), nu: 0, "sigma-y2": 1,
  };
}

/**
 * Evaluates the settings in slices (the page stays responsive) and fills the
 * `[data-audit]` spans of `root` when done.
 * @param {import("./section.js").Section} section whose explorer evaluates
 * @param {HTMLElement} root
 */
export function runAudit(section, root) {
  const u = rng(20260);
  const settings = Array.from({ length: AUDIT_SIZE }, () => draw(u));
  /** @type {{ gain: number, relative: number }[]} */
  const results = [];
  const step = () => {
    for (const s of settings.slice(results.length, results.length + 25)) {
      const r = section.core.point(section.explorer, section.core.state(s));
      results.push({ gain: r["exact.gain"], relative: r["exact.relative-gain"] });
    }
    if (results.length < settings.length) { setTimeout(step, 0); return; }
    show(root, settings, results);
  };
  setTimeout(step, 0);
}

/**
 * @param {HTMLElement} root
 * @param {Record<string, number | string>[]} settings
 * @param {{ gain: number, relative: number }[]} results
 */
function show(root, settings, results) {
  let min = 0;
  results.forEach((r, i) => { if (r.relative < results[min].relative) min = i; });
  const text = {
    count: String(results.length),
    negative: String(results.filter((r) => r.gain < 0).length),
    min: (100 * results[min].relative).toFixed(2),
    "min-xi2": String(settings[min].xi2),
    "min-p-s": String(settings[min]["p-s"]),
    "min-p-t": String(settings[min]["p-t"]),
  };
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(".n[data-audit]"))) {
    el.textContent = text[/** @type {keyof typeof text} */ (el.dataset.audit)] ?? fmt(NaN);
  }
  /** @type {any} */ (window).__lesson.audit = { settings, results, min };
}
