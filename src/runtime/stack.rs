//! Running the front end on a stack of known size.
//!
//! Name resolution, dimension checking, code generation and both backends walk
//! expression trees recursively. The parsers bound the height of every tree (1000)
//! and `check` bounds the height of trees with inlined subexpressions, so the
//! recursion is bounded, but not by something small enough for every caller's stack:
//! unoptimised builds use several KiB per level, and threads spawned with the default
//! 2 MiB stack overflow on a legal model. [`deep`] runs such work on a thread with
//! [`STACK_BYTES`] of stack (only the pages touched are committed), so that the
//! limits of the model code, not the caller's thread, decide what is too deep.

use std::sync::Mutex;

/// The stack of the thread [`deep`] runs its task on.
pub const STACK_BYTES: usize = 64 << 20;

/// Run `task` on a scoped thread with [`STACK_BYTES`] of stack and return its result
/// (a panic is resumed on the calling thread). Falls back to the calling thread if no
/// thread can be started.
pub fn deep<T: Send, F: FnOnce() -> T + Send>(task: F) -> T {
    let slot = Mutex::new(Some(task));
    let take_and_run = |slot: &Mutex<Option<F>>| {
        let task = slot.lock().ok()?.take()?;
        Some(task())
    };
    let joined = std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("spikelift-front-end".to_string())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || take_and_run(&slot))
            .ok()?;
        Some(handle.join())
    });
    match joined {
        Some(Ok(Some(value))) => value,
        Some(Err(panic)) => std::panic::resume_unwind(panic),
        Some(Ok(None)) | None => match take_and_run(&slot) {
            Some(value) => value,
            None => panic!("bug: the task ran neither on its thread nor inline"),
        },
    }
}
