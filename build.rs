//! Compiles the built-in lessons (`lessons/*.toml`) into the binary, so a
//! fresh install needs nothing else: the list is made here so that adding a
//! lesson file needs no code change.

use std::env;
use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("lessons/ folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    // Sorted: the order reaches `handout list` and must not depend on the
    // file system.
    files.sort();
    let mut out = String::from("pub static BUILTIN_LESSONS: &[(&str, &str)] = &[\n");
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_lessons.rs");
    fs::write(dest, out).unwrap();
}
