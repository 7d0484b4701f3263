//! French typography: the slips `check` points out in French text (« 2ème », « 08h », « A »
//! at the start of a sentence), never inside code or links' addresses.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::error::Problem;

/// The slips in a Markdown text, each with its [`crate::markdown::position`].
pub fn slips(markdown: &str) -> Vec<(crate::markdown::Position, Problem)> {
    let mut found = Vec::new();
    let mut sentence_start = true;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell | Tag::BlockQuote(_)) => {
                sentence_start = true
            }
            Event::Text(text) => {
                for (offset, problem) in text_slips(&text, sentence_start) {
                    // `range` covers the text as written; entities aside, offsets match.
                    let offset = range.start + offset.min(range.len());
                    found.push((crate::markdown::position(markdown, floor_char(markdown, offset)), problem));
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

/// The nearest character boundary at or before `offset`.
fn floor_char(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
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
