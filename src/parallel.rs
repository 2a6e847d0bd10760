//! Running pieces of work side by side on scoped threads, for the passes that do so on large
//! inputs. A panic on another thread is resumed on this one, as if run in sequence.

/// The number of threads worth running: the cores the system offers (1 if it cannot say).
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `beside` on a new scoped thread and `here` on this one; returns both results.
pub(crate) fn join<A, B>(here: impl FnOnce() -> A, beside: impl FnOnce() -> B + Send) -> (A, B)
where
    B: Send,
{
    std::thread::scope(|scope| {
        let other = scope.spawn(beside);
        let mine = here();
        (mine, resumed(other.join()))
    })
}

/// Runs `work(0)` on this thread and `work(1)`…`work(count - 1)` on scoped threads of their
/// own; returns the results in that order (none when `count` is 0).
pub(crate) fn on_threads<T: Send>(count: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    each_on_threads(vec![(); count], |idx, ()| work(idx))
}

/// Runs `work` on each input, the first on this thread and each other on a scoped thread of
/// its own, which the input is moved to; returns the results in the inputs' order.
pub(crate) fn each_on_threads<I: Send, T: Send>(
    inputs: Vec<I>,
    work: impl Fn(usize, I) -> T + Sync,
) -> Vec<T> {
    let work = &work;
    let mut inputs = inputs.into_iter().enumerate();
    let Some((_, first)) = inputs.next() else {
        return Vec::new();
    };
    std::thread::scope(|scope| {
        let others: Vec<_> = inputs
            .map(|(idx, input)| scope.spawn(move || work(idx, input)))
            .collect();
        let mut results = Vec::with_capacity(others.len() + 1);
        results.push(work(0, first));
        results.extend(others.into_iter().map(|other| resumed(other.join())));
        results
    })
}

/// The result of a joined thread, or its panic resumed here.
fn resumed<T>(joined: std::thread::Result<T>) -> T {
    joined.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_thread_order() {
        assert_eq!(on_threads(4, |idx| idx * 10), [0, 10, 20, 30]);
        assert!(on_threads(0, |idx| idx).is_empty());
        assert_eq!(join(|| 1, || "two"), (1, "two"));
        let words = vec![String::from("a"), String::from("bb")];
        assert_eq!(
            each_on_threads(words, |idx, word| (idx, word.len())),
            [(0, 1), (1, 2)]
        );
    }

    #[test]
    #[should_panic(expected = "from another thread")]
    fn a_panic_on_another_thread_is_resumed_here() {
        on_threads(2, |idx| assert_eq!(idx, 0, "from another thread"));
    }
}
