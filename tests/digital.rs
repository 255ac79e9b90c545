//! The digital edition, checked with tools we didn't write: poppler says
//! the PDFs are tagged, `page-validation` passes them against PDF/UA-1,
//! pypdf finds and fills the form fields (Vietnamese included) and poppler
//! shows what it filled, zbarimg reads every QR code back, and a fillable
//! PDF printed blank looks like the plain one.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Python with the PyPI packages the checks need, or `None` (a failure
/// under CI).
fn python_with(modules: &[&str]) -> bool {
    let ok = Command::new("python3")
        .arg("-c")
        .arg(format!("import {}", modules.join(", ")))
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip(&format!("python3 with {modules:?}"), "the checks in Python");
    }
    ok
}

fn python(script: &str) -> String {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn build(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = dir.join(name);
    handout()
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

#[test]
fn every_built_in_lesson_passes_pdf_ua_1_plain_and_fillable() {
    let dir = tempdir();
    let mut files = Vec::new();
    for entry in fs::read_dir(root().join("lessons")).unwrap() {
        let lesson = entry.unwrap().path();
        let stem = lesson.file_stem().unwrap().to_string_lossy().to_string();
        let l = lesson.display().to_string();
        files.push(build(
            dir.path(),
            &format!("{stem}.pdf"),
            &[&l, "--client", "Nguyễn Thị Hương"],
        ));
        files.push(build(
            dir.path(),
            &format!("{stem}.fillable.pdf"),
            &[&l, "--fillable"],
        ));
    }
    // The example with a link: a Figure (its QR code) and a Link.
    let example = root()
        .join("examples/riding-out-an-urge.toml")
        .display()
        .to_string();
    files.push(build(dir.path(), "example.pdf", &[&example]));
    // Each of the 28 lesson files plain and fillable, and the example.
    assert_eq!(files.len(), 57);

    if have("pdfinfo") {
        for f in &files {
            let out = Command::new("pdfinfo").arg(f).output().unwrap();
            let info = String::from_utf8_lossy(&out.stdout);
            assert!(
                info.contains("Tagged:          yes"),
                "{}: {info}",
                f.display()
            );
            let fillable = f.to_string_lossy().contains("fillable");
            assert_eq!(
                info.contains("Form:            AcroForm"),
                fillable,
                "{}",
                f.display()
            );
        }
    }
    if !python_with(&["page", "pypdf", "fontTools"]) {
        return;
    }
    let list: Vec<String> = files
        .iter()
        .map(|f| format!("{:?}", f.display().to_string()))
        .collect();
    // One rule is waived, for CID-keyed CFF fonts only (Noto Sans CJK, in
    // the Chinese lesson): page-validation reads a glyph's width from the
    // start of its charstring, but these fonts give the width and then call
    // a subroutine for the stems, so it sees none and takes the default.
    // fontTools runs the charstrings; CFF_WIDTHS below checks with it that
    // every width in /W is the font program's.
    let report = python(&format!(
        "import page\nfor f in [{}]:\n    r = page.validate_pdf(f, profile='ua1')\n    \
         left = [x for x in r.failures if not (x.rule_id == 'PDFUA1-FONT-GLYPH-WIDTH-001' and 'CIDFontType0C' in x.message)]\n    \
         print(f, not left, r.rules.total, '; '.join(x.rule_id + ': ' + x.message for x in left))",
        list.join(", ")
    ));
    for line in report.lines() {
        assert!(line.contains(" True "), "not PDF/UA-1: {line}");
    }
    let widths = python(&format!(
        "{CFF_WIDTHS}\nfor f in [{}]:\n    check(f)",
        list.join(", ")
    ));
    let checked: usize = widths
        .lines()
        .filter_map(|l| l.strip_prefix("checked "))
        .map(|n| n.trim().parse::<usize>().unwrap())
        .sum();
    assert!(
        widths.lines().all(|l| l.starts_with("checked ")),
        "{widths}"
    );
    assert!(checked > 100, "CFF glyph widths checked: {checked}");
}

/// Python: for every CID-keyed CFF font in a PDF, each width in /W against
/// the width its charstring gives (fontTools executes the charstrings);
/// prints `checked N` or the first mismatch.
const CFF_WIDTHS: &str = r#"
import io, pypdf
from fontTools.cffLib import CFFFontSet
from fontTools.misc.psCharStrings import T2WidthExtractor
def check(path):
    n = 0
    seen = set()
    r = pypdf.PdfReader(path)
    descendants = []
    for page in r.pages:
        fonts = page['/Resources'].get_object().get('/Font', {})
        for ref in fonts.values():
            for d in ref.get_object().get('/DescendantFonts', []):
                # The reader keeps each object it resolves: one per font.
                o = d.get_object()
                if id(o) not in seen:
                    seen.add(id(o))
                    descendants.append(o)
    for o in descendants:
        if o.get('/Subtype') != '/CIDFontType0':
            continue
        data = o['/FontDescriptor'].get_object()['/FontFile3'].get_object().get_data()
        cs = CFFFontSet(); cs.decompile(io.BytesIO(data), None)
        t = cs[cs.fontNames[0]]
        w = o.get('/W', [])
        i = 0
        while i < len(w):
            first, widths = int(w[i]), w[i + 1]
            for k, width in enumerate(widths):
                gid = first + k
                # Code = CID = glyph: the charset is the identity.
                if t.charset[gid] != 'cid%05d' % gid:
                    print(path, 'glyph', gid, 'is', t.charset[gid])
                    return
                fd = t.FDArray[t.FDSelect[gid]].Private
                c = t.CharStrings[t.charset[gid]]
                subrs = getattr(c.private, 'Subrs', [])
                e = T2WidthExtractor(subrs, t.GlobalSubrs, fd.nominalWidthX, fd.defaultWidthX)
                e.execute(c)
                if abs(e.width - float(width)) > 0.5:
                    print(path, 'CID', gid, 'program', e.width, '/W', width)
                    return
                n += 1
            i += 2
    print('checked', n)
"#;

#[test]
fn fields_are_named_filled_by_pypdf_and_shown_by_poppler() {
    let dir = tempdir();
    let pdf = build(
        dir.path(),
        "f.pdf",
        &[
            "compassion-in-recovery",
            "--fillable",
            "--date",
            "2026-11-22",
        ],
    );
    if !python_with(&["pypdf"]) {
        return;
    }
    // The fields a person would expect, readable names, prompts as tips.
    let listing = python(&format!(
        "from pypdf import PdfReader\nf = PdfReader({:?}).get_fields()\n\
         for k, v in f.items():\n    print(k, '|', v.get('/FT'), '|', v.get('/TU'), '|', v.get('/V'))",
        pdf.display().to_string()
    ));
    let field = |name: &str| {
        listing
            .lines()
            .find(|l| l.starts_with(&format!("{name} |")))
            .unwrap_or_else(|| panic!("no field {name}:\n{listing}"))
            .to_string()
    };
    assert!(field("name").contains("/Tx | Name |"));
    assert!(
        field("date").ends_with("| November 22, 2026"),
        "{}",
        field("date")
    );
    assert!(field("checklist.1").contains("/Btn"));
    assert!(
        field("plan.2.line1")
            .contains("A kinder, truer thing I can say to myself is: (line 1 of 2)")
    );
    assert!(field("scenario.craving.1.line2").contains("/Tx"));
    assert!(field("tracker.day3.kind-response").contains("Day 3: Kind response"));

    // Fill them the way another program would, and render what it made.
    let filled = dir.path().join("filled.pdf");
    python(&format!(
        "from pypdf import PdfReader, PdfWriter\nw = PdfWriter()\nw.append(PdfReader({:?}))\n\
         v = {{'name': 'Nguyễn Thị Hương', 'plan.1.line1': 'Tôi sẽ nói chậm lại — José Núñez', 'checklist.2': '/Yes'}}\n\
         for p in w.pages:\n    w.update_page_form_field_values(p, v, auto_regenerate=False)\nw.write({:?})",
        pdf.display().to_string(),
        filled.display().to_string()
    ));
    let check = python(&format!(
        "from pypdf import PdfReader\nf = PdfReader({:?}).get_fields()\nprint(f['name'].get('/V'))\nprint(f['plan.1.line1'].get('/V'))",
        filled.display().to_string()
    ));
    assert_eq!(
        check,
        "Nguyễn Thị Hương\nTôi sẽ nói chậm lại — José Núñez\n"
    );
    // Poppler draws the filled values: the field areas darken.
    let name_rect = field_rect(&filled, "name");
    let before = ink(&pdf, 1, name_rect);
    let after = ink(&filled, 1, name_rect);
    assert!(
        after > before + 50,
        "name not shown after filling: {before} -> {after}"
    );
    // And mupdf draws them too.
    if let Some((before, after)) = mutool_ink(&pdf, &filled, 1, name_rect) {
        assert!(
            after > before + 50,
            "mupdf: name not shown after filling: {before} -> {after}"
        );
    }
    let plan_page = field_page(&filled, "plan.1.line1");
    let plan_rect = field_rect(&filled, "plan.1.line1");
    let before = ink(&pdf, plan_page, plan_rect);
    let after = ink(&filled, plan_page, plan_rect);
    assert!(
        after > before + 100,
        "plan answer not shown: {before} -> {after}"
    );
}

/// A field widget's rectangle, in points from the bottom left.
fn field_rect(pdf: &Path, name: &str) -> [f32; 4] {
    let out = python(&format!(
        "from pypdf import PdfReader\nr = PdfReader({:?})\nf = r.get_fields()[{name:?}]\n\
         w = f.get('/Kids', [f.indirect_reference])[0].get_object() if '/Rect' not in f else f\n\
         print(' '.join(str(float(x)) for x in w['/Rect']))",
        pdf.display().to_string()
    ));
    let v: Vec<f32> = out.split_whitespace().map(|x| x.parse().unwrap()).collect();
    [v[0], v[1], v[2], v[3]]
}

/// The page (from 1) a field's widget is on: the widget whose names, read
/// up through its parents, spell `name`.
fn field_page(pdf: &Path, name: &str) -> usize {
    let out = python(&format!(
        "from pypdf import PdfReader\nr = PdfReader({:?})\n\
         def full(a):\n    parts = []\n    while a is not None:\n        if '/T' in a: parts.append(a['/T'])\n        \
         a = a.get('/Parent')\n        a = a.get_object() if a is not None else None\n    return '.'.join(reversed(parts))\n\
         for i, p in enumerate(r.pages):\n    for a in p.get('/Annots', []) or []:\n        \
         if full(a.get_object()) == {name:?}: print(i + 1)",
        pdf.display().to_string()
    ));
    out.trim().parse().unwrap()
}

/// How much darker than white a rectangle of a page renders, summed.
fn ink(pdf: &Path, page: usize, rect: [f32; 4]) -> u64 {
    let dpi = 72;
    let Some((pixels, w, h)) = render_gray(pdf, page, dpi) else {
        return 0;
    };
    let [x1, y1, x2, y2] = rect;
    let (px1, px2) = (x1 as usize, (x2 as usize).min(w));
    let (py1, py2) = (h.saturating_sub(y2 as usize), h.saturating_sub(y1 as usize));
    let mut sum = 0u64;
    for y in py1..py2 {
        for x in px1..px2 {
            sum += u64::from(255 - pixels[y * w + x]);
        }
    }
    sum / 255
}

#[test]
fn a_fillable_pdf_printed_blank_looks_like_the_plain_one() {
    let dir = tempdir();
    let plain = build(
        dir.path(),
        "plain.pdf",
        &["compassion-in-recovery", "--blank"],
    );
    let fillable = build(
        dir.path(),
        "fillable.pdf",
        &["compassion-in-recovery", "--blank", "--fillable"],
    );
    let pages = lopdf::Document::load(&plain).unwrap().get_pages().len();
    assert_eq!(
        pages,
        lopdf::Document::load(&fillable).unwrap().get_pages().len()
    );
    for p in 1..=pages {
        let (Some((a, w, h)), Some((b, ..))) =
            (render_gray(&plain, p, 60), render_gray(&fillable, p, 60))
        else {
            return;
        };
        assert_eq!(a.len(), b.len());
        let differ = a
            .iter()
            .zip(&b)
            .filter(|(x, y)| x.abs_diff(**y) > 24)
            .count();
        assert!(
            differ * 1000 < w * h,
            "page {p}: {differ} of {} pixels differ",
            w * h
        );
    }
}

#[test]
fn every_qr_code_reads_back_as_its_address() {
    let dir = tempdir();
    let lesson = dir.path().join("links.toml");
    let urls = [
        "https://988lifeline.org",
        "https://www.samhsa.gov/find-help/helplines/national-helpline",
        "https://example.org/a/long/path/with?query=yes&more=1",
    ];
    fs::write(
        &lesson,
        format!(
            "title = \"Links\"\nsummary = \"Call [988]({}) or see [SAMHSA]({}).\"\n[[notes]]\ntitle = \"More\"\nbody = \"Read [this]({}).\"\n",
            urls[0], urls[1], urls[2]
        ),
    )
    .unwrap();
    let pdf = build(dir.path(), "links.pdf", &[&lesson.display().to_string()]);
    let Some(text) = words(&pdf) else { return };
    assert!(text.contains("Resources") && text.contains("Scan with a phone camera to open:"));
    let no_qr = build(
        dir.path(),
        "no-qr.pdf",
        &[&lesson.display().to_string(), "--no-qr"],
    );
    assert!(!words(&no_qr).unwrap().contains("Resources"));

    if !have_zbar() {
        return;
    }
    let pages = lopdf::Document::load(&pdf).unwrap().get_pages().len();
    let mut decoded = Vec::new();
    for p in 1..=pages {
        let png = dir.path().join(format!("p{p}"));
        let ok = Command::new("pdftoppm")
            .args([
                "-r",
                "150",
                "-png",
                "-f",
                &p.to_string(),
                "-l",
                &p.to_string(),
            ])
            .arg(&pdf)
            .arg(&png)
            .status()
            .unwrap();
        assert!(ok.success());
        for entry in fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "png") {
                let out = Command::new("zbarimg")
                    .args(["-q", "--raw"])
                    .arg(&path)
                    .output()
                    .unwrap();
                decoded.extend(
                    String::from_utf8_lossy(&out.stdout)
                        .lines()
                        .map(str::to_string),
                );
                fs::remove_file(path).unwrap();
            }
        }
    }
    decoded.sort();
    let mut want: Vec<String> = urls.iter().map(|u| u.to_string()).collect();
    want.sort();
    assert_eq!(decoded, want);
}

/// Ink in a rectangle of a page as mupdf draws it, before and after.
fn mutool_ink(a: &Path, b: &Path, page: usize, rect: [f32; 4]) -> Option<(u64, u64)> {
    if !have("mutool") {
        return None;
    }
    let ink = |pdf: &Path| -> u64 {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("p.pgm");
        let ok = Command::new("mutool")
            .args(["draw", "-q", "-r", "72", "-c", "gray", "-o"])
            .arg(&out)
            .arg(pdf)
            .arg(page.to_string())
            .status()
            .unwrap();
        assert!(ok.success());
        let data = fs::read(&out).unwrap();
        let (pixels, w, h) = pgm(&data);
        let [x1, y1, x2, y2] = rect;
        let mut sum = 0u64;
        for y in h.saturating_sub(y2 as usize)..h.saturating_sub(y1 as usize) {
            for x in (x1 as usize)..(x2 as usize).min(w) {
                sum += u64::from(255 - pixels[y * w + x]);
            }
        }
        sum / 255
    };
    Some((ink(a), ink(b)))
}

fn have_zbar() -> bool {
    let ok = Command::new("zbarimg").arg("--version").output().is_ok();
    if !ok {
        skip("zbarimg", "reading the QR codes");
    }
    ok
}

#[test]
fn batch_fillable_names_each_packet_s_fields_apart_and_stays_deterministic() {
    let dir = tempdir();
    let roster = dir.path().join("r.csv");
    fs::write(&roster, "name,id\nAna Ruiz,a\nNguyễn Thị Hương,b\n").unwrap();
    let run = |tag: &str, jobs: &str| {
        let out = dir.path().join(format!("out-{tag}"));
        let all = dir.path().join(format!("all-{tag}.pdf"));
        handout()
            .args([
                "batch",
                "compassion-in-recovery",
                "--fillable",
                "--jobs",
                jobs,
                "--roster",
            ])
            .arg(&roster)
            .arg("--out-dir")
            .arg(&out)
            .arg("--combined")
            .arg(&all)
            .assert()
            .success();
        (out, all)
    };
    let (out1, all1) = run("1", "1");
    let (out2, all2) = run("2", "2");
    assert_eq!(fs::read(&all1).unwrap(), fs::read(&all2).unwrap());
    assert_eq!(
        fs::read(out1.join("b.pdf")).unwrap(),
        fs::read(out2.join("b.pdf")).unwrap()
    );
    if !python_with(&["pypdf", "page"]) {
        return;
    }
    let names = python(&format!(
        "from pypdf import PdfReader\nf = PdfReader({:?}).get_fields()\nprint(f['row-2.name'].get('/V'))\nprint(f['row-3.name'].get('/V'))\nprint('row-3.plan.1.line1' in f)",
        all1.display().to_string()
    ));
    assert_eq!(names, "Ana Ruiz\nNguyễn Thị Hương\nTrue\n");
    let ok = python(&format!(
        "import page\nr = page.validate_pdf({:?}, profile='ua1')\nprint(r.is_compliant, '; '.join(x.message for x in r.failures))",
        all1.display().to_string()
    ));
    assert!(ok.starts_with("True"), "{ok}");
}

#[test]
fn a_packets_name_field_holds_the_name_once_though_it_prints_on_every_lesson() {
    // Regression: the value was the name once per copy of the field
    // ("Pack PersonPack PersonPack Person"), in a built packet and in a
    // combined batch file.
    let dir = tempdir();
    let packet = root().join("examples/group.packet.toml");
    let built = dir.path().join("packet.pdf");
    handout()
        .arg("build")
        .arg(&packet)
        .args([
            "--client",
            "Pack Person",
            "--date",
            "2026-12-01",
            "--fillable",
            "-o",
        ])
        .arg(&built)
        .assert()
        .success();
    let roster = dir.path().join("r.csv");
    fs::write(&roster, "name,id\nPack Person,a\nNguyễn Thị Hương,b\n").unwrap();
    let combined = dir.path().join("all.pdf");
    handout()
        .arg("batch")
        .arg(&packet)
        .args(["--fillable", "--date", "2026-12-01", "--roster"])
        .arg(&roster)
        .arg("--combined")
        .arg(&combined)
        .assert()
        .success();
    if !python_with(&["pypdf"]) {
        return;
    }
    let values = python(&format!(
        "from pypdf import PdfReader\n\
         f = PdfReader({:?}).get_fields()\n\
         print(f['name'].get('/V')); print(f['date'].get('/V'))\n\
         f = PdfReader({:?}).get_fields()\n\
         print(f['row-2.name'].get('/V')); print(f['row-3.name'].get('/V'))",
        built.display().to_string(),
        combined.display().to_string()
    ));
    assert_eq!(
        values,
        "Pack Person\nDecember 1, 2026\nPack Person\nNguyễn Thị Hương\n"
    );
}

/// A values card, as a client fills it in: every value printed in order
/// after the card's instructions, each with a form field on its own row,
/// to the right of the word, named after the value and saying what to
/// write.
#[test]
fn a_values_card_gives_each_value_a_line_beside_it_to_write_why() {
    if !python_with(&["pypdf"]) {
        return;
    }
    let dir = tempdir();
    let pdf = dir.path().join("values.pdf");
    handout()
        .args(["build", "shame-guilt-and-repair", "--fillable", "-o"])
        .arg(&pdf)
        .assert()
        .success();
    assert_sound(&pdf);
    let values = [
        ("Honesty", "honesty"),
        ("Family", "family"),
        ("Trust", "trust"),
        ("Respect", "respect"),
        ("Kindness", "kindness"),
        ("Keeping my word", "keeping-my-word"),
        ("Health", "health"),
        ("Faith or spirit", "faith-or-spirit"),
    ];
    if let Some(text) = words(&pdf) {
        let card = text
            .find("Values I want to live by")
            .expect("the card's heading");
        let mut at = text[card..]
            .find("write why each one matters to you.")
            .expect("the card's instructions")
            + card;
        for (value, _) in values {
            at += text[at..]
                .find(value)
                .unwrap_or_else(|| panic!("{value} after the last"));
        }
    }
    let tips = python(&format!(
        "from pypdf import PdfReader\nf = PdfReader({:?}).get_fields()\n\
         print('\\n'.join(k + '=' + str(v.get('/TU')) for k, v in f.items() if k.startswith('values.')))",
        pdf.display().to_string()
    ));
    for (value, slug) in values {
        let want = format!("values.{slug}={value}: why it matters to me");
        assert!(tips.lines().any(|l| l == want), "no {want:?} in {tips}");
    }
    let page = field_page(&pdf, "values.honesty");
    let Some(chars) = mutool_chars(&pdf, page) else {
        return;
    };
    let mut rows = Vec::new();
    for (value, slug) in values {
        // Where the word is drawn: its first and last letters, baseline from the top.
        let n = value.chars().count();
        let start = (0..chars.len() - n)
            .find(|&i| {
                chars[i..i + n]
                    .iter()
                    .map(|c| c.2.as_str())
                    .collect::<String>()
                    == value
            })
            .unwrap_or_else(|| panic!("{value} not drawn on page {page}"));
        let (x0, baseline) = (chars[start].0, chars[start].1);
        let x_end = chars[start + n - 1].0;
        let [fx1, fy1, _, fy2] = field_rect(&pdf, &format!("values.{slug}"));
        let (top, bottom) = (792.0 - fy2, 792.0 - fy1);
        assert!(
            fx1 > x_end,
            "{value}: the line starts at {fx1}, inside the word ({x0}–{x_end})"
        );
        assert!(
            baseline > top - 4.0 && baseline < bottom + 4.0,
            "{value}: the word's baseline {baseline} is not on its line's row ({top}–{bottom})"
        );
        rows.push(baseline);
    }
    // One row each, top to bottom, with room to circle a word by hand (6 mm).
    for pair in rows.windows(2) {
        assert!(pair[1] - pair[0] > 17.0, "rows too tight: {rows:?}");
    }
}
