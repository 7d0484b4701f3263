//! French typography: the pass that sets French text as a careful editor would (no-break
//! spaces before `; ! ? :` and inside « », typographic apostrophes and quotes, grouped numbers,
//! « 1er » in superscript), and the slips `check` points out (« 2ème », « 08h », « A » at the
//! start of a sentence). Never inside code, addresses or attributes, never on English pages.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::error::Problem;

/// The typography rules a language follows, named in its strings file: `typography: french`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
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
            let mut pass = French::default();
            pass.text(text).into_iter().map(|(piece, _)| piece).collect()
        }
    }
}

/// French typography over a page of HTML: only its text, never tags and their attributes, nor
/// the text of `code`, `pre`, `script`, `style` and `textarea`; plain (no superscript) in `title`.
pub fn html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 32);
    let mut pass = French::default();
    let mut verbatim: Option<String> = None;
    let mut in_title = false;
    let mut rest = html;
    while !rest.is_empty() {
        let (text, tail) = rest.split_at(rest.find('<').unwrap_or(rest.len()));
        if !text.is_empty() {
            if verbatim.is_some() {
                out.push_str(text);
            } else {
                for (piece, superscript) in pass.text(&unescape(text)) {
                    match (superscript, in_title) {
                        (true, false) => out.push_str(&format!("<sup>{piece}</sup>")),
                        _ => escape(&piece, &mut out),
                    }
                }
            }
        }
        if tail.is_empty() {
            break;
        }
        let end = tail.find('>').map_or(tail.len(), |i| i + 1);
        let tag = &tail[..end];
        out.push_str(tag);
        rest = &tail[end..];
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with("</");
        match &verbatim {
            Some(open) if closing && *open == name => verbatim = None,
            Some(_) => {}
            None if !closing && matches!(name.as_str(), "code" | "pre" | "script" | "style" | "textarea") => {
                verbatim = Some(name.clone())
            }
            None => {}
        }
        if name == "title" {
            in_title = !closing;
        }
        if matches!(
            name.as_str(),
            "p" | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "td"
                | "th"
                | "dt"
                | "dd"
                | "div"
                | "section"
                | "header"
                | "footer"
                | "nav"
                | "blockquote"
                | "figcaption"
                | "caption"
                | "title"
                | "br"
                | "ul"
                | "ol"
        ) {
            pass.open_quote = false;
            pass.before = None;
        }
    }
    out
}

/// The text of an HTML text node: the escapes the site writes, turned back into characters.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// The French pass over a text, carrying what it needs across the pieces of one block:
/// whether a quotation is open, and the character before.
#[derive(Debug, Default)]
struct French {
    open_quote: bool,
    before: Option<char>,
}

impl French {
    /// The text set by the rules, in pieces: (text, whether it is an ordinal's ending).
    fn text(&mut self, text: &str) -> Vec<(String, bool)> {
        let chars: Vec<char> = text.chars().collect();
        let mut pieces = vec![(String::new(), false)];
        let mut out = String::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            let before = out.chars().last().or(self.before);
            match c {
                '\'' | '’' => out.push('’'),
                '"' | '«' | '“' if c != '"' || !self.open_quote => {
                    out.push('«');
                    out.push(NNBSP);
                    self.open_quote = true;
                    i = skip_spaces(&chars, i + 1);
                    continue;
                }
                '"' | '»' | '”' => {
                    trim_space(&mut out);
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
                        trim_space(&mut out);
                        out.push(space);
                    } else if after_word && ends && !(c == ':' && next.is_some_and(|n| n.is_ascii_digit())) {
                        out.push(space);
                    }
                    out.push(c);
                }
                '0'..='9' if !before.is_some_and(|b| b.is_alphanumeric() || b == ',' || b == '.') => {
                    let (number, end) = number(&chars, i);
                    let ending = ordinal_ending(&chars, end);
                    if let Some(ending) = ending.filter(|_| !number.contains(NNBSP)) {
                        out.push_str(&number);
                        pieces.last_mut().expect("a piece").0.push_str(&std::mem::take(&mut out));
                        pieces.push((ending.to_string(), true));
                        pieces.push((String::new(), false));
                        i = end + ending.chars().count();
                        self.before = ending.chars().last();
                        continue;
                    }
                    out.push_str(&number);
                    i = end;
                    continue;
                }
                _ => out.push(c),
            }
            i += 1;
        }
        if let Some(last) = out.chars().last() {
            self.before = Some(last);
        }
        pieces.last_mut().expect("a piece").0.push_str(&out);
        pieces.retain(|(piece, _)| !piece.is_empty());
        pieces
    }
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| *c == ' ' || *c == NBSP || *c == NNBSP) {
        i += 1;
    }
    i
}

fn trim_space(out: &mut String) {
    while out.ends_with([' ', NBSP, NNBSP]) {
        out.pop();
    }
}

/// The number starting at `start`, its groups of three digits joined by a narrow no-break
/// space (« 89 324 »; four digits, a year, stay as they are), and where it ends.
fn number(chars: &[char], start: usize) -> (String, usize) {
    let mut digits: Vec<String> = Vec::new();
    let mut i = start;
    loop {
        let run: String = chars[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
        let grouped = !digits.is_empty();
        if grouped && run.len() != 3 {
            break;
        }
        i += run.len();
        digits.push(run);
        // Groups already separated by a space: « 89 324 ».
        let separated = chars.get(i).is_some_and(|c| matches!(*c, ' ' | NBSP | NNBSP))
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && chars[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count() == 3
            && digits.first().is_some_and(|first| first.len() <= 3)
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
        if separated {
            i += 1;
        } else {
            break;
        }
    }
    let number = if digits.len() > 1 {
        digits.join(&NNBSP.to_string())
    } else {
        let whole = &digits[0];
        if whole.len() >= 5 && !whole.starts_with('0') {
            let mut grouped = String::new();
            for (n, d) in whole.chars().enumerate() {
                if n > 0 && (whole.len() - n).is_multiple_of(3) {
                    grouped.push(NNBSP);
                }
                grouped.push(d);
            }
            grouped
        } else {
            whole.clone()
        }
    };
    (number, i)
}

/// « er », « re », « e » after a number, when they end the word: an ordinal.
fn ordinal_ending(chars: &[char], at: usize) -> Option<&'static str> {
    ["ers", "res", "er", "re", "es", "e"].into_iter().find(|ending| {
        let n = ending.chars().count();
        chars.len() >= at + n
            && chars[at..at + n].iter().copied().eq(ending.chars())
            && !chars.get(at + n).is_some_and(|c| c.is_alphanumeric())
    })
}

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
        let mut pass = French::default();
        let pieces = pass.text("Le 1er mars, la 2e session et la 1re réunion, le 3eme");
        let sups: Vec<&str> = pieces.iter().filter(|(_, sup)| *sup).map(|(p, _)| p.as_str()).collect();
        assert_eq!(sups, ["er", "e", "re"]);
        assert_eq!(plain("le 1er mars", Rules::French), "le 1er mars");
    }

    #[test]
    fn html_text_only() {
        let page = "<html><head><title>Le 1er \"plan\" : 2026</title></head><body><p class=\"a:b\" title=\"x ; y\">Voir l&#39;accord : <a href=\"https://x.org/?a=1\">ici</a> !</p><pre>a : b</pre><code>1er</code><p>Le 1er mai</p></body></html>";
        let set = html(page).replace(NNBSP, "_").replace(NBSP, "~");
        assert_eq!(
            set,
            "<html><head><title>Le 1er «_plan_»~: 2026</title></head><body><p class=\"a:b\" title=\"x ; y\">Voir l’accord~: <a href=\"https://x.org/?a=1\">ici</a>_!</p><pre>a : b</pre><code>1er</code><p>Le 1<sup>er</sup> mai</p></body></html>"
        );
        assert_eq!(html("<p>a &amp; b &lt;c&gt;</p>"), "<p>a &amp; b &lt;c&gt;</p>");
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
