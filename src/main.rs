//! The `handout` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    handout::cli::main()
}
