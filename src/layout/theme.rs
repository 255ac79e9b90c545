//! The look of a worksheet in numbers: page box, type sizes, spacing, rules.
//! Everything scales with body text, so large print re-flows as a whole.

use super::Options;

/// Sizes in points. Greys: 0 is black, 1 is white; everything prints in
/// black and grey so it survives a mono printer and a photocopier.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub page_width: f32,
    pub page_height: f32,
    /// Left and right margin (at least 0.6 in; we use 1 in, which keeps
    /// 12 pt lines near 90 characters and leaves room for a hole punch).
    pub margin_x: f32,
    pub margin_top: f32,
    pub margin_bottom: f32,

    pub body: f32,
    pub leading: f32,
    pub title: f32,
    pub subtitle: f32,
    pub heading: f32,
    pub subheading: f32,
    pub small: f32,

    /// Space above a section heading.
    pub heading_space: f32,
    /// Between the heading rule and the section's first line.
    pub heading_gap: f32,
    pub subheading_space: f32,
    /// Between paragraphs and between list items.
    pub paragraph_gap: f32,
    pub item_gap: f32,
    /// Hanging indent of list bodies.
    pub indent: f32,

    /// Distance between writing lines (about 9 mm, wide-ruled).
    pub writing_gap: f32,
    /// Side of a checkbox square (over 4 mm).
    pub checkbox: f32,
    /// Height of a tracker row, room to write by hand.
    pub tracker_row: f32,
    /// Narrowest a tracker column may be.
    pub tracker_min_col: f32,
    /// Padding inside boxes and table cells.
    pub pad: f32,

    pub text_gray: f32,
    pub muted_gray: f32,
    pub rule: f32,
    pub rule_gray: f32,
    pub writing_gray: f32,
    pub box_fill: f32,
    pub header_fill: f32,
}

impl Theme {
    pub fn new(opts: &Options) -> Theme {
        let (page_width, page_height) = opts.paper.size();
        // Large print: 18 pt body instead of 12, and everything with it.
        let s = if opts.large_print { 1.5 } else { 1.0 };
        let mm = 72.0 / 25.4;
        Theme {
            page_width,
            page_height,
            margin_x: 72.0,
            margin_top: 50.0,
            margin_bottom: 46.0,

            body: 12.0 * s,
            leading: 1.4,
            title: 22.0 * s,
            subtitle: 14.0 * s,
            heading: 14.0 * s,
            subheading: 12.5 * s,
            small: 9.5 * s,

            heading_space: 18.0 * s,
            heading_gap: 8.0 * s,
            subheading_space: 12.0 * s,
            paragraph_gap: 7.0 * s,
            item_gap: 5.0 * s,
            indent: 22.0 * s,

            writing_gap: 9.0 * mm * s,
            checkbox: 4.5 * mm * s,
            tracker_row: 9.0 * mm * s,
            tracker_min_col: 42.0 * s,
            pad: 10.0 * s,

            text_gray: 0.0,
            muted_gray: 0.35,
            rule: 0.6 * s.sqrt(),
            rule_gray: 0.55,
            writing_gray: 0.45,
            box_fill: 0.95,
            header_fill: 0.9,
        }
    }

    pub fn content_left(&self) -> f32 {
        self.margin_x
    }

    pub fn content_right(&self) -> f32 {
        self.page_width - self.margin_x
    }

    pub fn content_width(&self) -> f32 {
        self.content_right() - self.content_left()
    }

    pub fn line_height(&self, size: f32) -> f32 {
        size * self.leading
    }

    /// Where the baseline sits in a line box of `height` for text of `size`:
    /// the x-height centred, so text looks centred between rules.
    pub fn baseline(&self, height: f32, size: f32) -> f32 {
        height * 0.5 + size * 0.33
    }
}
