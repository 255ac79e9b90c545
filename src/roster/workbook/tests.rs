use calamine::Data;

use super::grid::{cell_text, push_field};
use super::{ods, xls};

#[test]
fn fields_are_quoted_only_when_they_must_be() {
    let mut t = String::new();
    push_field(&mut t, "Ruiz, Ana");
    t.push(',');
    push_field(&mut t, "say \"hi\"");
    t.push(',');
    push_field(&mut t, "plain");
    assert_eq!(t, "\"Ruiz, Ana\",\"say \"\"hi\"\"\",plain");
}

#[test]
fn numbers_and_line_breaks_read_as_an_export_writes_them() {
    assert_eq!(cell_text(&Data::Float(1234.0)), "1234");
    assert_eq!(cell_text(&Data::Float(12.5)), "12.5");
    assert_eq!(cell_text(&Data::Int(7)), "7");
    assert_eq!(cell_text(&Data::String("Ana\nRuiz".into())), "Ana Ruiz");
}

/// A BIFF record: type, length, data.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend((data.len() as u16).to_le_bytes());
    r.extend(data);
    r
}

/// A LabelSst cell at (row, col) naming shared string `sst`.
fn label_sst(row: u16, col: u16, sst: u32) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(sst.to_le_bytes());
    record(0x00FD, &d)
}

#[test]
fn an_xls_sheet_is_measured_by_its_cells_and_the_strings_they_copy() {
    // The globals: BOF, a shared string table of two strings (the
    // second, 3,000 two-byte characters, split by a CONTINUE record
    // whose first byte says the characters go on one byte wide), a
    // sheet, EOF.
    let mut sst = 2u32.to_le_bytes().to_vec();
    sst.extend(2u32.to_le_bytes());
    sst.extend(4u16.to_le_bytes());
    sst.push(0);
    sst.extend(b"name");
    sst.extend(3000u16.to_le_bytes());
    sst.push(1);
    sst.extend(vec![b'y'; 2 * 1000]);
    let mut cont = vec![0u8];
    cont.extend(vec![b'y'; 2000]);
    let mut globals = record(0x0809, &[0; 16]);
    globals.extend(record(0x00FC, &sst));
    globals.extend(record(0x003C, &cont));
    let sheet_at_field = globals.len() + 4;
    globals.extend(record(0x0085, &[0; 8]));
    globals.extend(record(0x000A, &[]));
    let at = globals.len();
    globals[sheet_at_field..sheet_at_field + 4].copy_from_slice(&(at as u32).to_le_bytes());
    // The sheet: the header, then the long string in rows 2 to 11,
    // and a nested chart substream whose cells are not the sheet's.
    let mut sheet = record(0x0809, &[0; 16]);
    sheet.extend(label_sst(0, 0, 0));
    for r in 1..=10 {
        sheet.extend(label_sst(r, 0, 1));
    }
    sheet.extend(record(0x0809, &[0; 16]));
    sheet.extend(label_sst(60_000, 200, 0));
    sheet.extend(record(0x000A, &[]));
    sheet.extend(record(0x000A, &[]));
    let stream = [globals, sheet].concat();
    let (sheets, strings) = xls::globals(&stream).unwrap();
    assert_eq!(sheets, [at]);
    assert_eq!(strings, [12, 9000]);
    let (grid, claimed, text) = xls::sheet(&stream, at, &strings).unwrap();
    assert_eq!((grid, claimed, text), (11, 0, 12 + 10 * 9000));
}

#[test]
fn an_opendocument_sheet_is_measured_with_its_repeats_written_out() {
    let content = "<office:document-content><office:body><office:spreadsheet>\
        <table:table table:name=\"A\">\
        <table:table-row table:number-rows-repeated=\"3\"><table:table-cell/></table:table-row>\
        <table:table-row><table:table-cell table:number-columns-repeated=\"2\"/>\
        <table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell></table:table-row>\
        <table:table-row table:number-rows-repeated=\"10\">\
        <table:table-cell table:number-columns-repeated=\"5\" office:value-type=\"float\" office:value=\"1\"/>\
        </table:table-row>\
        <table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell/></table:table-row>\
        </table:table></office:spreadsheet></office:body></office:document-content>";
    // Filled from row 4 to row 14, columns A to E: 11 x 5.
    assert_eq!(ods::cells(content.as_bytes()), 55);
    assert_eq!(ods::cells(b"<table:table><table:table-row"), u64::MAX);
}
