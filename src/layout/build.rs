//! Sections into chunks: each heading, line of text, writing line and
//! tracker row becomes a chunk of fixed height, with the rules that keep
//! chunks together (a heading with what follows, a prompt with its first
//! writing line, the first and last two lines of a paragraph).

use super::flow::{Chunk, Flow, Frame};
use super::lines::{Line, break_lines, break_lines_kept, measure};
use super::{Cover, Item, LayoutError, Metrics, Node, NodeId, Role, Shape, Stroke, Tag, Theme};
use crate::labels::Labels;
use crate::lesson::{Note, Scenario, Section, Step, Term};
use crate::text::{Block, Rich, Style, slug};
use crate::worksheet::Worksheet;

/// Where a worksheet sits in its document.
pub(super) struct Context {
    /// Tables are numbered through the document, from here.
    pub first_table: usize,
    /// The structure section the worksheet's elements go under.
    pub section: NodeId,
    /// Its form fields are named under this (a lesson id in a packet).
    pub field_prefix: Option<String>,
    /// Print the lesson's links as QR codes at its end.
    pub qr: bool,
}

/// A worksheet's chunks, and its structure elements added to `nodes`.
pub(super) fn chunks(
    ws: &Worksheet,
    cx: &Context,
    nodes: &mut Vec<Node>,
    theme: &Theme,
    m: &dyn Metrics,
) -> Result<Flow, LayoutError> {
    let mut b = Builder::new(theme, m, ws.lesson.language.labels(), nodes, cx.section);
    b.flow.tables = cx.first_table;
    b.prefix = cx.field_prefix.clone();
    b.header(ws)?;
    for section in &ws.lesson.sections {
        b.section(section)?;
    }
    if cx.qr {
        b.resources(&ws.lesson.links())?;
    }
    Ok(b.flow)
}

/// A packet's cover: facility, title a third of the way down, then the
/// client's name, the date and the clinician, filled in or ruled to write on.
pub(super) fn cover(
    cover: &Cover,
    labels: &'static Labels,
    nodes: &mut Vec<Node>,
    section: NodeId,
    theme: &Theme,
    m: &dyn Metrics,
) -> Result<Flow, LayoutError> {
    let t = theme;
    let mut b = Builder::new(t, m, labels, nodes, section);
    let (left, w) = (t.content_left(), t.content_width());
    if let Some(facility) = &cover.header.facility {
        let look = Look {
            size: t.subtitle,
            style: Style::BOLD,
            gray: t.muted_gray,
            role: Role::Paragraph,
            leading: 1.3,
        };
        let p = b.node(Tag::P);
        b.paragraph(&Rich::plain(facility), p, left, w, &look, 0.0, Vec::new())?;
    }
    let title = Look {
        size: t.title * 1.3,
        style: Style::BOLD,
        gray: t.text_gray,
        role: Role::Title,
        leading: 1.2,
    };
    let space = (t.page_height - t.margin_top - t.margin_bottom) * 0.25;
    let h1 = b.node(Tag::H1);
    b.paragraph(
        &Rich::plain(&cover.title),
        h1,
        left,
        w,
        &title,
        space,
        Vec::new(),
    )?;
    let h = &cover.header;
    let rows = [
        (labels.name, h.name.as_deref(), "name"),
        (labels.date, h.date.as_deref(), "date"),
        (labels.clinician, h.clinician.as_deref(), "clinician"),
    ];
    for (i, (label, value, name)) in rows.into_iter().enumerate() {
        let field = Field {
            label,
            value,
            name,
            x: left,
            width: w * 0.75,
        };
        b.field_row(&[field], i == 0)?;
        if i == 0 {
            // More air between title and fields than inside the header.
            if let Some(c) = b
                .flow
                .chunks
                .iter_mut()
                .rev()
                .find(|c| c.space_before > 0.0)
            {
                c.space_before = t.heading_space * 2.0;
            }
        }
    }
    Ok(b.flow)
}

/// A table of contents: each lesson's title, a dotted leader and the page it
/// starts on.
pub(super) fn contents(
    entries: &[(Rich, usize)],
    labels: &'static Labels,
    nodes: &mut Vec<Node>,
    section: NodeId,
    theme: &Theme,
    m: &dyn Metrics,
) -> Result<Flow, LayoutError> {
    let t = theme;
    let mut b = Builder::new(t, m, labels, nodes, section);
    let title = Look {
        size: t.title,
        style: Style::BOLD,
        gray: t.text_gray,
        role: Role::Title,
        leading: 1.2,
    };
    let (left, right) = (t.content_left(), t.content_right());
    let from = b.flow.chunks.len();
    let h1 = b.node(Tag::H1);
    b.paragraph(
        &Rich::plain(labels.contents),
        h1,
        left,
        t.content_width(),
        &title,
        0.0,
        Vec::new(),
    )?;
    b.keep_since(from);
    let look = Look {
        role: Role::ListBody,
        ..b.body()
    };
    let number_w = t.body * 3.0;
    b.open(Tag::L);
    for (i, (entry, page)) in entries.iter().enumerate() {
        let number = Rich::plain(&page.to_string());
        let nw = measure(&number, t.body, m)?;
        let lines = b.lines(entry, &look, t.content_width() - number_w)?;
        let lh = t.line_height(t.body);
        b.open(Tag::LI);
        let block = Some(b.node(Tag::LBody));
        b.close();
        let n = lines.len();
        for (k, line) in lines.iter().enumerate() {
            let mut items = b.line_items(line, left, &look, block);
            if k + 1 == n {
                // Dotted leader from the title to the number, then the number.
                let y = t.baseline(lh, t.body);
                let from = left + line.width + t.body * 0.5;
                let to = right - nw - t.body * 0.5;
                if to > from {
                    items.push(Item {
                        shape: Shape::Line {
                            x1: from,
                            y1: y,
                            x2: to,
                            y2: y,
                            stroke: Stroke {
                                width: t.rule * 1.5,
                                gray: t.rule_gray,
                            },
                        },
                        role: Role::Artifact,
                        node: None,
                    });
                }
                for l in break_lines(&number, t.body, f32::INFINITY, m)? {
                    let mut num = b.line_items(&l, right - nw, &look, block);
                    items.append(&mut num);
                }
            }
            b.push(Chunk {
                height: lh,
                space_before: if k == 0 {
                    if i == 0 {
                        t.heading_space
                    } else {
                        t.paragraph_gap * 1.5
                    }
                } else {
                    0.0
                },
                items,
                keep_with_next: k + 1 < n,
                ..Chunk::default()
            });
        }
    }
    b.close();
    Ok(b.flow)
}

struct Builder<'a> {
    t: &'a Theme,
    m: &'a dyn Metrics,
    flow: Flow,
    labels: &'static Labels,
    /// The document's structure, grown as content is laid out.
    nodes: &'a mut Vec<Node>,
    /// Open containers: new elements go under the last.
    open: Vec<NodeId>,
    /// Form field names start with this, when set.
    prefix: Option<String>,
}

/// A header field: `Name: ____`, at `x`, `width` wide, pre-filled with
/// `value` when known; `name` is the form-field name.
#[derive(Clone, Copy)]
struct Field<'a> {
    label: &'a str,
    value: Option<&'a str>,
    name: &'a str,
    x: f32,
    width: f32,
}

/// How a run of text looks: size, base style, grey, and what it is.
#[derive(Clone)]
struct Look {
    size: f32,
    style: Style,
    gray: f32,
    role: Role,
    leading: f32,
}

impl<'a> Builder<'a> {
    fn new(
        t: &'a Theme,
        m: &'a dyn Metrics,
        labels: &'static Labels,
        nodes: &'a mut Vec<Node>,
        section: NodeId,
    ) -> Self {
        Builder {
            t,
            m,
            flow: Flow::default(),
            labels,
            nodes,
            open: vec![section],
            prefix: None,
        }
    }

    /// A new structure element under the innermost open one.
    fn node(&mut self, tag: Tag) -> NodeId {
        self.nodes.push(Node {
            tag,
            parent: self.open.last().copied(),
            language: None,
        });
        NodeId(self.nodes.len() as u32 - 1)
    }

    /// A new element that following ones go inside, until [`Self::close`].
    fn open(&mut self, tag: Tag) -> NodeId {
        let id = self.node(tag);
        self.open.push(id);
        id
    }

    fn close(&mut self) {
        self.open.pop();
    }

    /// A form field's full name: `plan/2/line1`, or under the lesson's id
    /// in a document of several lessons.
    fn field(&self, name: &str) -> String {
        match &self.prefix {
            Some(p) => format!("{p}/{name}"),
            None => name.to_string(),
        }
    }

    fn push(&mut self, chunk: Chunk) {
        self.flow.chunks.push(chunk);
    }

    fn body(&self) -> Look {
        Look {
            size: self.t.body,
            style: Style::REGULAR,
            gray: self.t.text_gray,
            role: Role::Paragraph,
            leading: self.t.leading,
        }
    }

    fn lines(&self, rich: &Rich, look: &Look, measure: f32) -> Result<Vec<Line>, LayoutError> {
        let rich = if look.style == Style::REGULAR {
            rich.clone()
        } else {
            rich.with_style(look.style)
        };
        break_lines_kept(&rich, look.size, measure, self.m)
    }

    /// Text items for one line whose box starts at y = 0. Each line ends in
    /// a space, so text read in structure order doesn't glue the last word
    /// of a line to the first of the next.
    fn line_items(&self, line: &Line, x: f32, look: &Look, node: Option<NodeId>) -> Vec<Item> {
        let lh = look.size * look.leading;
        let y = self.t.baseline(lh, look.size);
        let n = line.runs.len();
        line.runs
            .iter()
            .enumerate()
            .map(|(i, run)| {
                let mut text = run.text.clone();
                if i + 1 == n {
                    text.push(' ');
                }
                Item {
                    shape: Shape::Text {
                        x: x + run.x,
                        y,
                        width: run.width,
                        size: look.size,
                        face: run.face,
                        gray: look.gray,
                        text,
                        link: run.link.clone(),
                        placement: run.placement.clone(),
                    },
                    role: look.role.clone(),
                    node,
                }
            })
            .collect()
    }

    /// A paragraph at `x`, `measure` wide, as structure element `node`: one
    /// chunk per line, the first two and last two lines kept together so no
    /// line is left alone on a page. `lead` items (a bullet, a checkbox) go
    /// into the first line's chunk. Link text becomes a link element inside
    /// `node`, one per address.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        rich: &Rich,
        node: NodeId,
        x: f32,
        measure: f32,
        look: &Look,
        space_before: f32,
        lead: Vec<Item>,
    ) -> Result<(), LayoutError> {
        let lines = self.lines(rich, look, measure)?;
        let lh = look.size * look.leading;
        let n = lines.len();
        let mut lead = Some(lead);
        let mut links: Vec<(String, NodeId)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let mut items = lead.take().unwrap_or_default();
            for mut item in self.line_items(line, x, look, Some(node)) {
                if let Shape::Text {
                    link: Some(url), ..
                } = &item.shape
                {
                    let id = match links.iter().find(|(u, _)| u == url) {
                        Some((_, id)) => *id,
                        None => {
                            self.open.push(node);
                            let id = self.node(Tag::Link { url: url.clone() });
                            self.open.pop();
                            links.push((url.clone(), id));
                            id
                        }
                    };
                    item.node = Some(id);
                }
                items.push(item);
            }
            self.push(Chunk {
                height: lh,
                space_before: if i == 0 { space_before } else { 0.0 },
                items,
                keep_with_next: n > 1 && (i == 0 || i + 2 == n),
                ..Chunk::default()
            });
        }
        Ok(())
    }

    /// Keep every chunk pushed since `from` with the next one: a heading's
    /// lines stay together and with what follows.
    fn keep_since(&mut self, from: usize) {
        for c in &mut self.flow.chunks[from..] {
            c.keep_with_next = true;
        }
    }

    /// Mark the last chunk pushed to stay with the next one.
    fn keep_last_with_next(&mut self) {
        if let Some(c) = self.flow.chunks.last_mut() {
            c.keep_with_next = true;
        }
    }

    fn rule(&self, x1: f32, x2: f32, y: f32) -> Item {
        Item {
            shape: Shape::Line {
                x1,
                y1: y,
                x2,
                y2: y,
                stroke: Stroke {
                    width: self.t.rule,
                    gray: self.t.rule_gray,
                },
            },
            role: Role::Artifact,
            node: None,
        }
    }

    // ----- page-one header -----------------------------------------------

    fn header(&mut self, ws: &Worksheet) -> Result<(), LayoutError> {
        let t = self.t;
        let left = t.content_left();
        let w = t.content_width();
        if let Some(facility) = &ws.header.facility {
            let look = Look {
                size: t.small * 1.1,
                style: Style::BOLD,
                gray: t.muted_gray,
                role: Role::Paragraph,
                leading: 1.3,
            };
            let p = self.node(Tag::P);
            self.paragraph(&Rich::plain(facility), p, left, w, &look, 0.0, Vec::new())?;
        }
        let title = Look {
            size: t.title,
            style: Style::BOLD,
            gray: t.text_gray,
            role: Role::Title,
            leading: 1.2,
        };
        let from = self.flow.chunks.len();
        let h1 = self.node(Tag::H1);
        self.paragraph(&ws.lesson.title, h1, left, w, &title, 0.0, Vec::new())?;
        self.keep_since(from);
        if let Some(sub) = &ws.lesson.subtitle {
            let look = Look {
                size: t.subtitle,
                style: Style::ITALIC,
                gray: t.muted_gray,
                role: Role::Subtitle,
                leading: 1.3,
            };
            let from = self.flow.chunks.len();
            let p = self.node(Tag::P);
            self.paragraph(sub, p, left, w, &look, 2.0 * (t.body / 12.0), Vec::new())?;
            self.keep_since(from);
        }

        let l = self.labels;
        let gap = t.body * 1.5;
        // Name and date share a row when both fit; otherwise each gets its own.
        let name_w = (w - gap) * 0.62;
        let date_w = w - gap - name_w;
        let name = Field {
            label: l.name,
            value: ws.header.name.as_deref(),
            name: "name",
            x: left,
            width: name_w,
        };
        let date = Field {
            label: l.date,
            value: ws.header.date.as_deref(),
            name: "date",
            x: left + name_w + gap,
            width: date_w,
        };
        if self.fits(&name)? && self.fits(&date)? {
            self.field_row(&[name, date], true)?;
        } else {
            let name = Field {
                x: left,
                width: w,
                ..name
            };
            let date = Field {
                x: left,
                width: w,
                ..date
            };
            self.field_row(&[name], true)?;
            self.field_row(&[date], false)?;
        }
        if let Some(clinician) = ws.header.clinician.as_deref() {
            let field = Field {
                label: l.clinician,
                value: Some(clinician),
                name: "clinician",
                x: left,
                width: w,
            };
            self.field_row(&[field], false)?;
        }
        Ok(())
    }

    /// Whether a field's label and value (or room to write) fit its width.
    fn fits(&self, f: &Field) -> Result<bool, LayoutError> {
        let label_w = measure(
            &Rich::styled(&format!("{}:", f.label), Style::BOLD),
            self.t.body,
            self.m,
        )?;
        let value_w = match f.value {
            Some(v) => measure(&Rich::plain(v), self.t.body, &super::lines::Unkept(self.m))?,
            None => self.t.body * 8.0,
        };
        Ok(label_w + self.t.body * 0.5 + value_w <= f.width)
    }

    /// One row of `Label: value______` fields. A value too long for its line
    /// wraps onto more rows rather than running off the page.
    fn field_row(&mut self, fields: &[Field], first: bool) -> Result<(), LayoutError> {
        let t = self.t;
        let row_h = t.writing_gap.max(t.body * 2.0);
        let line_y = row_h - t.body * 0.35;
        let baseline = line_y - t.body * 0.3;
        let mut items = Vec::new();
        let mut extra_rows: Vec<Vec<Item>> = Vec::new();
        for &Field {
            label,
            value,
            name: field,
            x,
            width,
        } in fields
        {
            // The label and any value read as one paragraph; the line is a
            // form field (a plain PDF leaves it out of the structure).
            let text_node = Some(self.node(Tag::P));
            let form = Some(self.node(Tag::Form));
            let label_rich = Rich::styled(&format!("{label}:"), Style::BOLD);
            let label_lines = break_lines(&label_rich, t.body, width, self.m)?;
            let label_w = label_lines.first().map_or(0.0, |l| l.width);
            for run in label_lines.iter().flat_map(|l| &l.runs).take(8) {
                items.push(Item {
                    shape: Shape::Text {
                        x: x + run.x,
                        y: baseline,
                        width: run.width,
                        size: t.body,
                        face: run.face,
                        gray: t.text_gray,
                        text: run.text.clone(),
                        link: None,
                        placement: run.placement.clone(),
                    },
                    role: Role::Label,
                    node: text_node,
                });
            }
            let vx = x + label_w + t.body * 0.5;
            let vw = (x + width - vx).max(t.body);
            items.push(Item {
                shape: Shape::Line {
                    x1: vx,
                    y1: line_y,
                    x2: x + width,
                    y2: line_y,
                    stroke: Stroke {
                        width: t.rule,
                        gray: t.writing_gray,
                    },
                },
                role: Role::WritingLine {
                    field: field.to_string(),
                    tip: label.to_string(),
                },
                node: form,
            });
            if let Some(value) = value {
                let lines = break_lines(&Rich::plain(value), t.body, vw - 2.0, self.m)?;
                for (i, line) in lines.iter().enumerate() {
                    let row_items: Vec<Item> = line
                        .runs
                        .iter()
                        .map(|run| Item {
                            shape: Shape::Text {
                                x: vx + 2.0 + run.x,
                                y: baseline,
                                width: run.width,
                                size: t.body,
                                face: run.face,
                                gray: t.text_gray,
                                text: run.text.clone(),
                                link: None,
                                placement: run.placement.clone(),
                            },
                            role: Role::Value {
                                field: field.to_string(),
                            },
                            node: text_node,
                        })
                        .collect();
                    if i == 0 {
                        items.extend(row_items);
                    } else {
                        // Continuation rows get their own line to sit on.
                        let mut row = row_items;
                        row.push(Item {
                            shape: Shape::Line {
                                x1: vx,
                                y1: line_y,
                                x2: x + width,
                                y2: line_y,
                                stroke: Stroke {
                                    width: t.rule,
                                    gray: t.writing_gray,
                                },
                            },
                            role: Role::Artifact,
                            node: None,
                        });
                        extra_rows.push(row);
                    }
                }
            }
        }
        let space = if first { t.body * 0.8 } else { 0.0 };
        self.push(Chunk {
            height: row_h,
            space_before: space,
            items,
            keep_with_next: !extra_rows.is_empty(),
            ..Chunk::default()
        });
        let n = extra_rows.len();
        for (i, row) in extra_rows.into_iter().enumerate() {
            self.push(Chunk {
                height: row_h,
                items: row,
                keep_with_next: i + 1 < n,
                ..Chunk::default()
            });
        }
        Ok(())
    }

    // ----- sections --------------------------------------------------------

    fn heading(&mut self, title: &Rich) -> Result<(), LayoutError> {
        let t = self.t;
        let look = Look {
            size: t.heading,
            style: Style::BOLD,
            gray: t.text_gray,
            role: Role::Heading,
            leading: 1.25,
        };
        let node = Some(self.node(Tag::H2));
        let lines = self.lines(title, &look, t.content_width())?;
        let lh = look.size * look.leading;
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let mut items = self.line_items(line, t.content_left(), &look, node);
            let mut height = lh;
            if i + 1 == n {
                let y = lh + t.heading_gap * 0.35;
                items.push(self.rule(t.content_left(), t.content_right(), y));
                height = lh + t.heading_gap;
            }
            self.push(Chunk {
                height,
                space_before: if i == 0 { t.heading_space } else { 0.0 },
                items,
                keep_with_next: true,
                ..Chunk::default()
            });
        }
        Ok(())
    }

    fn subheading(&mut self, title: &Rich) -> Result<(), LayoutError> {
        let look = Look {
            size: self.t.subheading,
            style: Style::BOLD,
            gray: self.t.text_gray,
            role: Role::Subheading,
            leading: 1.3,
        };
        let (left, w, space) = (
            self.t.content_left(),
            self.t.content_width(),
            self.t.subheading_space,
        );
        let from = self.flow.chunks.len();
        let h3 = self.node(Tag::H3);
        self.paragraph(title, h3, left, w, &look, space, Vec::new())?;
        self.keep_since(from);
        Ok(())
    }

    fn section(&mut self, section: &Section) -> Result<(), LayoutError> {
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
                for (i, Term { term, meaning }) in terms.iter().enumerate() {
                    let mut rich = term.with_style(Style::BOLD);
                    rich.push(" — ", Style::REGULAR, None);
                    rich.append(meaning);
                    let space = if i == 0 { 0.0 } else { t.paragraph_gap };
                    let p = self.node(Tag::P);
                    self.paragraph(&rich, p, left, w, &self.body(), space, Vec::new())?;
                }
            }
            Section::Checklist {
                title,
                intro,
                items,
            } => {
                self.heading(title)?;
                let look = Look {
                    style: Style::ITALIC,
                    ..self.body()
                };
                let p = self.node(Tag::P);
                self.paragraph(intro, p, left, w, &look, 0.0, Vec::new())?;
                self.keep_last_with_next();
                // The intro keeps two items with it, and the last two items
                // stay together: no list starts or ends with one item alone.
                let n = items.len();
                self.open(Tag::L);
                for (i, item) in items.iter().enumerate() {
                    self.checkbox_item(item, &self.field(&format!("checklist/{}", i + 1)))?;
                    if n > 2 && (i == 0 || i + 2 == n) {
                        self.keep_last_with_next();
                    }
                }
                self.close();
            }
            Section::Steps { title, steps } => {
                self.heading(title)?;
                self.open(Tag::L);
                for (i, Step { name, text }) in steps.iter().enumerate() {
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
            }
            Section::Scenarios { title, scenarios } => {
                self.heading(title)?;
                for (i, s) in scenarios.iter().enumerate() {
                    self.scenario(s, i == 0)?;
                }
            }
            Section::Plan {
                title,
                intro,
                prompts,
                lines,
            } => {
                self.heading(title)?;
                if let Some(intro) = intro {
                    let p = self.node(Tag::P);
                    self.paragraph(intro, p, left, w, &self.body(), 0.0, Vec::new())?;
                    self.keep_last_with_next();
                }
                self.open(Tag::L);
                for (i, prompt) in prompts.iter().enumerate() {
                    let space = if i == 0 && intro.is_none() {
                        0.0
                    } else {
                        t.paragraph_gap
                    };
                    self.open(Tag::LI);
                    let (x, body) = self.numbered(prompt, i + 1, left, w, space)?;
                    let field = self.field(&format!("plan/{}", i + 1));
                    self.open.push(body);
                    self.writing_lines(*lines, x, &field, &prompt.to_plain())?;
                    self.close();
                    self.close();
                }
                self.close();
            }
            Section::Tracker {
                title,
                intro,
                rows,
                columns,
            } => {
                self.heading(title)?;
                if let Some(intro) = intro {
                    let p = self.node(Tag::P);
                    self.paragraph(intro, p, left, w, &self.body(), 0.0, Vec::new())?;
                    self.keep_last_with_next();
                }
                self.tracker(rows, columns, intro.is_some())?;
            }
            Section::Notes { notes } => {
                for Note { title, body } in notes {
                    if let Some(title) = title {
                        self.heading(title)?;
                    }
                    let space = if title.is_some() {
                        0.0
                    } else {
                        t.heading_space
                    };
                    self.blocks(body, left, w, space)?;
                }
            }
        }
        Ok(())
    }

    /// Paragraphs and lists; nested lists indent further.
    fn blocks(
        &mut self,
        blocks: &[Block],
        x: f32,
        w: f32,
        first_space: f32,
    ) -> Result<(), LayoutError> {
        let t = self.t;
        for (i, block) in blocks.iter().enumerate() {
            let space = if i == 0 { first_space } else { t.paragraph_gap };
            match block {
                Block::Paragraph(rich) => {
                    let p = self.node(Tag::P);
                    self.paragraph(rich, p, x, w, &self.body(), space, Vec::new())?;
                }
                Block::List { start, items } => {
                    self.open(Tag::L);
                    for (n, item) in items.iter().enumerate() {
                        let label = match start {
                            Some(s) => format!("{}.", s + n as u64),
                            None => "•".to_string(),
                        };
                        let space = if n == 0 { space } else { t.item_gap };
                        self.open(Tag::LI);
                        self.list_item(&label, item, x, w, space)?;
                        self.close();
                    }
                    self.close();
                }
            }
        }
        Ok(())
    }

    /// A list label (bullet or number) as its own `Lbl` element.
    fn label_items(&mut self, label: &str, x: f32, look: &Look) -> Result<Vec<Item>, LayoutError> {
        let node = Some(self.node(Tag::Lbl));
        let lines = break_lines_kept(
            &Rich::styled(label, look.style),
            look.size,
            f32::INFINITY,
            self.m,
        )?;
        let mut items = Vec::new();
        for line in &lines {
            items.extend(self.line_items(
                line,
                x,
                &Look {
                    role: Role::ListLabel,
                    ..look.clone()
                },
                node,
            ));
        }
        Ok(items)
    }

    fn list_item(
        &mut self,
        label: &str,
        item: &[Block],
        x: f32,
        w: f32,
        space: f32,
    ) -> Result<(), LayoutError> {
        let t = self.t;
        let look = Look {
            role: Role::ListBody,
            ..self.body()
        };
        // Each level of nesting indents, until half the line is used up;
        // deeper levels line up with the last one rather than run off the
        // page. The bullet or number hangs in the indent before the text,
        // which widens for a long number ("1000.").
        let hang = self.hang(label, &look)?;
        let (bx, bw) = if w - hang >= t.content_width() * 0.5 {
            (x + hang, w - hang)
        } else {
            (x, w)
        };
        let lead = self.label_items(label, bx - hang + t.indent * 0.2, &look)?;
        // The item's first paragraph is the body's own text; what follows
        // (more paragraphs, a nested list) goes inside the body too.
        let body = self.open(Tag::LBody);
        match item.split_first() {
            Some((Block::Paragraph(first), rest)) => {
                self.paragraph(first, body, bx, bw, &look, space, lead)?;
                self.blocks(rest, bx, bw, t.item_gap)?;
            }
            _ => {
                // An item that opens with a nested list: the label stands on
                // its own line.
                self.push(Chunk {
                    height: t.line_height(t.body),
                    space_before: space,
                    items: lead,
                    keep_with_next: true,
                    ..Chunk::default()
                });
                self.blocks(item, bx, bw, 0.0)?;
            }
        }
        self.close();
        Ok(())
    }

    /// A numbered item's label and body, inside the current `LI`; returns
    /// where its body text starts, for writing lines to line up with, and
    /// the body element, which the writing lines join.
    fn numbered(
        &mut self,
        rich: &Rich,
        n: usize,
        x: f32,
        w: f32,
        space: f32,
    ) -> Result<(f32, NodeId), LayoutError> {
        let look = Look {
            role: Role::ListBody,
            ..self.body()
        };
        let label_look = Look {
            style: Style::BOLD,
            ..look.clone()
        };
        let label = format!("{n}.");
        let hang = self.hang(&label, &label_look)?;
        let lead = self.label_items(&label, x, &label_look)?;
        let body = self.node(Tag::LBody);
        self.paragraph(rich, body, x + hang, w - hang, &look, space, lead)?;
        Ok((x + hang, body))
    }

    /// The hanging indent a list label needs: the usual indent, or the
    /// label's width and a gap when that is wider.
    fn hang(&self, label: &str, look: &Look) -> Result<f32, LayoutError> {
        let w = measure(&Rich::styled(label, look.style), look.size, self.m)?;
        Ok(self
            .t
            .indent
            .max(self.t.indent * 0.2 + w + self.t.body * 0.4))
    }

    /// A checklist item, in its own `LI`: the box (a form field) and the text.
    fn checkbox_item(&mut self, rich: &Rich, field: &str) -> Result<(), LayoutError> {
        self.open(Tag::LI);
        // The box is the item's label: a form field in a fillable PDF.
        self.open(Tag::Lbl);
        let form = Some(self.node(Tag::Form));
        self.close();
        let t = self.t;
        let look = Look {
            role: Role::ListBody,
            ..self.body()
        };
        let lh = t.line_height(t.body);
        let side = t.checkbox;
        let boxed = Item {
            shape: Shape::Rect {
                x: t.content_left() + 1.0,
                y: lh * 0.5 - side * 0.5 - t.body * 0.12,
                w: side,
                h: side,
                fill: None,
                stroke: Some(Stroke {
                    width: t.rule * 1.4,
                    gray: 0.2,
                }),
            },
            role: Role::Checkbox {
                field: field.to_string(),
                tip: rich.to_plain(),
            },
            node: form,
        };
        let x = t.content_left() + side + t.body * 0.8;
        let w = t.content_right() - x;
        let body = self.node(Tag::LBody);
        self.paragraph(rich, body, x, w, &look, t.item_gap, vec![boxed])?;
        self.close();
        Ok(())
    }

    /// `n` ruled lines to write on, from `x` to the right margin, each a form
    /// field for the prompt `tip`; the last chunk pushed before them (the
    /// prompt) stays with the first.
    fn writing_lines(&mut self, n: u32, x: f32, field: &str, tip: &str) -> Result<(), LayoutError> {
        if n == 0 {
            return Ok(());
        }
        self.keep_last_with_next();
        let t = self.t;
        for i in 1..=n {
            let form = Some(self.node(Tag::Form));
            let h = t.writing_gap;
            self.push(Chunk {
                height: h,
                items: vec![Item {
                    shape: Shape::Line {
                        x1: x,
                        y1: h - 1.0,
                        x2: t.content_right(),
                        y2: h - 1.0,
                        stroke: Stroke {
                            width: t.rule,
                            gray: t.writing_gray,
                        },
                    },
                    role: Role::WritingLine {
                        field: format!("{field}/line{i}"),
                        tip: if n == 1 {
                            tip.to_string()
                        } else {
                            format!("{tip} (line {i} of {n})")
                        },
                    },
                    node: form,
                }],
                ..Chunk::default()
            });
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
            let look = Look {
                style: Style::ITALIC,
                ..self.body()
            };
            let p = self.node(Tag::P);
            self.paragraph(text, p, left, w, &look, 0.0, Vec::new())?;
            if !s.prompts.is_empty() {
                self.keep_last_with_next();
            }
        }
        if !s.prompts.is_empty() {
            self.open(Tag::L);
            for (i, prompt) in s.prompts.iter().enumerate() {
                let space = if i == 0 { t.item_gap } else { t.paragraph_gap };
                self.open(Tag::LI);
                let (x, body) = self.numbered(prompt, i + 1, left, w, space)?;
                let field = self.field(&format!("scenario/{}/{}", s.id, i + 1));
                self.open.push(body);
                self.writing_lines(s.lines, x, &field, &prompt.to_plain())?;
                self.close();
                self.close();
            }
            self.close();
        }
        Ok(())
    }

    fn safety(&mut self, title: &Rich, body: &[Block]) -> Result<(), LayoutError> {
        let t = self.t;
        let frame = self.flow.frames.len();
        self.flow.frames.push(Frame {
            fill: Some(t.box_fill),
            stroke: Some(Stroke {
                width: t.rule * 1.2,
                gray: t.rule_gray,
            }),
        });
        let start = self.flow.chunks.len();
        let x = t.content_left() + t.pad * 1.2;
        let w = t.content_width() - t.pad * 2.4;
        let look = Look {
            style: Style::BOLD,
            role: Role::Heading,
            ..self.body()
        };
        let h2 = self.node(Tag::H2);
        self.paragraph(title, h2, x, w, &look, 0.0, Vec::new())?;
        self.blocks(body, x, w, t.paragraph_gap * 0.6)?;
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

    fn tracker(
        &mut self,
        rows: &[Rich],
        columns: &[Rich],
        after_intro: bool,
    ) -> Result<(), LayoutError> {
        let t = self.t;
        let left = t.content_left();
        let w = t.content_width();
        let head = Look {
            size: t.body * 0.92,
            style: Style::BOLD,
            gray: t.text_gray,
            role: Role::TableHeader { table: 0, col: 0 },
            leading: 1.25,
        };
        let cell = Look {
            size: t.body * 0.92,
            style: Style::REGULAR,
            gray: t.text_gray,
            role: Role::TableCell {
                table: 0,
                row: 0,
                col: 0,
            },
            leading: 1.25,
        };
        let pad = t.pad * 0.6;

        // First column: as wide as its longest label, within reason.
        let corner = Rich::plain(self.labels.tracker_corner);
        let mut label_w = measure(&corner.with_style(Style::BOLD), head.size, self.m)?;
        for r in rows {
            label_w = label_w.max(measure(r, cell.size, self.m)?);
        }
        let first_w = (label_w + 2.0 * pad).min(w * 0.3).max(t.body * 4.0);
        let n = columns.len();
        let col_w = (w - first_w) / n as f32;
        if col_w < t.tracker_min_col {
            return Err(LayoutError::TrackerTooWide {
                columns: n,
                max: ((w - first_w) / t.tracker_min_col).floor() as usize,
            });
        }
        let xs: Vec<f32> = std::iter::once(left)
            .chain((0..=n).map(|i| left + first_w + col_w * i as f32))
            .collect();
        let table = self.flow.tables;
        self.flow.tables += 1;
        let stroke = Stroke {
            width: t.rule,
            gray: 0.35,
        };
        let grid = |x1: f32, y1: f32, x2: f32, y2: f32| Item {
            shape: Shape::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            },
            role: Role::Artifact,
            node: None,
        };

        // Header row.
        let table_node = self.open(Tag::Table);
        let _ = table_node;
        self.open(Tag::TR);
        let mut cells: Vec<(Vec<Line>, f32, Look)> = Vec::new();
        let mut header_texts = vec![corner.clone()];
        header_texts.extend(columns.iter().cloned());
        for (i, text) in header_texts.iter().enumerate() {
            let cw = xs[i + 1] - xs[i] - 2.0 * pad;
            let look = Look {
                role: Role::TableHeader { table, col: i },
                ..head.clone()
            };
            cells.push((self.lines(text, &look, cw)?, xs[i] + pad, look));
        }
        let lh = head.size * head.leading;
        let max_lines = cells.iter().map(|c| c.0.len()).max().unwrap_or(1).max(1);
        let header_h = max_lines as f32 * lh + 2.0 * pad;
        let mut items = vec![Item {
            shape: Shape::Rect {
                x: left,
                y: 0.0,
                w,
                h: header_h,
                fill: Some(t.header_fill),
                stroke: None,
            },
            role: Role::Artifact,
            node: None,
        }];
        for (lines, x, look) in &cells {
            let node = Some(self.node(Tag::TH { row: false }));
            for (k, line) in lines.iter().enumerate() {
                for mut item in self.line_items(line, *x, look, node) {
                    item.shape.shift(0.0, pad + k as f32 * lh);
                    items.push(item);
                }
            }
        }
        items.push(grid(left, 0.0, left + w, 0.0));
        items.push(grid(left, header_h, left + w, header_h));
        for &x in &xs {
            items.push(grid(x, 0.0, x, header_h));
        }
        self.close();
        self.push(Chunk {
            height: header_h,
            space_before: if after_intro { t.item_gap } else { 0.0 },
            items,
            keep_with_next: true,
            table: Some(table),
            table_header: true,
            ..Chunk::default()
        });

        // Body rows: a label, then empty cells to write in.
        let first_row = self.flow.chunks.len();
        let row_names = segments(rows.iter().map(Rich::to_plain));
        let col_names = segments(columns.iter().map(Rich::to_plain));
        for (r, label) in rows.iter().enumerate() {
            let look = Look {
                role: Role::TableCell {
                    table,
                    row: r + 1,
                    col: 0,
                },
                ..cell.clone()
            };
            let lines = self.lines(label, &look, first_w - 2.0 * pad)?;
            let row_h = t.tracker_row.max(lines.len() as f32 * lh + 2.0 * pad);
            let mut items = Vec::new();
            self.open(Tag::TR);
            let node = Some(self.node(Tag::TH { row: true }));
            let text_top = (row_h - lines.len() as f32 * lh) / 2.0;
            for (k, line) in lines.iter().enumerate() {
                for mut item in self.line_items(line, left + pad, &look, node) {
                    item.shape.shift(0.0, text_top + k as f32 * lh);
                    items.push(item);
                }
            }
            for c in 1..=n {
                // Each cell holds a form field (a plain PDF leaves the cell
                // empty).
                self.open(Tag::TD);
                let form = Some(self.node(Tag::Form));
                self.close();
                let field = self.field(&format!("tracker/{}/{}", row_names[r], col_names[c - 1]));
                items.push(Item {
                    shape: Shape::Rect {
                        x: xs[c],
                        y: 0.0,
                        w: xs[c + 1] - xs[c],
                        h: row_h,
                        fill: None,
                        stroke: None,
                    },
                    role: Role::InputCell {
                        table,
                        row: r + 1,
                        col: c,
                        field,
                        tip: format!("{}: {}", label.to_plain(), columns[c - 1].to_plain()),
                    },
                    node: form,
                });
            }
            self.close();
            items.push(grid(left, row_h, left + w, row_h));
            for &x in &xs {
                items.push(grid(x, 0.0, x, row_h));
            }
            self.push(Chunk {
                height: row_h,
                items,
                table: Some(table),
                ..Chunk::default()
            });
        }
        self.close();
        // A tracker that fits on a page stays in one piece; a longer one
        // keeps its header with two rows and never leaves one row alone.
        let rows = &mut self.flow.chunks[first_row..];
        let total: f32 = header_h + rows.iter().map(|c| c.height).sum::<f32>();
        let page = t.page_height - t.margin_top - t.margin_bottom - 6.0 * t.body;
        let n = rows.len();
        for (i, row) in rows.iter_mut().enumerate() {
            row.keep_with_next = if total <= page * 0.8 {
                i + 1 < n
            } else {
                i == 0 || i + 2 == n
            };
        }
        Ok(())
    }

    /// Paper can't be clicked: each link also prints as a QR code, with its
    /// text and address beside it, in a Resources box at the lesson's end.
    fn resources(&mut self, links: &[(String, String)]) -> Result<(), LayoutError> {
        if links.is_empty() {
            return Ok(());
        }
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        self.heading(&Rich::plain(self.labels.resources))?;
        // A module of 1.6 pt (0.56 mm) scans from a phone held at reading
        // distance and from a 150 dpi scan; it doesn't grow with large print.
        let module = 1.6;
        for (k, (url, text)) in links.iter().enumerate() {
            let Some((n, colors)) = qr_modules(url) else {
                continue; // too long to encode: the link still prints as text
            };
            let colors: &[bool] = &colors;
            let quiet = 4.0 * module;
            let side = n as f32 * module + 2.0 * quiet;
            let figure = Some(self.node(Tag::Figure {
                alt: format!("QR code for {url}"),
            }));
            let mut items = Vec::new();
            // Each row's dark modules as runs of filled rectangles.
            for row in 0..n {
                let mut col = 0;
                while col < n {
                    if colors[row * n + col] {
                        let start = col;
                        while col < n && colors[row * n + col] {
                            col += 1;
                        }
                        items.push(Item {
                            shape: Shape::Rect {
                                x: left + quiet + start as f32 * module,
                                y: quiet + row as f32 * module,
                                w: (col - start) as f32 * module,
                                h: module,
                                fill: Some(0.0),
                                stroke: None,
                            },
                            role: Role::Paragraph,
                            node: figure,
                        });
                    } else {
                        col += 1;
                    }
                }
            }
            // Beside it: the link's text and its address, which is a link.
            let tx = left + side + t.body;
            let tw = (w - side - t.body).max(t.body * 6.0);
            let body = self.body();
            let lh = t.line_height(t.body);
            let mut y = quiet * 0.5;
            let caption = self.node(Tag::P);
            // How to use it, once, then the link's text and address, each
            // cut to two lines: the code carries the whole address.
            let body = Look {
                role: Role::Caption,
                ..body
            };
            let two = |mut l: Vec<Line>| {
                l.truncate(2);
                l
            };
            let mut lines = Vec::new();
            if k == 0 {
                let intro = Rich::styled(self.labels.resources_intro, Style::ITALIC);
                lines.extend(two(self.lines(&intro, &body, tw)?));
            }
            lines.extend(two(self.lines(
                &Rich::styled(text, Style::BOLD),
                &body,
                tw,
            )?));
            let mut address = Rich::default();
            address.push(url, Style::REGULAR, Some(url));
            lines.extend(two(self.lines(&address, &body, tw)?));
            self.open.push(caption);
            let link = self.node(Tag::Link { url: url.clone() });
            self.open.pop();
            for line in &lines {
                for mut item in self.line_items(line, tx, &body, Some(caption)) {
                    if matches!(&item.shape, Shape::Text { link: Some(_), .. }) {
                        item.node = Some(link);
                    }
                    item.shape.shift(0.0, y);
                    items.push(item);
                }
                y += lh;
            }
            self.push(Chunk {
                height: side.max(y + quiet * 0.5),
                space_before: if k == 0 { 0.0 } else { t.item_gap },
                items,
                ..Chunk::default()
            });
        }
        Ok(())
    }
}

/// A field-name segment from a label (`Day 3` → `day3`, `Kind response` →
/// `kind-response`), or its number when the label has nothing usable
/// (`Ирина` → `2`). A word followed by a number is written together, as
/// people say it: `day3`, `week2`.
fn slug_or(label: &str, n: usize) -> String {
    let s = slug(label);
    if s.is_empty() {
        return n.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        let joins = ch == '-'
            && out.ends_with(|c: char| c.is_ascii_alphabetic())
            && chars.peek().is_some_and(char::is_ascii_digit);
        if !joins {
            out.push(ch);
        }
    }
    out
}

/// One field-name segment per label, each different: a label that gives the
/// same segment as an earlier one gets its position too (`day3`, `day3-5`),
/// so two rows never share a field.
fn segments(labels: impl Iterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    labels
        .enumerate()
        .map(|(i, label)| {
            let mut s = slug_or(&label, i + 1);
            while !seen.insert(s.clone()) {
                s = format!("{s}-{}", i + 1);
            }
            s
        })
        .collect()
}

/// The QR code for `url`: its width in modules, and which are dark, row
/// by row. Made once per address and kept (choosing the best mask is most
/// of the cost, and every copy of a lesson prints the same links).
fn qr_modules(url: &str) -> Option<(usize, std::sync::Arc<[bool]>)> {
    use std::sync::{Arc, Mutex};
    type Kept = Vec<(String, usize, Arc<[bool]>)>;
    static KEPT: Mutex<Kept> = Mutex::new(Vec::new());
    const MAX: usize = 64;
    if let Ok(kept) = KEPT.lock()
        && let Some((_, n, c)) = kept.iter().find(|(u, ..)| u == url)
    {
        return Some((*n, c.clone()));
    }
    let code =
        qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M).ok()?;
    let n = code.width();
    let dark: Arc<[bool]> = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    if let Ok(mut kept) = KEPT.lock() {
        if kept.len() >= MAX {
            kept.remove(0);
        }
        kept.push((url.to_string(), n, dark.clone()));
    }
    Some((n, dark))
}

#[cfg(test)]
mod field_name_tests {
    use super::{segments, slug_or};

    #[test]
    fn labels_that_slug_alike_still_name_different_fields() {
        let labels = ["Day 3", "Day3", "Ирина", "Ольга", "Day 3"].map(String::from);
        assert_eq!(
            segments(labels.into_iter()),
            ["day3", "day3-2", "3", "4", "day3-5"]
        );
    }

    #[test]
    fn a_word_and_its_number_are_one_segment() {
        assert_eq!(slug_or("Day 3", 3), "day3");
        assert_eq!(slug_or("Week 12 check-in", 1), "week12-check-in");
        assert_eq!(slug_or("Kind response", 1), "kind-response");
        assert_eq!(slug_or("3 pm", 1), "3-pm");
        assert_eq!(slug_or("Ирина", 2), "2");
    }
}
