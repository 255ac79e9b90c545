//! What a batch keeps of each checked roster row until it has started that
//! client: a fixed-size record per client and its name, id and file name in
//! one shared text, with the clinicians and scenario lists that repeat from
//! row to row kept once.
//!
//! Held as roster rows are (a string or three per row, a vector of
//! scenario ids), 20,000 clients took several megabytes and scattered them
//! across the allocator's pages; this takes about 50 bytes a client. The
//! rows are kept in blocks of [`Clients::BLOCK`], and a block goes as soon
//! as the run has started every client in it: what the run needs of a
//! client after that (its line, id and file, for the manifest) travels with
//! the client, so nothing here grows with the roster to the end.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::languages::Asked;
use crate::roster;

/// The checked rows, compactly.
#[derive(Default)]
pub struct Clients {
    /// The rows, [`Clients::BLOCK`] at a time; None once forgotten.
    blocks: Vec<Option<Block>>,
    len: usize,
    /// Clinicians' names; a kind's `clinician` is one more than an index
    /// here, or 0 for none.
    clinicians: Vec<Box<str>>,
    /// The different scenario lists.
    lists: Vec<Arc<[String]>>,
    /// The different dates, clinicians, lists and languages rows have
    /// together: a roster's rows mostly share one of a few.
    kinds: Vec<Kind>,
}

/// A block of consecutive rows.
#[derive(Default)]
struct Block {
    /// Its clients' names, ids and file names, one after another.
    text: String,
    kept: Vec<Kept>,
}

/// What rows of a group share: a record's `kind` is an index here.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Kind {
    date: Option<time::Date>,
    /// One more than an index in [`Clients::clinicians`], or 0 for none.
    clinician: u32,
    /// An index in [`Clients::lists`].
    scenarios: u32,
    language: Option<Asked>,
}

/// One client's record, 20 bytes. Its name starts where the record before
/// it in its block ended in [`Block::text`] (the first at 0), its id where
/// its name ends, its file name where its id ends.
#[derive(Clone, Copy)]
struct Kept {
    line: u32,
    name_end: u32,
    id_end: u32,
    file_end: u32,
    kind: u32,
}

/// One client, as the run reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Client<'a> {
    /// The roster line (or sheet row) it came from; the header is 1.
    pub line: u32,
    pub name: &'a str,
    /// None when the roster has no id for it.
    pub id: Option<&'a str>,
    /// Its file's name with `--out-dir` (empty when the run was planned
    /// without file names).
    pub file: &'a str,
    pub date: Option<time::Date>,
    pub clinician: Option<&'a str>,
    pub language: Option<Asked>,
    pub scenarios: &'a [String],
}

impl Block {
    /// The block, its text no bigger than it needs.
    fn done(mut self) -> Block {
        self.text.shrink_to_fit();
        self.kept.shrink_to_fit();
        self
    }
}

impl Clients {
    /// Rows a block holds.
    pub const BLOCK: usize = 1024;

    /// The rows, with each one's file name (`files[i]` for `rows[i]`), or
    /// none when `files` is empty (a run without `--out-dir`).
    pub fn new(rows: Vec<roster::Row>, files: Vec<String>) -> Clients {
        assert!(
            files.is_empty() || rows.len() == files.len(),
            "a file name for every row, or none"
        );
        let mut c = Clients {
            len: rows.len(),
            ..Clients::default()
        };
        let mut clinicians: BTreeMap<String, u32> = BTreeMap::new();
        let mut lists: BTreeMap<Vec<String>, u32> = BTreeMap::new();
        let mut kinds: BTreeMap<Kind, u32> = BTreeMap::new();
        let end = |text: &String| u32::try_from(text.len()).expect("under 4 GB of names");
        let mut files = files.into_iter();
        let mut block = Block::default();
        for (i, row) in rows.into_iter().enumerate() {
            if i > 0 && i % Self::BLOCK == 0 {
                c.blocks.push(Some(block.done()));
                block = Block::default();
            }
            let text = &mut block.text;
            text.push_str(&row.name);
            let name_end = end(text);
            // An empty id is no id: the file is named from the name then.
            text.push_str(row.id.as_deref().unwrap_or(""));
            let id_end = end(text);
            text.push_str(files.next().as_deref().unwrap_or(""));
            let file_end = end(text);
            let clinician = match row.clinician {
                None => 0,
                Some(name) => *clinicians.entry(name).or_insert_with_key(|name| {
                    c.clinicians.push(name.as_str().into());
                    c.clinicians.len() as u32
                }),
            };
            let scenarios = *lists.entry(row.scenarios).or_insert_with_key(|list| {
                c.lists.push(list.clone().into());
                c.lists.len() as u32 - 1
            });
            let kind = Kind {
                date: row.date,
                clinician,
                scenarios,
                language: row.language,
            };
            let kind = *kinds.entry(kind).or_insert_with(|| {
                c.kinds.push(kind);
                c.kinds.len() as u32 - 1
            });
            block.kept.push(Kept {
                line: u32::try_from(row.line).expect("a roster has under 4 billion lines"),
                name_end,
                id_end,
                file_end,
                kind,
            });
        }
        if !block.kept.is_empty() {
            c.blocks.push(Some(block.done()));
        }
        c
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Client `i`; it must not have been forgotten.
    pub fn get(&self, i: usize) -> Client<'_> {
        let block = self.blocks[i / Self::BLOCK]
            .as_ref()
            .expect("a client is read before it is forgotten");
        let at = i % Self::BLOCK;
        let k = block.kept[at];
        let kind = self.kinds[k.kind as usize];
        let start = if at == 0 {
            0
        } else {
            block.kept[at - 1].file_end
        };
        let text = |from: u32, to: u32| &block.text[from as usize..to as usize];
        let id = text(k.name_end, k.id_end);
        Client {
            line: k.line,
            name: text(start, k.name_end),
            id: (!id.is_empty()).then_some(id),
            file: text(k.id_end, k.file_end),
            date: kind.date,
            clinician: kind
                .clinician
                .checked_sub(1)
                .map(|c| &*self.clinicians[c as usize]),
            language: kind.language,
            scenarios: &self.lists[kind.scenarios as usize],
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = Client<'_>> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Let go of every block whose clients all come before `i`: the run
    /// has taken what it needs of them.
    pub fn forget_before(&mut self, i: usize) {
        for block in self.blocks.iter_mut().take(i / Self::BLOCK) {
            *block = None;
        }
    }

    /// How many blocks are still held.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.blocks.iter().flatten().count()
    }

    /// How many different scenario lists the rows have.
    #[cfg(test)]
    fn lists(&self) -> usize {
        self.lists.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;

    /// A roster's checked rows.
    fn rows(csv: &str) -> Vec<roster::Row> {
        let today = time::Date::from_calendar_date(2026, time::Month::December, 2).unwrap();
        roster::read(
            "r.csv",
            csv.as_bytes(),
            &roster::ReadOptions::new(today),
            FontBook::global(),
        )
        .unwrap()
        .0
        .rows
    }

    #[test]
    fn each_client_reads_back_as_its_row_with_repeats_kept_once() {
        let csv = "name,id,clinician,scenarios\n\
                   Ana Díaz,c-1,Dr. Ruiz,craving;payday\n\
                   Bo Lee,,Dr. Ruiz,craving;payday\n\
                   Cara Tan,c-3,,trauma\n\
                   Nguyễn Thị Hương,c-4,Dr. Ruiz,\n";
        let files = ["c-1.pdf", "bo-lee.pdf", "c-3.pdf", "c-4.pdf"].map(String::from);
        let clients = Clients::new(rows(csv), files.to_vec());
        assert_eq!(clients.len(), 4);
        let pay = ["craving".to_string(), "payday".to_string()];
        let a = clients.get(0);
        assert_eq!(
            a,
            Client {
                line: 2,
                name: "Ana Díaz",
                id: Some("c-1"),
                file: "c-1.pdf",
                date: None,
                clinician: Some("Dr. Ruiz"),
                language: None,
                scenarios: &pay,
            }
        );
        let b = clients.get(1);
        assert_eq!(
            (b.line, b.name, b.id, b.file),
            (3, "Bo Lee", None, "bo-lee.pdf")
        );
        assert_eq!((b.clinician, b.scenarios), (Some("Dr. Ruiz"), &pay[..]));
        // One list for both rows, one clinician's name.
        assert!(std::ptr::eq(a.scenarios, b.scenarios));
        assert!(std::ptr::eq(a.clinician.unwrap(), b.clinician.unwrap()));
        let c = clients.get(2);
        assert_eq!((c.name, c.clinician), ("Cara Tan", None));
        assert_eq!(c.scenarios, ["trauma".to_string()]);
        let d = clients.get(3);
        assert_eq!(
            (d.name, d.id, d.file),
            ("Nguyễn Thị Hương", Some("c-4"), "c-4.pdf")
        );
        assert!(d.scenarios.is_empty());
        assert_eq!(clients.lists(), 3);
        // Ana and Bo share their date, clinician, list and language.
        assert_eq!(clients.kinds.len(), 3);
        assert_eq!(
            clients.iter().map(|c| c.line).collect::<Vec<_>>(),
            [2, 3, 4, 5]
        );
    }

    #[test]
    fn blocks_go_once_every_client_in_them_has_started() {
        let n = 2 * Clients::BLOCK + 5;
        let mut csv = String::from("name,id\n");
        for i in 0..n {
            csv.push_str(&format!("Client {i},c-{i}\n"));
        }
        // Without --out-dir no file names are kept.
        let mut clients = Clients::new(rows(&csv), Vec::new());
        assert_eq!(clients.len(), n);
        assert_eq!(clients.held(), 3);
        let last = clients.get(n - 1);
        assert_eq!(
            (last.name, last.id, last.file),
            (
                &*format!("Client {}", n - 1),
                Some(&*format!("c-{}", n - 1)),
                ""
            )
        );
        let first_of_second = clients.get(Clients::BLOCK);
        assert_eq!(first_of_second.name, format!("Client {}", Clients::BLOCK));
        assert_eq!(first_of_second.line as usize, Clients::BLOCK + 2);
        // Started up to the middle of the second block: the first goes.
        clients.forget_before(Clients::BLOCK + 3);
        assert_eq!(clients.held(), 2);
        assert_eq!(
            clients.get(Clients::BLOCK + 3).id,
            Some(&*format!("c-{}", Clients::BLOCK + 3))
        );
        clients.forget_before(n);
        assert_eq!(clients.held(), 1);
        assert_eq!(clients.get(n - 1).name, format!("Client {}", n - 1));
    }
}
