// @ts-check
// The simulation gives the same numbers in wasm as natively: runs replicates
// through the wasm module (pkg/, built by ./build.sh build) in Node and compares
// them with `w2s simulate --json` at the same seed, to 1e-12 relative.
// Prints "N passed, N failed" and exits non-zero on any failure.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import init, { simulateReplicate, paramKeys, defaultValues } from "../../pkg/w2s.js";

const bin = process.argv[2] ?? "target/release/w2s";
await init({ module_or_path: readFileSync(new URL("../../pkg/w2s_bg.wasm", import.meta.url)) });

const cases = [
  { law: "mixture", set: { "p-t": 4, "p-s": 3, "eta-u": 0.3, gamma: 0.1, nu: 0.05 }, d: 24, seed: 7 },
  { law: "surrogate", set: { "p-t": 6, "p-s": 2, xi2: 0.7, sep: 9, rho: 0.6, "eta-l": 0.4, gamma: 0.08, nu: 0.1 }, d: 16, seed: 123456789 },
];
let passed = 0;
let failed = 0;
for (const c of cases) {
  const keys = paramKeys();
  const values = Array.from(defaultValues());
  const args = ["simulate", "--json", "--law", c.law, "--d-z", String(c.d), "--reps", "3", "--seed", String(c.seed)];
  for (const [k, v] of Object.entries(c.set)) {
    values[keys.indexOf(k)] = v;
    args.push("--" + k, String(v));
  }
  const native = JSON.parse(execFileSync(bin, args, { encoding: "utf8" }));
  for (let i = 0; i < 3; i++) {
    const w = simulateReplicate(Float64Array.from(values), c.law, c.d, c.seed, i);
    const expected = [
      native.teacher.values[i], native.groups.teacher.majority.values[i], native.groups.teacher.minority.values[i],
      native.student.values[i], native.groups.student.majority.values[i], native.groups.student.minority.values[i],
    ];
    const worst = Math.max(...expected.map((e, j) => Math.abs(w[j] - e) / Math.abs(e)));
    if (worst <= 1e-12) {
      passed++;
    } else {
      failed++;
      console.error(`${c.law} replicate ${i}: wasm ${Array.from(w)} vs native ${expected} (relative ${worst})`);
    }
  }
}
console.log(`wasm reproducibility: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
