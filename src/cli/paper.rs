//! What a run prints on, as the summary tells the copy room.

/// What the run will print, for the copy room: "3 clients, 36 pages on 18
/// sheets of paper, both sides". Every page counts, blank backs too: the
/// combined file's (always printed both sides), else the per-client files'
/// (both sides with --duplex or --booklet, one side without; a booklet's
/// pages here are its sheet sides).
pub(super) fn paper_summary(
    clients: usize,
    pages: usize,
    combined_pages: usize,
    duplex: bool,
) -> String {
    let s = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let (pages, both_sides) = if combined_pages > 0 {
        (combined_pages, true)
    } else {
        (pages, duplex)
    };
    let sheets = if both_sides { pages.div_ceil(2) } else { pages };
    format!(
        "{}, {} on {} of paper, {}",
        s(clients, "client", "clients"),
        s(pages, "page", "pages"),
        s(sheets, "sheet", "sheets"),
        if both_sides { "both sides" } else { "one side" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_the_paper_that_prints() {
        // Per-client files, one side.
        assert_eq!(
            paper_summary(3, 15, 0, false),
            "3 clients, 15 pages on 15 sheets of paper, one side"
        );
        // With --duplex the blank backs are in the files' pages already.
        assert_eq!(
            paper_summary(3, 18, 0, true),
            "3 clients, 18 pages on 9 sheets of paper, both sides"
        );
        // The combined file, blank backs and all.
        assert_eq!(
            paper_summary(1, 5, 6, false),
            "1 client, 6 pages on 3 sheets of paper, both sides"
        );
    }
}
