//! French typography: the pass that sets French text as a careful editor would (no-break
//! spaces before `; ! ? :` and inside « », typographic apostrophes and quotes, grouped numbers,
//! « 1er » in superscript), and the slips `check` points out (« 2ème », « 08h », « A » at the
//! start of a sentence). Never inside code, addresses or attributes, never on English pages.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// The typography rules a language follows, named in its strings file: `typography: french`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rules {
    #[default]
    None,
    French,
}

const NNBSP: char = '\u{202F}';
const NBSP: char = '\u{A0}';

/// Sets a text without markup (a title, a summary) by the rules.
pub fn plain(text: &str, rules: Rules) -> String {
    match rules {
        Rules::None => text.to_string(),
        Rules::French => {
            let mut out = String::with_capacity(text.len() + 8);
            French::default().text(text, &mut out, &mut Vec::new());
            out
        }
    }
}

/// Whether a text node holds anything the French pass may change or needs to see: an escape,
/// or a [`special`] character.
pub fn needs_pass(text: &str) -> bool {
    text.bytes().any(|b| b == b'&' || special(b))
}

/// Whether a byte may start a character the French pass changes or looks at: punctuation that
/// takes a space, quotes, apostrophes, digits; « », the no-break space and others starting with
/// 0xC2 in UTF-8; ’ “ ”, the narrow no-break space and others starting with 0xE2.
fn special(byte: u8) -> bool {
    matches!(byte, b'\'' | b'"' | b';' | b'!' | b'?' | b':' | b'0'..=b'9' | 0xC2 | 0xE2)
}

/// The French pass over a text, carrying what it needs across the pieces of one block:
/// whether a quotation is open, and the character before.
#[derive(Debug, Default)]
pub struct French {
    open_quote: bool,
    before: Option<char>,
}

impl French {
    /// A new block of text starts: no quotation runs across blocks.
    pub fn reset(&mut self) {
        self.open_quote = false;
        self.before = None;
    }

    /// `text` was copied as it is: the next piece follows its last character.
    pub fn follows(&mut self, text: &str) {
        self.before = text.chars().last().or(self.before);
    }

    /// Appends `text` set by the rules to `out`, and the place in `out` of each ordinal's
    /// ending (« er » of « 1er ») to `endings`, for a superscript.
    pub fn text(&mut self, text: &str, out: &mut String, endings: &mut Vec<Range<usize>>) {
        let start = out.len();
        let mut rest = text;
        loop {
            // Letters and spaces, most of a text, are copied as they are.
            let plain = rest.bytes().position(special).unwrap_or(rest.len());
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            let Some(c) = rest.chars().next() else { break };
            let here = rest;
            rest = &here[c.len_utf8()..];
            let next = rest.chars().next();
            let before = out[start..].chars().next_back().or(self.before);
            match c {
                '\'' | '’' => out.push('’'),
                '"' | '«' | '“' if c != '"' || !self.open_quote => {
                    out.push('«');
                    out.push(NNBSP);
                    self.open_quote = true;
                    rest = rest.trim_start_matches([' ', NBSP, NNBSP]);
                }
                '"' | '»' | '”' => {
                    trim_space(out, start);
                    out.push(NNBSP);
                    out.push('»');
                    self.open_quote = false;
                }
                ';' | '!' | '?' | ':' => {
                    let space = if c == ':' { NBSP } else { NNBSP };
                    let spaced = before.is_some_and(|b| b == ' ' || b == NBSP || b == NNBSP);
                    let after_word = before.is_some_and(|b| b.is_alphanumeric() || b == '»' || b == ')');
                    let ends = next.is_none_or(|n| n.is_whitespace() || matches!(n, '»' | ')' | '!' | '?' | ',' | '.'));
                    // `https://`, `8:30`, `?!` and the like are left as they are.
                    if spaced && before != Some('«') {
                        trim_space(out, start);
                        out.push(space);
                    } else if after_word && ends && !(c == ':' && next.is_some_and(|n| n.is_ascii_digit())) {
                        out.push(space);
                    }
                    out.push(c);
                }
                '0'..='9' if !before.is_some_and(|b| b.is_alphanumeric() || b == ',' || b == '.') => {
                    let (taken, grouped) = number(here, out);
                    rest = &here[taken..];
                    if let Some(ending) = ordinal_ending(rest).filter(|_| !grouped) {
                        endings.push(out.len()..out.len() + ending.len());
                        out.push_str(ending);
                        rest = &rest[ending.len()..];
                    }
                }
                _ => out.push(c),
            }
        }
        if let Some(last) = out[start..].chars().next_back() {
            self.before = Some(last);
        }
    }
}

/// Removes the spaces that end `out`, back to `start` at most.
fn trim_space(out: &mut String, start: usize) {
    let kept = start + out[start..].trim_end_matches([' ', NBSP, NNBSP]).len();
    out.truncate(kept);
}

/// Appends the number that starts `text` to `out`, its groups of three digits joined by a
/// narrow no-break space (« 89 324 »; four digits, a year, stay as they are); returns how many
/// bytes of `text` it took, and whether it came out in groups.
fn number(text: &str, out: &mut String) -> (usize, bool) {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let first = digits(text);
    let whole = &text[..first];
    let mut end = first;
    // Groups already separated by a space, after a first group of three digits at most: « 89 324 ».
    let group = |rest: &str| {
        let space = rest.chars().next().filter(|c| matches!(*c, ' ' | NBSP | NNBSP))?;
        (digits(&rest[space.len_utf8()..]) == 3).then_some(space.len_utf8() + 3)
    };
    while let Some(taken) = group(&text[end..]).filter(|_| first <= 3) {
        if end == first {
            out.push_str(whole);
        }
        out.push(NNBSP);
        end += taken;
        out.push_str(&text[end - 3..end]);
    }
    if end > first {
        return (end, true);
    }
    if whole.len() < 5 || whole.starts_with('0') {
        out.push_str(whole);
        return (first, false);
    }
    for (n, digit) in whole.char_indices() {
        if n > 0 && (whole.len() - n).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(digit);
    }
    (first, true)
}

/// « er », « re », « e » starting `text`, when they end the word: an ordinal's ending.
fn ordinal_ending(text: &str) -> Option<&'static str> {
    ["ers", "res", "er", "re", "es", "e"].into_iter().find(|ending| {
        text.starts_with(ending) && !text[ending.len()..].chars().next().is_some_and(char::is_alphanumeric)
    })
}

/// The slips in a Markdown text, each with its [`crate::text::position`].
pub fn slips(markdown: &str) -> Vec<(crate::text::Position, Problem)> {
    let mut found = Vec::new();
    let mut sentence_start = true;
    let lines = crate::text::LineIndex::new(markdown);
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::BlockQuote(_)) => {
                sentence_start = true
            }
            Event::Text(text) => {
                for (offset, problem) in text_slips(&text, sentence_start) {
                    // `range` covers the text as written; entities aside, offsets match.
                    let offset = range.start + offset.min(range.len());
                    found.push((lines.position(offset), problem));
                }
                let end = text.trim_end();
                sentence_start = end.is_empty() && sentence_start || end.ends_with(['.', '!', '?', '…']);
            }
            Event::Code(_) | Event::InlineHtml(_) => sentence_start = false,
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => sentence_start = true,
            _ => {}
        }
    }
    found
}

/// The slips in one run of text; `sentence_start` says whether it begins a sentence.
fn text_slips(text: &str, sentence_start: bool) -> Vec<(usize, Problem)> {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        let after_word = i > 0 && chars[i - 1].1.is_alphanumeric();
        if c.is_ascii_digit() && !after_word {
            let digits_end = (i..chars.len()).find(|&j| !chars[j].1.is_ascii_digit()).unwrap_or(chars.len());
            let number: String = chars[i..digits_end].iter().map(|(_, c)| c).collect();
            let rest = &text[chars.get(digits_end).map_or(text.len(), |(o, _)| *o)..];
            if let Some((found_text, suggestion)) = ordinal(&number, rest).or_else(|| hour(&number, rest)) {
                found.push((offset, slip(found_text.clone(), suggestion, &found_text)));
            }
            i = digits_end;
            continue;
        }
        if c == 'A' && !after_word {
            let next = chars.get(i + 1).map(|(_, c)| *c);
            let at_start = sentence_start && text[..offset].trim().is_empty()
                || text[..offset].trim_end().ends_with(['.', '!', '?', '…']) && offset > 0;
            if at_start && next == Some(' ') {
                let word: String = text[offset..].split_whitespace().take(2).collect::<Vec<_>>().join(" ");
                found.push((offset, Problem::CapitalA { found: word }));
            }
        }
        i += 1;
    }
    found
}

fn slip(found: String, suggestion: String, kind: &str) -> Problem {
    if kind.contains('h') { Problem::Hour { found, suggestion } } else { Problem::Ordinal { found, suggestion } }
}

/// « 2ème » → « 2e », « 1ère » → « 1re ».
fn ordinal(number: &str, rest: &str) -> Option<(String, String)> {
    let suffixes = [("ième", "e"), ("ieme", "e"), ("ème", "e"), ("eme", "e"), ("ère", "re"), ("ere", "re")];
    let (suffix, right) = suffixes.iter().find(|(s, _)| rest.starts_with(s))?;
    let after = rest[suffix.len()..].chars().next();
    if after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let right = if number == "1" && *right == "e" { "er" } else { right };
    Some((format!("{number}{suffix}"), format!("{number}{right}")))
}

/// « 08h » → « 8 h », « 8h30 » → « 8 h 30 », « 16h00 » → « 16 h ».
fn hour(number: &str, rest: &str) -> Option<(String, String)> {
    let hours: u32 = number.parse().ok().filter(|h| *h <= 24 && number.len() <= 2)?;
    let after_h = rest.strip_prefix('h')?;
    let minutes: String = after_h.chars().take_while(char::is_ascii_digit).collect();
    let next = after_h[minutes.len()..].chars().next();
    if next.is_some_and(char::is_alphanumeric) || !(minutes.is_empty() || minutes.len() == 2) {
        return None;
    }
    let suggestion = match minutes.as_str() {
        "" | "00" => format!("{hours} h"),
        m => format!("{hours} h {m}"),
    };
    Some((format!("{number}h{minutes}"), suggestion))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> String {
        plain(text, Rules::French).replace(NNBSP, "_").replace(NBSP, "~")
    }

    #[test]
    fn no_break_spaces_before_high_punctuation() {
        assert_eq!(set("Attention ! Vraiment ? Oui ; bien : voilà."), "Attention_! Vraiment_? Oui_; bien~: voilà.");
        assert_eq!(set("Attention! Vraiment?"), "Attention_! Vraiment_?");
        assert_eq!(
            set("À 8:30, voir https://example.org/a?b=c, et ?!"),
            "À 8:30, voir https://example.org/a?b=c, et_?!"
        );
    }

    #[test]
    fn guillemets_and_apostrophes() {
        assert_eq!(set("Il a dit \"bonjour\" à l'équipe."), "Il a dit «_bonjour_» à l’équipe.");
        assert_eq!(set("« Nous voulons rentrer »"), "«_Nous voulons rentrer_»");
        assert_eq!(set("«rentrer»"), "«_rentrer_»");
    }

    #[test]
    fn numbers_are_grouped_but_not_years() {
        assert_eq!(
            set("89324 rapatriés en 2025, 335 908 réfugiés, 1 200 000 FCFA"),
            "89_324 rapatriés en 2025, 335_908 réfugiés, 1_200_000 FCFA"
        );
        assert_eq!(set("entre 2013 et 2025, 0612345678"), "entre 2013 et 2025, 0612345678");
        assert_eq!(set("3,14159 et 12345,5"), "3,14159 et 12_345,5");
    }

    #[test]
    fn ordinals_in_superscript() {
        let (mut out, mut endings) = (String::new(), Vec::new());
        French::default().text("Le 1er mars, la 2e session et la 1re réunion, le 3eme", &mut out, &mut endings);
        let sups: Vec<&str> = endings.iter().map(|ending| &out[ending.clone()]).collect();
        assert_eq!(sups, ["er", "e", "re"]);
        assert_eq!(plain("le 1er mars", Rules::French), "le 1er mars");
    }

    #[test]
    fn english_is_left_alone() {
        assert_eq!(plain("It's \"fine\": 89324 people!", Rules::None), "It's \"fine\": 89324 people!");
    }

    fn names(markdown: &str) -> Vec<String> {
        slips(markdown).into_iter().map(|((line, _), p)| format!("{line}: {p}")).collect()
    }

    #[test]
    fn ordinals() {
        assert_eq!(
            names("La 2ème session et la 1ère réunion."),
            ["0: \"2ème\": write \"2e\"", "0: \"1ère\": write \"1re\""]
        );
        assert!(names("La 2e session, le 1er mars, 3 émissions.").is_empty());
    }

    #[test]
    fn hours() {
        assert_eq!(
            names("Ouvert de 08h à 16h30, pas 16h00."),
            ["0: \"08h\": write \"8 h\"", "0: \"16h30\": write \"16 h 30\"", "0: \"16h00\": write \"16 h\""]
        );
        assert!(names("De 8 h à 16 h, en 2026, 4hx, H24.").is_empty());
    }

    #[test]
    fn capital_a_at_the_start_of_a_sentence() {
        assert_eq!(
            names("A Bamako, la réunion.\n\nElle a eu lieu. A Gao aussi."),
            [
                "0: \"A Bamako,\": at the start of a sentence, the preposition is written \"À\"",
                "2: \"A Gao\": at the start of a sentence, the preposition is written \"À\""
            ]
        );
        assert!(names("À Bamako. Il a dit. Le plan A est prêt. A-t-il fini ?").is_empty());
        assert_eq!(names("## A Ménaka\n").len(), 1);
    }

    #[test]
    fn code_and_addresses_are_left_alone() {
        assert!(names("Voir `08h` et [le lien](https://example.org/2ème/08h).").is_empty());
    }
}
