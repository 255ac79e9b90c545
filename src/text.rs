//! Rich text, the common currency of lesson and layout: runs of styled text
//! (bold, italic, link) and the few block shapes lessons use (paragraphs and
//! lists), parsed from the Markdown that authors write in text fields.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

/// Bold and italic; every combination has its own face.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
}

impl Style {
    pub const REGULAR: Style = Style {
        bold: false,
        italic: false,
    };
    pub const BOLD: Style = Style {
        bold: true,
        italic: false,
    };
    pub const ITALIC: Style = Style {
        bold: false,
        italic: true,
    };
}

/// Which characters the bundled fonts can print, by style. Validation asks
/// it about every character of a lesson, so a missing glyph is an error at
/// its line instead of a blank box on paper.
pub trait Coverage {
    fn covers(&self, style: Style, ch: char) -> bool;
}

/// A run of text in one style, perhaps a link.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Span {
    pub text: String,
    pub style: Style,
    pub link: Option<String>,
}

/// One line's worth of inline content: a heading, a list item, a prompt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Rich(pub Vec<Span>);

impl Rich {
    pub fn plain(text: &str) -> Rich {
        Rich::styled(text, Style::REGULAR)
    }

    pub fn styled(text: &str, style: Style) -> Rich {
        let mut r = Rich::default();
        r.push(text, style, None);
        r
    }

    /// Append text, merging with the last run when it has the same look.
    pub fn push(&mut self, text: &str, style: Style, link: Option<&str>) {
        if text.is_empty() {
            return;
        }
        if let Some(last) = self.0.last_mut()
            && last.style == style
            && last.link.as_deref() == link
        {
            last.text.push_str(text);
            return;
        }
        self.0.push(Span {
            text: text.to_string(),
            style,
            link: link.map(str::to_string),
        });
    }

    /// Append another rich text, keeping its styles.
    pub fn append(&mut self, other: &Rich) {
        for s in &other.0 {
            self.push(&s.text, s.style, s.link.as_deref());
        }
    }

    /// The same text with `style` added on top (a bold term, an italic intro).
    pub fn with_style(&self, add: Style) -> Rich {
        let mut r = Rich::default();
        for s in &self.0 {
            let style = Style {
                bold: s.style.bold || add.bold,
                italic: s.style.italic || add.italic,
            };
            r.push(&s.text, style, s.link.as_deref());
        }
        r
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|s| s.text.trim().is_empty())
    }

    pub fn to_plain(&self) -> String {
        self.0.iter().map(|s| s.text.as_str()).collect()
    }
}

/// Block content of `summary`, `safety` and note bodies.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Block {
    Paragraph(Rich),
    /// `start` is the first number of an ordered list, `None` for bullets.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
}

/// Make text safe to measure and print: NFC (a base letter and a combining
/// accent become one glyph; `ShowText` does not position combining marks),
/// tabs and line breaks become spaces, invisible format characters that fonts
/// lack (soft hyphen, zero-width space, BOM, bidirectional controls) go
/// away, and runs of spaces
/// collapse as they do in Markdown.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for ch in text.nfc() {
        let ch = match ch {
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            // Bidirectional controls (marks, embeddings, overrides, isolates):
            // the layout sets text left to right and would print them as
            // marks; an override could also disguise what a name says.
            '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => continue,
            c if c.is_whitespace() && c != '\u{00A0}' && c != '\u{202F}' => ' ',
            c if c.is_control() => continue,
            c => c,
        };
        if ch == ' ' {
            if last_space {
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        out.push(ch);
    }
    out
}

/// The script (or kind) of a character, as people name it, for messages
/// that must describe a character without printing it: a client's name is
/// health information, and so is any letter of it.
/// Whether `ch` is a strong right-to-left letter (Hebrew, Arabic, ...).
pub fn is_rtl(ch: char) -> bool {
    u32::from(ch) >= 0x590
        && matches!(
            unicode_bidi::bidi_class(ch),
            unicode_bidi::BidiClass::R | unicode_bidi::BidiClass::AL
        )
}

/// Help-line placeholders (`{{988}}`) where their text cannot go: in a
/// link's address (a sentence is no address, and the link would print as
/// raw Markdown) or in code (printed as written). Each with its range in
/// `markdown` and where it is, for the message.
pub fn misplaced_placeholders(markdown: &str) -> Vec<(std::ops::Range<usize>, &'static str)> {
    let mut out = Vec::new();
    let mut found = |range: std::ops::Range<usize>, place: &'static str| {
        let mut rest = range.start;
        while let Some(open) = markdown[rest..range.end].find("{{").map(|i| rest + i) {
            let close = markdown[open..range.end]
                .find("}}")
                .map_or(range.end, |i| open + i + 2);
            out.push((open..close, place));
            rest = close;
        }
    };
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.contains("{{") => {
                // The address is the link's last part: `[text](address)`.
                let at = markdown[range.clone()]
                    .rfind("](")
                    .map_or(range.start, |i| range.start + i);
                found(at..range.end, "a link's address");
            }
            Event::Code(code) if code.contains("{{") => found(range, "code"),
            _ => {}
        }
    }
    out
}

/// The most combining marks one letter may carry: Unicode's stream-safe
/// limit (UAX #15). No language needs more than a few; past it a name
/// draws a column of accents through the page and breaks the PDF's map
/// from glyphs back to text.
pub const MAX_MARKS: usize = 30;

/// The first combining mark past [`MAX_MARKS`] on one letter, with how
/// many that letter carries, when a letter carries too many.
pub fn too_many_marks(value: &str) -> Option<(char, usize)> {
    let is_mark = unicode_normalization::char::is_combining_mark;
    let mut found: Option<(char, usize)> = None;
    let mut run = 0;
    let mut first = None;
    for ch in value.chars().chain(std::iter::once(' ')) {
        if is_mark(ch) {
            run += 1;
            if run == MAX_MARKS + 1 {
                first = Some(ch);
            }
            continue;
        }
        if let Some(c) = first.take()
            && found.is_none_or(|(_, n)| run > n)
        {
            found = Some((c, run));
        }
        run = 0;
    }
    found
}

/// What to say about [`too_many_marks`]: by code point, never the text.
pub fn too_many_marks_message(what: &str, (ch, n): (char, usize)) -> String {
    format!(
        "{what} has a letter with {n} combining marks (U+{:04X} and others); a letter may carry at most {MAX_MARKS}",
        ch as u32
    )
}

pub fn script_name(ch: char) -> &'static str {
    let c = ch as u32;
    let table: &[(u32, u32, &str)] = &[
        (0x0000, 0x024F, "Latin"),
        (0x0370, 0x03FF, "Greek"),
        (0x0400, 0x052F, "Cyrillic"),
        (0x0530, 0x058F, "Armenian"),
        (0x0590, 0x05FF, "Hebrew"),
        (0x0600, 0x06FF, "Arabic"),
        (0x0700, 0x074F, "Syriac"),
        (0x0750, 0x077F, "Arabic"),
        (0x0780, 0x07BF, "Thaana"),
        (0x08A0, 0x08FF, "Arabic"),
        (0x0900, 0x097F, "Devanagari"),
        (0x0980, 0x09FF, "Bengali"),
        (0x0A00, 0x0A7F, "Gurmukhi"),
        (0x0A80, 0x0AFF, "Gujarati"),
        (0x0B00, 0x0B7F, "Oriya"),
        (0x0B80, 0x0BFF, "Tamil"),
        (0x0C00, 0x0C7F, "Telugu"),
        (0x0C80, 0x0CFF, "Kannada"),
        (0x0D00, 0x0D7F, "Malayalam"),
        (0x0D80, 0x0DFF, "Sinhala"),
        (0x0E00, 0x0E7F, "Thai"),
        (0x0E80, 0x0EFF, "Lao"),
        (0x0F00, 0x0FFF, "Tibetan"),
        (0x1000, 0x109F, "Myanmar"),
        (0x10A0, 0x10FF, "Georgian"),
        (0x1100, 0x11FF, "Hangul"),
        (0x1200, 0x139F, "Ethiopic"),
        (0x13A0, 0x13FF, "Cherokee"),
        (0x1780, 0x17FF, "Khmer"),
        (0x1800, 0x18AF, "Mongolian"),
        (0x1E00, 0x1EFF, "Latin"),
        (0x1F00, 0x1FFF, "Greek"),
        (0x3040, 0x309F, "Hiragana"),
        (0x30A0, 0x30FF, "Katakana"),
        (0x3100, 0x312F, "Bopomofo"),
        (0x3130, 0x318F, "Hangul"),
        (0x3400, 0x4DBF, "Han (Chinese characters)"),
        (0x4E00, 0x9FFF, "Han (Chinese characters)"),
        (0xAC00, 0xD7AF, "Hangul"),
        (0xE000, 0xF8FF, "private use"),
        (0xF900, 0xFAFF, "Han (Chinese characters)"),
        (0xFB1D, 0xFB4F, "Hebrew"),
        (0xFB50, 0xFDFF, "Arabic"),
        (0xFE70, 0xFEFF, "Arabic"),
        (0x1F300, 0x1FAFF, "emoji"),
        (0x20000, 0x3FFFF, "Han (Chinese characters)"),
    ];
    table
        .iter()
        .find(|(lo, hi, _)| (*lo..=*hi).contains(&c))
        .map_or("symbol", |(_, _, name)| name)
}

/// Scripts `handout fonts` reports, each with letters a font must have to
/// count as covering it, and the Debian package that has a font for it.
pub static SCRIPT_SAMPLES: &[(&str, &str, &str)] = &[
    ("Latin", "AaZzÑñ", "fonts-noto-core"),
    ("Vietnamese", "ễươ", "fonts-noto-core"),
    ("Greek", "ΑαΩω", "fonts-noto-core"),
    ("Cyrillic", "ЖжЯя", "fonts-noto-core"),
    ("Armenian", "Աաֆ", "fonts-noto-core"),
    ("Hebrew", "אבש", "fonts-noto-core"),
    ("Arabic", "محمد", "fonts-noto-core"),
    ("Devanagari", "अनीता", "fonts-noto-core"),
    ("Bengali", "অআক", "fonts-noto-core"),
    ("Gurmukhi", "ਅਕ", "fonts-noto-core"),
    ("Gujarati", "અક", "fonts-noto-core"),
    ("Tamil", "அக", "fonts-noto-core"),
    ("Telugu", "అక", "fonts-noto-core"),
    ("Thai", "สมชาย", "fonts-noto-core"),
    ("Lao", "ກຂ", "fonts-noto-core"),
    ("Khmer", "កខ", "fonts-noto-core"),
    ("Myanmar", "ကခ", "fonts-noto-core"),
    ("Georgian", "აბ", "fonts-noto-core"),
    ("Ethiopic", "አበ", "fonts-noto-core"),
    ("Hangul", "김민준", "fonts-noto-cjk"),
    ("Han (Chinese characters)", "李小龍中文", "fonts-noto-cjk"),
    ("Hiragana", "あい", "fonts-noto-cjk"),
    ("Katakana", "アイ", "fonts-noto-cjk"),
];

/// What to tell someone whose text has `ch`, which no font found prints:
/// which script it is, and what to install.
pub fn missing_hint(ch: char) -> String {
    let script = script_name(ch);
    let package = SCRIPT_SAMPLES
        .iter()
        .find(|(s, ..)| *s == script)
        .map(|(.., p)| *p);
    match package {
        Some(p) => format!(
            "install a font for {script} (on Debian or Ubuntu: `sudo apt install {p}`), or give a folder of fonts with --font-path; `handout fonts` lists what is found"
        ),
        None => format!(
            "no font found prints {script} characters; install one (on Debian or Ubuntu, `fonts-noto-core` or `fonts-noto-extra`), or give a folder of fonts with --font-path; `handout fonts` lists what is found"
        ),
    }
}

/// An id or file name from a title: ASCII lower case, accents dropped
/// (`Ánimo` → `animo`), dashes for spaces and punctuation. Empty when
/// nothing usable is left.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for ch in title.nfd() {
        // Latin letters that don't decompose into a base and an accent.
        let spelled = match ch {
            'Œ' | 'œ' => "oe",
            'Æ' | 'æ' => "ae",
            'ß' => "ss",
            'Ø' | 'ø' => "o",
            'Ł' | 'ł' => "l",
            'Đ' | 'đ' => "d",
            'Þ' | 'þ' => "th",
            'ı' => "i",
            _ => "",
        };
        if !spelled.is_empty() {
            out.push_str(spelled);
        } else if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(ch) {
            continue;
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Builds one `Rich` from inline events, tracking nested emphasis and links.
#[derive(Default)]
struct InlineBuilder {
    rich: Rich,
    bold: u32,
    italic: u32,
    links: Vec<String>,
    /// A line break in the source, not yet written: a space, unless it
    /// falls between two Chinese or Japanese characters, which are
    /// written without spaces.
    soft_break: bool,
}

/// Characters of scripts written without spaces between words: Chinese
/// characters, kana, and full-width punctuation.
pub fn is_spaceless(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x2FFF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

impl InlineBuilder {
    fn text(&mut self, t: &str) {
        if std::mem::take(&mut self.soft_break) {
            let before = self.rich.0.last().and_then(|s| s.text.chars().last());
            let after = t.chars().next();
            let joined = before.is_some_and(is_spaceless) && after.is_some_and(is_spaceless);
            if !joined {
                self.text(" ");
            }
        }
        let style = Style {
            bold: self.bold > 0,
            italic: self.italic > 0,
        };
        let link = self.links.last().cloned();
        self.rich.push(&normalize(t), style, link.as_deref());
    }

    /// Handle an inline event; false when the event is not inline.
    fn event(&mut self, event: &Event) -> bool {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::Html(t) => self.text(t),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(t),
            Event::SoftBreak => self.soft_break = true,
            Event::HardBreak => self.text(" "),
            Event::FootnoteReference(t) => self.text(t),
            Event::TaskListMarker(done) => self.text(if *done { "[x] " } else { "[ ] " }),
            Event::Start(Tag::Strong) => self.bold += 1,
            Event::End(TagEnd::Strong) => self.bold = self.bold.saturating_sub(1),
            Event::Start(Tag::Emphasis) => self.italic += 1,
            Event::End(TagEnd::Emphasis) => self.italic = self.italic.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => self.links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                self.links.pop();
            }
            // An image can't be printed from a lesson file; keep its alt text.
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Strikethrough) | Event::End(TagEnd::Strikethrough) => {}
            _ => return false,
        }
        true
    }

    fn finish(self) -> Rich {
        trim(self.rich)
    }
}

/// Drop leading and trailing spaces and empty runs.
fn trim(mut rich: Rich) -> Rich {
    if let Some(first) = rich.0.first_mut() {
        first.text = first.text.trim_start().to_string();
    }
    if let Some(last) = rich.0.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    rich.0.retain(|s| !s.text.is_empty());
    rich
}

/// Smart punctuation: authors type plain quotes, `--` and `...`; paper gets
/// curly quotes, dashes and an ellipsis.
fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(markdown, Options::ENABLE_SMART_PUNCTUATION)
}

/// Inline Markdown (`**bold**`, `*italic*`, `[text](url)`) as one run of rich
/// text. Block syntax in an inline field is flattened: paragraphs join with a
/// space, so nothing the author wrote is dropped.
pub fn parse_inline(markdown: &str) -> Rich {
    let mut b = InlineBuilder::default();
    let mut started = false;
    for event in parser(markdown) {
        if !b.event(&event) {
            // A block boundary inside an inline field: keep words apart.
            if let Event::Start(_) = event
                && started
            {
                b.text(" ");
            }
        } else {
            started = true;
        }
    }
    b.finish()
}

/// Deepest list nesting kept; deeper lists fold into this level.
pub const MAX_LIST_DEPTH: usize = 8;

enum Frame {
    Root(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item(Vec<Block>),
}

/// Block Markdown: paragraphs and (nested) bullet and numbered lists.
/// Headings print as bold paragraphs and quotes as their contents; a lesson's
/// structure comes from its sections, not from Markdown headings.
pub fn parse_blocks(markdown: &str) -> Vec<Block> {
    let mut stack = vec![Frame::Root(Vec::new())];
    let mut inline: Option<InlineBuilder> = None;
    // Lists nested deeper than this are folded into the deepest one: paper
    // can't show more levels, and a line of a hundred thousand "- " would
    // otherwise nest that deep (and recursion over it would overflow the
    // stack).
    let mut depth = 0;
    let mut folded = 0;

    fn container(stack: &mut [Frame]) -> &mut Vec<Block> {
        match stack.last_mut() {
            Some(Frame::Root(b)) | Some(Frame::Item(b)) => b,
            // Content directly in a list, outside any item, doesn't occur in
            // CommonMark; should it ever, it joins the list's last item.
            Some(Frame::List { items, .. }) => {
                if items.is_empty() {
                    items.push(Vec::new());
                }
                items.last_mut().expect("not empty")
            }
            None => unreachable!("the root frame is never popped"),
        }
    }
    fn flush(stack: &mut [Frame], inline: &mut Option<InlineBuilder>) {
        if let Some(b) = inline.take() {
            let rich = b.finish();
            if !rich.0.is_empty() {
                container(stack).push(Block::Paragraph(rich));
            }
        }
    }

    for event in parser(markdown) {
        match &event {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::CodeBlock(_)) => {
                flush(&mut stack, &mut inline);
                inline = Some(InlineBuilder::default());
            }
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut stack, &mut inline);
                inline = Some(InlineBuilder {
                    bold: 1,
                    ..InlineBuilder::default()
                });
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::CodeBlock) => flush(&mut stack, &mut inline),
            Event::Start(Tag::List(_)) if depth >= MAX_LIST_DEPTH => {
                flush(&mut stack, &mut inline);
                folded += 1;
            }
            Event::End(TagEnd::List(_)) if folded > 0 => {
                flush(&mut stack, &mut inline);
                folded -= 1;
            }
            // Items of a folded list become paragraphs of the deepest item.
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) if folded > 0 => {
                flush(&mut stack, &mut inline);
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut stack, &mut inline);
                depth += 1;
                stack.push(Frame::List {
                    start: *start,
                    items: Vec::new(),
                });
            }
            Event::Start(Tag::Item) => {
                flush(&mut stack, &mut inline);
                stack.push(Frame::Item(Vec::new()));
            }
            Event::End(TagEnd::Item) => {
                flush(&mut stack, &mut inline);
                if let Some(Frame::Item(blocks)) = stack.pop()
                    && let Some(Frame::List { items, .. }) = stack.last_mut()
                {
                    items.push(blocks);
                }
            }
            Event::End(TagEnd::List(_)) => {
                flush(&mut stack, &mut inline);
                depth -= 1;
                if let Some(Frame::List { start, items }) = stack.pop() {
                    container(&mut stack).push(Block::List { start, items });
                }
            }
            _ => {
                let b = inline.get_or_insert_with(InlineBuilder::default);
                if !b.event(&event) {
                    // Rules, quotes, tables and the like: their text arrives
                    // as ordinary events; the wrapper itself prints nothing.
                }
            }
        }
    }
    flush(&mut stack, &mut inline);
    match stack.into_iter().next() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

/// Every piece of text in some blocks, for checks that look at all of it.
pub fn blocks_rich(blocks: &[Block]) -> Vec<&Rich> {
    let mut out = Vec::new();
    fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Rich>) {
        for b in blocks {
            match b {
                Block::Paragraph(r) => out.push(r),
                Block::List { items, .. } => {
                    for item in items {
                        walk(item, out);
                    }
                }
            }
        }
    }
    walk(blocks, &mut out);
    out
}

#[cfg(test)]
mod tests;
