//! The Resources box: each link as a QR code with its text and address.

use std::sync::Arc;

use super::{Builder, Look};
use crate::cache::{Cache, Key};
use crate::layout::flow::Chunk;
use crate::layout::lines::Line;
use crate::layout::{Item, LayoutError, Role, Shape, Tag};
use crate::text::{Rich, Style};

impl Builder<'_> {
    /// Paper can't be clicked: each link also prints as a QR code, with its
    /// text and address beside it, in a Resources box at the lesson's end.
    pub(super) fn resources(&mut self, links: &[(String, String)]) -> Result<(), LayoutError> {
        if links.is_empty() {
            return Ok(());
        }
        let t = self.t;
        let (left, w) = (t.content_left(), t.content_width());
        self.heading(&Rich::plain(self.labels.resources))?;
        let module = t.qr_module;
        for (k, (url, text)) in links.iter().enumerate() {
            let Some((n, colors)) = qr_modules(url, self.m.cache()) else {
                continue; // too long to encode: the link still prints as text
            };
            let colors: &[bool] = &colors;
            let quiet = t.qr_quiet_modules * module;
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
            let tw = (w - side - t.body).max(t.qr_caption_min);
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

/// The QR code for `url`: its width in modules, and which are dark, row
/// by row. Made once per address and kept in `cache` when there is one
/// (choosing the best mask is most of the cost, and every copy of a lesson
/// prints the same links).
fn qr_modules(url: &str, cache: Option<&Cache>) -> Option<(usize, Arc<[bool]>)> {
    let make = || {
        let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
            .map_err(|_| ())?;
        let n = code.width();
        let dark: Arc<[bool]> = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        Ok::<_, ()>((n, dark))
    };
    match cache {
        Some(cache) => cache.get_or_make(QrCode(url.to_string()), make).ok(),
        None => make().ok(),
    }
}

/// A QR code, by the address it holds (a lesson's link).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct QrCode(String);

impl Key for QrCode {
    type Value = (usize, Arc<[bool]>);
    const KEEP: usize = 64;
}
