//! Dates as people type them and exports write them, for `--date`, a
//! roster's `date` cell and the app's date field:
//!
//! - `2026-12-08` (and `2026/12/08`): the year first, always year, month, day;
//! - numbers alone with the year last, `12/8/2026`, `12/08/2026`, `12/8/26`
//!   (also with `-` or `.` between): month first as in the US, whose crisis
//!   lines the lessons print, or day first when asked ([`DateOrder`]); a
//!   two-digit year is 2000–2099 (a worksheet is dated near today);
//! - the month's English name, full or short, in any case, with or without
//!   a comma or period: `Dec 8, 2026`, `December 8 2026`, `8 Dec 2026`,
//!   `8-Dec-26`, `Tuesday, December 8, 2026` (a weekday must be the date's);
//! - `today`, in any case, which the caller supplies, so this stays pure.
//!
//! A time of day after the date, as spreadsheets export date cells
//! (`12/8/2026 0:00`, `12/8/2026 12:00:00 AM`, `2026-12-08T00:00:00`), is
//! read past: it names no other day. A time with a zone (`Z`, `+02:00`) is
//! not, since the day there may not be the day here.

use time::{Date, Month, Weekday};

/// Which number comes first in a date written in numbers alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DateOrder {
    /// `12/8/2026` is December 8 (as in the US).
    #[default]
    MonthFirst,
    /// `8/12/2026` is December 8.
    DayFirst,
}

impl DateOrder {
    /// `mdy` or `dmy` (any case), as the command line, a packet and the
    /// app write it.
    pub fn parse(s: &str) -> Option<DateOrder> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mdy" => Some(DateOrder::MonthFirst),
            "dmy" => Some(DateOrder::DayFirst),
            _ => None,
        }
    }

    /// `mdy` or `dmy`.
    pub fn code(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "mdy",
            DateOrder::DayFirst => "dmy",
        }
    }

    pub fn other(self) -> DateOrder {
        match self {
            DateOrder::MonthFirst => DateOrder::DayFirst,
            DateOrder::DayFirst => DateOrder::MonthFirst,
        }
    }

    /// "month first" or "day first".
    pub fn words(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "month first",
            DateOrder::DayFirst => "day first",
        }
    }

    /// A date in this order whose reading can't be mistaken: `12/31/2026`.
    pub fn example(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "12/31/2026",
            DateOrder::DayFirst => "31/12/2026",
        }
    }

    /// How such a date is written: "M/D/YYYY" or "D/M/YYYY".
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "M/D/YYYY",
            DateOrder::DayFirst => "D/M/YYYY",
        }
    }

    /// Where the month goes: "first" or "second".
    pub fn month_place(self) -> &'static str {
        match self {
            DateOrder::MonthFirst => "first",
            DateOrder::DayFirst => "second",
        }
    }

    /// The forms read, for a hint: "2026-12-31, 12/31/2026 or 12/31/26
    /// (month first), Dec 31, 2026, 31 Dec 2026, or `today`".
    pub fn forms_read(self) -> String {
        let short = &self.example()[..self.example().len() - 4];
        format!(
            "2026-12-31, {} or {short}26 ({}), Dec 31, 2026, 31 Dec 2026, or `today`",
            self.example(),
            self.words()
        )
    }

    /// How to read dates the other way: "if dates are written day first
    /// (31/12/2026), use --date-order dmy (in a packet, date_order = "dmy")".
    pub fn switch_hint(self) -> String {
        let other = self.other();
        format!(
            "if dates are written {} (like {}), use --date-order {} (in a packet: date_order = \"{}\")",
            other.words(),
            other.example(),
            other.code(),
            other.code()
        )
    }
}

/// How a date was written, as far as writing another back that way needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateForm {
    /// `today`.
    Today,
    /// `2026-12-08`, `2026/12/08`.
    YearFirst,
    /// Numbers alone with the year last, read in `order`.
    Numbers {
        order: DateOrder,
        /// What is between the numbers: `/`, `-` or `.`.
        separator: char,
        /// Whether the day and month are written with two digits (`08`).
        padded: bool,
        /// Whether the year is written with two digits.
        short_year: bool,
    },
    /// With the month's name.
    Named,
}

/// A date read, and how it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadDate {
    pub date: Date,
    pub form: DateForm,
}

/// Why text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// It is no date in any form read.
    NotADate,
    /// Written in numbers alone, it has a number over 12 in the month's
    /// place; read in the other order (given), it is a date.
    OtherOrder(DateOrder),
}

/// Read a date written in any of the forms above; `today` is what `today`
/// means.
pub fn read(s: &str, order: DateOrder, today: Date) -> Result<ReadDate, DateError> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("today") {
        return Ok(ReadDate {
            date: today,
            form: DateForm::Today,
        });
    }
    let s = without_time(s);
    if s.chars().any(char::is_alphabetic) {
        return named(s)
            .map(|date| ReadDate {
                date,
                form: DateForm::Named,
            })
            .ok_or(DateError::NotADate);
    }
    numbers(s, order)
}

/// [`read`], for a caller that needs only the date.
pub fn parse(s: &str, order: DateOrder, today: Date) -> Option<Date> {
    read(s, order, today).ok().map(|r| r.date)
}

/// The date part of `s`, when a time of day without a zone follows it
/// (after a space, or ISO's `T`); else `s`.
fn without_time(s: &str) -> &str {
    if let Some(time) = s.get(10..).and_then(|t| t.strip_prefix('T'))
        && clock(time, false)
    {
        return &s[..10];
    }
    let Some((date, time)) = s.rsplit_once(' ') else {
        return s;
    };
    if clock(time, false) {
        return date.trim_end();
    }
    let lower = time.to_ascii_lowercase();
    match lower
        .strip_suffix("am")
        .or_else(|| lower.strip_suffix("pm"))
    {
        // `12:00AM`
        Some(t) if !t.is_empty() && clock(t, true) => date.trim_end(),
        // `12:00 AM`
        Some("") => match date.trim_end().rsplit_once(' ') {
            Some((date, t)) if clock(t, true) => date.trim_end(),
            _ => s,
        },
        _ => s,
    }
}

/// Whether `t` is a time of day: `H:MM`, `H:MM:SS` or `H:MM:SS.fff`, the
/// hour up to 23, or from 1 to 12 on a `twelve_hour` clock.
fn clock(t: &str, twelve_hour: bool) -> bool {
    let (t, fraction) = t.split_once('.').unwrap_or((t, "0"));
    let parts: Vec<&str> = t.split(':').collect();
    let number = |p: &str, digits: std::ops::RangeInclusive<usize>, max: u32| {
        digits.contains(&p.len())
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    };
    let hour_ok = |h: &str| match twelve_hour {
        true => number(h, 1..=2, 12) && h.parse::<u32>().is_ok_and(|n| n >= 1),
        false => number(h, 1..=2, 23),
    };
    let fraction_ok = !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [h, m] => fraction == "0" && hour_ok(h) && number(m, 2..=2, 59),
        [h, m, s] => hour_ok(h) && number(m, 2..=2, 59) && number(s, 2..=2, 59) && fraction_ok,
        _ => false,
    }
}

/// A date in numbers alone: the year first (`2026-12-08`), or last in
/// `order`.
fn numbers(s: &str, order: DateOrder) -> Result<ReadDate, DateError> {
    let separator = s
        .chars()
        .find(|c| !c.is_ascii_digit())
        .ok_or(DateError::NotADate)?;
    let parts: Vec<&str> = s.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(DateError::NotADate);
    };
    if !"/-.".contains(separator)
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(DateError::NotADate);
    }
    let n = |p: &str| p.parse::<u32>().map_err(|_| DateError::NotADate);
    if a.len() == 4 {
        if b.len() != 2 || c.len() != 2 {
            return Err(DateError::NotADate);
        }
        return calendar(n(a)? as i32, n(b)?, n(c)?)
            .map(|date| ReadDate {
                date,
                form: DateForm::YearFirst,
            })
            .ok_or(DateError::NotADate);
    }
    if !(1..=2).contains(&a.len()) || !(1..=2).contains(&b.len()) || ![2, 4].contains(&c.len()) {
        return Err(DateError::NotADate);
    }
    let year = n(c)? as i32 + if c.len() == 2 { 2000 } else { 0 };
    let in_order = |order: DateOrder| match order {
        DateOrder::MonthFirst => calendar(year, n(a).ok()?, n(b).ok()?),
        DateOrder::DayFirst => calendar(year, n(b).ok()?, n(a).ok()?),
    };
    match (in_order(order), in_order(order.other())) {
        (Some(date), _) => Ok(ReadDate {
            date,
            form: DateForm::Numbers {
                order,
                separator,
                padded: a.starts_with('0') || b.starts_with('0'),
                short_year: c.len() == 2,
            },
        }),
        (None, Some(_)) => Err(DateError::OtherOrder(order.other())),
        (None, None) => Err(DateError::NotADate),
    }
}

fn calendar(year: i32, month: u32, day: u32) -> Option<Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(year, month, u8::try_from(day).ok()?).ok()
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

/// Whether `word` is `name` or its start, three letters or more (`Dec`,
/// `Sept`, `Tues`), in any case.
fn names(name: &str, word: &str) -> bool {
    word.len() >= 3 && name.starts_with(&word.to_lowercase())
}

fn month_named(word: &str) -> Option<Month> {
    let i = MONTHS.iter().position(|m| names(m, word))?;
    Month::try_from(i as u8 + 1).ok()
}

fn weekday_named(word: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| names(name, word))
        .map(|(_, d)| *d)
}

/// A date with the month's name: month, day, year or day, month, year,
/// after an optional weekday.
fn named(s: &str) -> Option<Date> {
    let mut words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '-' | '/'))
        .filter(|w| !w.is_empty())
        .collect();
    let weekday = match words.first().and_then(|w| weekday_named(w)) {
        Some(d) if words.len() == 4 => {
            words.remove(0);
            Some(d)
        }
        _ => None,
    };
    let [first, second, year] = words.as_slice() else {
        return None;
    };
    let (month, day) = match (month_named(first), month_named(second)) {
        (Some(m), None) => (m, *second),
        (None, Some(m)) => (m, *first),
        _ => return None,
    };
    let lower = day.to_ascii_lowercase();
    let day = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(&lower);
    let digits =
        |p: &str, lens: &[usize]| lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(day, &[1, 2]) || !digits(year, &[2, 4]) {
        return None;
    }
    let y = year.parse::<i32>().ok()? + if year.len() == 2 { 2000 } else { 0 };
    let date = Date::from_calendar_date(y, month, day.parse().ok()?).ok()?;
    weekday.is_none_or(|w| w == date.weekday()).then_some(date)
}

/// One date read from numbers alone, to show how such dates were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSample {
    date: Date,
    order: DateOrder,
    separator: char,
    padded: bool,
    short_year: bool,
}

impl DateSample {
    /// The clearest of the dates read from numbers alone: one whose day is
    /// over 12 (no other reading is possible), else one whose day and
    /// month differ, else the first; none when no date was written in
    /// numbers alone.
    pub fn pick(read: impl IntoIterator<Item = ReadDate>) -> Option<DateSample> {
        let samples: Vec<DateSample> = read
            .into_iter()
            .filter_map(|r| match r.form {
                DateForm::Numbers {
                    order,
                    separator,
                    padded,
                    short_year,
                } => Some(DateSample {
                    date: r.date,
                    order,
                    separator,
                    padded,
                    short_year,
                }),
                _ => None,
            })
            .collect();
        let month = |s: &DateSample| u8::from(s.date.month());
        samples
            .iter()
            .find(|s| s.date.day() > 12)
            .or_else(|| samples.iter().find(|s| s.date.day() != month(s)))
            .or(samples.first())
            .copied()
    }

    /// The date written again as it was read, from the date itself (never
    /// the text it was read from): `12/8/2026`.
    /// The date it was read as.
    pub fn date(&self) -> Date {
        self.date
    }

    /// The order it was read in.
    pub fn order(&self) -> DateOrder {
        self.order
    }

    pub fn written(&self) -> String {
        let (m, d) = (u8::from(self.date.month()), self.date.day());
        let (first, second) = match self.order {
            DateOrder::MonthFirst => (m, d),
            DateOrder::DayFirst => (d, m),
        };
        let year = match self.short_year {
            true => format!("{:02}", self.date.year().rem_euclid(100)),
            false => self.date.year().to_string(),
        };
        let sep = self.separator;
        match self.padded {
            true => format!("{first:02}{sep}{second:02}{sep}{year}"),
            false => format!("{first}{sep}{second}{sep}{year}"),
        }
    }

    /// "dates read month first: 12/8/2026 is December 8, 2026" (or "8
    /// December 2026", read day first).
    pub fn sentence(&self) -> String {
        let (month, day, year) = (self.date.month(), self.date.day(), self.date.year());
        let spelled = match self.order {
            DateOrder::MonthFirst => format!("{month} {day}, {year}"),
            DateOrder::DayFirst => format!("{day} {month} {year}"),
        };
        format!(
            "dates read {}: {} is {spelled}",
            self.order.words(),
            self.written()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateOrder::{DayFirst, MonthFirst};

    fn day(y: i32, m: u8, d: u8) -> Date {
        Date::from_calendar_date(y, Month::try_from(m).unwrap(), d).unwrap()
    }

    /// A fixed "today" for the tests.
    const TODAY: Date = match Date::from_ordinal_date(2026, 340) {
        Ok(d) => d,
        Err(_) => panic!("day 340 of 2026 is a date"),
    };

    fn read_mdy(s: &str) -> Option<Date> {
        parse(s, MonthFirst, TODAY)
    }

    #[test]
    fn every_form_read_month_first() {
        let dec8 = day(2026, 12, 8);
        for s in [
            "2026-12-08",
            "2026/12/08",
            "2026.12.08",
            "12/8/2026",
            "12/08/2026",
            "12/8/26",
            "12-8-2026",
            "12.08.2026",
            "Dec 8, 2026",
            "Dec. 8, 2026",
            "December 8 2026",
            "december 8, 2026",
            "DEC 8 2026",
            "8 Dec 2026",
            "8 December, 2026",
            "8-Dec-2026",
            "8-Dec-26",
            "Dec 8th, 2026",
            "Tuesday, December 8, 2026",
            "Tue Dec 8 2026",
            "Tues., Dec. 8 2026",
            "12/8/2026 0:00",
            "12/8/2026 00:00:00",
            "12/8/2026 12:00:00 AM",
            "12/8/2026 9:30PM",
            "2026-12-08T00:00:00",
            "2026-12-08T14:30:00.000",
            "2026-12-08 00:00:00",
            "  12/8/2026  ",
        ] {
            assert_eq!(read_mdy(s), Some(dec8), "{s}");
        }
        assert_eq!(read_mdy("Sept 1, 2026"), Some(day(2026, 9, 1)));
        for s in ["today", "Today", "TODAY", " toDay "] {
            assert_eq!(read_mdy(s), Some(TODAY), "{s}");
        }
    }

    #[test]
    fn numbers_read_day_first_when_asked_and_names_either_way() {
        let dec8 = day(2026, 12, 8);
        for s in [
            "8/12/2026",
            "08/12/2026",
            "8/12/26",
            "8.12.2026",
            "2026-12-08",
            "Dec 8, 2026",
            "8 Dec 2026",
        ] {
            assert_eq!(parse(s, DayFirst, TODAY), Some(dec8), "{s}");
        }
        assert_eq!(read_mdy("8/12/2026"), Some(day(2026, 8, 12)));
    }

    #[test]
    fn a_day_in_the_months_place_names_the_other_order() {
        assert_eq!(
            read("13/12/2026", MonthFirst, TODAY),
            Err(DateError::OtherOrder(DayFirst))
        );
        assert_eq!(
            read("12/13/2026", DayFirst, TODAY),
            Err(DateError::OtherOrder(MonthFirst))
        );
        // Neither order reads these.
        for s in ["13/13/2026", "2/30/2026", "32/1/2026"] {
            assert_eq!(read(s, MonthFirst, TODAY), Err(DateError::NotADate), "{s}");
        }
    }

    #[test]
    fn what_is_not_a_date() {
        for s in [
            "",
            "tomorrow",
            "2026-13-01",
            "2026-02-30",
            "2026-1-5",
            "12/8",
            "12/8/2026/1",
            "12/8/202",
            "123/8/2026",
            "12/8-2026",
            "12 8 2026",
            "Dec 2026",
            "Dec 32, 2026",
            "Dex 8, 2026",
            "Dec Jan 2026",
            "Dec 8, 202",
            "Monday, December 8, 2026",
            "12/8/2026 25:00",
            "12/8/2026 13:00 PM",
            "2026-12-08T00:00:00Z",
            "2026-12-08T23:00:00-05:00",
            "12/8/2026 noon",
            "+12/8/2026",
        ] {
            assert_eq!(read_mdy(s), None, "{s:?}");
        }
    }

    #[test]
    fn two_digit_years_are_this_century() {
        assert_eq!(read_mdy("1/2/99"), Some(day(2099, 1, 2)));
        assert_eq!(read_mdy("1/2/00"), Some(day(2000, 1, 2)));
    }

    #[test]
    fn how_the_forms_were_written() {
        let form = |s: &str| read(s, MonthFirst, TODAY).unwrap().form;
        assert_eq!(form("today"), DateForm::Today);
        assert_eq!(form("2026-12-08"), DateForm::YearFirst);
        assert_eq!(form("Dec 8, 2026"), DateForm::Named);
        assert_eq!(
            form("12/08/26"),
            DateForm::Numbers {
                order: MonthFirst,
                separator: '/',
                padded: true,
                short_year: true
            }
        );
    }

    #[test]
    fn the_sample_is_written_back_from_the_date_in_the_same_shape() {
        let sample = |cells: &[&str], order| {
            DateSample::pick(cells.iter().map(|c| read(c, order, TODAY).unwrap()))
        };
        let s = sample(&["2026-12-08", "12/8/2026"], MonthFirst).unwrap();
        assert_eq!(
            s.sentence(),
            "dates read month first: 12/8/2026 is December 8, 2026"
        );
        // A day over 12 shows the reading best; then a day unlike the month.
        let s = sample(&["1/1/2026", "12/8/2026", "12/13/2026"], MonthFirst).unwrap();
        assert_eq!(s.written(), "12/13/2026");
        let s = sample(&["1/1/2026", "12/8/2026"], MonthFirst).unwrap();
        assert_eq!(s.written(), "12/8/2026");
        let s = sample(&["08.12.26"], DayFirst).unwrap();
        assert_eq!(
            s.sentence(),
            "dates read day first: 08.12.26 is 8 December 2026"
        );
        // Only dates in numbers alone need showing.
        assert_eq!(
            sample(&["2026-12-08", "Dec 8, 2026", "today"], MonthFirst),
            None
        );
    }

    /// Every day of some years (2000, a century's leap year, and those
    /// around now), written in each form a sample can take and by name,
    /// reads back as itself; and the sample written back from it is the
    /// same text.
    #[test]
    fn every_day_written_any_way_reads_back() {
        let days = |from: i32, to: i32| {
            std::iter::successors(Some(day(from, 1, 1)), |d| d.next_day())
                .take_while(move |d| d.year() <= to)
        };
        for date in days(2000, 2001).chain(days(2024, 2031)) {
            let (y, m, d) = (date.year(), u8::from(date.month()), date.day());
            for order in [MonthFirst, DayFirst] {
                let (a, b) = match order {
                    MonthFirst => (m, d),
                    DayFirst => (d, m),
                };
                for text in [
                    format!("{a}/{b}/{y}"),
                    format!("{a:02}.{b:02}.{:02}", y % 100),
                    format!("{a}-{b}-{:02} 0:00", y % 100),
                    format!("{y}-{m:02}-{d:02}T00:00:00"),
                    format!("{} {d}, {y}", date.month()),
                    format!("{d} {} {y}", &date.month().to_string()[..3]),
                ] {
                    let read = read(&text, order, TODAY);
                    assert_eq!(read.map(|r| r.date), Ok(date), "{text}");
                    if let Some(sample) = DateSample::pick(read) {
                        assert_eq!(sample.written(), text.trim_end_matches(" 0:00"));
                    }
                }
            }
        }
    }

    #[test]
    fn orders_by_their_codes() {
        assert_eq!(DateOrder::parse("DMY"), Some(DayFirst));
        assert_eq!(DateOrder::parse("mdy"), Some(MonthFirst));
        assert_eq!(DateOrder::parse("ymd"), None);
        assert_eq!(DateOrder::default(), MonthFirst);
    }
}
