//! Page one's header (facility, title, name, date, clinician) and a packet's cover.

use super::{Builder, Field, Look};
use crate::labels::Labels;
use crate::layout::flow::{Chunk, Flow};
use crate::layout::lines::{break_lines, measure};
use crate::layout::{
    Cover, Item, LayoutError, Metrics, Node, NodeId, Role, Shape, Stroke, Tag, Theme,
};
use crate::text::{Rich, Style};
use crate::worksheet::Worksheet;

/// A packet's cover: facility, title a third of the way down, then the
/// client's name, the date and the clinician, filled in or ruled to write on.
pub(in crate::layout) fn cover(
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
        b.facility(facility, t.subtitle)?;
    }
    let title = b.title_look(t.cover_title);
    let space = (t.page_height - t.margin_top - t.margin_bottom) * t.cover_title_drop;
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
            width: w * t.cover_field_share,
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
                c.space_before = t.cover_fields_space;
            }
        }
    }
    Ok(b.flow)
}

impl Builder<'_> {
    // ----- page-one header -----------------------------------------------

    pub(super) fn header(&mut self, ws: &Worksheet) -> Result<(), LayoutError> {
        let t = self.t;
        let left = t.content_left();
        let w = t.content_width();
        if let Some(facility) = &ws.header.facility {
            self.facility(facility, t.facility)?;
        }
        let title = self.title_look(t.title);
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
                leading: t.subheading_leading,
            };
            let from = self.flow.chunks.len();
            let p = self.node(Tag::P);
            self.paragraph(sub, p, left, w, &look, t.subtitle_space, Vec::new())?;
            self.keep_since(from);
        }

        let l = self.labels;
        let gap = t.field_gap;
        // Name and date share a row when both fit; otherwise each gets its own.
        let name_w = (w - gap) * t.name_share;
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
        // Name and date share a row when both fit: at the usual shares, or
        // with the date given just the room it needs (a long date, "30 de
        // septiembre de 2026", beside a long name) and the name the rest.
        let (name_need, date_need) = (self.need(&name)?, self.need(&date)?);
        if name_need <= name.width && date_need <= date.width {
            self.field_row(&[name, date], true)?;
        } else if name_need + gap + date_need <= w {
            let date_w = date_need
                .max(w - gap - name_need)
                .min(date_w.max(date_need));
            let name = Field {
                width: w - gap - date_w,
                ..name
            };
            let date = Field {
                x: left + name.width + gap,
                width: date_w,
                ..date
            };
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

    /// The width a field needs for its label and its value on one line (as
    /// [`Self::field_items`] places them: the value inset on its line), or
    /// its label and room to write.
    fn need(&self, f: &Field) -> Result<f32, LayoutError> {
        let t = self.t;
        let label_w = measure(
            &Rich::styled(&format!("{}:", f.label), Style::BOLD),
            t.body,
            self.m,
        )?;
        let value_w = match f.value {
            Some(v) => {
                let unkept = crate::layout::lines::Unkept(self.m);
                // A hair over, so a line broken at exactly this width keeps
                // the value whole.
                measure(&Rich::plain(v), t.body, &unkept)? + t.field_value_inset + 0.5
            }
            None => t.field_min_value,
        };
        Ok(label_w + t.field_label_gap + value_w)
    }

    /// One row of `Label: value______` fields. A value too long for its line
    /// wraps onto more rows rather than running off the page.
    fn field_row(&mut self, fields: &[Field], first: bool) -> Result<(), LayoutError> {
        let t = self.t;
        let row_h = t.field_row;
        let mut items = Vec::new();
        let mut extra_rows: Vec<Vec<Item>> = Vec::new();
        for field in fields {
            self.field_items(field, &mut items, &mut extra_rows)?;
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

    /// One field of a row: its label, the line to write on, and its value
    /// when known; rows the value wraps onto go to `extra_rows`.
    fn field_items(
        &mut self,
        &Field {
            label,
            value,
            name: field,
            x,
            width,
        }: &Field,
        items: &mut Vec<Item>,
        extra_rows: &mut Vec<Vec<Item>>,
    ) -> Result<(), LayoutError> {
        let t = self.t;
        let line_y = t.field_row - t.field_line_lift;
        let baseline = line_y - t.field_text_lift;
        // The label and any value read as one paragraph; the line is a
        // form field (a plain PDF leaves it out of the structure).
        let text_node = Some(self.node(Tag::P));
        let form = Some(self.node(Tag::Form));
        let label_rich = Rich::styled(&format!("{label}:"), Style::BOLD);
        let label_lines = break_lines(&label_rich, t.body, width, self.m)?;
        let label_w = label_lines.first().map_or(0.0, |l| l.width);
        for run in label_lines.iter().flat_map(|l| &l.runs).take(8) {
            items.push(field_text(run, x, baseline, t, Role::Label, text_node));
        }
        let vx = x + label_w + t.field_label_gap;
        let vw = (x + width - vx).max(t.body);
        let line = Shape::Line {
            x1: vx,
            y1: line_y,
            x2: x + width,
            y2: line_y,
            stroke: Stroke {
                width: t.rule,
                gray: t.writing_gray,
            },
        };
        items.push(Item {
            shape: line.clone(),
            role: Role::WritingLine {
                field: field.to_string(),
                tip: label.to_string(),
            },
            node: form,
        });
        let Some(value) = value else {
            return Ok(());
        };
        let rows = self.value_rows(value, field, vx, vw, baseline, text_node)?;
        for (i, row_items) in rows.into_iter().enumerate() {
            if i == 0 {
                items.extend(row_items);
            } else {
                // Continuation rows get their own line to sit on.
                let mut row = row_items;
                row.push(Item {
                    shape: line.clone(),
                    role: Role::Artifact,
                    node: None,
                });
                extra_rows.push(row);
            }
        }
        Ok(())
    }

    /// A roster's value (a name), shaped and broken afresh into rows of
    /// items `vw` wide from `vx`.
    fn value_rows(
        &self,
        value: &str,
        field: &str,
        vx: f32,
        vw: f32,
        baseline: f32,
        text_node: Option<NodeId>,
    ) -> Result<Vec<Vec<Item>>, LayoutError> {
        let t = self.t;
        let lines = break_lines(
            &Rich::plain(value),
            t.body,
            vw - t.field_value_inset,
            &crate::layout::lines::Unkept(self.m),
        )?;
        Ok(lines
            .iter()
            .map(|line| {
                line.runs
                    .iter()
                    .map(|run| {
                        let role = Role::Value {
                            field: field.to_string(),
                        };
                        field_text(run, vx + t.field_value_inset, baseline, t, role, text_node)
                    })
                    .collect()
            })
            .collect())
    }
}

/// A run of a header field's text (its label, or the value pre-filled on its
/// line) as an item at `x` along the field's baseline.
fn field_text(
    run: &crate::layout::lines::Run,
    x: f32,
    baseline: f32,
    t: &Theme,
    role: Role,
    node: Option<NodeId>,
) -> Item {
    Item {
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
        role,
        node,
    }
}
