//! The tracker: a grid of days by things to track, each cell a form field.

use super::{Builder, Look, segments};
use crate::layout::flow::Chunk;
use crate::layout::lines::{Line, measure};
use crate::layout::{Item, LayoutError, Role, Shape, Stroke, Tag};
use crate::text::{Rich, Style};

/// The tracker's columns and how its text looks: what every row shares.
struct Grid {
    /// Table number `table` of the document.
    table: usize,
    /// The left edge of each column, then the right edge of the last.
    xs: Vec<f32>,
    /// The width of the first column, the rows' labels.
    first_w: f32,
    stroke: Stroke,
    head: Look,
    cell: Look,
}

impl Grid {
    /// A rule of the grid.
    fn rule(&self, x1: f32, y1: f32, x2: f32, y2: f32) -> Item {
        Item {
            shape: Shape::Line {
                x1,
                y1,
                x2,
                y2,
                stroke: self.stroke,
            },
            role: Role::Artifact,
            node: None,
        }
    }

    /// The rules under a row `h` high and between its columns.
    fn row_rules(&self, left: f32, w: f32, h: f32, items: &mut Vec<Item>) {
        items.push(self.rule(left, h, left + w, h));
        for &x in &self.xs {
            items.push(self.rule(x, 0.0, x, h));
        }
    }
}

impl Builder<'_> {
    pub(super) fn tracker(
        &mut self,
        rows: &[Rich],
        columns: &[Rich],
        after_intro: bool,
    ) -> Result<(), LayoutError> {
        let grid = self.tracker_grid(rows, columns)?;
        self.open(Tag::Table);
        let header_h = self.tracker_header(&grid, columns, after_intro)?;

        // Body rows: a label, then empty cells to write in.
        let first_row = self.flow.chunks.len();
        let row_names = segments(rows.iter().map(Rich::to_plain));
        let col_names = segments(columns.iter().map(Rich::to_plain));
        for (r, label) in rows.iter().enumerate() {
            let names = (row_names[r].as_str(), col_names.as_slice());
            self.tracker_row(&grid, r, label, columns, names)?;
        }
        self.close();
        self.keep_tracker_together(first_row, header_h);
        Ok(())
    }

    /// The columns: the first as wide as its longest label, within reason,
    /// the others sharing the rest; too narrow to write in is an error.
    fn tracker_grid(&mut self, rows: &[Rich], columns: &[Rich]) -> Result<Grid, LayoutError> {
        let t = self.t;
        let left = t.content_left();
        let w = t.content_width();
        let head = Look {
            size: t.cell,
            style: Style::BOLD,
            gray: t.text_gray,
            role: Role::TableHeader { table: 0, col: 0 },
            leading: t.cell_leading,
        };
        let cell = Look {
            size: t.cell,
            style: Style::REGULAR,
            gray: t.text_gray,
            role: Role::TableCell {
                table: 0,
                row: 0,
                col: 0,
            },
            leading: t.cell_leading,
        };
        let pad = t.cell_pad;

        let corner = Rich::plain(self.labels.tracker_corner);
        let mut label_w = measure(&corner.with_style(Style::BOLD), head.size, self.m)?;
        for r in rows {
            label_w = label_w.max(measure(r, cell.size, self.m)?);
        }
        let first_w = (label_w + 2.0 * pad)
            .min(w * t.tracker_label_share)
            .max(t.tracker_label_min);
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
        Ok(Grid {
            table,
            xs,
            first_w,
            stroke: Stroke {
                width: t.rule,
                gray: t.grid_gray,
            },
            head,
            cell,
        })
    }

    /// The header row: the corner label and the columns' names, shaded;
    /// returns its height.
    fn tracker_header(
        &mut self,
        grid: &Grid,
        columns: &[Rich],
        after_intro: bool,
    ) -> Result<f32, LayoutError> {
        let t = self.t;
        let (left, w, pad) = (t.content_left(), t.content_width(), t.cell_pad);
        let xs = &grid.xs;
        self.open(Tag::TR);
        let mut cells: Vec<(Vec<Line>, f32, Look)> = Vec::new();
        let mut header_texts = vec![Rich::plain(self.labels.tracker_corner)];
        header_texts.extend(columns.iter().cloned());
        for (i, text) in header_texts.iter().enumerate() {
            let cw = xs[i + 1] - xs[i] - 2.0 * pad;
            let look = Look {
                role: Role::TableHeader {
                    table: grid.table,
                    col: i,
                },
                ..grid.head.clone()
            };
            cells.push((self.lines(text, &look, cw)?, xs[i] + pad, look));
        }
        let lh = grid.head.size * grid.head.leading;
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
        items.push(grid.rule(left, 0.0, left + w, 0.0));
        grid.row_rules(left, w, header_h, &mut items);
        self.close();
        self.push(Chunk {
            height: header_h,
            space_before: if after_intro { t.item_gap } else { 0.0 },
            items,
            keep_with_next: true,
            table: Some(grid.table),
            table_header: true,
            ..Chunk::default()
        });
        Ok(header_h)
    }

    /// Body row `r`: its label, then a cell with a form field for each
    /// column (a plain PDF leaves the cell empty). `names`: the row's and
    /// the columns' names in field names.
    fn tracker_row(
        &mut self,
        grid: &Grid,
        r: usize,
        label: &Rich,
        columns: &[Rich],
        (row_name, col_names): (&str, &[String]),
    ) -> Result<(), LayoutError> {
        let t = self.t;
        let (left, w, pad) = (t.content_left(), t.content_width(), t.cell_pad);
        let (xs, table) = (&grid.xs, grid.table);
        let lh = grid.head.size * grid.head.leading;
        let look = Look {
            role: Role::TableCell {
                table,
                row: r + 1,
                col: 0,
            },
            ..grid.cell.clone()
        };
        let lines = self.lines(label, &look, grid.first_w - 2.0 * pad)?;
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
        for c in 1..=columns.len() {
            self.open(Tag::TD);
            let form = Some(self.node(Tag::Form));
            self.close();
            let field = self.field(&format!("tracker/{row_name}/{}", col_names[c - 1]));
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
        grid.row_rules(left, w, row_h, &mut items);
        self.push(Chunk {
            height: row_h,
            items,
            table: Some(table),
            ..Chunk::default()
        });
        Ok(())
    }

    /// A tracker that fits on a page stays in one piece; a longer one keeps
    /// its header with two rows and never leaves one row alone.
    fn keep_tracker_together(&mut self, first_row: usize, header_h: f32) {
        let t = self.t;
        let rows = &mut self.flow.chunks[first_row..];
        let total: f32 = header_h + rows.iter().map(|c| c.height).sum::<f32>();
        let page = t.page_height - t.margin_top - t.margin_bottom - t.tracker_reserve;
        let n = rows.len();
        for (i, row) in rows.iter_mut().enumerate() {
            row.keep_with_next = if total <= page * t.tracker_keep_share {
                i + 1 < n
            } else {
                i == 0 || i + 2 == n
            };
        }
    }
}
