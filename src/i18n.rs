//! The theme's words for each language (`themes/<theme>/i18n/<lang>.yaml`): interface strings,
//! and how dates and numbers are written. A new language is a new file, not new code.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Errors, Expected, Location, Problem};
use crate::yaml;

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    /// The language's name in itself (« Français », "English"), for the language switch.
    pub name: String,
    /// The locale for Open Graph and feeds, like `fr_FR`.
    pub locale: String,
    pub dates: DateFormat,
    pub numbers: NumberFormat,
    /// Interface strings by key; `{name}` placeholders are filled by the template.
    pub strings: BTreeMap<String, Text>,
    /// Words too common to search for (« de », « la », "the").
    #[serde(default)]
    pub stop_words: Vec<String>,
    /// How plurals end, for search to find a singular from its plural and back: pairs of
    /// an ending and what replaces it in the singular (`[aux, al]`, `[s, ""]`).
    #[serde(default)]
    pub plurals: Vec<(String, String)>,
    /// The typography rules of the language's text: `french`, or none.
    #[serde(default)]
    pub typography: crate::typography::Rules,
}

/// An interface string, or two when it depends on a count: « 1 activité », « 3 activités ».
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Counted { one: String, other: String },
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DateFormat {
    /// With `{day}`, `{month}` and `{year}`: « {day} {month} {year} ».
    pub format: String,
    /// The twelve month names, January first.
    pub months: Vec<String>,
    /// Days written differently from their number, like « 1er » in French.
    #[serde(default)]
    pub days: BTreeMap<u32, String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NumberFormat {
    /// Between groups of three digits: a narrow no-break space in French, a comma in English.
    pub group: String,
    pub decimal: String,
    /// The counts that take the singular: 0 and 1 in French (« 0 activité »), 1 in English.
    #[serde(default = "singular_one")]
    pub singular: Vec<i64>,
}

fn singular_one() -> Vec<i64> {
    vec![1]
}

impl Strings {
    pub fn parse(text: &str, file: &Path) -> Result<Strings, Errors> {
        let strings: Strings = yaml::parse(text, file, 1)?;
        if strings.dates.months.len() != 12 {
            let location = Location::line(file, yaml::key_line(text, "months", 1));
            let value = strings.dates.months.len().to_string();
            let problem = Problem::Invalid { key: "months".into(), value, expected: Expected::MonthNames };
            return Err(Error::at(location, problem).into());
        }
        Ok(strings)
    }

    /// « 6 février 2026 », « 1er mars 2026 », "6 February 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        let day = match self.dates.days.get(&date.day()) {
            Some(special) => special.clone(),
            None => date.day().to_string(),
        };
        self.dates
            .format
            .replace("{day}", &day)
            .replace("{month}", &self.dates.months[date.month0() as usize])
            .replace("{year}", &date.year().to_string())
    }

    /// « 89 324 » (narrow no-break space), "89,324"; decimals keep what they were given.
    pub fn number(&self, value: f64) -> String {
        let negative = value < 0.0;
        let text = format!("{}", value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let mut out = String::new();
        if negative {
            out.push('-');
        }
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push_str(&self.numbers.group);
            }
            out.push(digit);
        }
        if !fraction.is_empty() {
            out.push_str(&self.numbers.decimal);
            out.push_str(fraction);
        }
        out
    }

    /// The string for `key`, with each `{name}` replaced by its argument; a string that
    /// depends on a count takes its form from the `count` argument.
    pub fn get(&self, key: &str, args: &[(&str, String)]) -> Option<String> {
        let mut text = match self.strings.get(key)? {
            Text::Plain(text) => text.clone(),
            Text::Counted { one, other } => {
                let count = args
                    .iter()
                    .find(|(name, _)| *name == "count")
                    .and_then(|(_, n)| n.replace(&self.numbers.group, "").parse::<i64>().ok());
                if count.is_some_and(|n| self.numbers.singular.contains(&n)) { one.clone() } else { other.clone() }
            }
        };
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn french() -> Strings {
        let text = "name: Français\nlocale: fr_FR\ndates:\n  format: \"{day} {month} {year}\"\n  months: [janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, novembre, décembre]\n  days: {1: 1er}\nnumbers:\n  group: \"\\u202F\"\n  decimal: \",\"\n  singular: [0, 1]\nstrings:\n  page_of: \"Page {n} sur {total}\"\n  activities: {one: \"{count} activité\", other: \"{count} activités\"}\n";
        Strings::parse(text, Path::new("fr.yaml")).unwrap()
    }

    fn english() -> Strings {
        let text = "name: English\nlocale: en_GB\ndates:\n  format: \"{day} {month} {year}\"\n  months: [January, February, March, April, May, June, July, August, September, October, November, December]\nnumbers:\n  group: \",\"\n  decimal: \".\"\nstrings: {}\n";
        Strings::parse(text, Path::new("en.yaml")).unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn french_dates_write_the_first_of_the_month_as_1er() {
        assert_eq!(french().date(date("2026-02-06")), "6 février 2026");
        assert_eq!(french().date(date("2026-03-01")), "1er mars 2026");
        assert_eq!(french().date(date("2025-12-31")), "31 décembre 2025");
        assert_eq!(english().date(date("2026-02-06")), "6 February 2026");
        assert_eq!(english().date(date("2026-03-01")), "1 March 2026");
    }

    #[test]
    fn numbers_are_grouped_by_three() {
        assert_eq!(french().number(89324.0), "89\u{202f}324");
        assert_eq!(french().number(335908.0), "335\u{202f}908");
        assert_eq!(french().number(1234567.5), "1\u{202f}234\u{202f}567,5");
        assert_eq!(english().number(89324.0), "89,324");
        assert_eq!(english().number(999.0), "999");
        assert_eq!(english().number(-1000.0), "-1,000");
    }

    #[test]
    fn strings_fill_their_placeholders() {
        assert_eq!(french().get("page_of", &[("n", "2".into()), ("total", "5".into())]).unwrap(), "Page 2 sur 5");
        assert_eq!(french().get("missing", &[]), None);
        let count = |n: &str| french().get("activities", &[("count", n.to_string())]).unwrap();
        assert_eq!([count("0"), count("1"), count("2")], ["0 activité", "1 activité", "2 activités"]);
    }

    #[test]
    fn a_strings_file_needs_twelve_months() {
        let text = "name: X\nlocale: x\ndates:\n  format: \"{day}\"\n  months: [a, b]\nnumbers: {group: \",\", decimal: \".\"}\nstrings: {}\n";
        let error = Strings::parse(text, Path::new("x.yaml")).unwrap_err();
        assert_eq!(error.0[0].location.to_string(), "x.yaml:5");
        assert!(matches!(error.0[0].problem, Problem::Invalid { expected: Expected::MonthNames, .. }));
    }
}
