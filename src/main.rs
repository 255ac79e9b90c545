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

/// mimalloc v3 hands freed memory back to the system a second after it is
/// freed (its `purge_delay`, 1,000 ms; v2 waited 10 ms). A batch frees
/// megabytes every few milliseconds, so a run's peak memory was whatever a
/// second of churn left resident, more the longer the run: 20,000 clients
/// took 52–57 MB against 45–49 for 2,000. At 50 ms: 46–47 MB against 42.
/// Shorter delays cost system time (memory handed back and asked for
/// again): 10 ms kept no less and took 3 s more of it at 20,000 clients.
/// `MIMALLOC_PURGE_DELAY` in the environment still decides when set.
const PURGE_DELAY_MS: std::ffi::c_long = 50;

fn tune_allocator() {
    // mimalloc's option numbers (mimalloc.h, v3): `mi_option_purge_delay`.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: setting an option is a plain store into mimalloc's
        // option table, allowed at any time.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
    }
}

fn main() {
    tune_allocator();
    let status = handout::cli::main_with(handout::cli::Allocator {
        release_freed: release_freed_memory,
    });
    exit_now(status)
}

/// Leave without running the C library's exit handlers. They only give
/// back what the system is about to take back anyway: mimalloc's, run at
/// exit, walks and frees every heap page (0.3 ms of a 10 ms worksheet),
/// and the shared libraries' destructors follow. Rust's own buffered
/// output is flushed first; every file handout writes is synced and closed
/// before `main_with` returns.
fn exit_now(status: u8) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` ends the process at once; nothing after it runs.
    unsafe { libc::_exit(i32::from(status)) }
}
