//! Dates as the site writes them in files and templates: `YYYY-MM-DD`; and as people and other
//! tools write them in front-matter, with a time (`2024-01-05 10:00`,
//! `2024-01-05T10:00:00+01:00`), of which the day is kept as written.

use chrono::{NaiveDate, NaiveTime};

/// Whether `text` has the shape of a date, `2026-02-06`, whether or not the day exists.
pub fn is_shaped(text: &str) -> bool {
    text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() })
}

/// The years a page's date may be in: anything else is a typo (`0000-01-01`, `9999-12-31`).
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// `2026-02-06` as a date; `None` for any other shape or a day that does not exist.
pub fn parse(text: &str) -> Option<NaiveDate> {
    if !is_shaped(text) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().ok();
    NaiveDate::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

/// The day of a date written with or without a time: `2024-01-05`, `2024-01-05 10:00`,
/// `2024-01-05 10:00:00 +0100`, `2024-01-05T10:00:00Z`, `2024-01-05T10:00:00.5+01:00`. The
/// day is the one written, whatever the time zone.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let (day, time) = (text.get(..10)?, &text[10..]);
    let date = parse(day)?;
    let time = time.strip_prefix(['T', 't', ' ']).unwrap_or(time);
    (text.len() == 10 || is_time(time)).then_some(date)
}

/// `10:00`, `10:00:00`, `10:00:00.123`, each maybe followed by a zone: `Z`, `+01:00`, ` +0100`.
fn is_time(text: &str) -> bool {
    let text = text.strip_suffix(['Z', 'z']).unwrap_or(text);
    let text = match text.rfind(['+', '-']) {
        Some(at) if is_offset(&text[at + 1..]) => text[..at].trim_end(),
        _ => text,
    };
    ["%H:%M", "%H:%M:%S", "%H:%M:%S%.f"].iter().any(|format| NaiveTime::parse_from_str(text, format).is_ok())
}

/// `01:00`, `0100`, `01`.
fn is_offset(text: &str) -> bool {
    let digits: String = text.chars().filter(|c| *c != ':').collect();
    matches!(digits.len(), 2 | 4) && digits.bytes().all(|b| b.is_ascii_digit()) && text.len() <= 5
}

/// The date written as the site reads it, when `text` is one written otherwise: `05/01/2024`
/// (day first, as in French), `2024/1/5`, `5 janvier 2024`, `1er mars 2026`, `January 5, 2024`.
pub fn suggestion(text: &str) -> Option<String> {
    let text = text.trim().to_lowercase();
    let numbers: Vec<&str> = text.split(['/', '.', '-', ' ']).filter(|p| !p.is_empty()).collect();
    let number = |part: &str| part.parse::<u32>().ok();
    let date = match numbers.as_slice() {
        [a, b, c] if a.len() == 4 => ymd(number(a)?, number(b)?, number(c)?),
        [a, b, c] if c.len() == 4 && a.len() <= 2 && b.len() <= 2 => ymd(number(c)?, number(b)?, number(a)?),
        _ => words(&text),
    }?;
    Some(date.format("%Y-%m-%d").to_string())
}

fn ymd(year: u32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The month names people write dates with, French and English, January first.
const MONTHS: [[&str; 2]; 12] = [
    ["janvier", "january"],
    ["février", "february"],
    ["mars", "march"],
    ["avril", "april"],
    ["mai", "may"],
    ["juin", "june"],
    ["juillet", "july"],
    ["août", "august"],
    ["septembre", "september"],
    ["octobre", "october"],
    ["novembre", "november"],
    ["décembre", "december"],
];

/// `5 janvier 2024`, `1er mars 2026`, `January 5, 2024`, `5 Jan 2024`.
fn words(text: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = text.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    let month = |word: &str| {
        let word = word.trim_end_matches('.');
        (word.len() >= 3)
            .then(|| MONTHS.iter().position(|names| names.iter().any(|name| name.starts_with(word))))
            .flatten()
            .map(|i| i as u32 + 1)
    };
    let day = |word: &str| word.trim_end_matches("er").trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']).parse().ok();
    match parts.as_slice() {
        [d, m, y] if month(m).is_some() => ymd(y.parse().ok()?, month(m)?, day(d)?),
        [m, d, y] if month(m).is_some() => ymd(y.parse().ok()?, month(m)?, day(d)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_parsed_only_in_full() {
        assert_eq!(parse("2026-02-06"), NaiveDate::from_ymd_opt(2026, 2, 6));
        assert_eq!(parse("2026-02-30"), None);
        assert_eq!(parse("2026-2-6"), None);
        assert_eq!(parse("2026-02-06 "), None);
        assert!(is_shaped("2026-02-30") && !is_shaped("6 février"));
    }

    #[test]
    fn a_date_with_a_time_gives_its_day() {
        let day = NaiveDate::from_ymd_opt(2024, 1, 5);
        for text in [
            "2024-01-05",
            "2024-01-05 10:00",
            "2024-01-05 10:00:00",
            "2024-01-05T10:00:00+01:00",
            "2024-01-05T23:30:00-05:00",
            "2024-01-05T10:00:00Z",
            "2024-01-05T10:00:00.250+01:00",
            "2024-01-05 10:00:00 +0100",
        ] {
            assert_eq!(parse_day(text), day, "{text}");
        }
        for text in ["2024-01-05 à 10h", "2024-01-05T25:00", "2024-01-05 10", "2024-01-32 10:00", "05/01/2024"] {
            assert_eq!(parse_day(text), None, "{text}");
        }
    }

    #[test]
    fn dates_written_otherwise_get_the_form_to_use() {
        for (text, date) in [
            ("05/01/2024", "2024-01-05"),
            ("5.1.2024", "2024-01-05"),
            ("2024/01/05", "2024-01-05"),
            ("2024-1-5", "2024-01-05"),
            ("5 janvier 2024", "2024-01-05"),
            ("1er mars 2026", "2026-03-01"),
            ("January 5, 2024", "2024-01-05"),
            ("5 Feb 2024", "2024-02-05"),
        ] {
            assert_eq!(suggestion(text).as_deref(), Some(date), "{text}");
        }
        for text in ["hier", "31/02/2024", "2024", "mars 2024"] {
            assert_eq!(suggestion(text), None, "{text}");
        }
    }
}
