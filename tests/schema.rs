//! `handout schema lesson|packet|help`: the JSON Schema an editor checks
//! lesson files, packets and local help files against while they are
//! typed. Checked with a validator we didn't write (Python's `jsonschema`,
//! on the TOML as `tomllib` reads it): every built-in lesson, example and
//! fixture the reader accepts passes it, and a misspelt key fails it,
//! named. On the Rust side, the schema and the readers are held to each
//! other key by key, so one can't gain or lose a key without the other.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use handout::diag::{Diagnostics, Source};
use handout::fonts::FontBook;
use handout::shape::{Holds, Shape};
use serde_json::Value;
use toml::Table;

/// Validates files against the three schemas in a folder, each with the
/// draft-07 validator and the draft 4 one (what Taplo reads); the schemas
/// themselves are first checked against their drafts' meta-schemas. TOML
/// dates become strings, as Taplo hands them to a schema.
const VALIDATE: &str = r#"
import json, sys, tomllib
from jsonschema import Draft4Validator, Draft7Validator
schemas = {}
for kind in ("lesson", "packet", "help"):
    with open(f"{sys.argv[1]}/{kind}.schema.json") as f:
        schema = json.load(f)
    Draft7Validator.check_schema(schema)
    Draft4Validator.check_schema(schema)
    schemas[kind] = schema
out = []
for kind, path in json.load(sys.stdin):
    with open(path, "rb") as f:
        doc = json.loads(json.dumps(tomllib.load(f), default=str))
    errors = []
    for draft in (Draft7Validator, Draft4Validator):
        for e in draft(schemas[kind]).iter_errors(doc):
            at = "/".join(str(p) for p in e.absolute_path)
            errors.append({"draft": draft.__name__, "at": at, "message": e.message})
    out.append({"file": path, "errors": errors})
print(json.dumps(out))
"#;

/// Python 3.11 or later (`tomllib`) with `jsonschema`; else the test is
/// skipped with a note (a failure under CI).
fn python_ready() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import tomllib, jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip(
            "python3 (3.11 or later) with jsonschema (pip install jsonschema)",
            "validating files against the JSON Schemas",
        );
    }
    ok
}

/// The three schemas, written by `handout schema KIND -o FILE` into `dir`.
fn write_schemas(dir: &Path) {
    for kind in ["lesson", "packet", "help"] {
        let file = dir.join(format!("{kind}.schema.json"));
        handout()
            .args(["schema", kind, "-o"])
            .arg(&file)
            .assert()
            .success();
    }
}

/// Each file's errors from the validators, by file.
fn validate(schemas: &Path, files: &[(&str, PathBuf)]) -> Vec<(String, Vec<String>)> {
    let list: Vec<(&str, String)> = files
        .iter()
        .map(|(kind, p)| (*kind, p.display().to_string()))
        .collect();
    let mut child = Command::new("python3")
        .args(["-c", VALIDATE])
        .arg(schemas)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    serde_json::to_writer(child.stdin.take().unwrap(), &list).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the validator failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    results
        .iter()
        .map(|r| {
            let errors = r["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let part = |k: &str| e[k].as_str().unwrap().to_string();
                    format!("{} at /{}: {}", part("draft"), part("at"), part("message"))
                })
                .collect();
            (r["file"].as_str().unwrap().to_string(), errors)
        })
        .collect()
}

/// Every `.toml` file directly in `dir`.
fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    out.sort();
    out
}

/// Which schema a file is checked against, by its name.
fn kind_of(path: &Path) -> &'static str {
    let name = path.file_name().unwrap().to_string_lossy();
    if name.ends_with(".packet.toml") {
        "packet"
    } else if name.ends_with(".help.toml") {
        "help"
    } else {
        "lesson"
    }
}

#[test]
fn every_built_in_lesson_example_packet_and_help_file_passes_its_schema() {
    if !python_ready() {
        return;
    }
    let dir = tempdir();
    write_schemas(dir.path());
    // What `handout new` writes is a lesson too.
    handout()
        .current_dir(dir.path())
        .args(["new", "my-lesson.toml"])
        .assert()
        .success();
    let mut files: Vec<(&str, PathBuf)> = Vec::new();
    for folder in ["lessons", "examples"] {
        for p in toml_files(&root().join(folder)) {
            files.push((kind_of(&p), p));
        }
    }
    files.push(("lesson", dir.path().join("my-lesson.toml")));
    let count = |kind: &str| files.iter().filter(|(k, _)| *k == kind).count();
    assert!(
        count("lesson") >= 30 && count("packet") >= 2 && count("help") >= 1,
        "{files:?}"
    );
    for (file, errors) in validate(dir.path(), &files) {
        assert!(errors.is_empty(), "{file}:\n{}", errors.join("\n"));
    }
}

#[test]
fn every_fixture_the_reader_accepts_passes_and_every_one_the_schema_refuses_the_reader_refuses() {
    if !python_ready() {
        return;
    }
    let dir = tempdir();
    write_schemas(dir.path());
    let mut files = Vec::new();
    for folder in ["", "bad", "fuzz", "wording"] {
        for p in toml_files(&fixture(folder)) {
            // A file that isn't TOML at all has no document to validate.
            let text = std::fs::read_to_string(&p).unwrap();
            if text.parse::<Table>().is_ok() {
                files.push(("lesson", p));
            }
        }
    }
    let mut refused_by_both = 0;
    for ((_, path), (file, errors)) in files.iter().zip(validate(dir.path(), &files)) {
        let stem = path.file_name().unwrap().to_string_lossy();
        let stem = stem.split('.').next().unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        let read = handout::lesson::load(Source::new(&file, text), stem, FontBook::global());
        match (&read, errors.is_empty()) {
            (Ok(_), false) => panic!(
                "{file}: the reader accepts it, the schema doesn't:\n{}",
                errors.join("\n")
            ),
            (Err(_), false) => refused_by_both += 1,
            _ => {}
        }
    }
    // The bad fixtures with a wrong key, type or count are among them.
    assert!(refused_by_both >= 5, "{refused_by_both}");
}

/// `text` validated as a `kind` file: the validators' messages.
fn errors_in(kind: &str, text: &str) -> Vec<String> {
    let dir = tempdir();
    write_schemas(dir.path());
    let file = write(dir.path(), &format!("file.{kind}.toml"), text);
    let mut results = validate(dir.path(), &[(kind, file)]);
    results.pop().unwrap().1
}

/// The reader's messages for the same file (`handout check` for a lesson;
/// a build for a packet or a local help file).
fn reader_says(kind: &str, text: &str) -> String {
    let dir = tempdir();
    let name = match kind {
        "packet" => "file.packet.toml",
        "help" => "file.help.toml",
        _ => "file.toml",
    };
    let file = write(dir.path(), name, text);
    let out = match kind {
        "help" => handout()
            .args(["build", "compassion-in-recovery", "-o", "-", "--local-help"])
            .arg(&file)
            .output(),
        _ => handout().arg("check").arg(&file).output(),
    }
    .unwrap();
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A good file, then the same with one key misspelt: the good one passes,
/// the misspelt one fails in both drafts with a message naming the key
/// (at `at`, the path to its table), and the reader refuses it too.
fn misspelt_key_fails(kind: &str, good: &str, bad: &str, key: &str, at: &str) {
    let none: Vec<String> = Vec::new();
    assert_eq!(errors_in(kind, good), none, "{good}");
    let errors = errors_in(kind, bad);
    for draft in ["Draft7Validator", "Draft4Validator"] {
        let named = format!(
            "{draft} at /{at}: Additional properties are not allowed ('{key}' was unexpected)"
        );
        assert!(errors.contains(&named), "{named}\nnot in {errors:?}");
    }
    let said = reader_says(kind, bad);
    assert!(said.contains(&format!("unknown key `{key}`")), "{said}");
}

#[test]
fn a_misspelt_key_in_a_lesson_fails_validation_naming_it() {
    if !python_ready() {
        return;
    }
    let lesson = |title: &str, meaning: &str| {
        format!(
            "{title} = \"Urges\"\nsummary = \"An urge passes.\"\n\n[[terms]]\nterm = \"Urge\"\n{meaning} = \"A strong pull to use.\"\n"
        )
    };
    let good = lesson("title", "meaning");
    misspelt_key_fails("lesson", &good, &lesson("titel", "meaning"), "titel", "");
    misspelt_key_fails(
        "lesson",
        &good,
        &lesson("title", "meening"),
        "meening",
        "terms/0",
    );
}

#[test]
fn a_misspelt_key_in_a_packet_or_a_help_line_fails_validation_naming_it() {
    if !python_ready() {
        return;
    }
    let packet = |facility: &str| {
        format!(
            "title = \"Group\"\n{facility} = \"Riverside\"\nlessons = [\"compassion-in-recovery\"]\n\n[[local_help]]\nname = \"After-hours line\"\nphone = \"(555) 010-0199\"\n"
        )
    };
    misspelt_key_fails(
        "packet",
        &packet("facility"),
        &packet("facilty"),
        "facilty",
        "",
    );
    let help = |phone: &str| {
        format!(
            "[[local_help]]\nname = \"Riverside after-hours line\"\n{phone} = \"(555) 010-0199\"\nhours = \"24/7\"\n"
        )
    };
    // The misspelt `phone` is also a missing one, to both.
    let errors = errors_in("help", &help("phnoe"));
    assert!(
        errors.iter().any(|e| e.contains("'phnoe' was unexpected")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("'phone' is a required property")),
        "{errors:?}"
    );
    let said = reader_says("help", &help("phnoe"));
    assert!(said.contains("unknown key `phnoe`"), "{said}");
    assert_eq!(errors_in("help", &help("phone")), Vec::<String>::new());
}

#[test]
fn a_schema_line_at_the_top_of_a_lesson_is_a_comment_to_the_reader() {
    if !python_ready() {
        return;
    }
    let text = "#:schema ./lesson.schema.json\ntitle = \"Urges\"\nsummary = \"An urge passes.\"\n";
    assert_eq!(errors_in("lesson", text), Vec::<String>::new());
    let dir = tempdir();
    let file = write(dir.path(), "urges.toml", text);
    handout().arg("check").arg(&file).assert().success();
    let pdf = dir.path().join("urges.pdf");
    handout()
        .arg("build")
        .arg(&file)
        .arg("-o")
        .arg(&pdf)
        .assert()
        .success();
    assert!(std::fs::metadata(&pdf).unwrap().len() > 1000);
}

#[test]
fn the_schema_goes_to_standard_output_a_lesson_s_by_default() {
    let out = handout().arg("schema").output().unwrap();
    assert!(out.status.success());
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "A handout lesson");
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(schema["required"], serde_json::json!(["title"]));
    assert_eq!(
        schema["properties"]["terms"]["items"]["properties"]["meaning"]["description"],
        "What it means, in a sentence (Markdown)."
    );
    let dir = tempdir();
    let file = dir.path().join("lesson.schema.json");
    handout()
        .args(["schema", "lesson", "-o"])
        .arg(&file)
        .assert()
        .success();
    assert_eq!(std::fs::read(&file).unwrap(), out.stdout);
    let out = handout().args(["schema", "lessons"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lesson, packet, help"));
}

/// Taplo, the TOML language server editors run (Even Better TOML in VS
/// Code), as its command line; else the test is skipped with a note.
fn taplo_ready() -> bool {
    let ok = Command::new("taplo")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip(
            "taplo (pip install taplo)",
            "checking the editor setup in docs/lesson-format.md",
        );
    }
    ok
}

/// `taplo check FILE` run in `dir`: whether it passed, and what it said.
fn taplo_check(dir: &Path, file: &str) -> (bool, String) {
    let out = Command::new("taplo")
        .current_dir(dir)
        .args(["check", file])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `.taplo.toml` docs/lesson-format.md tells a folder to have.
fn documented_taplo_toml() -> String {
    let doc = std::fs::read_to_string(root().join("docs/lesson-format.md")).unwrap();
    let from = doc.find("**A whole folder:**").expect("the folder setup");
    let block = &doc[from..];
    let start = block.find("```toml\n").unwrap() + "```toml\n".len();
    let end = start + block[start..].find("```").unwrap();
    block[start..end]
        .lines()
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn taplo_set_up_as_the_docs_say_flags_a_misspelt_key_in_each_kind_of_file() {
    if !taplo_ready() {
        return;
    }
    let dir = tempdir();
    write_schemas(dir.path());
    write(dir.path(), ".taplo.toml", &documented_taplo_toml());
    let sub = dir.path().join("group");
    std::fs::create_dir(&sub).unwrap();
    for (from, name) in [
        (
            "lessons/compassion-in-recovery.toml",
            "group/compassion.toml",
        ),
        (
            "examples/relapse-prevention.packet.toml",
            "group/weeks.packet.toml",
        ),
        ("examples/riverside.help.toml", "group/riverside.help.toml"),
    ] {
        std::fs::copy(root().join(from), dir.path().join(name)).unwrap();
        let (passed, said) = taplo_check(dir.path(), name);
        assert!(passed, "{name}: {said}");
    }
    for (name, text, key) in [
        (
            "group/urges.toml",
            "title = \"Urges\"\nsummary = \"An urge passes.\"\n[[terms]]\nterm = \"Urge\"\nmeening = \"A pull.\"\n",
            "meening",
        ),
        (
            "group/weeks2.packet.toml",
            "title = \"Group\"\nfacilty = \"Riverside\"\nlessons = [\"compassion-in-recovery\"]\n",
            "facilty",
        ),
        (
            "group/clinic.help.toml",
            "[[local_help]]\nname = \"Clinic\"\nphone = \"(555) 010-0100\"\nhuors = \"9-5\"\n",
            "huors",
        ),
    ] {
        write(dir.path(), name, text);
        let (passed, said) = taplo_check(dir.path(), name);
        assert!(!passed, "{name} passed");
        let named = format!("Additional properties are not allowed ('{key}' was unexpected)");
        assert!(said.contains(&named), "{name}: {said}");
        // Each kind of file gets its own schema: no other key is unknown.
        let unknown = said
            .lines()
            .filter(|l| l.starts_with("error: Additional properties"))
            .all(|l| l.contains(&format!("'{key}'")));
        assert!(unknown, "{name}: {said}");
    }
}

#[test]
fn taplo_reads_the_schema_line_at_the_top_of_a_lesson() {
    if !taplo_ready() {
        return;
    }
    let dir = tempdir();
    write_schemas(dir.path());
    let lesson = |summary: &str| {
        format!(
            "#:schema ./lesson.schema.json\ntitle = \"Urges\"\n{summary} = \"An urge passes.\"\n"
        )
    };
    write(dir.path(), "good.toml", &lesson("summary"));
    write(dir.path(), "bad.toml", &lesson("sumary"));
    let (passed, said) = taplo_check(dir.path(), "good.toml");
    assert!(passed, "{said}");
    let (passed, said) = taplo_check(dir.path(), "bad.toml");
    assert!(!passed);
    assert!(said.contains("('sumary' was unexpected)"), "{said}");
}

// The Rust side: the shapes the schema is written from, held to the
// readers key by key.

#[derive(Clone, Copy, Debug)]
enum Format {
    Lesson,
    Packet,
    Help,
}

impl Format {
    fn shape(self) -> &'static Shape {
        match self {
            Format::Lesson => &handout::lesson::SHAPE,
            Format::Packet => &handout::packet::SHAPE,
            Format::Help => &handout::help::LOCAL_HELP_FILE,
        }
    }

    /// Every problem the reader finds in `text`, errors and warnings.
    fn read(self, text: &str) -> Diagnostics {
        let source = Source::new("probe.toml", text);
        let book = FontBook::global();
        match self {
            Format::Lesson => match handout::lesson::load(source, "probe", book) {
                Ok((_, d)) | Err(d) => d,
            },
            Format::Packet => match handout::packet::load(source, book) {
                Ok(p) => p.warnings,
                Err(d) => d,
            },
            Format::Help => match handout::help::load_local(source, book) {
                Ok((_, d)) | Err(d) => d,
            },
        }
    }
}

/// A value of the right kind for `holds` (not always one the reader
/// accepts: a phone number is "Sample").
fn sample(holds: &Holds) -> toml::Value {
    match *holds {
        Holds::Text => "Sample".into(),
        Holds::Pattern { example, .. } => example.into(),
        Holds::Word(words) => words[0].into(),
        Holds::Flag => true.into(),
        Holds::Count { min, .. } => i64::from(min).into(),
        Holds::Date => toml::Value::Datetime("2026-12-07".parse().unwrap()),
        Holds::List { item, min, .. } => vec![sample(item); min.max(1)].into(),
        Holds::Table(shape) => sample_table(shape).into(),
        Holds::Tables { shape, .. } => vec![toml::Value::from(sample_table(shape))].into(),
        Holds::Map(value) => Table::from_iter([("es".to_string(), sample(value))]).into(),
        Holds::Either(all) => sample(&all[0]),
    }
}

/// A table of `shape` with each required key and nothing else.
fn sample_table(shape: &Shape) -> Table {
    shape
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| (f.key.to_string(), sample(&f.holds)))
        .collect()
}

/// Every table of a format with the keys leading to it (a list of tables
/// is entered at its first entry).
fn tables(
    shape: &'static Shape,
    path: Vec<&'static str>,
    out: &mut Vec<(Vec<&'static str>, &'static Shape)>,
) {
    out.push((path.clone(), shape));
    for f in shape.fields {
        let inner = match f.holds {
            Holds::Table(s) | Holds::Tables { shape: s, .. } => s,
            _ => continue,
        };
        let mut p = path.clone();
        p.push(f.key);
        tables(inner, p, out);
    }
}

/// The sample document with the table at `path` made and given to `edit`.
/// A lesson gets a `summary` besides, so that it is never empty.
fn document(format: Format, path: &[&str], edit: impl FnOnce(&mut Table)) -> String {
    let mut doc = sample_table(format.shape());
    if let Format::Lesson = format {
        doc.insert("summary".into(), "Sample".into());
    }
    let mut t = &mut doc;
    let mut shape = format.shape();
    for key in path {
        let holds = shape.field(key).unwrap().holds;
        let entry = t.entry(key.to_string()).or_insert_with(|| sample(&holds));
        t = match entry {
            toml::Value::Table(inner) => inner,
            toml::Value::Array(items) => items[0].as_table_mut().unwrap(),
            other => panic!("{key} is {other:?}"),
        };
        shape = match holds {
            Holds::Table(s) | Holds::Tables { shape: s, .. } => s,
            _ => unreachable!(),
        };
    }
    edit(t);
    toml::to_string(&doc).unwrap()
}

/// A value the reader must refuse where `holds` is asked for, easy to find
/// in the file: a number, or text where a number would do.
fn wrong(holds: &Holds) -> toml::Value {
    let takes_a_number = match holds {
        Holds::Count { .. } => true,
        Holds::Either(all) => all.iter().any(|h| matches!(h, Holds::Count { .. })),
        _ => false,
    };
    if takes_a_number {
        "wrong-987654".into()
    } else {
        987_654.into()
    }
}

/// The line of `text` that holds `needle`, as locations say it
/// (`probe.toml:7:`).
fn line_of(text: &str, needle: &str) -> String {
    let n = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in\n{text}"));
    format!("probe.toml:{}:", n + 1)
}

fn at_line(diags: &Diagnostics, line: &str) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.location().is_some_and(|l| l.starts_with(line)))
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn every_key_the_schema_lists_the_reader_reads_and_no_other() {
    for format in [Format::Lesson, Format::Packet, Format::Help] {
        let mut all = Vec::new();
        tables(format.shape(), Vec::new(), &mut all);
        for (path, shape) in all {
            let place = format!("{format:?} {}", path.join("."));
            // A key the shape doesn't list is an unknown key there.
            let text = document(format, &path, |t| {
                t.insert("zz_not_a_key".into(), 1.into());
            });
            let diags = format.read(&text);
            assert!(
                at_line(&diags, &line_of(&text, "zz_not_a_key"))
                    .iter()
                    .any(|m| m.starts_with("unknown key `zz_not_a_key` in ")),
                "{place}: {diags:?}\n{text}"
            );
            let base = format.read(&document(format, &path, |_| {}));
            for f in shape.fields {
                // Required as the shape says: missing only when left out.
                let missing = format!("is missing `{}`", f.key);
                assert!(
                    !base.iter().any(|d| d.message.ends_with(&missing)),
                    "{place}: `{}` is missing, yet it is in the sample or optional",
                    f.key
                );
                if f.required {
                    let text = document(format, &path, |t| {
                        t.remove(f.key);
                    });
                    let diags = format.read(&text);
                    assert!(
                        diags.iter().any(|d| d.message.ends_with(&missing)),
                        "{place}: leaving out `{}` is no error: {diags:?}",
                        f.key
                    );
                }
                // Listed, so never unknown; read, so a wrong value is an
                // error where it is.
                let bad = wrong(&f.holds);
                let needle = bad.to_string().trim_matches('"').to_string();
                let text = document(format, &path, |t| {
                    t.insert(f.key.to_string(), bad);
                });
                let diags = format.read(&text);
                assert!(
                    !diags
                        .iter()
                        .any(|d| d.message.starts_with(&format!("unknown key `{}`", f.key))),
                    "{place}: the reader doesn't know `{}`",
                    f.key
                );
                assert!(
                    !at_line(&diags, &line_of(&text, &needle)).is_empty(),
                    "{place}: `{}` holding {needle} is no error, so the reader never reads it: {diags:?}\n{text}",
                    f.key
                );
            }
        }
    }
}
