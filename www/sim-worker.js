// @ts-check
// Simulation worker: runs replicates of the finite-sample simulation in wasm,
// off the main thread. Each task is (point, η_u, replicate index); results
// depend only on the seed and the index, so how tasks are split between
// workers does not change any number.
import init, { simulateReplicate } from "../pkg/w2s.js";

const ready = init();

self.onmessage = async (e) => {
  await ready;
  const { values, law, dz, seed, tasks, etaUIndex } = e.data;
  for (const t of tasks) {
    const v = Float64Array.from(values);
    v[etaUIndex] = t.etaU;
    try {
      const r = simulateReplicate(v, law, dz, seed, t.index);
      self.postMessage({ ok: true, point: t.point, result: Array.from(r) });
    } catch (err) {
      self.postMessage({ ok: false, message: err.message });
      return;
    }
  }
  self.postMessage({ done: true });
};
