//! The `handout` binary: everything lives in the library.

/// mimalloc instead of the system allocator: a batch makes and drops
/// millions of small objects from two threads, and glibc's malloc spent
/// about 30% of a batch's time on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    handout::cli::main()
}
