// @ts-check
// Lab worker: runs a share of a lab job's tasks in wasm, off the main thread.
// A task's numbers depend only on the settings and the task's index, so how
// tasks are split between workers does not change any number.
import init, { labTask } from "../pkg/w2s.js";

const ready = init();

self.onmessage = async (e) => {
  await ready;
  const { lab, values, job, tasks } = e.data;
  for (const t of tasks) {
    try {
      const r = labTask(lab, Float64Array.from(values), job, t);
      self.postMessage({ ok: true, task: t, result: r }, [r.buffer]);
    } catch (err) {
      self.postMessage({ ok: false, message: err.message });
      return;
    }
  }
  self.postMessage({ done: true });
};
