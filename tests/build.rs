//! `handout build`, run as a clinician would, with the PDF read back by real
//! readers: the words are there, the name is pre-filled, the unchosen
//! scenarios are absent, the file is sound and reproducible.

mod common;

use std::fs;

use common::*;
use handout::lesson::Section;

const NAME: &str = "Nguyễn Thị Hương";

#[test]
fn personalized_worksheet_has_the_name_date_terms_and_only_the_chosen_scenario() {
    let dir = tempdir();
    let out = dir.path().join("hương.pdf");
    handout()
        .args([
            "build",
            "compassion-in-recovery",
            "--client",
            NAME,
            "--date",
            "2026-11-22",
        ])
        .args(["--scenario", "craving", "-o"])
        .arg(&out)
        .assert()
        .success();

    let doc = lopdf::Document::load(&out).unwrap();
    let pages = doc.get_pages().len();
    assert!((2..=6).contains(&pages), "{pages} pages");

    let Some(text) = words(&out) else { return };
    assert!(
        text.contains(&format!("Name: {NAME}")),
        "name not pre-filled:\n{text}"
    );
    assert!(
        text.contains("Date: November 22, 2026"),
        "date not pre-filled"
    );
    assert!(text.contains("Shame after a craving"));
    for absent in [
        "A mistake after a conflict",
        "A trauma reaction",
        "A low-motivation day",
    ] {
        assert!(
            !text.contains(absent),
            "unchosen scenario `{absent}` printed"
        );
    }
    let lesson = builtin_lesson();
    for section in &lesson.sections {
        if let Section::Terms { terms, .. } = section {
            assert!(terms.len() >= 5);
            for t in terms {
                let term = t.term.to_plain();
                assert!(text.contains(&term), "key term `{term}` missing");
            }
        }
    }
    for heading in [
        "What this is about",
        "Your safety comes first",
        "My compassion plan",
        "Seven-day practice tracker",
        "When to get more help",
    ] {
        assert!(text.contains(heading), "section `{heading}` missing");
    }
    assert!(
        text.contains("call 911") && text.contains("call or text 988"),
        "safety notice"
    );
    assert!(
        text.contains(&format!("Page 1 of {pages}")),
        "footer page numbers"
    );
    // Every page carries the footer's crisis line and page number.
    if let Some(per_page) = page_texts(&out) {
        for (i, p) in per_page.iter().enumerate() {
            assert!(p.contains("988"), "page {} has no crisis line", i + 1);
            assert!(p.contains(&format!("Page {} of {pages}", i + 1)));
        }
    }
}

#[test]
fn two_scenarios_print_in_lesson_order() {
    let dir = tempdir();
    let out = dir.path().join("two.pdf");
    handout()
        .args([
            "build",
            "compassion-in-recovery",
            "--scenario",
            "low-day",
            "--scenario",
            "conflict",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    let Some(text) = words(&out) else { return };
    let conflict = text
        .find("A mistake after a conflict")
        .expect("conflict printed");
    let low = text.find("A low-motivation day").expect("low-day printed");
    assert!(conflict < low, "scenarios out of lesson order");
    assert!(!text.contains("Shame after a craving"));
}

#[test]
fn without_scenarios_every_scenario_prints() {
    let dir = tempdir();
    let out = dir.path().join("all.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&out)
        .assert()
        .success();
    let Some(text) = words(&out) else { return };
    for s in builtin_lesson().scenarios() {
        assert!(text.contains(&s.title.to_plain()), "{} missing", s.id);
    }
}

#[test]
fn fonts_are_embedded_and_subset_and_qpdf_is_clean() {
    let dir = tempdir();
    let out = dir.path().join("f.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "--client", NAME, "-o"])
        .arg(&out)
        .assert()
        .success();
    qpdf_check(&out);
    if let Some(fonts) = pdffonts(&out) {
        assert!(fonts.len() >= 3, "{fonts:?}");
        for (name, emb, sub, uni) in &fonts {
            assert!(
                *emb && *sub && *uni,
                "{name}: emb {emb} sub {sub} uni {uni}"
            );
            assert!(name.chars().nth(6) == Some('+'), "{name} has no subset tag");
        }
        // The Vietnamese name needs the fallback face.
        assert!(fonts.iter().any(|f| f.0.contains("NotoSans")), "{fonts:?}");
    }
    // And the same from lopdf: every font program is in the file.
    let doc = lopdf::Document::load(&out).unwrap();
    let mut programs = 0;
    for (_, obj) in doc.objects.iter() {
        if let Ok(d) = obj.as_dict()
            && d.get(b"Type").ok().and_then(|t| t.as_name().ok())
                == Some(b"FontDescriptor".as_slice())
        {
            assert!(
                d.has(b"FontFile2"),
                "font descriptor without an embedded program"
            );
            programs += 1;
        }
    }
    assert!(programs >= 3);
    // A worksheet stays small: subset fonts, compressed streams.
    let size = fs::metadata(&out).unwrap().len();
    assert!(size < 150_000, "{size} bytes");
}

#[test]
fn the_client_name_never_reaches_the_metadata() {
    let dir = tempdir();
    let out = dir.path().join("m.pdf");
    handout()
        .args([
            "build",
            "compassion-in-recovery",
            "--client",
            "José Núñez",
            "--clinician",
            "Dr. Zoë Œlberg",
        ])
        .args(["--date", "2026-11-22", "-o"])
        .arg(&out)
        .assert()
        .success();
    let info = info(&out);
    assert!(
        info.iter()
            .any(|(k, v)| k == "Title" && v == "Compassion in Recovery"),
        "{info:?}"
    );
    for (k, v) in &info {
        for secret in ["José", "Núñez", "Zoë", "Œlberg", "2026"] {
            assert!(!v.contains(secret), "{k} holds `{secret}`: {v}");
        }
    }
    // The XMP packet (PDF/UA wants one) names the lesson and nothing else.
    let doc = lopdf::Document::load(&out).unwrap();
    let catalog = doc.catalog().unwrap();
    let xmp_id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let xmp = doc
        .get_object(xmp_id)
        .unwrap()
        .as_stream()
        .unwrap()
        .content
        .clone();
    let xmp = String::from_utf8(xmp).unwrap();
    assert!(
        xmp.contains("<rdf:li xml:lang=\"x-default\">Compassion in Recovery</rdf:li>"),
        "{xmp}"
    );
    for secret in ["José", "Núñez", "Zoë", "Œlberg", "2026"] {
        assert!(!xmp.contains(secret), "XMP holds `{secret}`");
    }
    // Names appear only as glyphs on the page, never as plain bytes.
    let raw = fs::read(&out).unwrap();
    for secret in ["José", "Núñez"] {
        assert!(!raw.windows(secret.len()).any(|w| w == secret.as_bytes()));
    }
    if let Some(text) = words(&out) {
        assert!(text.contains("José Núñez") && text.contains("Dr. Zoë Œlberg"));
    }
}

#[test]
fn output_is_byte_identical_run_to_run() {
    let dir = tempdir();
    let a = dir.path().join("a.pdf");
    let b = dir.path().join("b.pdf");
    for out in [&a, &b] {
        handout()
            .args([
                "build",
                "compassion-in-recovery",
                "--client",
                NAME,
                "--date",
                "2026-11-22",
                "-o",
            ])
            .arg(out)
            .assert()
            .success();
    }
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
    // A different client gives a different file (the ID is content-based).
    let c = dir.path().join("c.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "--client", "Ana", "-o"])
        .arg(&c)
        .assert()
        .success();
    assert_ne!(fs::read(&a).unwrap(), fs::read(&c).unwrap());
}

#[test]
fn source_date_epoch_sets_the_creation_date() {
    let dir = tempdir();
    let out = dir.path().join("d.pdf");
    handout()
        .env("SOURCE_DATE_EPOCH", "1000000000")
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&out)
        .assert()
        .success();
    let info = info(&out);
    assert!(
        info.iter()
            .any(|(k, v)| k == "CreationDate" && v == "D:20010909014640Z"),
        "{info:?}"
    );
    handout()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(dir.path().join("e.pdf"))
        .assert()
        .code(2);
}

#[test]
fn default_output_is_named_after_the_lesson_and_dash_is_stdout() {
    let dir = tempdir();
    handout()
        .current_dir(dir.path())
        .args(["build", "compassion-in-recovery"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "wrote compassion-in-recovery.pdf",
        ));
    assert!(dir.path().join("compassion-in-recovery.pdf").is_file());

    let out = handout()
        .current_dir(dir.path())
        .args(["build", "compassion-in-recovery", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"%PDF-1.7"));
    assert!(out.stdout.trim_ascii_end().ends_with(b"%%EOF"));
    // Same bytes as the file.
    assert_eq!(
        out.stdout,
        fs::read(dir.path().join("compassion-in-recovery.pdf")).unwrap()
    );
}

#[test]
fn a4_and_large_print() {
    let dir = tempdir();
    let letter = dir.path().join("letter.pdf");
    let a4 = dir.path().join("a4.pdf");
    let large = dir.path().join("large.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&letter)
        .assert()
        .success();
    handout()
        .args(["build", "compassion-in-recovery", "--paper", "a4", "-o"])
        .arg(&a4)
        .assert()
        .success();
    handout()
        .args(["build", "compassion-in-recovery", "--large-print", "-o"])
        .arg(&large)
        .assert()
        .success();

    let media = |p: &std::path::Path| {
        let doc = lopdf::Document::load(p).unwrap();
        let (_, id) = doc.get_pages().into_iter().next().unwrap();
        let page = doc.get_dictionary(id).unwrap();
        let mb = page.get(b"MediaBox").unwrap().as_array().unwrap().clone();
        mb.iter()
            .map(|o| o.as_float().unwrap())
            .collect::<Vec<f32>>()
    };
    assert_eq!(media(&letter), [0.0, 0.0, 612.0, 792.0]);
    let a4box = media(&a4);
    assert!(
        (a4box[2] - 595.28).abs() < 0.01 && (a4box[3] - 841.89).abs() < 0.01,
        "{a4box:?}"
    );

    let pages = |p: &std::path::Path| lopdf::Document::load(p).unwrap().get_pages().len();
    assert!(
        pages(&large) > pages(&letter),
        "large print re-flows onto more pages"
    );
    qpdf_check(&large);
    if let Some(text) = words(&large) {
        // Re-flowed, nothing lost: every heading and the last words of the
        // lesson are still there.
        for heading in [
            "What this is about",
            "Key words",
            "Seven-day practice tracker",
            "When to get more help",
        ] {
            assert!(text.contains(heading), "{heading} missing in large print");
        }
        assert!(text.contains("You deserve help, and help is there."));
    }
}

#[test]
fn blank_prints_empty_name_and_date_lines() {
    let dir = tempdir();
    let out = dir.path().join("blank.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "--blank", "-o"])
        .arg(&out)
        .assert()
        .success();
    if let Some(text) = pdftotext(&out) {
        let first: Vec<&str> = text.lines().take(6).collect();
        assert!(first.iter().any(|l| l.trim() == "Name:"), "{first:?}");
        assert!(first.iter().any(|l| l.trim() == "Date:"), "{first:?}");
    }
    handout()
        .args([
            "build",
            "compassion-in-recovery",
            "--blank",
            "--client",
            "Ana",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot be used with"));
}

#[test]
fn the_example_lesson_builds() {
    let dir = tempdir();
    for entry in fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.display().to_string();
        // A local help file is printed with a lesson, not built alone.
        if name.ends_with(".toml") && !name.ends_with(".help.toml") {
            let out = dir.path().join("example.pdf");
            handout()
                .arg("build")
                .arg(&path)
                .arg("-o")
                .arg(&out)
                .assert()
                .success();
            qpdf_check(&out);
        }
    }
}

#[test]
fn a_spanish_lesson_prints_spanish_labels_and_dates() {
    let dir = tempdir();
    let lesson = dir.path().join("calma.es.toml");
    fs::write(
        &lesson,
        "title = \"Calma en el cuerpo\"\nlanguage = \"es\"\nsummary = \"Respire despacio.\"\n\
         [tracker]\ncolumns = [\"Ánimo\"]\n",
    )
    .unwrap();
    let out = dir.path().join("calma.pdf");
    handout()
        .arg("build")
        .arg(&lesson)
        .args(["--client", "José Núñez", "--date", "2026-11-22", "-o"])
        .arg(&out)
        .assert()
        .success();
    let Some(text) = words(&out) else { return };
    for expected in [
        "Nombre: José Núñez",
        "Fecha: 22 de noviembre de 2026",
        "Su seguridad es lo primero",
        "llame al 911",
        "oprima 2",
        "Mi registro",
        "Día 7",
        "Página 1 de",
    ] {
        assert!(text.contains(expected), "`{expected}` missing:\n{text}");
    }
}

/// With no thread to be had (the user's process limit reached), a
/// worksheet still builds, the same bytes as with one: the fonts then load,
/// and its font programs deflate, on the main thread. (`build` panicked
/// with "failed to spawn thread" when it first used a second core.) The
/// limit doesn't bind root, so as root the binary runs as `nobody`.
#[cfg(unix)]
#[test]
fn a_worksheet_builds_when_no_thread_can_be_started() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;

    let dir = tempdir();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    // SAFETY: geteuid only reads the process's user id.
    let as_root = unsafe { libc::geteuid() } == 0;
    if as_root && !have("setpriv") {
        return;
    }
    // The binary from inside the scratch folder, where `nobody` can reach
    // it wherever the build folder is (a link, or a copy across devices).
    let exe = dir.path().join("handout");
    if fs::hard_link(env!("CARGO_BIN_EXE_handout"), &exe).is_err() {
        fs::copy(env!("CARGO_BIN_EXE_handout"), &exe).unwrap();
    }
    let limited = |args: &[&str]| {
        let mut cmd = if as_root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "bash"]);
            c
        } else {
            Command::new("bash")
        };
        cmd.args(["-c", "ulimit -u 1 && exec \"$@\"", "bash"])
            .arg(&exe)
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let folder = dir.path().to_str().unwrap().to_string();

    // The limit really leaves no thread: a batch, which needs workers, says so.
    let roster = dir.path().join("roster.csv");
    fs::write(
        &roster,
        "name,id\nAna Ruiz,c-1\nBen Lee,c-2\nChloé Haddad,c-3\n",
    )
    .unwrap();
    fs::set_permissions(&roster, fs::Permissions::from_mode(0o644)).unwrap();
    let packet = root()
        .join("examples/group.packet.toml")
        .display()
        .to_string();
    let batch = limited(&[
        "batch",
        &packet,
        "--roster",
        roster.to_str().unwrap(),
        "--jobs",
        "2",
        "--out-dir",
        &format!("{folder}/packets"),
    ]);
    let said = String::from_utf8_lossy(&batch.stderr);
    assert!(
        said.contains("cannot start worker threads"),
        "the limit did not bind: {said}"
    );

    let one = format!("{folder}/one-thread.pdf");
    let run = limited(&["build", "compassion-in-recovery", "-o", &one]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let usual = dir.path().join("usual.pdf");
    handout()
        .args(["build", "compassion-in-recovery", "-o"])
        .arg(&usual)
        .assert()
        .success();
    assert!(fs::read(&one).unwrap() == fs::read(&usual).unwrap());
}
