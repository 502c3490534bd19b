// W2S explorer shell: controls → state → URL → compute (Rust/wasm) → readouts.
// State lives in `state` only; every change goes through `update`.
import init, { Explorer, paramKeys, defaultValues } from "../pkg/w2s.js";

const CONTROLS = [
  { key: "eta-l", label: "η_ℓ", meaning: "minority fraction of the labeled data", min: 0, max: 1, step: 0.005 },
  { key: "eta-u", label: "η_u", meaning: "minority fraction of the unlabeled data", min: 0, max: 1, step: 0.005 },
  { key: "eta-t", label: "η_t", meaning: "minority fraction of the test distribution", min: 0, max: 1, step: 0.005 },
  { key: "gamma", label: "γ_z = d_z/n", meaning: "features per labeled sample", min: 0.001, max: 0.16, step: 0.001 },
  { key: "nu", label: "ν_z = d_z/N", meaning: "features per unlabeled sample (0: N = ∞)", min: 0, max: 0.3, step: 0.0005 },
  { key: "sep", label: "‖μ_ξ‖²/σ²", meaning: "how separable the two groups are", min: 0, max: 30, step: 0.1 },
  { key: "xi2", label: "‖Ξ‖_F²", meaning: "overlap of teacher and student features", min: 0, max: 2, step: 0.01 },
];

const ROWS = [
  ["teacher ER_T", 0], ["student ER_S", 1], ["strong ceiling", 2],
  ["W2S gain ER_T − ER_S", 3], ["relative gain", 4], ["PGR", 5],
];

let explorer;
let keys;
const state = { values: null, law: "mixture" };

function fmt(x) {
  return Number.isFinite(x) ? x.toFixed(5) : "—";
}

// Applies the URL hash field by field: a field is kept only if it is a
// number (or a known law) and the state stays valid with it; others are
// ignored and named in the status line. Nothing in the hash is executed.
function readHash() {
  const ignored = [];
  for (const [k, v] of new URLSearchParams(location.hash.slice(1))) {
    const values = state.values.slice();
    let law = state.law;
    const i = keys.indexOf(k);
    if (i >= 0 && v.trim() !== "" && Number.isFinite(Number(v))) values[i] = Number(v);
    else if (k === "law" && (v === "mixture" || v === "surrogate")) law = v;
    else { ignored.push(k); continue; }
    try {
      compute(values, law);
      state.values = values;
      state.law = law;
    } catch (e) {
      ignored.push(k);
    }
  }
  const status = document.getElementById("status");
  if (status) status.textContent = ignored.length ? `Ignored from the link: ${ignored.join(", ")}` : "";
}

function writeHash() {
  const params = new URLSearchParams();
  keys.forEach((k, i) => params.set(k, String(state.values[i])));
  params.set("law", state.law);
  history.replaceState(null, "", "#" + params.toString());
}

function compute(values, law) {
  return explorer.point(Float64Array.from(values), law);
}

// Try a change; on error show it at the control and keep the last valid state.
function update(key, value, control) {
  const next = state.values.slice();
  let law = state.law;
  if (key === "law") law = value;
  else next[keys.indexOf(key)] = value;
  let out;
  try {
    out = compute(next, law);
  } catch (e) {
    if (control) {
      control.classList.add("invalid");
      control.querySelector(".error").textContent = e.message;
    }
    return;
  }
  document.querySelectorAll(".control.invalid").forEach((c) => {
    c.classList.remove("invalid");
    c.querySelector(".error").textContent = "";
  });
  state.values = next;
  state.law = law;
  writeHash();
  render(out);
  syncControls();
}

function render(out) {
  const body = document.querySelector("#readouts tbody");
  const rows = ROWS.map(([label, j]) =>
    `<tr><th scope="row">${label}</th>${[0, 1, 2].map((l) => `<td>${fmt(out[6 * l + j])}</td>`).join("")}</tr>`);
  rows.push(`<tr><th scope="row">teacher majority / minority</th><td colspan="3">${fmt(out[18])} / ${fmt(out[19])}</td></tr>`);
  rows.push(`<tr><th scope="row">student majority / minority</th><td colspan="3">${fmt(out[20])} / ${fmt(out[21])}</td></tr>`);
  rows.push(`<tr><th scope="row">η_u* (closed form / exact)</th><td colspan="3">${fmt(out[22])} / ${fmt(out[23])}</td></tr>`);
  body.innerHTML = rows.join("");
  const gain = out[15];
  document.getElementById("verdict").textContent = gain > 0
    ? "W2S happens: the student beats its teacher (exact theory)."
    : "W2S fails: the student is no better than its teacher (exact theory).";
}

function syncControls() {
  for (const c of CONTROLS) {
    const v = state.values[keys.indexOf(c.key)];
    const root = document.getElementById("control-" + c.key);
    root.querySelector("input[type=range]").value = v;
    const box = root.querySelector("input[type=number]");
    if (document.activeElement !== box) box.value = v;
  }
  document.getElementById("law").value = state.law;
}

function buildControls() {
  const host = document.getElementById("controls");
  host.innerHTML = "";
  for (const c of CONTROLS) {
    const root = document.createElement("div");
    root.className = "control";
    root.id = "control-" + c.key;
    root.innerHTML = `<label for="num-${c.key}">${c.label}<span class="meaning">${c.meaning}</span></label>
      <div class="row"><input type="range" aria-label="${c.label} slider" min="${c.min}" max="${c.max}" step="${c.step}">
      <input type="number" id="num-${c.key}" step="any"></div><div class="error" role="alert"></div>`;
    root.querySelector("input[type=range]").addEventListener("input", (e) => update(c.key, Number(e.target.value), root));
    root.querySelector("input[type=number]").addEventListener("change", (e) => {
      const text = e.target.value.trim();
      const x = text === "" ? NaN : Number(text);
      update(c.key, x, root);
    });
    host.appendChild(root);
  }
  const law = document.createElement("div");
  law.className = "control";
  law.innerHTML = `<label for="law">law of the group features<span class="meaning">mixture: the model as stated; surrogate: same mean, no between-group variance</span></label>
    <select id="law"><option value="mixture">mixture</option><option value="surrogate">surrogate</option></select><div class="error" role="alert"></div>`;
  law.querySelector("select").addEventListener("change", (e) => update("law", e.target.value, law));
  host.appendChild(law);
}

async function main() {
  await init();
  explorer = new Explorer();
  keys = paramKeys();
  state.values = Array.from(defaultValues());
  readHash();
  const status = document.getElementById("status").textContent;
  buildControls();
  const note = document.createElement("p");
  note.id = "status";
  note.setAttribute("role", "status");
  note.textContent = status;
  document.getElementById("controls").prepend(note);
  render(compute(state.values, state.law));
  syncControls();
  writeHash();
  window.addEventListener("hashchange", () => { readHash(); update("law", state.law, null); });
}

main().catch((e) => {
  document.getElementById("status").textContent = "Could not start the theory engine: " + e.message;
});
