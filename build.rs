//! Compiles the built-in lessons (`lessons/*.toml`) into the binary, so a
//! fresh install needs nothing else: the list is made here so that adding a
//! lesson file needs no code change.

use std::env;
use std::fs;
use std::path::Path;

#[path = "src/kerning.rs"]
#[allow(dead_code)]
mod kerning;

fn main() {
    lessons();
    kerns();
}

/// The kerning of every pair of common characters (Latin-1 and the usual
/// punctuation) in the four bundled Atkinson faces, tabled here from the
/// fonts so that no run reads it from their GPOS tables pair by pair.
fn kerns() {
    let fonts = manifest_dir().join("fonts");
    let mut out = String::from(
        "/// Kerned pairs of common characters, `(a * COMMON + b, units)`, sorted,\n\
         /// for Atkinson Hyperlegible Next regular, bold, italic, bold italic.\n\
         pub static COMMON_KERNS: [&[(u32, i16)]; 4] = [\n",
    );
    for file in [
        "AtkinsonHyperlegibleNext_400Regular.ttf",
        "AtkinsonHyperlegibleNext_700Bold.ttf",
        "AtkinsonHyperlegibleNext_400Regular_Italic.ttf",
        "AtkinsonHyperlegibleNext_700Bold_Italic.ttf",
    ] {
        let path = fonts.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        let bytes = fs::read(&path).expect("bundled font");
        let face = ttf_parser::Face::parse(&bytes, 0).expect("bundled font parses");
        let pairs = kerning::PairKerning::of(&face)
            .map(|k| k.common_pairs(&face))
            .unwrap_or_default();
        out.push_str("    &[");
        for (key, units) in pairs {
            out.push_str(&format!("({key},{units}),"));
        }
        out.push_str("],\n");
    }
    out.push_str("];\n");
    let dest = Path::new(&env::var("OUT_DIR").unwrap()).join("common_kerns.rs");
    fs::write(dest, out).unwrap();
}

fn lessons() {
    let dir = manifest_dir().join("lessons");
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

/// The package's folder, as cargo says when it runs this script. Not
/// `env!`, which is fixed when the script is compiled: a build script
/// compiled in one checkout and reused from a copied `target/` in another
/// would read the first checkout's lessons.
fn manifest_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(
        env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    )
}
