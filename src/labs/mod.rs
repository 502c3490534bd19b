//! Two labs beside the theory: Enhanced-W2S on a synthetic
//! spurious-correlation task ([`enhanced`]) and W2S in plain linear logistic
//! regression ([`finetune`]). Both are seeded, pure and split into independent
//! tasks, so the CLI runs them on threads and the page in web workers.

pub mod enhanced;
pub mod figures;
pub mod finetune;
pub mod knobs;
pub mod logreg;
pub mod session;
