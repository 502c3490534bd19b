// @ts-check
// The lesson's view of the core: parameter keys, defaults and the table of
// knobs, the readouts by name, a section's state and its link into the
// explorer, and how a number is written in the prose. Every number the
// lesson shows comes from here, computed by the core at a stated state.
import { paramKeys, defaultValues, paramSpecs, readoutNames, figureKeys, figureTitles } from "../../pkg/w2s.js";
import { linkOf } from "../shell/url.js";

/** A lesson state: every parameter by key, the law and the explorer's layer mask. */
/** @typedef {{ p: Record<string, number>, law: string, layers: number }} State */
/** @typedef {{ key: string, symbol: string, label: string, meaning: string, range: string, default: number, min: number, max: number, step: number, integer: boolean, advanced: boolean }} ParamSpec */

/** What the lesson reads from the core once, at start-up. */
export class Core {
  constructor() {
    /** @type {string[]} */
    this.keys = paramKeys();
    const d = defaultValues();
    /** @type {Record<string, number>} */
    this.defaults = Object.fromEntries(this.keys.map((k, i) => [k, d[i]]));
    /** @type {Record<string, ParamSpec>} */
    this.specs = Object.fromEntries(/** @type {ParamSpec[]} */ (JSON.parse(paramSpecs())).map((s) => [s.key, s]));
    /** @type {string[]} */
    this.names = readoutNames();
    /** @type {string[]} */
    this.figures = figureKeys();
    const t = figureTitles();
    /** @type {Record<string, string>} */
    this.titles = Object.fromEntries(this.figures.map((k, i) => [k, t[i]]));
  }

  /**
   * The defaults (mixture law, exact layer) with a patch on top.
   * @param {Record<string, number | string>} patch parameters, and `law` / `layers`
   * @returns {State}
   */
  state(patch) {
    const p = { ...this.defaults };
    let law = "mixture";
    let layers = 4;
    for (const [k, v] of Object.entries(patch)) {
      if (k === "law") law = String(v);
      else if (k === "layers") layers = Number(v);
      else if (k in p) p[k] = Number(v);
      else throw new Error(`a lesson state names '${k}', which is not a parameter of the core`);
    }
    return { p, law, layers };
  }

  /** @param {State} s */
  values(s) { return Float64Array.from(this.keys.map((k) => s.p[k])); }

  /**
   * The readouts of a result array, by name.
   * @param {ArrayLike<number>} out
   * @returns {Record<string, number>}
   */
  named(out) { return Object.fromEntries(this.names.map((n, i) => [n, out[i]])); }

  /**
   * The readouts at a state, computed by an explorer of the section's.
   * @param {import("../../pkg/w2s.js").Explorer} explorer
   * @param {State} s
   */
  point(explorer, s) { return this.named(explorer.point(this.values(s), s.law)); }

  /**
   * The explorer's link to a state: every parameter, the law and the layers
   * (the fields the explorer reads), then any simulation settings.
   * @param {State} s
   * @param {[string, number][]} [extra]
   */
  hash(s, extra = []) {
    /** @type {[string, unknown][]} */
    const fields = this.keys.map((k) => [k, s.p[k]]);
    fields.push(["law", s.law], ["layers", s.layers], ...extra);
    return linkOf(fields);
  }
}

/**
 * A computed number as the prose shows it: three significant digits below 1,
 * three decimals from 1 on; "—" where the core has no value.
 * @param {number} x
 */
export function fmt(x) {
  if (!Number.isFinite(x)) return "—";
  const a = Math.abs(x);
  if (a === 0) return "0";
  if (a >= 100) return x.toFixed(1);
  if (a >= 1) return x.toFixed(3);
  return x.toPrecision(3);
}

/**
 * The core's verdict (+1, 0, −1) in the words the lesson uses after "W2S".
 * @param {number} v
 */
export function verdictWord(v) {
  if (v > 0) return "happens";
  if (v < 0) return "fails";
  return Number.isFinite(v) ? "brings no gain" : "has no value here";
}

/**
 * The verdict's key, as the questions' choices name it.
 * @param {number} v
 */
export const verdictKey = (v) => (v > 0 ? "happens" : v < 0 ? "fails" : "no-gain");
