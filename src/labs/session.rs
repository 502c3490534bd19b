//! What every lab's results go through before its state stores them: the
//! one flat array a page's workers send, split into tasks, and the checks
//! that refuse numbers no task can give, in words.

use super::lab::Lab;
use crate::error::Error;

/// Refuses a result whose number of tasks is not the job's.
pub fn expect_tasks(n: usize, tasks: &[Vec<f64>]) -> Result<(), Error> {
    if tasks.len() == n {
        Ok(())
    } else {
        Err(Error::Request(format!(
            "expected {n} task results, got {}",
            tasks.len()
        )))
    }
}

/// Refuses results that no task can give: every number a job reports is an
/// accuracy, a share or a fraction in [0, 1], or (the paths) a cosine in
/// [−1, 1]. The figures and the summary can then trust them.
pub fn expect_range(job: &str, tasks: &[Vec<f64>], lo: f64, hi: f64) -> Result<(), Error> {
    for (t, v) in tasks.iter().enumerate() {
        if let Some((k, x)) = v.iter().enumerate().find(|(_, x)| !(lo..=hi).contains(*x)) {
            return Err(Error::Request(format!(
                "'{job}' results: number {k} of task {t} is {x}, which no task gives: \
                 allowed [{lo}, {hi}]"
            )));
        }
    }
    Ok(())
}

/// Splits one flat array of a job's results into its tasks (web workers
/// send one array; each task's length is known from the settings).
pub fn split(
    lab: &dyn Lab,
    values: &[f64],
    job: &str,
    flat: &[f64],
) -> Result<Vec<Vec<f64>>, Error> {
    let n = lab.tasks(values, job)?;
    let len = lab.task_len(values, job)?;
    if flat.len() != n * len {
        return Err(Error::Request(format!(
            "'{job}' results: expected {n} tasks × {len} numbers = {}, got {} numbers",
            n * len,
            flat.len()
        )));
    }
    // len ≥ 1 for every job, so chunks_exact cannot be asked for size 0.
    Ok(flat.chunks_exact(len.max(1)).map(<[f64]>::to_vec).collect())
}
