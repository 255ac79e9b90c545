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
    /// The facility's name over page one's title.
    pub facility: f32,
    /// A packet cover's title.
    pub cover_title: f32,
    /// Text in tracker cells.
    pub cell: f32,

    /// Line height as a multiple of size: titles, headings, subheadings
    /// (also the subtitle and the facility line), tracker cells.
    pub title_leading: f32,
    pub heading_leading: f32,
    pub subheading_leading: f32,
    pub cell_leading: f32,

    /// Space above a section heading.
    pub heading_space: f32,
    /// Between the heading rule and the section's first line.
    pub heading_gap: f32,
    pub subheading_space: f32,
    /// Between the title and the subtitle.
    pub subtitle_space: f32,
    /// How far below the heading's last line its rule sits, as a share of
    /// `heading_gap`.
    pub heading_rule_drop: f32,
    /// Between paragraphs and between list items.
    pub paragraph_gap: f32,
    pub item_gap: f32,
    /// Hanging indent of list bodies.
    pub indent: f32,
    /// Where a list label starts inside the indent, as a share of it; and
    /// the least gap between a wide label ("1000.") and its text.
    pub label_inset: f32,
    pub label_gap: f32,
    /// Nested lists stop indenting once the text would be narrower than
    /// this share of the content width.
    pub min_list_share: f32,

    /// Header fields (`Name: ____`): the gap between two in a row, the share
    /// of the row the name gets when name and date share it, the room
    /// between a label and its line, the least line worth writing on, the
    /// row's height, and how far the line sits above the row's foot and the
    /// text above the line.
    pub field_gap: f32,
    pub name_share: f32,
    pub field_label_gap: f32,
    pub field_min_value: f32,
    pub field_row: f32,
    pub field_line_lift: f32,
    pub field_text_lift: f32,
    /// A pre-filled value's inset from the start of its line.
    pub field_value_inset: f32,

    /// A packet cover: the title starts this share of the text block down,
    /// the fields are this share of the width, and sit this far under it.
    pub cover_title_drop: f32,
    pub cover_field_share: f32,
    pub cover_fields_space: f32,

    /// Contents: room for the page numbers, the gap either side of the
    /// dotted leader, its weight, and the space between entries.
    pub contents_number: f32,
    pub leader_gap: f32,
    pub leader: f32,
    pub contents_gap: f32,

    /// Distance between writing lines (about 9 mm, wide-ruled).
    pub writing_gap: f32,
    /// Side of a checkbox square (over 4 mm).
    pub checkbox: f32,
    /// The box's weight and grey (darker than rules, so it shows when
    /// photocopied), its nudge in from the margin and down from centre, and
    /// the gap to its text.
    pub checkbox_stroke: f32,
    pub checkbox_gray: f32,
    pub checkbox_inset: f32,
    pub checkbox_drop: f32,
    pub checkbox_gap: f32,
    /// A writing line sits this far above the foot of its row.
    pub writing_lift: f32,
    /// A values card: each row's height (room to circle a value by hand),
    /// the room either side of a value for the circle, and the most of the
    /// width the values' column may take.
    pub values_row: f32,
    pub circle_room: f32,
    pub values_share: f32,
    /// Height of a tracker row, room to write by hand.
    pub tracker_row: f32,
    /// Narrowest a tracker column may be.
    pub tracker_min_col: f32,
    /// Padding inside tracker cells; the first column's least width and
    /// most share of the width; the grid's grey.
    pub cell_pad: f32,
    pub tracker_label_min: f32,
    pub tracker_label_share: f32,
    pub grid_gray: f32,
    /// A tracker shorter than this share of a page (less room for a heading
    /// `tracker_reserve` tall) is kept on one page.
    pub tracker_keep_share: f32,
    pub tracker_reserve: f32,
    /// The safety box's border weight, its text's inset from the box's
    /// sides, and the gap between its heading and its text.
    pub safety_stroke: f32,
    pub safety_inset: f32,
    pub safety_gap: f32,
    /// A QR code module in points. 1.6 pt (0.56 mm) scans from a phone held
    /// at reading distance and from a 150 dpi scan; it doesn't grow with
    /// large print. The quiet zone is four modules, as the standard asks.
    pub qr_module: f32,
    pub qr_quiet_modules: f32,
    /// The least width of the text beside a QR code.
    pub qr_caption_min: f32,

    /// Running header and footer: their line height as a multiple of
    /// `small`; the air between the running header and the body, and above
    /// the footer's rule; the weight of their rules and of the header's name
    /// line; the most of the width the footer's title (or the header's name)
    /// takes, and the header's name line; the least room between the footer's
    /// title, crisis line and page number.
    pub furniture_leading: f32,
    pub running_gap: f32,
    pub footer_gap: f32,
    pub furniture_rule: f32,
    pub furniture_share: f32,
    pub name_line_share: f32,
    pub name_line: f32,
    pub footer_room: f32,
    /// The running header: the least room between its title and the name,
    /// how far under the baseline its name line and its rule sit.
    pub running_room: f32,
    pub name_line_drop: f32,
    pub running_rule_drop: f32,
    /// Padding inside boxes and table cells.
    pub pad: f32,

    /// The fitting pass: a lesson's last page filled less than this share
    /// is short; the spaces between blocks may shrink to this share of
    /// their usual size to save it (never less, or the page looks crammed).
    pub short_page: f32,
    pub tightest_space: f32,

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
        let (page_width, page_height) = opts.page_size();
        // Large print: 18 pt body instead of 12, and everything with it.
        let s: f32 = if opts.large_print { 1.5 } else { 1.0 };
        let mm = 72.0 / 25.4;
        let body = 12.0 * s;
        let small = 9.5 * s;
        let title = 22.0 * s;
        let heading_space = 18.0 * s;
        let paragraph_gap = 7.0 * s;
        let pad = 10.0 * s;
        let rule = 0.6 * s.sqrt();
        let writing_gap = 9.0 * mm * s;
        Theme {
            page_width,
            page_height,
            // A booklet's half page (5.5 in across) keeps more of its width
            // for text with 0.6 in sides; a full page has an inch.
            margin_x: if page_width < 450.0 { 43.2 } else { 72.0 },
            margin_top: 50.0,
            margin_bottom: 46.0,

            body,
            leading: 1.4,
            title,
            subtitle: 14.0 * s,
            heading: 14.0 * s,
            subheading: 12.5 * s,
            small,
            facility: small * 1.1,
            cover_title: title * 1.3,
            cell: body * 0.92,

            title_leading: 1.2,
            heading_leading: 1.25,
            subheading_leading: 1.3,
            cell_leading: 1.25,

            heading_space,
            heading_gap: 8.0 * s,
            subheading_space: 12.0 * s,
            subtitle_space: 2.0 * s,
            heading_rule_drop: 0.35,
            paragraph_gap,
            item_gap: 5.0 * s,
            indent: 22.0 * s,
            label_inset: 0.2,
            label_gap: body * 0.4,
            min_list_share: 0.5,

            field_gap: body * 1.5,
            name_share: 0.62,
            field_label_gap: body * 0.5,
            field_min_value: body * 8.0,
            field_row: writing_gap.max(body * 2.0),
            field_line_lift: body * 0.35,
            field_text_lift: body * 0.3,
            field_value_inset: 2.0,

            cover_title_drop: 0.25,
            cover_field_share: 0.75,
            cover_fields_space: heading_space * 2.0,

            contents_number: body * 3.0,
            leader_gap: body * 0.5,
            leader: rule * 1.5,
            contents_gap: paragraph_gap * 1.5,

            writing_gap,
            checkbox: 4.5 * mm * s,
            checkbox_stroke: rule * 1.4,
            checkbox_gray: 0.2,
            checkbox_inset: 1.0,
            checkbox_drop: body * 0.12,
            checkbox_gap: body * 0.8,
            writing_lift: 1.0,
            values_row: writing_gap * 1.25,
            circle_room: body * 0.6,
            values_share: 0.4,
            tracker_row: 9.0 * mm * s,
            tracker_min_col: 42.0 * s,
            cell_pad: pad * 0.6,
            tracker_label_min: body * 4.0,
            tracker_label_share: 0.3,
            grid_gray: 0.35,
            tracker_keep_share: 0.8,
            tracker_reserve: 6.0 * body,
            safety_stroke: rule * 1.2,
            safety_inset: pad * 1.2,
            safety_gap: paragraph_gap * 0.6,
            qr_module: 1.6,
            qr_quiet_modules: 4.0,
            qr_caption_min: body * 6.0,

            furniture_leading: 1.35,
            running_gap: body,
            footer_gap: body * 0.9,
            furniture_rule: rule * 0.8,
            furniture_share: 0.45,
            name_line_share: 0.3,
            name_line: small * 14.0,
            footer_room: small * 4.0,
            running_room: small * 2.0,
            name_line_drop: 1.5,
            running_rule_drop: small * 0.7,
            pad,

            short_page: 1.0 / 3.0,
            tightest_space: 0.6,

            text_gray: 0.0,
            muted_gray: 0.35,
            rule,
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
