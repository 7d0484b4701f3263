//! Dates as the site writes them in files and templates: `YYYY-MM-DD`.

use chrono::NaiveDate;

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
}
