//! The PDF stage as a whole: a copy painted from a kept body, subsets and
//! trees reused from the cache, is the document painted afresh.

use super::*;

#[test]
fn pdf_dates() {
    assert_eq!(pdf_date(0).unwrap(), "D:19700101000000Z");
    assert_eq!(pdf_date(1_000_000_000).unwrap(), "D:20010909014640Z");
}

#[test]
fn same_document_twice_in_one_process_gives_the_same_bytes() {
    use crate::fonts::FontBook;
    use crate::layout::{Options, layout};
    use crate::worksheet::{Header, personalize};
    let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
    let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
    let header = Header {
        name: Some("Ирина Петрова".into()),
        ..Header::default()
    };
    let ws = personalize(&lesson, None, header);
    let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
    // The first render paints the body and deflates the font programs,
    // the second reuses them.
    let cache = Cache::new();
    let a = render(&doc, &PdfOptions::default(), &cache).unwrap();
    assert!(!cache.is_empty());
    let b = render(&doc, &PdfOptions::default(), &cache).unwrap();
    assert_eq!(a, b);
    // And on another thread, as batch runs will, from the same cache and
    // from a fresh one.
    let (c, d) = std::thread::scope(|s| {
        s.spawn(|| {
            let c = render(&doc, &PdfOptions::default(), &cache).unwrap();
            let d = render(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
            (c, d)
        })
        .join()
        .unwrap()
    });
    assert_eq!(a, c);
    assert_eq!(a, d);
}

/// A painted copy saved with its structure elements from the kept tree
/// is the file the whole document saves to.
#[test]
fn a_painted_copy_saves_to_the_same_bytes_as_the_whole_document() {
    use crate::fonts::FontBook;
    use crate::layout::{Options, layout};
    use crate::worksheet::{Header, personalize};
    let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
    let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
    for (name, fillable) in [("Ana", false), ("Zoë Œlberg", true)] {
        let header = Header {
            name: Some(name.into()),
            ..Header::default()
        };
        let ws = personalize(&lesson, None, header);
        let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
        let opts = PdfOptions {
            fillable,
            ..PdfOptions::default()
        };
        let painted = paint(&doc, &opts, &Cache::new()).unwrap();
        assert!(painted.parts().1.is_some(), "elements left in the tree");
        let saved = save_painted(&painted).unwrap();
        let whole = save(&to_lopdf(&doc, &opts, &Cache::new()).unwrap()).unwrap();
        assert!(saved == whole, "{name}: the files differ");
        let back = lopdf::Document::load_mem(&saved).unwrap();
        assert!(back.catalog().unwrap().has(b"StructTreeRoot"));
    }
}

/// Every embedded font program, by its font's /BaseFont.
fn font_programs(lo: &lopdf::Document) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for o in lo.objects.values() {
        let Ok(d) = o.as_dict() else { continue };
        if d.get(b"Type").and_then(Object::as_name).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let name = String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap());
        let file = d.get(b"FontFile2").unwrap().as_reference().unwrap();
        let program = lo.get_object(file).unwrap().as_stream().unwrap();
        out.insert(name.to_string(), program.content.clone());
    }
    out
}

#[test]
fn a_name_s_letters_go_in_a_small_subset_of_their_own() {
    use crate::fonts::FontBook;
    use crate::layout::{Options, layout};
    use crate::worksheet::{Header, personalize};
    let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
    let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
    let copy = |name: &str| {
        let header = Header {
            name: Some(name.into()),
            ..Header::default()
        };
        let ws = personalize(&lesson, None, header);
        let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
        let lo = to_lopdf(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
        let text = doc
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .filter_map(|i| match &i.shape {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect::<String>();
        (font_programs(&lo), text)
    };
    let (zoe, zoe_text) = copy("Zoë Œlberg");
    let (kwame, _) = copy("Kwame Mensah");
    assert!(zoe_text.contains("Zoë Œlberg"));

    // The lesson's own subsets are the very same programs in both
    // copies: made once, deflated once.
    let lesson_fonts: Vec<&String> = zoe.keys().filter(|k| k.starts_with("HNDTA")).collect();
    assert!(lesson_fonts.len() >= 3, "{:?}", zoe.keys());
    for k in lesson_fonts {
        assert_eq!(zoe[k], kwame[k], "{k} differs between two clients' copies");
    }
    // Letters the lesson never prints (ë, Œ) come from a small subset
    // of the regular face, a fraction of the lesson's.
    let extra = &zoe["HNDTBA+AtkinsonHyperlegibleNext-Regular"];
    let main = &zoe["HNDTAA+AtkinsonHyperlegibleNext-Regular"];
    assert!(
        extra.len() * 3 < main.len(),
        "{} vs {}",
        extra.len(),
        main.len()
    );
}

#[test]
fn a_kept_body_serves_only_documents_with_the_same_lesson_part() {
    use crate::fonts::FontBook;
    use crate::layout::{Options, layout};
    use crate::worksheet::{Header, personalize};
    let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
    let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
    let cache = Cache::new();
    let text_of = |scenario: &str, name: &str| {
        let chosen = BTreeSet::from([scenario.to_string()]);
        let header = Header {
            name: Some(name.into()),
            ..Header::default()
        };
        let ws = personalize(&lesson, Some(&chosen), header);
        let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
        let lo = to_lopdf(&doc, &PdfOptions::default(), &cache).unwrap();
        let pages: Vec<u32> = (1..=lo.get_pages().len() as u32).collect();
        lo.extract_text(&pages).unwrap()
    };
    // The same body twice (the second from the cache), then another.
    let first = text_of("craving", "Ana Ruiz");
    let again = text_of("craving", "Bo Lee");
    let other = text_of("conflict", "Cara Tan");
    for t in [&first, &again] {
        assert!(t.contains("Shame after a craving"), "{t}");
        assert!(!t.contains("A mistake after a conflict"), "{t}");
    }
    assert!(
        again.contains("Bo Lee") && !again.contains("Ana Ruiz"),
        "{again}"
    );
    assert!(other.contains("A mistake after a conflict"), "{other}");
    assert!(!other.contains("Shame after a craving"), "{other}");
    assert!(other.contains("Cara Tan"), "{other}");
}

#[test]
fn the_footer_is_painted_with_the_body_and_the_name_with_the_copy() {
    use crate::fonts::FontBook;
    use crate::layout::{Options, layout};
    use crate::worksheet::{Header, personalize};
    let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
    let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
    let header = Header {
        name: Some("Ana Ruiz".into()),
        ..Header::default()
    };
    let ws = personalize(&lesson, None, header);
    let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
    let lo = to_lopdf(&doc, &PdfOptions::default(), &Cache::new()).unwrap();
    // Page 2's text from one of its two content streams alone.
    let page = lo.get_pages()[&2];
    let text_of = |which: usize| {
        let mut one = lo.clone();
        let d = one.get_dictionary_mut(page).unwrap();
        let contents = d.get(b"Contents").unwrap().as_array().unwrap().clone();
        assert_eq!(contents.len(), 2, "body and own stream");
        d.set("Contents", contents[which].clone());
        one.extract_text(&[2]).unwrap()
    };
    let (body, own) = (text_of(0), text_of(1));
    let total = doc.pages.len();
    for footer in [format!("Page 2 of {total}"), "988".to_string()] {
        assert!(body.contains(&footer), "{footer:?} not in the body: {body}");
        assert!(
            !own.contains(&footer),
            "{footer:?} in the copy's part: {own}"
        );
    }
    assert!(own.contains("Ana Ruiz"), "the running header's name: {own}");
    assert!(!body.contains("Ana Ruiz"), "a name in the body: {body}");
}
