// @ts-check
// Inputs the browser tests share: a seeded PRNG for random states, the
// hostile texts typed into every number box, and hostile links.

/**
 * mulberry32: a small seeded PRNG, so a failing random state is the same on
 * every run. Returns numbers in [0, 1).
 * @param {number} seed
 */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Texts a person might type or paste into a number box (the box may sanitize them). */
export const HOSTILE_TEXTS = ["", "-", "1e20", "1e308", "-1e308", "NaN", "Infinity", "0x10", "1,5", "  ",
  "1e-320", "9".repeat(10000), "<img src=x onerror=alert(1)>"];

/** Hash fragments no one should be able to break the page with. */
export const HOSTILE_HASHES = [
  "#p-t=1e309&p-s=-0",
  "#eta-u=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
  "#gamma=0x10&nu=Infinity&rho=NaN",
  "#__proto__=1&constructor=2&toString=3",
  "#law=__proto__&layers=0&embed=constructor",
  "#%E0%A4%A&%ZZ=1",
  "#p-t=2",
  "#gamma=0.2",
  "#" + "a=1&".repeat(3000),
  "#d-z=1e9&reps=-1&seed=1.5",
  "#xi2=" + "9".repeat(10000),
  // Last: values the core must refuse, or at least survive (sep = 1e20
  // panicked it; σ_y² = 1e308 hung the similarity figure).
  "#sep=1e20",
  "#sigma-y2=1e308&sep=1e300",
];

/**
 * A promise that fails with `what` after `ms`: page.evaluate has no timeout
 * of its own, and a page whose core hangs would stall the whole suite.
 * @template T
 * @param {number} ms
 * @param {Promise<T>} promise
 * @param {string} what
 * @returns {Promise<T>}
 */
export function within(ms, promise, what) {
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s (the page hangs)`)), ms); });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Two animation frames: a change's draw happens in its handler or the next frame. */
export const frames = (p) => within(20000, p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))), "waiting for a frame");

/** Types (pastes) a text into a box and commits it with Enter; returns the value the box then holds. */
export async function typeInto(p, id, text) {
  await p.fill(id, "");
  await p.focus(id);
  if (text !== "") await p.keyboard.insertText(text);
  const seen = await p.$eval(id, (/** @type {HTMLInputElement} */ el) => el.value);
  await p.press(id, "Enter");
  await frames(p);
  return seen;
}
