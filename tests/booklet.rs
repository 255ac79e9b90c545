//! `--booklet`: a document imposed for saddle-stitch printing, read back
//! as the copy room and the client would: landscape sheets of the right
//! size, each half of each side holding the page that belongs there once
//! the stack is folded (found by the page number in its footer), padding
//! pages that say "Notes" and have lines to write on, and in a batch each
//! client's booklet on sheets of its own. Also the contents page a short
//! packet no longer gets.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::*;
use handout::layout::{self, Booklet, Options, Paper, Role, Shape};

/// Each page side's `[width, height]` in points.
fn side_sizes(pdf: &Path) -> Vec<[f32; 2]> {
    let doc = lopdf::Document::load(pdf).unwrap();
    doc.get_pages()
        .values()
        .map(|&id| {
            let b = doc
                .get_dictionary(id)
                .unwrap()
                .get(b"MediaBox")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect::<Vec<_>>();
            [b[2] - b[0], b[3] - b[1]]
        })
        .collect()
}

/// The text of one half (`right` or left) of sheet side `side` (from 1),
/// cropped with `pdftotext -x -y -W -H` at 72 dpi (a pixel a point).
fn half_text(pdf: &Path, side: usize, right: bool, [w, h]: [f32; 2]) -> String {
    let half = (w / 2.0).round() as i32;
    let n = side.to_string();
    let out = Command::new("pdftotext")
        .args(["-f", &n, "-l", &n, "-r", "72", "-x"])
        .arg(if right { half } else { 0 }.to_string())
        .args(["-y", "0", "-W"])
        .arg(half.to_string())
        .arg("-H")
        .arg((h.round() as i32).to_string())
        .arg(pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The `N` and `M` of the footer's `Page N of M` in `text`.
fn page_number(text: &str) -> Option<(usize, usize)> {
    let at = text.find("Page ")?;
    let mut words = text[at + 5..].split_whitespace();
    let n = words.next()?.parse().ok()?;
    (words.next()? == "of").then_some(())?;
    Some((n, words.next()?.parse().ok()?))
}

/// Each sheet side's pages, `[left, right]`, read from their footers; and
/// the booklet's page count the footers give.
fn imposed_pages(pdf: &Path) -> (Vec<[usize; 2]>, usize) {
    let sizes = side_sizes(pdf);
    let mut total = 0;
    let sides = sizes
        .iter()
        .enumerate()
        .map(|(i, &size)| {
            [false, true].map(|right| {
                let text = half_text(pdf, i + 1, right, size);
                let (n, m) = page_number(&text).unwrap_or_else(|| {
                    panic!("side {} half {right}: no page number in\n{text}", i + 1)
                });
                total = m;
                n
            })
        })
        .collect();
    (sides, total)
}

/// Where page `p` of an `n`-page saddle-stitched booklet prints, worked
/// out by folding: the sheets nest, sheet `s` (from 0) holding the four
/// pages `s + 1`, `s + 2` (its inner face) and `n - s - 1`, `n - s` from
/// the outside in; returned as (side from 0, right half).
fn folded_place(p: usize, n: usize) -> (usize, bool) {
    let sheet = (p - 1).min(n - p) / 2;
    let front = 2 * sheet;
    let back = front + 1;
    // Odd pages are right-hand pages on the way in, left on the way out.
    if p <= n / 2 {
        if p % 2 == 1 {
            (front, true)
        } else {
            (back, false)
        }
    } else if p % 2 == 0 {
        (front, false)
    } else {
        (back, true)
    }
}

fn build(args: &[&str], out: &Path) {
    handout()
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn a_letter_booklet_folds_into_half_letter_pages_in_order() {
    let dir = tempdir();
    let pdf = dir.path().join("calm.pdf");
    let run = handout()
        .args([
            "build",
            "calming-the-body",
            "--booklet",
            "--client",
            "Ana Ruiz",
            "-o",
        ])
        .arg(&pdf)
        .assert()
        .success();
    // How to print it, said where it is written.
    let said = String::from_utf8_lossy(&run.get_output().stderr).into_owned();
    assert!(
        said.contains("print it two-sided, flipped on the short edge"),
        "{said}"
    );
    assert_sound(&pdf);
    let sizes = side_sizes(&pdf);
    // Landscape Letter sheets, 11×8.5 in, two sides each.
    assert!(sizes.iter().all(|s| *s == [792.0, 612.0]), "{sizes:?}");
    assert_eq!(sizes.len() % 2, 0);
    if !have("pdftotext") {
        return;
    }
    let (sides, n) = imposed_pages(&pdf);
    assert_eq!(n % 4, 0, "{n} pages");
    assert_eq!(sides.len(), n / 2, "a side for every two pages");
    // Every page is where folding puts it, and only there.
    for p in 1..=n {
        let (side, right) = folded_place(p, n);
        assert_eq!(sides[side][right as usize], p, "page {p} of {n}: {sides:?}");
    }
    // Page 1, the lesson's first, is the front cover: the right half of
    // the first side.
    let cover = half_text(&pdf, 1, true, sizes[0]);
    assert!(
        cover.contains("Calming the Body") && cover.contains("Ana Ruiz"),
        "{cover}"
    );
}

/// The page numbers in the footer of an Arabic page (`صفحة N من M`), in
/// the order written, whatever order the reader gives the runs in.
fn arabic_page_number(text: &str) -> Option<(usize, usize)> {
    let line = text.lines().find(|l| l.contains("صفحة"))?;
    let numbers: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    match numbers[..] {
        [n, m] => Some((n, m)),
        _ => None,
    }
}

#[test]
fn a_right_to_left_booklet_opens_from_the_right() {
    let dir = tempdir();
    let pdf = dir.path().join("ar.pdf");
    build(
        &[fixture("arabic-calm.toml").to_str().unwrap(), "--booklet"],
        &pdf,
    );
    qpdf_check(&pdf);
    if !have("pdftotext") {
        return;
    }
    let sizes = side_sizes(&pdf);
    let mut n = 0;
    let sides: Vec<[usize; 2]> = (0..sizes.len())
        .map(|i| {
            [false, true].map(|right| {
                let text = half_text(&pdf, i + 1, right, sizes[i]);
                let (p, m) = arabic_page_number(&text).expect("a page number");
                n = m;
                p
            })
        })
        .collect();
    assert_eq!(sides.len(), n / 2);
    // Each page where folding puts it in a left-to-right booklet, in the
    // other half: page 1 on the left of the first side, the spine right.
    for p in 1..=n {
        let (side, right) = folded_place(p, n);
        assert_eq!(
            sides[side][!right as usize], p,
            "page {p} of {n}: {sides:?}"
        );
    }
}

#[test]
fn a4_and_tabloid_sheets_are_the_size_asked_for() {
    let dir = tempdir();
    let cases: [(&[&str], [f32; 2]); 3] = [
        // A4 folded: A5 pages on landscape A4 (297×210 mm).
        (&["--paper", "a4"], [841.8898, 595.2756]),
        // Full-size Letter pages on tabloid, 17×11 in.
        (&["--booklet-sheet", "tabloid"], [1224.0, 792.0]),
        // Full-size A4 pages on A3 (420×297 mm).
        (
            &["--paper", "a4", "--booklet-sheet", "a3"],
            [1190.551, 841.8898],
        ),
    ];
    for (i, (flags, want)) in cases.into_iter().enumerate() {
        let pdf = dir.path().join(format!("{i}.pdf"));
        let mut args = vec!["three-parts-of-self-compassion", "--booklet"];
        args.extend(flags);
        build(&args, &pdf);
        qpdf_check(&pdf);
        for [w, h] in side_sizes(&pdf) {
            assert!(
                (w - want[0]).abs() < 0.5 && (h - want[1]).abs() < 0.5,
                "{flags:?}: {w}×{h}, want {want:?}"
            );
        }
        if have("pdftotext") {
            let (sides, n) = imposed_pages(&pdf);
            assert_eq!((n % 4, sides.len()), (0, n / 2), "{flags:?}");
        }
    }
}

#[test]
fn padding_pages_say_notes_and_are_ruled_to_write_on() {
    let lesson = builtin_lesson();
    let ws = handout::worksheet::personalize(&lesson, None, Default::default());
    let book = handout::fonts::FontBook::global();
    let cache = handout::cache::Cache::new();
    let plain = layout::layout(&ws, &Options::default(), book, &cache).unwrap();
    let mut ruled = 0;
    for (paper, fold) in [
        (Paper::Letter, Booklet::Folded),
        (Paper::A4, Booklet::Folded),
        (Paper::Letter, Booklet::Doubled),
    ] {
        let opts = Options {
            paper,
            booklet: Some(fold),
            ..Options::default()
        };
        let doc = layout::layout(&ws, &opts, book, &cache).unwrap();
        assert_eq!(doc.pages.len() % 4, 0, "{paper:?} {fold:?}");
        let notes: Vec<_> = doc
            .pages
            .iter()
            .filter(|p| {
                p.items
                    .iter()
                    .any(|i| i.shape.text().map(str::trim) == Some("Notes"))
            })
            .collect();
        // Fewer than a sheet's worth, and only where the lesson's own
        // pages leave a sheet part-used.
        assert!(notes.len() < 4, "{} Notes pages", notes.len());
        let own = doc.pages.len() - notes.len();
        assert_eq!(notes.is_empty(), own % 4 == 0);
        if fold == Booklet::Doubled {
            // Full-size pages: the lesson's own are the plain build's.
            assert_eq!(own, plain.pages.len());
        }
        // They come last.
        for page in &doc.pages[own..] {
            assert!(
                page.items
                    .iter()
                    .any(|i| i.shape.text().map(str::trim) == Some("Notes"))
            );
        }
        for page in &notes {
            let lines: Vec<f32> = page
                .items
                .iter()
                .filter(|i| matches!(i.role, Role::WritingLine { .. }))
                .map(|i| match i.shape {
                    Shape::Line { y1, .. } => y1,
                    _ => panic!("a writing line that isn't a line"),
                })
                .collect();
            // Lines down the page at the lesson's own spacing (9 mm).
            assert!(lines.len() >= 10, "{} lines", lines.len());
            let body: Vec<f32> = lines.windows(2).map(|w| w[1] - w[0]).collect();
            assert!(
                body.iter().all(|g| (g - 9.0 * 72.0 / 25.4).abs() < 0.1),
                "{body:?}"
            );
            assert!(
                lines.last().unwrap() > &(page.height * 0.75),
                "ruled to the bottom"
            );
            ruled += 1;
        }
    }
    assert!(
        ruled > 0,
        "some size padded, so the Notes pages were looked at"
    );
}

#[test]
fn notes_pages_are_in_the_document_language_and_at_the_end() {
    let dir = tempdir();
    let pdf = dir.path().join("es.pdf");
    build(&["calming-the-body", "--booklet", "--language", "es"], &pdf);
    let Some(pages) = page_texts(&pdf) else {
        return;
    };
    // The Notes pages are the booklet's last: the back cover (first
    // side, left half) is one.
    let back = half_text(&pdf, 1, false, side_sizes(&pdf)[0]);
    assert!(back.contains("Notas"), "{back}");
    assert!(!pages.concat().contains("Notes"));
}

#[test]
fn a_booklet_refuses_form_fields_and_a_sheet_of_the_wrong_paper() {
    let dir = tempdir();
    let out = dir.path().join("x.pdf");
    let run = |args: &[&str]| {
        let r = handout()
            .arg("build")
            .args(args)
            .arg("-o")
            .arg(&out)
            .assert()
            .code(2);
        String::from_utf8(r.get_output().stderr.clone()).unwrap()
    };
    let err = run(&["calming-the-body", "--booklet", "--fillable"]);
    assert!(err.contains("a booklet can't be --fillable"), "{err}");
    assert!(err.contains("build it without --booklet"), "{err}");
    let err = run(&[
        "calming-the-body",
        "--booklet",
        "--paper",
        "a4",
        "--booklet-sheet",
        "tabloid",
    ]);
    assert!(
        err.contains("a tabloid sheet holds two Letter pages"),
        "{err}"
    );
    assert!(err.contains("--booklet-sheet a3"), "{err}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn in_a_combined_batch_each_client_starts_a_sheet_and_the_manifest_counts_sheets() {
    let dir = tempdir();
    let roster = write(
        dir.path(),
        "r.csv",
        "name,id\nAna Ruiz,c1\nBo Li,c2\nCy Moss,c3\n",
    );
    let all = dir.path().join("all.pdf");
    handout()
        .args([
            "batch",
            "three-parts-of-self-compassion",
            "--booklet",
            "--roster",
        ])
        .arg(&roster)
        .arg("--combined")
        .arg(&all)
        .assert()
        .success();
    assert_sound(&all);
    let text = fs::read_to_string(dir.path().join("all.manifest.csv")).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    let sizes = side_sizes(&all);
    let mut next = 1;
    for (row, name) in rows.iter().zip(["Ana Ruiz", "Bo Li", "Cy Moss"]) {
        let first: usize = row[col("combined_first_page")].parse().unwrap();
        let last: usize = row[col("combined_last_page")].parse().unwrap();
        let pages: usize = row[col("pages")].parse().unwrap();
        let sheets: usize = row[col("sheets")].parse().unwrap();
        // Starts on the front of a fresh sheet, right after the last client.
        assert_eq!(first, next);
        assert_eq!(first % 2, 1, "a front side");
        assert_eq!(last - first + 1, pages);
        assert_eq!(sheets * 2, pages, "a sheet is two sides");
        next = last + 1;
        if have("pdftotext") {
            // The client's cover opens the first sheet; their name is on
            // their own sides and no one else's.
            let cover = half_text(&all, first, true, sizes[first - 1]);
            assert_eq!(page_number(&cover).map(|p| p.0), Some(1), "{cover}");
            for side in 1..=sizes.len() {
                let text = [false, true]
                    .map(|r| half_text(&all, side, r, sizes[side - 1]))
                    .concat();
                let own = (first..=last).contains(&side);
                assert!(!text.contains(name) || own, "{name} on side {side}");
            }
            assert!(half_text(&all, first, true, sizes[first - 1]).contains(name));
        }
    }
    assert_eq!(next - 1, sizes.len(), "no blank sides between clients");
}

/// A packet file of these lessons, with a cover and contents.
fn packet(dir: &Path, lessons: &[&str]) -> std::path::PathBuf {
    let list: Vec<String> = lessons.iter().map(|l| format!("{l:?}")).collect();
    write(
        dir,
        "p.packet.toml",
        &format!(
            "title = \"Group work\"\nlessons = [{}]\ncover = true\ncontents = true\n",
            list.join(", ")
        ),
    )
}

#[test]
fn three_lessons_fold_their_contents_onto_the_cover_and_four_get_a_page() {
    let dir = tempdir();
    let lessons = [
        "calming-the-body",
        "compassionate-letter",
        "three-parts-of-self-compassion",
        "changing-the-inner-critic",
    ];
    for count in [3, 4] {
        let pdf = dir.path().join(format!("{count}.pdf"));
        let p = packet(dir.path(), &lessons[..count]);
        build(&[p.to_str().unwrap()], &pdf);
        let Some(pages) = page_texts(&pdf) else {
            return;
        };
        let with_contents: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].contains("Contents"))
            .collect();
        let listed = |page: &str| {
            let words = page.split_whitespace().collect::<Vec<_>>().join(" ");
            [
                "Calming the Body",
                "A Compassionate Letter",
                "The Three Parts",
            ]
            .iter()
            .all(|t| words.contains(t))
        };
        if count == 3 {
            // On the cover, under its title: no page of its own.
            assert_eq!(with_contents, [0], "{count} lessons");
            assert!(pages[0].contains("Group work") && listed(&pages[0]));
            assert!(pages[1].contains("Calming the Body") && pages[1].contains("Name:"));
        } else {
            assert_eq!(with_contents, [1], "{count} lessons");
            assert!(!pages[1].contains("Name:") && listed(&pages[1]));
        }
        // The numbers it gives are where each lesson starts.
        let contents = pages[with_contents[0]]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let at = contents.find("Calming the Body").unwrap() + "Calming the Body".len();
        let start: usize = contents[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            pages[start - 1].starts_with("Calming the Body"),
            "{}",
            pages[start - 1]
        );
    }
}

/// Each page's links: the URL and the rectangle of each.
fn links(pdf: &[u8]) -> Vec<Vec<(String, [f32; 4])>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let resolve = |o: &lopdf::Object| -> lopdf::Dictionary {
        match o {
            lopdf::Object::Reference(r) => doc.get_dictionary(*r).unwrap().clone(),
            o => o.as_dict().unwrap().clone(),
        }
    };
    doc.get_pages()
        .values()
        .map(|&id| {
            let page = doc.get_dictionary(id).unwrap();
            let Ok(annots) = page.get(b"Annots").and_then(|a| a.as_array()) else {
                return Vec::new();
            };
            annots
                .iter()
                .map(resolve)
                .filter_map(|a| {
                    let action = resolve(a.get(b"A").ok()?);
                    let uri = action.get(b"URI").ok()?.as_str().ok()?;
                    let r: Vec<f32> = a
                        .get(b"Rect")
                        .unwrap()
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_float().unwrap())
                        .collect();
                    Some((
                        String::from_utf8_lossy(uri).into_owned(),
                        [r[0], r[1], r[2], r[3]],
                    ))
                })
                .collect()
        })
        .collect()
}

#[test]
fn links_move_with_their_page() {
    let found = handout::library::find_builtin("my-safety-plan", None).unwrap();
    let book = handout::fonts::FontBook::global();
    let lesson = handout::lesson::load(found.source(), found.id(), book)
        .unwrap()
        .0;
    let ws = handout::worksheet::personalize(&lesson, None, Default::default());
    let cache = handout::cache::Cache::new();
    let opts = Options {
        booklet: Some(Booklet::Folded),
        ..Options::default()
    };
    let doc = layout::layout(&ws, &opts, book, &cache).unwrap();
    let pdf = |booklet| {
        let o = handout::pdf::PdfOptions {
            booklet,
            ..Default::default()
        };
        handout::pdf::render(&doc, &o, &cache).unwrap()
    };
    // The same pages, one to a page, and imposed.
    let (flat, imposed) = (links(&pdf(false)), links(&pdf(true)));
    let n = doc.pages.len();
    let half = doc.pages[0].width;
    assert!(
        flat.iter().map(Vec::len).sum::<usize>() > 0,
        "the lesson has links"
    );
    for p in 1..=n {
        let (side, right) = folded_place(p, n);
        let dx = if right { half } else { 0.0 };
        let want: Vec<(String, [f32; 4])> = flat[p - 1]
            .iter()
            .map(|(u, [x1, y1, x2, y2])| (u.clone(), [x1 + dx, *y1, x2 + dx, *y2]))
            .collect();
        let got: Vec<(String, [f32; 4])> = imposed[side]
            .iter()
            .filter(|(_, r)| (r[0] >= half) == right)
            .cloned()
            .collect();
        assert_eq!(got.len(), want.len(), "page {p}");
        for ((gu, g), (wu, w)) in got.iter().zip(&want) {
            assert_eq!(gu, wu, "page {p}");
            assert!(
                g.iter().zip(w).all(|(a, b)| (a - b).abs() < 0.01),
                "page {p}: {g:?} {w:?}"
            );
        }
    }
}

/// Every built-in lesson, every edition, prints as a half-letter and an
/// A5 booklet at the usual print size: the half page's 4.3 in of text
/// width holds every tracker and table they have, and the padding keeps
/// the layout's rules (checked after every layout in debug builds).
#[test]
fn every_built_in_lesson_prints_as_a_half_size_booklet() {
    let book = handout::fonts::FontBook::global();
    let cache = handout::cache::Cache::new();
    let mut laid = 0;
    for b in handout::library::builtins() {
        let lesson = handout::lesson::load(b.source(), b.id(), book).unwrap().0;
        let ws = handout::worksheet::personalize(&lesson, None, Default::default());
        for paper in [Paper::Letter, Paper::A4] {
            let opts = Options {
                paper,
                booklet: Some(Booklet::Folded),
                ..Options::default()
            };
            let doc = layout::layout(&ws, &opts, book, &cache)
                .unwrap_or_else(|e| panic!("{} {:?} at {paper:?}: {e}", b.id(), b.language_tag()));
            assert_eq!(doc.pages.len() % 4, 0);
            let (w, h) = opts.page_size();
            assert!(doc.pages.iter().all(|p| (p.width, p.height) == (w, h)));
            laid += 1;
        }
    }
    assert!(laid >= 2 * 13, "every lesson, {laid} layouts");
}
