// @ts-check
// One section of the lesson: its state, its explorer (the core draws every
// figure of the section from one dashboard), its few knobs beside the
// figures, the live numbers of its prose, and its link into the explorer.
// One-way flow, as on the explorer: knob → proposed state → core → (if
// accepted) committed state → figures, numbers, link.
import { Explorer } from "../../pkg/w2s.js";
import { clearErrors, showError, sliderControl } from "../shell/controls.js";
import { CanvasBoxes, fitCanvas } from "../shell/figures.js";
import { setText } from "../shell/dom.js";
import { fmt, verdictWord } from "./core.js";

/** @typedef {import("./core.js").State} State */
/** @typedef {import("./core.js").Core} Core */
/** @typedef {{ patch: Record<string, number | string>, cases?: Record<string, Record<string, number | string>>,
 *   alt?: Record<string, (s: State) => Record<string, number | string>>, extra?: () => [string, number][] }} SectionSpec */

export class Section {
  /**
   * @param {Core} core
   * @param {HTMLElement} root the <section>
   * @param {SectionSpec} spec
   */
  constructor(core, root, spec) {
    this.core = core;
    this.root = root;
    this.id = root.id;
    this.spec = spec;
    this.explorer = new Explorer();
    /** @type {State} */
    this.state = core.state(spec.patch);
    /** @type {State | null} */
    this.pending = null;
    this.frame = 0;
    this.draws = 0;
    /** @type {Record<string, HTMLCanvasElement>} figure key → canvas */
    this.canvases = {};
    /** @type {{ key: string, show: (v: number | string) => void }[]} */
    this.knobs = [];
    /** @type {Record<string, number>} */
    this.now = {};
    /** @type {(() => void)[]} called after each committed draw */
    this.after = [];
    /** @type {((s: State) => void) | null} called with the state about to be drawn (an overlay follows it) */
    this.beforeDraw = null;
    this.boxes = new CanvasBoxes(() => this.propose({}));
  }

  /** Builds the figures and the knobs into the section's `.live` block. */
  build() {
    const live = /** @type {HTMLElement} */ (this.root.querySelector(".live"));
    const figs = /** @type {HTMLElement} */ (live.querySelector(".figs"));
    for (const token of (figs.dataset.figures ?? "").split(/\s+/).filter(Boolean)) {
      // "a|b": the first of the figures the core draws (a figure still to come falls back).
      const key = token.split("|").find((k) => this.core.figures.includes(k));
      if (key) figs.appendChild(this.figure(key));
    }
    const knobs = /** @type {HTMLElement} */ (live.querySelector(".knobs"));
    const set = document.createElement("fieldset");
    set.innerHTML = `<legend>Try it</legend>`;
    for (const key of (knobs.dataset.knobs ?? "").split(/\s+/).filter(Boolean)) set.appendChild(this.knob(key));
    knobs.appendChild(set);
    for (const b of /** @type {NodeListOf<HTMLButtonElement>} */ (this.root.querySelectorAll("button[data-case]"))) {
      b.addEventListener("click", () => {
        this.root.querySelectorAll("button[data-case]").forEach((o) => o.setAttribute("aria-pressed", String(o === b)));
        this.propose(this.core.state(this.spec.cases?.[b.dataset.case ?? ""] ?? {}), true);
      });
    }
  }

  /** @param {string} key a figure key of the core */
  figure(key) {
    const f = document.createElement("figure");
    const id = `${this.id}-fig-${key}`;
    f.innerHTML = `<figcaption>${this.core.titles[key]}</figcaption><canvas id="${id}" role="img" aria-label="${this.core.titles[key]}" aria-describedby="${id}-desc"></canvas><p class="visually-hidden" id="${id}-desc"></p>`;
    const c = /** @type {HTMLCanvasElement} */ (f.querySelector("canvas"));
    this.canvases[key] = c;
    this.boxes.observe(c);
    return f;
  }

  /**
   * A knob built from the core's table (shell/controls.js), its ids made the
   * section's own (the same parameter has a knob in several sections).
   * @param {string} key a parameter key, or "law"
   */
  knob(key) {
    if (key === "law") return this.lawKnob();
    const spec = this.core.specs[key];
    const c = sliderControl(spec, spec.label, (v, settle) => this.propose({ [key]: v }, settle, c.root));
    c.root.id = `${this.id}-control-${key}`;
    c.range.id = `${this.id}-range-${key}`;
    c.box.id = `${this.id}-num-${key}`;
    c.box.setAttribute("aria-label", `${spec.label}: ${spec.meaning} (typed value)`);
    c.root.querySelector("label")?.setAttribute("for", c.box.id);
    this.knobs.push({ key, show: (v) => c.show(Number(v)) });
    return c.root;
  }

  lawKnob() {
    const root = document.createElement("div");
    root.className = "control";
    root.id = `${this.id}-control-law`;
    root.dataset.key = "law";
    root.innerHTML = `<label for="${this.id}-law">law of the group features<span class="meaning">mixture: each sample is in one group; surrogate: every sample at the average</span></label>
      <select id="${this.id}-law"><option value="mixture">mixture</option><option value="surrogate">surrogate</option></select><div class="error" role="alert"></div>`;
    const select = /** @type {HTMLSelectElement} */ (root.querySelector("select"));
    select.addEventListener("change", () => this.propose({ law: select.value }, true, root));
    this.knobs.push({ key: "law", show: (v) => { if (select.value !== v) select.value = String(v); } });
    return root;
  }

  /**
   * Proposes a change (a patch on the current state, or a whole state):
   * drawn at the next animation frame, committed only if the core accepts it.
   * @param {Record<string, number | string> | State} change
   * @param {boolean} [_settle]
   * @param {Element} [control] where the core's message goes if it refuses
   */
  propose(change, _settle = false, control) {
    const base = this.pending ?? this.state;
    /** @type {State} */
    const next = "p" in change ? /** @type {State} */ (change)
      : { p: { ...base.p }, law: base.law, layers: base.layers };
    if (!("p" in change)) {
      for (const [k, v] of Object.entries(change)) {
        if (k === "law") next.law = String(v);
        else next.p[k] = Number(v);
      }
    }
    this.pending = next;
    this.control = control ?? this.root.querySelector(".live") ?? this.root;
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  /** The canvas ids in figureKeys() order, each sized for its box ("" skips a figure). */
  ids() {
    const dpr = window.devicePixelRatio || 1;
    const ids = this.core.figures.map((key) => {
      const c = this.canvases[key];
      if (!c) return "";
      const [w, h] = this.boxes.box(c);
      if (w <= 0 || h <= 0) return "";
      fitCanvas(c, w, h, dpr);
      return c.id;
    });
    return { dpr, ids };
  }

  draw() {
    this.frame = 0;
    const next = this.pending;
    this.pending = null;
    if (!next) return;
    const { dpr, ids } = this.ids();
    let out;
    try {
      this.beforeDraw?.(next);
      out = this.explorer.render(this.core.values(next), next.law, next.layers, dpr, ids);
    } catch (e) {
      showError(this.control ?? this.root, /** @type {Error} */ (e).message, null);
      this.beforeDraw?.(this.state);
      this.sync();
      return;
    }
    for (const c of this.root.querySelectorAll(".invalid")) { c.classList.remove("invalid"); const m = c.querySelector(".error"); if (m) m.textContent = ""; }
    this.state = next;
    this.now = this.core.named(out);
    this.draws++;
    this.sync();
    this.fill();
    for (const f of this.after) f();
  }

  /** Puts the committed state in the knobs. */
  sync() {
    for (const k of this.knobs) k.show(k.key === "law" ? this.state.law : this.state.p[k.key]);
  }

  /**
   * The readouts at a named other state of the section (`alt`), e.g. the
   * same with η_u = η_ℓ.
   * @param {string} name
   */
  altState(name) {
    const f = this.spec.alt?.[name];
    if (!f) throw new Error(`section ${this.id} has no state '${name}'`);
    const patch = f(this.state);
    const s = { p: { ...this.state.p }, law: this.state.law, layers: this.state.layers };
    for (const [k, v] of Object.entries(patch)) { if (k === "law") s.law = String(v); else s.p[k] = Number(v); }
    return s;
  }

  /** Writes every live number of the prose, the figures' words and the explorer link. */
  fill() {
    const here = this.core.hash(this.state);
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll(".n[data-read], .n[data-word]"))) {
      const at = el.dataset.at;
      const s = at ? this.altState(at) : this.state;
      const r = at ? this.core.point(this.explorer, s) : this.now;
      const name = el.dataset.read ?? "exact.verdict";
      const v = r[name];
      const text = el.dataset.word ? verdictWord(v) : el.dataset.percent ? (100 * v).toFixed(1) : fmt(v);
      setText(el, text);
      el.dataset.value = String(v);
      el.dataset.state = at ? this.core.hash(s) : here;
    }
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll(".n[data-param]"))) {
      const k = el.dataset.param ?? "";
      setText(el, k === "law" ? this.state.law : String(this.state.p[k]));
    }
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (this.root.querySelectorAll(".n[data-product]"))) {
      const [a, b] = (el.dataset.product ?? "").split(" ");
      setText(el, fmt(this.state.p[a] * this.state.p[b]));
    }
    const link = /** @type {HTMLAnchorElement | null} */ (this.root.querySelector("a[data-open]"));
    if (link) link.href = "../index.html" + this.core.hash(this.state, this.spec.extra?.() ?? []);
    clearTimeout(this.describeTimer);
    this.describeTimer = setTimeout(() => this.describe(), 200);
  }

  /** The figures in words, for screen readers (the core's description at the state drawn). */
  describe() {
    for (const [key, c] of Object.entries(this.canvases)) {
      const p = document.getElementById(c.id + "-desc");
      if (p) setText(p, this.explorer.describe(key));
    }
  }
}

export { clearErrors };
