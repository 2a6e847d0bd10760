//! Running two pieces of work side by side on scoped threads, for the passes that do so on
//! large inputs. A panic on the other thread is resumed on this one, as if run in sequence.

/// Runs `beside` on a new scoped thread and `here` on this one; returns both results.
pub(crate) fn join<A, B>(here: impl FnOnce() -> A, beside: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    std::thread::scope(|scope| {
        let other = scope.spawn(beside);
        let mine = here();
        let theirs = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (mine, theirs)
    })
}
