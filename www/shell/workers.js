// @ts-check
// A run of tasks in a pool of module web workers (one per core, at most 8),
// with a progress bar and cancel. Each worker gets a round-robin share of the
// tasks in one message and answers, per task, { ok: true, ... } or
// { ok: false, message }, then { done: true } (sim-worker.js, lab-worker.js).
// Results depend only on the task, so how tasks are split changes no number.

/**
 * What a run needs from its page.
 * @template T
 * @typedef {object} PoolJob
 * @property {URL} url the worker script
 * @property {T[]} tasks
 * @property {(share: T[]) => unknown} message the message that starts a worker on its share
 * @property {(answer: any) => void} onResult a task's answer ({ ok: true, ... })
 * @property {() => void} onFinish every worker is done (the workers are already stopped)
 * @property {(message: string, refused: boolean) => void} onFail a task was refused (`refused`) or a worker failed; the run is already stopped
 * @property {HTMLProgressElement | null} [progress] set to the share of tasks done
 */

/** How many workers a run of `tasks` tasks uses. */
export const poolSize = (/** @type {number} */ tasks) => Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8, tasks));

/**
 * A run under way; `cancel()` stops it, and nothing of it is reported after.
 * @template T
 */
export class WorkerPool {
  /**
   * Starts the run.
   * @param {PoolJob<T>} job
   */
  constructor(job) {
    this.total = job.tasks.length;
    this.done = 0;
    this.size = poolSize(this.total);
    this.stopped = false;
    /** @type {Worker[]} */
    this.workers = [];
    let finished = 0;
    try {
      this.start(job, () => ++finished === this.size);
    } catch (e) {
      this.cancel(); // the workers already made must not run on
      throw e;
    }
  }

  /**
   * Makes the workers and gives each its share.
   * @param {PoolJob<T>} job
   * @param {() => boolean} lastDone counts a worker done; true for the last
   */
  start(job, lastDone) {
    for (let w = 0; w < this.size; w++) {
      const worker = new Worker(job.url, { type: "module" });
      this.workers.push(worker);
      worker.onmessage = (e) => {
        if (this.stopped) return;
        const m = e.data;
        if (m.done) {
          if (lastDone()) { this.cancel(); job.onFinish(); }
          return;
        }
        if (!m.ok) { this.cancel(); job.onFail(m.message, true); return; }
        this.done++;
        if (job.progress) job.progress.value = this.done / this.total;
        job.onResult(m);
      };
      worker.onerror = (e) => { if (!this.stopped) { this.cancel(); job.onFail(e.message, false); } };
      worker.postMessage(job.message(job.tasks.filter((_, i) => i % this.size === w)));
    }
  }

  /** Stops every worker. */
  cancel() {
    this.stopped = true;
    this.workers.forEach((w) => w.terminate());
  }
}
