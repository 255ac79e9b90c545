#[test]
fn a_missing_script_names_the_package() {
    assert!(missing_hint('中').contains("fonts-noto-cjk"));
    assert!(missing_hint('김').contains("fonts-noto-cjk"));
    assert!(missing_hint('م').contains("fonts-noto-core"));
    assert!(missing_hint('\u{E000}').contains("--font-path"));
}

#[test]
fn placeholders_in_a_link_address_or_code_are_found() {
    let text = "[{{988}}](https://x/{{911}}) and `{{dv}}` but {{988}} is fine";
    let found: Vec<(&str, &str)> = misplaced_placeholders(text)
        .into_iter()
        .map(|(r, place)| (&text[r], place))
        .collect();
    assert_eq!(found, [("{{911}}", "a link's address"), ("{{dv}}", "code")]);
    assert!(misplaced_placeholders("[call]({{988}}) ").len() == 1);
    assert!(
        misplaced_placeholders("Call {{988.action}} [now](https://988lifeline.org)").is_empty()
    );
}

#[test]
fn a_letter_with_more_marks_than_the_stream_safe_limit_is_found() {
    let heavy = format!("Ana{}ë", "\u{301}".repeat(148));
    assert_eq!(too_many_marks(&heavy), Some(('\u{301}', 148)));
    let at_limit = format!("a{}", "\u{301}".repeat(MAX_MARKS));
    assert_eq!(too_many_marks(&at_limit), None);
    // Real names: accents, Vietnamese, Devanagari, Thai, Arabic vowels.
    for name in [
        "Nguyễn Thị Hương",
        "Zoë Œlberg",
        "अनीता",
        "สมชาย",
        "مُحَمَّد",
        "e\u{301}\u{323}",
    ] {
        assert_eq!(too_many_marks(name), None, "{name}");
    }
    let message = too_many_marks_message("the client name", too_many_marks(&heavy).unwrap());
    assert!(message.contains("U+0301") && message.contains("148") && !message.contains("Ana"));
}

use super::*;

fn span(text: &str, bold: bool, italic: bool, link: Option<&str>) -> Span {
    Span {
        text: text.into(),
        style: Style { bold, italic },
        link: link.map(Into::into),
    }
}

#[test]
fn inline_bold_italic_and_links() {
    let r = parse_inline("Be **kind** and *true*, see [988](https://988lifeline.org).");
    assert_eq!(
        r.0,
        vec![
            span("Be ", false, false, None),
            span("kind", true, false, None),
            span(" and ", false, false, None),
            span("true", false, true, None),
            span(", see ", false, false, None),
            span("988", false, false, Some("https://988lifeline.org")),
            span(".", false, false, None),
        ]
    );
}

#[test]
fn inline_field_flattens_paragraphs_without_losing_words() {
    let r = parse_inline("First part.\n\nSecond   part\nwraps.");
    assert_eq!(r.to_plain(), "First part. Second part wraps.");
}

#[test]
fn a_line_break_between_chinese_characters_adds_no_space() {
    let plain = |s: &str| parse_inline(s).to_plain();
    assert_eq!(
        plain("它不是借口，也不是假装\n什么都没发生。"),
        "它不是借口，也不是假装什么都没发生。"
    );
    assert_eq!(plain("康复\n**路上**"), "康复路上");
    // Between Latin words, or Chinese and Latin, a break is a space.
    assert_eq!(plain("one\ntwo"), "one two");
    assert_eq!(plain("拨打\n988"), "拨打 988");
    // Korean is written with spaces.
    assert_eq!(plain("이름\n날짜"), "이름 날짜");
}

#[test]
fn normalize_composes_accents_and_drops_invisibles() {
    // "e" + combining circumflex + combining tilde -> "ễ" in NFC.
    assert_eq!(normalize("Nguye\u{0302}\u{0303}n"), "Nguyễn");
    assert_eq!(
        normalize("soft\u{00AD}hyphen\tand\u{200B}zw"),
        "softhyphen andzw"
    );
    assert_eq!(normalize("a  \n b"), "a b");
}

#[test]
fn blocks_paragraphs_and_nested_lists() {
    let blocks = parse_blocks("Intro **text**.\n\n- one\n- two\n  1. a\n  2. b\n\nEnd.");
    assert_eq!(blocks.len(), 3);
    assert_eq!(
        blocks[0],
        Block::Paragraph(Rich(vec![
            span("Intro ", false, false, None),
            span("text", true, false, None),
            span(".", false, false, None),
        ]))
    );
    let Block::List { start, items } = &blocks[1] else {
        panic!("expected a list, got {:?}", blocks[1]);
    };
    assert_eq!(*start, None);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], vec![Block::Paragraph(Rich::plain("one"))]);
    assert_eq!(items[1][0], Block::Paragraph(Rich::plain("two")));
    let Block::List {
        start,
        items: inner,
    } = &items[1][1]
    else {
        panic!("expected a nested list, got {:?}", items[1]);
    };
    assert_eq!(*start, Some(1));
    assert_eq!(inner.len(), 2);
    assert_eq!(blocks[2], Block::Paragraph(Rich::plain("End.")));
}

#[test]
fn slugs_are_ascii() {
    assert_eq!(slug("Coping with Stress!"), "coping-with-stress");
    assert_eq!(slug("Ánimo y calma"), "animo-y-calma");
    assert_eq!(slug("Zoë Œlberg"), "zoe-oelberg");
    assert_eq!(slug("Đức Łucja Weiß"), "duc-lucja-weiss");
    assert_eq!(slug("  ?? "), "");
    assert_eq!(slug("compassion-in-recovery"), "compassion-in-recovery");
}

#[test]
fn quotes_and_dashes_are_typeset() {
    assert_eq!(
        parse_inline("She said, \"It's ok\" -- and waited...").to_plain(),
        "She said, \u{201c}It\u{2019}s ok\u{201d} \u{2013} and waited\u{2026}"
    );
}

#[test]
fn lists_deeper_than_the_limit_fold_without_losing_words() {
    // Regression: 200,000 nested "- " overflowed the stack.
    let text = format!("{}end", "- ".repeat(200_000));
    let blocks = parse_blocks(&text);
    fn depth(b: &[Block]) -> usize {
        b.iter()
            .map(|b| match b {
                Block::Paragraph(_) => 0,
                Block::List { items, .. } => 1 + items.iter().map(|i| depth(i)).max().unwrap_or(0),
            })
            .max()
            .unwrap_or(0)
    }
    assert!(depth(&blocks) <= MAX_LIST_DEPTH);
    let words: String = blocks_rich(&blocks).iter().map(|r| r.to_plain()).collect();
    assert_eq!(words, "end");
}

#[test]
fn headings_become_bold_paragraphs() {
    let blocks = parse_blocks("# Call for help\nWhen you need it.");
    assert_eq!(
        blocks,
        vec![
            Block::Paragraph(Rich::styled("Call for help", Style::BOLD)),
            Block::Paragraph(Rich::plain("When you need it.")),
        ]
    );
}
