// @ts-check
// "Predict, then check": each question's right answer, decided by the core
// at the section's state when the reader presses Check (so it follows the
// sliders), with the reason in words and the numbers that decide it.
import { fmt, verdictKey, verdictWord } from "./core.js";

/** @typedef {import("./section.js").Section} Section */
/** @typedef {{ answer: string, why: string }} Reveal */

/**
 * The readouts at the section's state with a patch on top.
 * @param {Section} s
 * @param {Record<string, number | string>} patch
 */
function at(s, patch) {
  const st = { p: { ...s.state.p }, law: s.state.law, layers: s.state.layers };
  for (const [k, v] of Object.entries(patch)) { if (k === "law") st.law = String(v); else st.p[k] = Number(v); }
  return s.core.point(s.explorer, st);
}

/** A parameter value as the page writes it, without a float's tail (0.30000000000000004). */
const plain = (/** @type {number} */ x) => String(Number(x.toPrecision(12)));

/** How far the first question raises η_ℓ: 0.2, or up to 1. */
export const q1Step = (/** @type {number} */ etaL) => Math.round(1000 * Math.min(0.2, 1 - etaL)) / 1000;

/** @type {Record<string, (s: Section) => Reveal>} */
export const QUESTIONS = {
  q1: (s) => {
    const etaL = s.state.p["eta-l"];
    const step = q1Step(etaL);
    const before = s.now["exact.teacher-minority"];
    const after = at(s, { "eta-l": etaL + step })["exact.teacher-minority"];
    const answer = after < before * (1 - 1e-9) ? "better" : after > before * (1 + 1e-9) ? "worse" : "same";
    return { answer, why: `With η_ℓ = ${etaL} the teacher's minority risk is ${fmt(before)}; with η_ℓ = ${plain(etaL + step)} it is ${fmt(after)}. ` +
      (answer === "better" ? "More minority samples in training move the teacher's mix toward the minority group, so it fits that group better."
        : "Here more minority samples do not help the minority group: look at the figure's minority end (η_t = 1) as you move η_ℓ.") };
  },
  q2: (s) => {
    const maj = s.now["exact.teacher-majority"];
    const min = s.now["exact.teacher-minority"];
    const answer = min >= maj ? "minority" : "majority";
    const etaL = s.state.p["eta-l"];
    // Theorem 1's spurious part (η_t − η_ℓ)²‖μ_T‖² is larger at the end further from η_ℓ.
    const theorem = etaL < 0.5 ? "minority" : etaL > 0.5 ? "majority" : "";
    const agree = theorem === "" ? "Theorem 1 puts the two groups level at η_ℓ = 0.5."
      : theorem === answer ? `Theorem 1 says the same: the ${theorem} is further from η_ℓ = ${etaL}, so its spurious part (η_t − η_ℓ)²‖μ_T‖² is larger.`
        : `Theorem 1 would say the ${theorem} (further from η_ℓ = ${etaL}); the exact theory differs here.`;
    return { answer, why: `The teacher's risk is ${fmt(maj)} on the majority and ${fmt(min)} on the minority. ${agree}` };
  },
  q3: (s) => {
    const v = s.now["exact.verdict"];
    return { answer: verdictKey(v), why: `ER_T = ${fmt(s.now["exact.teacher"])} and ER_S = ${fmt(s.now["exact.student"])}: the gain is ${fmt(s.now["exact.gain"])}, so W2S ${verdictWord(v)}.` };
  },
  q4: (s) => {
    const r = at(s, { rho: 0 });
    return { answer: verdictKey(r["exact.verdict"]) === "fails" ? "fails" : "happens",
      why: `At ρ = 0 the gain is ${fmt(r["exact.gain"])} (ER_T = ${fmt(r["exact.teacher"])}, ER_S = ${fmt(r["exact.student"])}). ` +
        (verdictKey(r["exact.verdict"]) === "fails"
          ? "The teacher then sees no group signal at all, but the student does, through a direction the teacher cannot read: " +
            "the student's test-mixture term (η_t − η_ℓ)Ξμ_S costs more than the teacher's noise the student drops."
          : "The student's test-mixture term (η_t − η_ℓ)Ξμ_S is there, but at this state the teacher's noise the student drops is larger.") };
  },
  q5: (s) => {
    const star = s.now["exact.eta-u-star"];
    const etaL = s.state.p["eta-l"];
    const answer = !Number.isFinite(star) || Math.abs(star - etaL) <= 0.005 ? "at" : star < etaL ? "below" : "above";
    return { answer, why: `η_u* = ${fmt(star)} and η_ℓ = ${etaL}. ` + (answer === "at"
      ? "The test-mixture term is zero here, or too small to move the best η_u off η_ℓ by more than the width of a slider step: the mismatch term decides."
      : "The test-mixture term (η_t − η_u)Ξμ_S is not zero here: moving η_u changes it too, and the best η_u balances both terms.") };
  },
  q6: (s) => {
    const r = at(s, { law: "mixture" });
    return { answer: verdictKey(r["exact.verdict"]) === "fails" ? "fails" : "happens",
      why: `Under the mixture law the gain is ${fmt(r["exact.gain"])}; under the surrogate law it is ${fmt(at(s, { law: "surrogate" })["exact.gain"])}. ` +
        "Under the mixture the spurious terms saturate as sep grows; under the surrogate they keep growing." };
  },
  q7: (s) => q7(s),
  q8: () => ({ answer: "no", why: "It ranks the unlabeled samples by the vanilla student's confidence (its prediction entropy). " +
    "Group labels are read only to report accuracy on a balanced test set." }),
  q9: (s) => {
    const fo = s.now["first-order.teacher"];
    const ex = s.now["exact.teacher"];
    const off = Math.abs(fo - ex) / ex;
    return { answer: off <= 0.1 ? "close" : "far", why: `First order ${fmt(fo)}, exact ${fmt(ex)}: first order is off by ${(100 * off).toFixed(1)} %. ` +
      (off <= 0.1 ? "At this p_Tγ_z the terms the first order drops are still small."
        : "The exact risk grows like 1/(1 − p_Tγ_z) near the edge of the regime; the first order misses that growth.") };
  },
};

/** @param {Section} s */
function q7(s) {
  const nu = s.state.p.nu;
  const cap = 0.9999 / s.state.p["p-s"];
  const next = nu > 0 ? Math.min(2 * nu, cap) : Math.min(0.01, cap);
  const before = s.now["exact.pgr"];
  const after = at(s, { nu: next })["exact.pgr"];
  const answer = after > before ? "up" : "down";
  return { answer, why: `PGR is ${fmt(before)} at ν_z = ${nu} and ${fmt(after)} at ν_z = ${plain(next)}. ` +
    (answer === "down" ? "Fewer pseudo-labels leave more of the teacher's unshared noise in the student; the teacher and the ceiling do not depend on ν_z."
      : "Here the student's risk falls as ν_z grows, which the ν_z term of Theorem 2 (never negative) does not predict.") };
}

/**
 * Wires a question's Check button: the reveal says whether the choice is
 * the theory's answer, and why.
 * @param {HTMLElement} box the .predict block
 * @param {Section} section
 */
export function wireQuestion(box, section) {
  const id = box.dataset.question ?? "";
  const rule = QUESTIONS[id];
  if (!rule) throw new Error(`no rule for question ${id}`);
  const reveal = /** @type {HTMLElement} */ (box.querySelector(".reveal"));
  /** @type {HTMLButtonElement} */ (box.querySelector("button.check")).addEventListener("click", () => {
    const chosen = /** @type {HTMLInputElement | null} */ (box.querySelector("input[type=radio]:checked"));
    const { answer, why } = rule(section);
    reveal.hidden = false;
    reveal.dataset.answer = answer;
    const label = box.querySelector(`input[value="${answer}"]`)?.parentElement?.textContent?.trim() ?? answer;
    if (!chosen) {
      reveal.textContent = "Choose an answer first, then press Check.";
      reveal.className = "reveal";
      delete reveal.dataset.answer;
      return;
    }
    reveal.textContent = `${chosen.value === answer ? "Right" : "Not quite"}: the theory says ${label}. ${why}`;
    reveal.className = "reveal " + (chosen.value === answer ? "right" : "wrong");
  });
}
