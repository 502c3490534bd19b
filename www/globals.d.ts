// What the pages leave on `window` for the browser tests and the benchmark
// (tests/browser/*.mjs read them through page.evaluate). Types only; checked
// with the pages by jsconfig.json and with the tests by tests/jsconfig.json.

/** An estimate over replicates: the mean and its standard error. */
interface W2sEstimate { mean: number; se: number }

/** window.__w2s, set by www/app.js (the explorer). */
interface W2sHook {
  /** From a change to its plots on screen, in ms, per draw (only while `record`). */
  timings: number[];
  /** The draw's own work, in ms, per draw (only while `record`). */
  work: number[];
  /** The core's render call, in ms, per draw (only while `record`). */
  render: number[];
  /** Whether the three timing lists grow. */
  record: boolean;
  /** How many draws have been committed. */
  draws: number;
  /** Set once the core has loaded and the controls are built. */
  ready: boolean;
  /** The last finished simulation, one entry per η_u point (null when cleared by a test). */
  sim?: { etaU: number; teacher: W2sEstimate; student: W2sEstimate; gain: W2sEstimate }[] | null;
  /** The page's core object, once ready. */
  explorer?: import("../pkg/w2s.js").Explorer;
  /** The parameter keys, in the core's order, once ready. */
  keys?: string[];
  /** The committed state, once ready. */
  state?: { values: number[]; law: string; layers: number; embed: string; sim: Record<string, number>; pins: string[] };
}

/** window.__lab, set by www/lab.js (the two lab pages). */
interface LabHook {
  /** Set once the core has loaded and the controls are built. */
  ready: boolean;
  /** How many jobs have finished. */
  runs: number;
  /** How many times the figures were drawn. */
  renders: number;
  /** The last finished job's name. */
  lastJob?: string;
  /** The last finished job's time, in s. */
  lastSeconds?: number;
  /** The page's core object, once ready. */
  lab?: import("../pkg/w2s.js").Lab;
  /** The knob keys, in the core's order, once ready. */
  keys?: string[];
  /** The committed state, once ready. */
  state?: { values: number[] };
  /** Starts a job by name (as its Run button does), once ready. */
  startJob?: (job: string) => void;
}

interface Window {
  __w2s: W2sHook;
  __lab: LabHook;
}
