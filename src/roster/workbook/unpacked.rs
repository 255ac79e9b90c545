//! A zip workbook's parts (`.xlsx`, `.xlsb`, `.ods`), unpacked once into
//! nothing to count what they really hold before calamine reads them:
//! what a part's header claims can lie; the count cannot.

use std::io::{Cursor, Read};

use super::{MAX_GRID_CELLS, MAX_PART_BYTES, MAX_PARTS, MAX_UNPACKED_BYTES, WorkbookFormat};

const MB: u64 = 1 << 20;

/// The workbook's format, once every part is within its limit.
pub(super) fn measure(bytes: &[u8]) -> Result<WorkbookFormat, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| "this workbook cannot be read (it is not a whole zip file)".to_string())?;
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "the workbook has {} parts; a workbook may have at most {MAX_PARTS}",
            zip.len()
        ));
    }
    let (mut total, mut format, mut content) = (0u64, WorkbookFormat::Xlsx, None);
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|_| "this workbook cannot be read (a part of it is damaged)".to_string())?;
        let too_big = || {
            format!(
                "a part of the workbook unpacks to more than {} MB; a part may be at most {} MB",
                MAX_PART_BYTES / MB,
                MAX_PART_BYTES / MB
            )
        };
        if part.size() > MAX_PART_BYTES {
            return Err(too_big());
        }
        // A name that isn't text is no part we look for.
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        match name.as_str() {
            "mimetype" => format = WorkbookFormat::Ods,
            n if n.ends_with("workbook.bin") => format = WorkbookFormat::Xlsb,
            _ => {}
        }
        let is_content = name == "content.xml";
        let mut kept = Vec::new();
        let mut size = 0u64;
        loop {
            let n = part.read(&mut buf).map_err(|_| {
                "this workbook cannot be read (a part of it does not unpack)".to_string()
            })?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if size > MAX_PART_BYTES {
                return Err(too_big());
            }
            if total > MAX_UNPACKED_BYTES {
                return Err(format!(
                    "the workbook unpacks to more than {} MB; a workbook may unpack to at most {} MB",
                    MAX_UNPACKED_BYTES / MB,
                    MAX_UNPACKED_BYTES / MB
                ));
            }
            if is_content {
                kept.extend_from_slice(&buf[..n]);
            }
        }
        if is_content {
            content = Some(kept);
        }
    }
    if format == WorkbookFormat::Ods {
        let cells = super::ods::cells(content.as_deref().unwrap_or_default());
        if cells > MAX_GRID_CELLS {
            return Err(format!(
                "the workbook's sheets span more than {MAX_GRID_CELLS} cells, counted from each sheet's first filled cell to its last"
            ));
        }
    }
    Ok(format)
}
