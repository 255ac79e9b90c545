//! A laid-out page as SVG, for looking at on a screen: the gallery's
//! thumbnails and the live preview of `handout serve`. Drawn from the same
//! display list the PDF is painted from, so what it shows is where the PDF
//! puts it; each run of text is stretched to the width layout measured, so
//! the browser's copy of a font can't move a line.

use std::fmt::Write as _;

use crate::html::esc;

use crate::fonts::FontBook;
use crate::layout::{Metrics, Page, Shape};

/// `page` as an SVG document `width_px` wide (its height follows the
/// paper's). `label` names it for screen readers.
pub fn page(page: &Page, book: &FontBook, width_px: u32, label: &str) -> String {
    let height_px = (width_px as f32 * page.height / page.width).round() as u32;
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{width_px}\" \
         height=\"{height_px}\" role=\"img\" aria-label=\"{}\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>",
        num(page.width),
        num(page.height),
        esc(label),
    );
    for item in &page.items {
        match &item.shape {
            Shape::Text {
                x,
                y,
                width,
                size,
                face,
                gray,
                text,
                ..
            } => {
                // A browser drops spaces at either end of an SVG text (and
                // `xml:space` is ignored in HTML): draw the words alone,
                // where layout put them.
                let space = book.advance(*face, ' ') * size;
                let lead = text.len() - text.trim_start_matches(' ').len();
                let words = text.trim_matches(' ');
                if words.is_empty() {
                    continue;
                }
                let trail = text.len() - lead - words.len();
                let x = x + lead as f32 * space;
                let width = width - (lead + trail) as f32 * space;
                let (family, weight, style) = match book.loaded(*face) {
                    Some(l) => {
                        let name = l.data.name.to_ascii_lowercase();
                        (
                            l.data.family.as_str(),
                            if name.contains("bold") { "700" } else { "400" },
                            if name.contains("italic") {
                                "italic"
                            } else {
                                "normal"
                            },
                        )
                    }
                    None => ("sans-serif", "400", "normal"),
                };
                let _ = write!(
                    out,
                    "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-family=\"{}, sans-serif\" \
                     font-weight=\"{weight}\" font-style=\"{style}\" fill=\"{}\"",
                    num(x),
                    num(*y),
                    num(*size),
                    esc(family),
                    color(*gray),
                );
                if width > 0.0 && words.chars().count() > 1 {
                    let _ = write!(
                        out,
                        " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
                        num(width)
                    );
                }
                let _ = write!(out, ">{}</text>", esc(words));
            }
            Shape::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => {
                let _ = write!(
                    out,
                    "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{}\"/>",
                    num(*x1),
                    num(*y1),
                    num(*x2),
                    num(*y2),
                    color(stroke.gray),
                    num(stroke.width),
                );
            }
            Shape::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => {
                let _ = write!(
                    out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"",
                    num(*x),
                    num(*y),
                    num(*w),
                    num(*h),
                    fill.map_or_else(|| "none".to_string(), color),
                );
                if let Some(s) = stroke {
                    let _ = write!(
                        out,
                        " stroke=\"{}\" stroke-width=\"{}\"",
                        color(s.gray),
                        num(s.width)
                    );
                }
                out.push_str("/>");
            }
        }
    }
    out.push_str("</svg>");
    out
}

/// A gray level (0 black, 1 white) as a colour.
fn color(gray: f32) -> String {
    let v = (gray.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{v:02x}{v:02x}{v:02x}")
}

/// A coordinate, to a hundredth of a point.
fn num(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{Item, Role, Stroke};

    #[test]
    fn every_shape_is_drawn_where_layout_put_it_and_text_is_escaped() {
        let p = Page {
            width: 612.0,
            height: 792.0,
            items: vec![
                Item {
                    shape: Shape::Text {
                        x: 72.0,
                        y: 100.5,
                        width: 120.25,
                        size: 12.0,
                        face: crate::layout::FaceId(0),
                        gray: 0.0,
                        text: "A <b> & C".into(),
                        link: None,
                        placement: Default::default(),
                    },
                    role: Role::Paragraph,
                    node: None,
                },
                Item {
                    shape: Shape::Text {
                        x: 200.0,
                        y: 120.0,
                        width: 30.0,
                        size: 12.0,
                        face: crate::layout::FaceId(0),
                        gray: 0.0,
                        text: " means ".into(),
                        link: None,
                        placement: Default::default(),
                    },
                    role: Role::Paragraph,
                    node: None,
                },
                Item {
                    shape: Shape::Line {
                        x1: 72.0,
                        y1: 700.0,
                        x2: 540.0,
                        y2: 700.0,
                        stroke: Stroke {
                            width: 0.5,
                            gray: 0.6,
                        },
                    },
                    role: Role::Artifact,
                    node: None,
                },
            ],
            running: 0..0,
        };
        let svg = page(&p, FontBook::global(), 306, "Page 1");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("viewBox=\"0 0 612 792\" width=\"306\" height=\"396\""));
        assert!(svg.contains("x=\"72\" y=\"100.5\" font-size=\"12\""));
        assert!(svg.contains("textLength=\"120.25\""));
        assert!(svg.contains(">A &lt;b&gt; &amp; C</text>"));
        // Spaces at a run's ends, which browsers drop, move its words over
        // instead.
        let space = FontBook::global().advance(crate::layout::FaceId(0), ' ') * 12.0;
        assert!(space > 1.0);
        assert!(svg.contains(&format!("<text x=\"{}\" y=\"120\"", num(200.0 + space))));
        assert!(svg.contains(">means</text>"));
        assert!(
            svg.contains("<line x1=\"72\" y1=\"700\" x2=\"540\" y2=\"700\" stroke=\"#999999\"")
        );
    }
}
