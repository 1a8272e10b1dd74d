//! Dates as news writes them: `3 Mar 2017`, `1:28 pm on 3 March 2017`,
//! `March 3, 2017`, ISO 8601, RFC 2822; parsed with jiff after light normalising.
//!
//! A `NewsDate` is either a day or a day with a clock time. Time zones are dropped:
//! an archive is read in the time the article was written in.

use std::fmt;

use jiff::civil::{Date, DateTime};
use jiff::fmt::strtime::BrokenDownTime;

/// A publication date, with or without a clock time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NewsDate {
    /// Only the day is known.
    Day(Date),
    /// The day and the clock time.
    Moment(DateTime),
}

impl NewsDate {
    /// The calendar day.
    pub fn day(self) -> Date {
        match self {
            NewsDate::Day(date) => date,
            NewsDate::Moment(moment) => moment.date(),
        }
    }

    /// A number that orders dates in time, to the microsecond; a bare day sorts
    /// at its midnight. A number, not a `DateTime`, because sorting a big
    /// archive compares dates millions of times and this is one comparison
    /// instead of seven; an `i64`, because the library keeps one per article.
    pub fn sort_key(self) -> i64 {
        let moment = match self {
            NewsDate::Day(date) => date.to_datetime(jiff::civil::Time::midnight()),
            NewsDate::Moment(moment) => moment,
        };
        // Each field in the place its range leaves it (months and days are at
        // most 12 and 31, microseconds under 10^6), most significant first:
        // years up to 9999 come to under 10^18.
        let fields = [
            (i64::from(moment.month()), 13),
            (i64::from(moment.day()), 32),
            (i64::from(moment.hour()), 24),
            (i64::from(moment.minute()), 60),
            (i64::from(moment.second()), 60),
            (i64::from(moment.subsec_nanosecond() / 1_000), 1_000_000),
        ];
        fields
            .iter()
            .fold(i64::from(moment.year()), |key, &(field, range)| {
                key * range + field
            })
    }

    /// ISO 8601 as the JSON contract writes it: `2017-03-03` or `2017-03-03T13:28:00`.
    pub fn to_iso(self) -> String {
        self.iso().to_string()
    }

    /// The same, to be formatted straight into output (`--list` writes one a row).
    pub fn iso(self) -> Iso {
        Iso(self)
    }

    /// The compact form for list rows: `2017-03-03`.
    pub fn to_short(self) -> String {
        Iso(NewsDate::Day(self.day())).to_string()
    }

    /// Combines a day with a more precise reading of the same day, if they agree.
    #[must_use]
    pub fn refine(self, other: NewsDate) -> NewsDate {
        match (self, other) {
            (NewsDate::Day(day), NewsDate::Moment(moment)) if moment.date() == day => other,
            _ => self,
        }
    }
}

/// A date in ISO 8601, as `NewsDate::to_iso` writes it.
#[derive(Debug, Clone, Copy)]
pub struct Iso(NewsDate);

impl fmt::Display for Iso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let day = self.0.day();
        // Written by hand for the years news has: strftime parses its pattern
        // every time, and `--list` formats a date a row.
        if !(0..=9999).contains(&day.year()) {
            return match self.0 {
                NewsDate::Day(date) => write!(f, "{}", date.strftime("%Y-%m-%d")),
                NewsDate::Moment(moment) => write!(f, "{}", moment.strftime("%Y-%m-%dT%H:%M:%S")),
            };
        }
        write!(f, "{:04}-{:02}-{:02}", day.year(), day.month(), day.day())?;
        if let NewsDate::Moment(moment) = self.0 {
            write!(
                f,
                "T{:02}:{:02}:{:02}",
                moment.hour(),
                moment.minute(),
                moment.second()
            )?;
        }
        Ok(())
    }
}

impl fmt::Display for NewsDate {
    /// The reader's form: `3 March 2017` or `3 March 2017, 1:28 pm`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewsDate::Day(date) => write!(f, "{}", date.strftime("%-d %B %Y")),
            NewsDate::Moment(moment) => {
                let hour = moment.hour() % 12;
                let hour = if hour == 0 { 12 } else { hour };
                let half = if moment.hour() < 12 { "am" } else { "pm" };
                write!(
                    f,
                    "{}, {hour}:{:02} {half}",
                    moment.strftime("%-d %B %Y"),
                    moment.minute()
                )
            }
        }
    }
}

/// Formats tried in order on the normalised text; the first that parses wins.
/// Day-only formats come after those with a time so a time is never dropped.
/// Each has a `:` (see `parse_date`).
const MOMENT_FORMATS: &[&str] = &[
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%I:%M %p %d %B %Y",
    "%I:%M %p %d %b %Y",
    "%I:%M %p %B %d %Y",
    "%I:%M %p %b %d %Y",
    "%H:%M %d %B %Y",
    "%H:%M %d %b %Y",
    "%d %B %Y %I:%M %p",
    "%d %b %Y %I:%M %p",
    "%d %B %Y %H:%M:%S",
    "%d %b %Y %H:%M:%S",
    "%d %B %Y %H:%M",
    "%d %b %Y %H:%M",
    "%B %d %Y %I:%M %p",
    "%b %d %Y %I:%M %p",
    "%B %d %Y %H:%M",
    "%b %d %Y %H:%M",
];

const DAY_FORMATS: &[&str] = &[
    "%Y-%m-%d", "%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%Y %B %d", "%Y %b %d",
];

/// Parses text that is entirely a date (or date and time), such as a date line.
///
/// Returns `None` for anything else, including dates with trailing words; callers
/// use this to decide whether a line *is* a date.
pub fn parse_date(text: &str) -> Option<NewsDate> {
    let text = normalise(text)?;
    // Every moment format has a clock with a colon: without one, trying them
    // is twenty failed parses (each building an error) for nothing.
    let moments = if text.contains(':') {
        MOMENT_FORMATS
    } else {
        &[]
    };
    for format in moments {
        if let Ok(parsed) = BrokenDownTime::parse(format, &text)
            && let Ok(moment) = parsed.to_datetime()
        {
            return Some(NewsDate::Moment(moment));
        }
    }
    for format in DAY_FORMATS {
        if let Ok(parsed) = BrokenDownTime::parse(format, &text)
            && let Ok(date) = parsed.to_date()
        {
            return Some(NewsDate::Day(date));
        }
    }
    None
}

/// Finds a trailing ISO date on a wire dateline such as `LONDON 1996-08-30`.
///
/// Only lines that are a short run of capitalised place words followed by the date
/// count; the place stays in the text, only the date is taken.
pub fn parse_place_dateline(line: &str) -> Option<NewsDate> {
    let line = line.trim();
    if line.len() > 60 {
        return None;
    }
    let (place, date) = line.rsplit_once(' ')?;
    let place = place.trim_end_matches([',', ' ']);
    let is_place = !place.is_empty()
        && place.split_whitespace().count() <= 4
        && place
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == ',' || c == '.' || c == '-' || c == '\'');
    if !is_place || !date.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    parse_date(date)
}

/// Time-zone names that may trail a time; they are dropped (see module docs).
const ZONE_WORDS: &[&str] = &[
    "utc", "gmt", "bst", "cet", "cest", "eet", "eest", "est", "edt", "cst", "cdt", "mst", "mdt",
    "pst", "pdt", "ist", "jst", "kst", "aest", "aedt", "nzst", "nzdt", "z",
];

/// Words that join the parts of a dateline (`1:28 pm on 3 March 2017`) and say
/// nothing about the date itself.
const FILLER_WORDS: &[&str] = &[
    "on",
    "at",
    "updated",
    "published",
    "posted",
    "first",
    "last",
    "|",
    "-",
    "–",
    "—",
    "·",
];

/// Rewrites a date phrase into the narrow shapes the formats above expect: no
/// weekday, no commas, `pm` not `p.m.`, `Sep` not `Sept.`, no zone, no fillers.
fn normalise(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('.');
    if text.is_empty() || text.len() > 64 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut spaced = String::with_capacity(text.len() + 4);
    let mut previous = ' ';
    for c in text.chars() {
        match c {
            ',' => spaced.push(' '),
            // `1:28pm` → `1:28 pm`
            'a' | 'A' | 'p' | 'P' if previous.is_ascii_digit() => {
                spaced.push(' ');
                spaced.push(c);
            }
            _ => spaced.push(c),
        }
        previous = c;
    }
    // ISO 8601 offsets: `2021-06-14T09:30:00+02:00`, `…Z`; the civil time is kept.
    if let Some(t) = spaced.find('T')
        && spaced[..t].bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        let clock = &spaced[t + 1..];
        let cut = clock
            .find(['+', 'Z', 'z'])
            .or_else(|| clock.rfind('-'))
            .map_or(spaced.len(), |i| t + 1 + i);
        spaced.truncate(cut);
        if let Some(dot) = spaced[t..].find('.') {
            spaced.truncate(t + dot);
        }
    }
    let mut words: Vec<String> = Vec::new();
    for word in spaced.split_whitespace() {
        let lower = word.to_ascii_lowercase();
        let lower = lower.trim_end_matches('.');
        if FILLER_WORDS.contains(&lower)
            || ZONE_WORDS.contains(&lower)
            || is_weekday(lower)
            || lower.starts_with('+')
            || (lower.starts_with('-') && lower.len() == 5)
            || lower.starts_with('(')
        {
            continue;
        }
        let word = match lower {
            "a.m" | "am" => "am".to_owned(),
            "p.m" | "pm" => "pm".to_owned(),
            "sept" => "sep".to_owned(),
            _ => word.trim_end_matches('.').to_owned(),
        };
        // Ordinals: `3rd March`, `March 3rd`.
        let word = strip_ordinal(&word).unwrap_or(word);
        words.push(word);
    }
    if words.is_empty() {
        return None;
    }
    Some(words.join(" "))
}

fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter()
        .any(|day| word == *day || (word.len() >= 3 && day.starts_with(word) && word.len() <= 4))
}

fn strip_ordinal(word: &str) -> Option<String> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    let is_ordinal = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(
            suffix.to_ascii_lowercase().as_str(),
            "st" | "nd" | "rd" | "th"
        );
    is_ordinal.then(|| digits.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn every_moment_format_has_a_colon() {
        assert!(MOMENT_FORMATS.iter().all(|f| f.contains(':')));
    }

    #[test]
    fn sort_keys_order_dates_in_time() {
        let dates = [
            NewsDate::Day(date(-40, 3, 1)),
            NewsDate::Day(date(1999, 12, 31)),
            NewsDate::Moment(date(1999, 12, 31).at(23, 59, 59, 999_999_999)),
            NewsDate::Day(date(2000, 1, 1)),
            NewsDate::Moment(date(2000, 1, 1).at(0, 0, 0, 1_000)),
            NewsDate::Moment(date(2000, 1, 1).at(0, 1, 0, 0)),
            NewsDate::Moment(date(2000, 1, 2).at(0, 0, 0, 0)),
            NewsDate::Moment(date(2000, 2, 1).at(12, 0, 0, 0)),
            NewsDate::Moment(date(9999, 12, 31).at(23, 59, 59, 999_999_999)),
        ];
        for pair in dates.windows(2) {
            assert!(pair[0].sort_key() < pair[1].sort_key(), "{pair:?}");
        }
        assert_eq!(
            NewsDate::Day(date(2017, 3, 3)).sort_key(),
            NewsDate::Moment(date(2017, 3, 3).at(0, 0, 0, 0)).sort_key()
        );
    }

    #[allow(clippy::unnecessary_wraps)] // compared with parse results
    fn day(y: i16, m: i8, d: i8) -> Option<NewsDate> {
        Some(NewsDate::Day(date(y, m, d)))
    }

    #[allow(clippy::unnecessary_wraps)] // compared with parse results
    fn moment(y: i16, m: i8, d: i8, h: i8, min: i8) -> Option<NewsDate> {
        Some(NewsDate::Moment(date(y, m, d).at(h, min, 0, 0)))
    }

    #[test]
    fn day_forms() {
        assert_eq!(parse_date("3 Mar 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("3 March 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("03 march 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("March 3, 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("Sept. 12, 2016"), day(2016, 9, 12));
        assert_eq!(parse_date("Friday, 3 March 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("Fri 3 Mar 2017"), day(2017, 3, 3));
        assert_eq!(parse_date("2017-03-03"), day(2017, 3, 3));
        assert_eq!(parse_date("2017/03/03"), day(2017, 3, 3));
        assert_eq!(parse_date("3rd March 2017"), day(2017, 3, 3));
    }

    #[test]
    fn moment_forms() {
        assert_eq!(
            parse_date("1:28 pm on 3 March 2017"),
            moment(2017, 3, 3, 13, 28)
        );
        assert_eq!(
            parse_date("11:05 am on 21 June 2019"),
            moment(2019, 6, 21, 11, 5)
        );
        assert_eq!(parse_date("1:28pm, 3 Mar 2017"), moment(2017, 3, 3, 13, 28));
        assert_eq!(
            parse_date("12:15 a.m. on 4 July 2020"),
            moment(2020, 7, 4, 0, 15)
        );
        assert_eq!(parse_date("3 March 2017 13:28"), moment(2017, 3, 3, 13, 28));
        assert_eq!(
            parse_date("Updated 13:28 GMT, 3 March 2017"),
            moment(2017, 3, 3, 13, 28)
        );
        assert_eq!(
            parse_date("2021-06-14T09:30:00"),
            moment(2021, 6, 14, 9, 30)
        );
        assert_eq!(
            parse_date("2021-06-14T09:30:00Z"),
            moment(2021, 6, 14, 9, 30)
        );
        assert_eq!(
            parse_date("2021-06-14T09:30:00.250+02:00"),
            moment(2021, 6, 14, 9, 30)
        );
        assert_eq!(
            parse_date("Mon, 14 Jun 2021 09:30:00 +0000"),
            moment(2021, 6, 14, 9, 30)
        );
    }

    #[test]
    fn non_dates() {
        for text in [
            "",
            "US Attorney General quits Russia probe",
            "30 February 2017",
            "3 March",
            "In March 2017 the council met",
            "2017",
            "- BBC / Reuters",
        ] {
            assert_eq!(parse_date(text), None, "{text:?}");
        }
    }

    #[test]
    fn place_datelines() {
        assert_eq!(parse_place_dateline("LONDON 1996-08-30"), day(1996, 8, 30));
        assert_eq!(
            parse_place_dateline("RIO DE JANEIRO 1996-08-30"),
            day(1996, 8, 30)
        );
        assert_eq!(parse_place_dateline("London 1996-08-30"), None);
        assert_eq!(parse_place_dateline("1996-08-30"), None);
    }

    #[test]
    fn display_and_iso() {
        let m = parse_date("1:28 pm on 3 March 2017").unwrap();
        assert_eq!(m.to_string(), "3 March 2017, 1:28 pm");
        assert_eq!(m.to_iso(), "2017-03-03T13:28:00");
        assert_eq!(day(2017, 3, 3).unwrap().to_iso(), "2017-03-03");
        assert_eq!(day(2017, 3, 3).unwrap().refine(m), m);
    }

    #[test]
    fn iso_is_what_strftime_writes_in_every_year() {
        for year in [-9999, -1, 0, 7, 99, 999, 1969, 2017, 9999] {
            let date = Date::new(year, 2, 9).unwrap();
            let moment = date.to_datetime(jiff::civil::Time::new(7, 5, 3, 0).unwrap());
            assert_eq!(
                NewsDate::Day(date).to_iso(),
                date.strftime("%Y-%m-%d").to_string()
            );
            assert_eq!(
                NewsDate::Moment(moment).to_iso(),
                moment.strftime("%Y-%m-%dT%H:%M:%S").to_string()
            );
            assert_eq!(
                NewsDate::Moment(moment).to_short(),
                date.strftime("%Y-%m-%d").to_string()
            );
        }
    }
}
