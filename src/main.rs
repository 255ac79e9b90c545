//! The `handout` binary: everything lives in the library.

/// mimalloc instead of the system allocator: a batch makes and drops
/// millions of small objects from two threads, and glibc's malloc spent
/// about 30% of a batch's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Hands freed memory back to the system now rather than later: called by
/// `batch` once a roster is read and checked, since what reading it took
/// (a few hundred bytes a row) would otherwise stay with the main thread
/// for the whole run.
fn release_freed_memory() {
    // SAFETY: mi_collect only walks mimalloc's own heaps; it may be called
    // at any time from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

fn main() -> std::process::ExitCode {
    handout::cli::main_with(handout::cli::Allocator {
        release_freed: release_freed_memory,
    })
}
