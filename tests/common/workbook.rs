//! Excel workbooks built in a test, part by part, with the `zip` crate: the
//! sheets, cells and parts a test needs, hostile ones included, so that no
//! binary fixture is committed.

use std::io::Write;

use zip::write::SimpleFileOptions;

/// A sheet: its name, its state (`visible`, `hidden`, `veryHidden`) and
/// its `<sheetData>` content.
pub struct Sheet {
    pub name: String,
    pub state: &'static str,
    pub data: String,
}

impl Sheet {
    /// A visible sheet of `rows`, each cell written as text (`cell`).
    pub fn rows(name: &str, rows: &[&[&str]]) -> Sheet {
        let mut data = String::new();
        for (r, cells) in rows.iter().enumerate() {
            data.push_str(&format!("<row r=\"{}\">", r + 1));
            for (c, text) in cells.iter().enumerate() {
                data.push_str(&cell(
                    &format!("{}{}", (b'A' + c as u8) as char, r + 1),
                    text,
                ));
            }
            data.push_str("</row>");
        }
        Sheet {
            name: name.into(),
            state: "visible",
            data,
        }
    }

    pub fn state(mut self, state: &'static str) -> Sheet {
        self.state = state;
        self
    }
}

/// A cell at `at` (`B3`): an error value when `text` is one (`#DIV/0!`),
/// else an inline string.
pub fn cell(at: &str, text: &str) -> String {
    if text.starts_with('#') {
        format!("<c r=\"{at}\" t=\"e\"><v>{text}</v></c>")
    } else if text.is_empty() {
        String::new()
    } else {
        format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
    }
}

/// An .xlsx of `sheets`, with `extra` parts (name, bytes) beside them,
/// every part deflated.
pub fn xlsx(sheets: &[Sheet], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let mut part = |name: &str, bytes: &[u8]| {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(bytes).unwrap();
    };
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>",
    );
    let (mut listed, mut rels) = (String::new(), String::new());
    for (i, s) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(
            "<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        ));
        listed.push_str(&format!(
            "<sheet name=\"{}\" sheetId=\"{n}\" state=\"{}\" r:id=\"rId{n}\"/>",
            s.name, s.state
        ));
        rels.push_str(&format!(
            "<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>"
        ));
    }
    types.push_str("</Types>");
    part("[Content_Types].xml", types.as_bytes());
    part(
        "_rels/.rels",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
          <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
          <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
          </Relationships>",
    );
    part(
        "xl/workbook.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
             <sheets>{listed}</sheets></workbook>"
        )
        .as_bytes(),
    );
    part(
        "xl/_rels/workbook.xml.rels",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"
        )
        .as_bytes(),
    );
    for (i, s) in sheets.iter().enumerate() {
        part(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
                 <worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
                 <sheetData>{}</sheetData></worksheet>",
                s.data
            )
            .as_bytes(),
        );
    }
    for (name, bytes) in extra {
        part(name, bytes);
    }
    zip.finish().unwrap().into_inner()
}

/// An OpenDocument workbook whose spreadsheet body (`<table:table>`s) is
/// `tables`.
pub fn ods(tables: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated =
        SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
          <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
          <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
          <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
          </manifest:manifest>",
    )
    .unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    write!(
        zip,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>\
         </office:document-content>"
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

/// An OpenDocument row of text cells.
pub fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| {
            format!("<table:table-cell office:value-type=\"string\"><text:p>{c}</text:p></table:table-cell>")
        })
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}
