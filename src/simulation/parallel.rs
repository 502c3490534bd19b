//! Work spread over std threads with results in task order. Each task is
//! keyed by its index alone (a replicate's data depend on the seed and the
//! replicate's index), so the results are the same bits whatever the number
//! of threads and whichever thread takes which task. Native only: a web page
//! spreads replicates over its own workers.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads to use when none is asked for: every core.
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Runs `task(0) … task(tasks − 1)` on `threads` threads (at least one),
/// each taking the next undone index as it frees up, so a slow task does not
/// hold up the others. Returns the results in index order; `None` where a
/// task panicked (a bug, whose message has already been printed).
pub fn map<T: Send>(
    tasks: usize,
    threads: usize,
    task: impl Fn(usize) -> T + Sync,
) -> Vec<Option<T>> {
    let threads = threads.clamp(1, tasks.max(1));
    let mut out: Vec<Option<T>> = (0..tasks).map(|_| None).collect();
    if threads == 1 {
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = Some(task(i));
        }
        return out;
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let (task, next) = (&task, &next);
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= tasks {
                            return done;
                        }
                        done.push((i, task(i)));
                    }
                })
            })
            .collect();
        for h in handles {
            let Ok(results) = h.join() else { continue };
            for (i, r) in results {
                out[i] = Some(r);
            }
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_task_order_for_any_thread_count() {
        let want: Vec<Option<usize>> = (0..17).map(|i| Some(i * i)).collect();
        for threads in [1, 2, 3, 8, 40] {
            assert_eq!(map(17, threads, |i| i * i), want, "{threads} threads");
        }
        assert!(map(0, 4, |i| i).is_empty());
    }
}
