//! The sections of a lesson, each into chunks.

use super::{Builder, Look, SHORT_LIST, segments};
use crate::layout::flow::{Chunk, Frame};
use crate::layout::lines::measure;
use crate::layout::{Item, LayoutError, Role, Shape, Stroke, Tag};
use crate::lesson::{Citation, Note, Question, Reflection, Scenario, Section, Step, Term};
use crate::text::{Block, Rich, Style};

impl Builder<'_> {
    pub(super) fn section(&mut self, section: &Section) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        match section {
            Section::Summary { title, body } => {
                self.heading(title)?;
                self.blocks(body, left, w, 0.0)?;
            }
            Section::Safety { title, body } => self.safety(title, body)?,
            Section::Terms { title, terms } => {
                self.heading(title)?;
                self.terms(terms)?;
            }
            Section::Checklist {
                title,
                intro,
                items,
                reflections,
            } => {
                self.heading(title)?;
                self.checklist(intro, items)?;
                self.reflections(reflections)?;
            }
            Section::Questions { title, questions } => {
                self.heading(title)?;
                self.questions(questions)?;
            }
            Section::Steps { title, steps } => {
                self.heading(title)?;
                self.steps(steps)?;
            }
            Section::Scenarios { title, scenarios } => {
                self.heading(title)?;
                for (i, s) in scenarios.iter().enumerate() {
                    self.within_room()?;
                    self.scenario(s, i == 0)?;
                }
            }
            Section::Plan {
                title,
                intro,
                prompts,
                lines,
                fewest_lines,
            } => {
                self.heading_and_intro(title, intro.as_ref())?;
                let lines = self.lines_to_print(*lines, *fewest_lines);
                self.plan(prompts, lines, intro.is_none())?;
            }
            Section::Values {
                title,
                intro,
                values,
            } => {
                self.heading(title)?;
                let look = self.italic();
                // The instructions stay in one piece, with the first rows.
                let from = self.flow.chunks.len();
                let p = self.node(Tag::P);
                self.paragraph(intro, p, left, w, &look, 0.0, Vec::new())?;
                self.keep_since(from);
                self.values(values)?;
            }
            Section::Tracker {
                title,
                intro,
                rows,
                columns,
            } => {
                self.heading_and_intro(title, intro.as_ref())?;
                self.tracker(rows, columns, intro.is_some())?;
            }
            Section::Notes { notes } => self.notes(notes)?,
        }
        Ok(())
    }

    /// Key terms: each term in bold, a dash, its meaning.
    fn terms(&mut self, terms: &[Term]) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        for (i, Term { term, meaning }) in terms.iter().enumerate() {
            self.within_room()?;
            let mut rich = term.with_style(Style::BOLD);
            rich.push(" — ", Style::REGULAR, None);
            rich.append(meaning);
            let space = if i == 0 { 0.0 } else { t.paragraph_gap };
            let p = self.node(Tag::P);
            self.paragraph(&rich, p, left, w, &self.body(), space, Vec::new())?;
        }
        Ok(())
    }

    /// A checklist's intro and its items, each with a box to check.
    fn checklist(&mut self, intro: &Rich, items: &[Rich]) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        let look = self.italic();
        let p = self.node(Tag::P);
        self.paragraph(intro, p, left, w, &look, 0.0, Vec::new())?;
        self.keep_last_with_next();
        // The intro keeps two items with it, and the last two items
        // stay together: no list starts or ends with one item alone.
        let n = items.len();
        let from = self.flow.chunks.len();
        self.open(Tag::L);
        for (i, item) in items.iter().enumerate() {
            self.within_room()?;
            self.checkbox_item(item, &self.field(&format!("checklist/{}", i + 1)))?;
            if n > 2 && (i == 0 || i + 2 == n) {
                self.keep_last_with_next();
            }
        }
        self.close();
        if n <= SHORT_LIST {
            self.keep_whole(from);
        }
        Ok(())
    }

    /// What a checklist's answers suggest: "If you checked 3 or more: ...".
    fn reflections(&mut self, reflections: &[Reflection]) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        for (i, r) in reflections.iter().enumerate() {
            let mut rich = Rich::styled(&r.lead(self.labels), Style::BOLD);
            rich.push(" ", Style::REGULAR, None);
            rich.append(&r.text);
            let space = if i == 0 { t.paragraph_gap } else { t.item_gap };
            let p = self.node(Tag::P);
            self.paragraph(&rich, p, left, w, &self.body(), space, Vec::new())?;
        }
        Ok(())
    }

    /// Questions in bold, each with its answer, the two on one page.
    fn questions(&mut self, questions: &[Question]) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        for (i, Question { question, answer }) in questions.iter().enumerate() {
            let from = self.flow.chunks.len();
            let space = if i == 0 { 0.0 } else { t.paragraph_gap };
            let look = Look {
                style: Style::BOLD,
                ..self.body()
            };
            let p = self.node(Tag::P);
            self.paragraph(question, p, left, w, &look, space, Vec::new())?;
            let p = self.node(Tag::P);
            self.paragraph(answer, p, left, w, &self.body(), 0.0, Vec::new())?;
            self.keep_since(from);
            if let Some(last) = self.flow.chunks.last_mut() {
                last.keep_with_next = false;
            }
        }
        Ok(())
    }

    /// Numbered steps, each led by its name in bold.
    fn steps(&mut self, steps: &[Step]) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        let from = self.flow.chunks.len();
        self.open(Tag::L);
        for (i, Step { name, text }) in steps.iter().enumerate() {
            self.within_room()?;
            let mut rich = name.with_style(Style::BOLD);
            let plain = name.to_plain();
            let ends = plain.ends_with(['.', '!', '?', ':', '。', '！', '？', '：']);
            // After a step's name: a full stop, or in Chinese a
            // full-width colon (its punctuation carries its space).
            let after = match (
                ends,
                plain.chars().last().is_some_and(crate::text::is_spaceless),
            ) {
                (true, false) => " ",
                (true, true) => "",
                (false, false) => ". ",
                (false, true) => "：",
            };
            rich.push(after, Style::BOLD, None);
            rich.append(text);
            let space = if i == 0 { 0.0 } else { t.paragraph_gap };
            self.open(Tag::LI);
            self.numbered(&rich, i + 1, left, w, space)?;
            self.close();
        }
        self.close();
        if steps.len() <= SHORT_LIST {
            self.keep_whole(from);
        }
        Ok(())
    }

    /// A plan's numbered prompts, each with `lines` writing lines.
    fn plan(&mut self, prompts: &[Rich], lines: u32, no_intro: bool) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        self.open(Tag::L);
        for (i, prompt) in prompts.iter().enumerate() {
            self.within_room()?;
            let space = if i == 0 && no_intro {
                0.0
            } else {
                t.paragraph_gap
            };
            self.open(Tag::LI);
            let (x, body) = self.numbered(prompt, i + 1, left, w, space)?;
            let field = self.field(&format!("plan/{}", i + 1));
            self.open.push(body);
            self.writing_lines(lines, x, &field, &prompt.to_plain())?;
            self.close();
            self.close();
        }
        self.close();
        Ok(())
    }

    /// How many writing lines a prompt gets: as many as the lesson asks,
    /// or its fewest when the fitting pass trims them.
    fn lines_to_print(&self, lines: u32, fewest: u32) -> u32 {
        if self.fitting.fewest_lines {
            fewest
        } else {
            lines
        }
    }

    /// The fitting pass's "Notes" block: a heading and `n` writing lines
    /// (form fields `notes/line1`…), filling what a short last page leaves.
    pub(super) fn notes_block(&mut self, n: u32) -> Result<(), LayoutError> {
        let title = Rich::plain(self.labels.notes);
        self.heading(&title)?;
        let field = self.field("notes");
        self.writing_lines(n, self.t.content_left(), &field, self.labels.notes)
    }

    /// Notes, each under its heading when it has one.
    fn notes(&mut self, notes: &[Note]) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        for note in notes {
            let Note { title, body } = note;
            self.within_room()?;
            let from = self.flow.chunks.len();
            if let Some(title) = title {
                self.heading(title)?;
            }
            let space = if title.is_some() {
                0.0
            } else {
                t.heading_space
            };
            self.blocks(body, left, w, space)?;
            // The note on when to get more help is read in one piece.
            if note.gives_help() {
                self.keep_whole(from);
            }
        }
        Ok(())
    }

    /// The lesson's sources, small and grey at its very end, in one piece:
    /// a heading, then each one's title, address and the day it was checked.
    pub(super) fn sources(&mut self, sources: &[Citation]) -> Result<(), LayoutError> {
        if sources.is_empty() {
            return Ok(());
        }
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        let from = self.flow.chunks.len();
        let small = Look {
            size: t.small,
            style: Style::REGULAR,
            gray: t.muted_gray,
            role: Role::Paragraph,
            leading: t.leading,
        };
        let heading = Look {
            style: Style::BOLD,
            role: Role::Heading,
            ..small.clone()
        };
        let (label, items) = sources_text(self.labels, sources);
        let h = self.node(Tag::H2);
        self.paragraph(&label, h, left, w, &heading, t.heading_space, Vec::new())?;
        for rich in items {
            let p = self.node(Tag::P);
            self.paragraph(&rich, p, left, w, &small, t.item_gap * 0.5, Vec::new())?;
        }
        self.keep_since(from);
        if let Some(last) = self.flow.chunks.last_mut() {
            last.keep_with_next = false;
        }
        Ok(())
    }

    fn scenario(&mut self, s: &Scenario, first: bool) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        let before = self.flow.chunks.len();
        self.subheading(&s.title)?;
        if first {
            // Right under the section heading: no extra space.
            self.flow.chunks[before].space_before = 0.0;
        }
        if let Some(text) = &s.text {
            let look = self.italic();
            let p = self.node(Tag::P);
            self.paragraph(text, p, left, w, &look, 0.0, Vec::new())?;
            if !s.prompts.is_empty() {
                self.keep_last_with_next();
            }
        }
        if !s.prompts.is_empty() {
            self.open(Tag::L);
            for (i, prompt) in s.prompts.iter().enumerate() {
                self.within_room()?;
                let space = if i == 0 { t.item_gap } else { t.paragraph_gap };
                self.open(Tag::LI);
                let (x, body) = self.numbered(prompt, i + 1, left, w, space)?;
                let field = self.field(&format!("scenario/{}/{}", s.id, i + 1));
                self.open.push(body);
                let lines = self.lines_to_print(s.lines, s.fewest_lines);
                self.writing_lines(lines, x, &field, &prompt.to_plain())?;
                self.close();
                self.close();
            }
            self.close();
        }
        Ok(())
    }

    /// A section's heading and, when it has one, its intro paragraph, whose
    /// last line stays with what follows.
    fn heading_and_intro(&mut self, title: &Rich, intro: Option<&Rich>) -> Result<(), LayoutError> {
        self.heading(title)?;
        if let Some(intro) = intro {
            let (left, w) = (self.t.content_left(), self.t.content_width());
            let p = self.node(Tag::P);
            self.paragraph(intro, p, left, w, &self.body(), 0.0, Vec::new())?;
            self.keep_last_with_next();
        }
        Ok(())
    }

    /// A values card's rows: each value in bold with room around it to be
    /// circled, and beside it a line (a form field) to write why it matters.
    /// The values' column is as wide as the widest, within reason; a long
    /// value wraps, its last line sitting on the row's line.
    fn values(&mut self, values: &[Rich]) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, right, w) = (t.content_left(), t.content_right(), t.content_width());
        let look = Look {
            style: Style::BOLD,
            role: Role::ListBody,
            ..self.body()
        };
        let mut widest: f32 = 0.0;
        for v in values {
            widest = widest.max(measure(&v.with_style(Style::BOLD), look.size, self.m)?);
        }
        let col = (widest + 2.0 * t.circle_room).min(w * t.values_share);
        let line_x = left + col + t.field_label_gap;
        let lh = look.size * look.leading;
        let names = segments(values.iter().map(Rich::to_plain));
        let why = self.labels.values_why;
        let n = values.len();
        self.open(Tag::L);
        for (i, (value, name)) in values.iter().zip(&names).enumerate() {
            self.within_room()?;
            // Each row a list item whose body is the value and its line.
            self.open(Tag::LI);
            let body = self.open(Tag::LBody);
            let form = Some(self.node(Tag::Form));
            self.close();
            let lines = self.lines(value, &look, col - 2.0 * t.circle_room)?;
            let k = lines.len();
            let row_h = t.values_row + (k.max(1) - 1) as f32 * lh;
            let line_y = row_h - t.field_line_lift;
            // The last line's baseline a little above the writing line.
            let last = line_y - t.field_text_lift - t.baseline(lh, look.size);
            let mut items = Vec::new();
            for (j, line) in lines.iter().enumerate() {
                for mut item in self.line_items(line, left + t.circle_room, &look, Some(body)) {
                    item.shape.shift(0.0, last - (k - 1 - j) as f32 * lh);
                    items.push(item);
                }
            }
            items.push(Item {
                shape: Shape::Line {
                    x1: line_x,
                    y1: line_y,
                    x2: right,
                    y2: line_y,
                    stroke: Stroke {
                        width: t.rule,
                        gray: t.writing_gray,
                    },
                },
                role: Role::WritingLine {
                    field: self.field(&format!("values/{name}")),
                    tip: format!("{}: {why}", value.to_plain()),
                },
                node: form,
            });
            self.close();
            // The intro keeps the first two rows with it; the last two stay
            // together.
            self.push(Chunk {
                height: row_h,
                space_before: if i == 0 { t.item_gap } else { 0.0 },
                items,
                keep_with_next: n > 1 && (i == 0 || i + 2 == n),
                ..Chunk::default()
            });
        }
        self.close();
        Ok(())
    }

    fn safety(&mut self, title: &Rich, body: &[Block]) -> Result<(), LayoutError> {
        let t = self.t;
        let frame = self.flow.frames.len();
        self.flow.frames.push(Frame {
            fill: Some(t.box_fill),
            stroke: Some(Stroke {
                width: t.safety_stroke,
                gray: t.rule_gray,
            }),
        });
        let start = self.flow.chunks.len();
        let x = t.content_left() + t.safety_inset;
        let w = t.content_width() - t.safety_inset * 2.0;
        let look = Look {
            style: Style::BOLD,
            role: Role::Heading,
            ..self.body()
        };
        let h2 = self.node(Tag::H2);
        self.paragraph(title, h2, x, w, &look, 0.0, Vec::new())?;
        self.blocks(body, x, w, t.safety_gap)?;
        let end = self.flow.chunks.len();
        // Padding inside the box: grow the first and last chunks.
        let pad = t.pad;
        {
            let first = &mut self.flow.chunks[start];
            first.space_before = t.heading_space;
            first.height += pad;
            for item in &mut first.items {
                item.shape.shift(0.0, pad);
            }
        }
        self.flow.chunks[end - 1].height += pad;
        // Keep the notice in one piece when it fits on a page.
        for c in &mut self.flow.chunks[start..end] {
            c.frame = Some(frame);
            c.keep_with_next = true;
        }
        self.flow.chunks[end - 1].keep_with_next = false;
        Ok(())
    }
}

/// What a lesson's sources print: the heading, then a line or two for each.
/// Checked on one day, as a lesson's sources usually are, the day goes once
/// in the heading, so the block fits beside the lesson's last words rather
/// than on a page of its own; on paper an address reads without its scheme
/// (the link keeps it whole).
pub(in crate::layout) fn sources_text(
    labels: &crate::labels::Labels,
    sources: &[Citation],
) -> (Rich, Vec<Rich>) {
    let one_day = sources
        .first()
        .map(|c| c.checked)
        .filter(|day| sources.iter().all(|c| c.checked == *day));
    let mut label = Rich::plain(labels.sources);
    if let Some(day) = one_day {
        label.push(" · ", Style::BOLD, None);
        label.push(&labels.checked_on(day), Style::REGULAR, None);
    }
    let items = sources
        .iter()
        .map(|c| {
            let mut rich = c.title.clone();
            rich.push(" · ", Style::REGULAR, None);
            let shown = c.url.strip_prefix("https://").unwrap_or(&c.url);
            rich.push(shown, Style::REGULAR, Some(&c.url));
            if one_day.is_none() {
                rich.push(" · ", Style::REGULAR, None);
                rich.push(&labels.checked_on(c.checked), Style::REGULAR, None);
            }
            rich
        })
        .collect();
    (label, items)
}
