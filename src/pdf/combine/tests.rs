//! The combined print file read back: pages, fonts and bodies shared,
//! bookmarks, structure, deterministic bytes.

use super::*;
use crate::cache::Cache;
use crate::fonts::FontBook;
use crate::layout::{Options, layout};
use crate::pdf::{PdfOptions, to_lopdf};
use crate::worksheet::{Header, personalize};

fn packet(name: &str, scenario: &str) -> lopdf::Document {
    let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
    let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
    let chosen = std::collections::BTreeSet::from([scenario.to_string()]);
    let header = Header {
        name: Some(name.into()),
        ..Header::default()
    };
    let ws = personalize(&lesson, Some(&chosen), header);
    let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
    to_lopdf(&doc, &PdfOptions::default(), &Cache::new()).unwrap()
}

/// The objects a page's contents are, in order.
fn contents(doc: &lopdf::Document, page: ObjectId) -> Vec<ObjectId> {
    match doc.get_dictionary(page).unwrap().get(b"Contents").unwrap() {
        Object::Array(a) => a.iter().map(|o| o.as_reference().unwrap()).collect(),
        Object::Reference(r) => vec![*r],
        o => panic!("contents {o:?}"),
    }
}

fn font_programs(doc: &lopdf::Document) -> usize {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor"))
        .count()
}

#[test]
fn fonts_and_page_bodies_are_written_once_and_names_each_in_their_packet() {
    // Letters every copy of the lesson has, so no name needs a subset
    // of its own.
    let names = ["Ana Ruiz", "Bo Lee", "Cara Tan"];
    let one = packet(names[0], "craving");
    let mut c = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
    let placed: Vec<Landed> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let row = format!("row-{i}");
            c.add(&packet(n, "craving"), n, &row, true).unwrap()
        })
        .collect();
    let bytes = c.finish().unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();

    // One set of fonts for the file, as for one packet.
    assert_eq!(font_programs(&doc), font_programs(&one));
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let per_packet = placed[0].pages + placed[0].blanks;
    for p in 0..placed[0].pages {
        let first = contents(&doc, pages[p]);
        assert_eq!(
            first.len(),
            2,
            "page {p}: the lesson's body, then the copy's own"
        );
        for k in 1..names.len() {
            let other = contents(&doc, pages[p + k * per_packet]);
            // The same body, each copy's own part.
            assert_eq!(other[0], first[0], "page {p} of packet {k}");
            assert_ne!(other[1], first[1], "page {p} of packet {k}");
        }
    }
    // And each packet still reads as its own client's.
    for (k, name) in names.iter().enumerate() {
        let page = (k * per_packet + 1) as u32;
        let text = doc.extract_text(&[page, page + 1]).unwrap();
        assert!(text.contains(name), "packet {k}: {text}");
        for other in names.iter().filter(|o| *o != name) {
            assert!(!text.contains(other), "packet {k} shows {other}");
        }
    }
    // Three packets in little more than one's bytes.
    let single = crate::pdf::save(&one).unwrap();
    assert!(
        bytes.len() < single.len() * 2,
        "{} bytes for three packets, {} for one",
        bytes.len(),
        single.len()
    );
}

#[test]
fn packets_start_on_odd_pages_and_the_file_reads_back() {
    let a = packet("Ana", "craving");
    let b = packet("Bo", "conflict");
    let mut c = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
    let pa = c.add(&a, "1", "row-1", true).unwrap();
    let pb = c.add(&b, "2", "row-2", true).unwrap();
    let bytes = c.finish().unwrap();
    assert_eq!(pa.first_page, 1);
    assert_eq!(pb.first_page, 1 + pa.pages + pa.blanks);
    assert_eq!(pb.first_page % 2, 1);
    assert_eq!(pa.blanks, pa.pages % 2);

    let doc = lopdf::Document::load_mem(&bytes).expect("the combined file parses");
    assert_eq!(
        doc.get_pages().len(),
        pa.pages + pa.blanks + pb.pages + pb.blanks
    );
    // Each packet's fonts came along: the text of page one of the second
    // packet extracts.
    let text = doc.extract_text(&[pb.first_page as u32]).unwrap();
    assert!(text.contains("Bo"), "{text}");

    // Both structure trees came along, packed into object streams, and
    // read back whole: every element resolves.
    let root = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .unwrap();
    let kids = doc
        .get_dictionary(root)
        .unwrap()
        .get(b"K")
        .and_then(Object::as_array)
        .unwrap()
        .clone();
    assert_eq!(kids.len(), 2);
    let mut elements = 0;
    let mut todo: Vec<Object> = kids;
    while let Some(o) = todo.pop() {
        match o {
            Object::Reference(r) => {
                let d = doc.get_dictionary(r).expect("every element resolves");
                if d.has(b"S") {
                    elements += 1;
                }
                if let Ok(k) = d.get(b"K") {
                    todo.push(k.clone());
                }
            }
            Object::Array(a) => todo.extend(a),
            _ => {}
        }
    }
    let one = structure_elements(&a) + structure_elements(&b);
    assert!(elements > 100, "{elements} structure elements");
    assert_eq!(elements, one);
    let packs = crate::pdf::file::tests::object_streams(&doc);
    assert!(packs >= 2, "{packs} object streams");
}

/// Structure elements in a document.
fn structure_elements(doc: &lopdf::Document) -> usize {
    doc.objects
        .values()
        .filter(|o| {
            o.as_dict().is_ok_and(|d| {
                d.has(b"S") && d.has(b"P") && !d.has(b"Type")
                    || d.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem")
            })
        })
        .count()
}

#[test]
fn each_packet_has_a_bookmark_to_its_first_page_in_roster_order() {
    // Written as packets come, each bookmark once the next is known:
    // the chain must still read First to Last and back, every link
    // and page right.
    let mut c = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
    let labels = ["Roster line 2", "Roster line 3", "Roster line 5"];
    let placed: Vec<Landed> = labels
        .iter()
        .zip(["Ana", "Bo", "Cara"])
        .map(|(l, n)| c.add(&packet(n, "craving"), l, "row", true).unwrap())
        .collect();
    let doc = lopdf::Document::load_mem(&c.finish().unwrap()).unwrap();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root_id = doc
        .catalog()
        .unwrap()
        .get(b"Outlines")
        .and_then(Object::as_reference)
        .unwrap();
    let root = doc.get_dictionary(root_id).unwrap();
    assert_eq!(root.get(b"Count").and_then(Object::as_i64).unwrap(), 3);
    let link = |d: &Dictionary, key: &[u8]| d.get(key).and_then(Object::as_reference).ok();
    let mut at = link(root, b"First");
    let mut before = None;
    for (label, placed) in labels.iter().zip(&placed) {
        let id = at.expect("a bookmark for every packet");
        let b = doc.get_dictionary(id).unwrap();
        let title = b.get(b"Title").and_then(Object::as_str).unwrap();
        let title: Vec<u16> = title[2..]
            .chunks(2)
            .map(|u| u16::from_be_bytes([u[0], u[1]]))
            .collect();
        assert_eq!(String::from_utf16(&title).unwrap(), *label);
        assert_eq!(link(b, b"Parent"), Some(root_id));
        assert_eq!(link(b, b"Prev"), before);
        let dest = b.get(b"Dest").and_then(Object::as_array).unwrap();
        assert_eq!(
            dest[0].as_reference().unwrap(),
            pages[placed.first_page - 1],
            "{label} opens its packet's first page"
        );
        before = Some(id);
        at = link(b, b"Next");
    }
    assert_eq!(at, None, "the last bookmark has no next");
    assert_eq!(link(root, b"Last"), before);
    // The page tree and the structure root name every packet.
    let kids = |id: ObjectId, key: &[u8]| {
        doc.get_dictionary(id)
            .unwrap()
            .get(key)
            .and_then(Object::as_array)
            .unwrap()
            .len()
    };
    let blanks: usize = placed.iter().map(|p| p.blanks).sum();
    assert_eq!(kids(ROOT_PAGES, b"Kids"), 3 + blanks);
    assert_eq!(kids(STRUCT_ROOT, b"K"), 3);
}

/// A copy whose structure elements are still the kept tree's makes the
/// same file as the same copy with its elements in it.
#[test]
fn a_painted_copy_combines_as_the_whole_document_does() {
    use crate::pdf::paint;
    let copies = [
        ("Ana", "craving"),
        ("Bo", "conflict"),
        ("Zoë Œlberg", "craving"),
    ];
    let mut whole = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
    let mut painted = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
    for (k, (name, scenario)) in copies.iter().enumerate() {
        let b = crate::library::find_builtin("compassion-in-recovery", None).unwrap();
        let (lesson, _) = crate::lesson::load(b.source(), b.id(), FontBook::global()).unwrap();
        let chosen = std::collections::BTreeSet::from([scenario.to_string()]);
        let header = Header {
            name: Some((*name).into()),
            ..Header::default()
        };
        let ws = personalize(&lesson, Some(&chosen), header);
        let doc = layout(&ws, &Options::default(), FontBook::global(), &Cache::new()).unwrap();
        let opts = PdfOptions {
            fillable: k == 1,
            ..PdfOptions::default()
        };
        let label = format!("{k}");
        let a = to_lopdf(&doc, &opts, &Cache::new()).unwrap();
        whole.add(&a, &label, &label, true).unwrap();
        let p = paint(&doc, &opts, &Cache::new()).unwrap();
        assert!(p.parts().1.is_some(), "elements left in the tree");
        painted.add_painted(&p, &label, &label, true).unwrap();
    }
    let (whole, painted) = (whole.finish().unwrap(), painted.finish().unwrap());
    assert!(whole == painted, "the two files differ");
    let doc = lopdf::Document::load_mem(&painted).unwrap();
    assert!(structure_elements(&doc) > 300);
}

/// A reference to an object the document doesn't have is written as
/// null, and every other object keeps its place.
#[test]
fn a_reference_to_no_object_reads_as_null_and_shifts_nothing() {
    let mut a = packet("Ana", "craving");
    let page = *a.get_pages().values().next().unwrap();
    let nowhere = (a.max_id + 50, 0);
    a.get_dictionary_mut(page)
        .unwrap()
        .set("PieceInfo", Object::Reference(nowhere));
    let mut c = Combiner::new(Vec::new(), "Group", "handout test", None).unwrap();
    c.add(&a, "1", "row-1", false).unwrap();
    let bytes = c.finish().unwrap();
    let doc = lopdf::Document::load_mem(&bytes).expect("the combined file parses");
    let first = *doc.get_pages().values().next().unwrap();
    let page = doc.get_dictionary(first).unwrap();
    assert_eq!(page.get(b"PieceInfo").ok(), Some(&Object::Null));
    // Every structure element still is one, with its type and parent.
    assert!(structure_elements(&doc) > 100);
    for object in doc.objects.values() {
        if let Ok(d) = object.as_dict()
            && d.has(b"P")
            && !d.has(b"Type")
        {
            assert!(d.get(b"S").is_ok(), "{d:?}");
        }
    }
}

#[test]
fn combining_is_deterministic() {
    let run = || {
        let mut c = Combiner::new(Vec::new(), "Group", "p", None).unwrap();
        c.add(&packet("Ana", "craving"), "1", "row-1", true)
            .unwrap();
        c.finish().unwrap()
    };
    assert_eq!(run(), run());
}
