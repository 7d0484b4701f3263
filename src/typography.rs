//! French typography: the pass that sets French text as a careful editor would, after the
//! Lexique des règles typographiques en usage à l'Imprimerie nationale, and the slips `check`
//! points out (« 2ème », « 08h », « A » at the start of a sentence). English pages get none of
//! it: their text is left as written.
//!
//! The conventions chosen (also in the README, « Typography »):
//!
//! | Where | What |
//! |---|---|
//! | before `; ! ?`, inside `« »` | narrow no-break space (U+202F) |
//! | before `:` | no-break space (U+00A0) |
//! | between a number and its unit or symbol (`12 %`, `4,5 km`, `3 €`, `16 h 30`), after `n°` | no-break space |
//! | groups of three digits (`89 324`, `1 200 000`), from five digits | narrow no-break space |
//! | `"…"` | `« … »`; inside a quotation, `“ … ”` |
//! | `'` between letters, and closing | `’`; opening (`'paix'`) `‘` |
//! | `'` and `"` right after a digit (`2'33"`) | primes `′ ″` |
//! | `4 x 4 m`, `4x4` | `4 × 4 m` (no-break spaces), `4×4` |
//! | ` - ` between words (an incise) | ` – ` |
//! | a space before a comma | removed |
//! | `1er`, `2e`, `1re` | ending in superscript (pages, not titles) |
//!
//! Never changed: web and e-mail addresses (words with `://`, starting with `www.`, or with
//! an `@`), code (the HTML pass skips `code`, `pre`, `kbd`, `samp`), attributes, times
//! (`8:30`), emoticons (`:)`, `;-)`), years (four digits), and numbers that are identifiers:
//! after `n°`, `tél.`, `BP`, an acronym (`ISO 27001`) or a `+` (`+22363020606`), joined to
//! other digits by `-`, `/` or `.` (`2019-021`), a postcode before a town (`, 75016 Paris`),
//! and every number in a link's text (`…?id=123456`). Each is decided from the text around
//! it, so one quote left unpaired does not turn the quotes after it inside out.

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
const SPACES: [char; 3] = [' ', NBSP, NNBSP];

/// Units and symbols that follow a number after a no-break space, longest first. The letters
/// only when a space was written (`4G`, `3D` stay); `%`, `‰` and the currencies also when
/// written against the number (`12%`).
const UNITS: [&str; 26] = [
    "km/h", "km²", "m²", "m³", "F CFA", "FCFA", "min", "km", "cm", "mm", "kg", "ha", "kW", "MW", "Mo", "Go", "ko",
    "°C", "%", "‰", "€", "$", "£", "m", "h", "t",
];

/// Words after which a number is an identifier, never grouped (compared in lower case).
const IDENTIFIER_WORDS: [&str; 18] = [
    "n°",
    "nº",
    "numéro",
    "numéros",
    "tél",
    "tel",
    "téléphone",
    "fax",
    "whatsapp",
    "bp",
    "cs",
    "postal",
    "réf",
    "ref",
    "référence",
    "loi",
    "décret",
    "arrêté",
];

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
/// or a [`special`] character (a comma or a hyphen only after a space).
pub fn needs_pass(text: &str) -> bool {
    next_special(text.as_bytes()).is_some()
}

/// Where the first [`special`] byte is; a comma or a hyphen only after a space (` ,`, ` - `).
fn next_special(bytes: &[u8]) -> Option<usize> {
    let at = |i: usize, b: u8| special(b) && (!matches!(b, b',' | b'-') || i > 0 && bytes[i - 1] == b' ');
    bytes.iter().enumerate().position(|(i, &b)| at(i, b))
}

/// Whether a byte may start a character the French pass changes or looks at: an escape's `&`,
/// punctuation that takes or loses a space, quotes, apostrophes, hyphens, digits; « », the
/// no-break space and others starting with 0xC2 in UTF-8; ’ “ ”, the narrow no-break space
/// and others with 0xE2. A table: it is asked for every byte of the text.
fn special(byte: u8) -> bool {
    SPECIAL[usize::from(byte)]
}

const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = b"&'\";!?:,-0123456789\xC2\xE2";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Where the web and e-mail addresses are in `text`, without the punctuation around them:
/// words with `://`, starting with `www.`, or with an `@` between a letter and a domain.
pub fn addresses(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    // One look for the rare `@`, `/` and `w`, and what is around them.
    let marked = memchr::memchr3_iter(b'@', b'/', b'w', bytes).any(|i| match bytes[i] {
        b'@' => true,
        b'/' => bytes[..i].ends_with(b":") && bytes[i + 1..].starts_with(b"/"),
        _ => bytes[i..].starts_with(b"www."),
    });
    if !marked {
        return found;
    }
    for word in text.split(char::is_whitespace) {
        let word = word.trim_start_matches(['(', '[', '<', '«', '"', '\'', '“', '‘']);
        let word = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '>', '»', '"', '\'', '”', '’']);
        let email = word.split_once('@').is_some_and(|(user, domain)| {
            user.chars().next_back().is_some_and(char::is_alphanumeric)
                && domain.chars().next().is_some_and(char::is_alphanumeric)
                && domain.contains('.')
        });
        if word.contains("://") || word.starts_with("www.") || email {
            let start = word.as_ptr() as usize - text.as_ptr() as usize;
            found.push(start..start + word.len());
        }
    }
    found
}

/// The French pass over a text, carrying what it needs across the pieces of one block: how
/// many quotations are open, whether a single quote is, the character before, and whether
/// the text is a link's.
#[derive(Debug, Default)]
pub struct French {
    depth: u8,
    /// Whether the innermost quotation was opened by a straight `"`.
    straight: bool,
    single_open: bool,
    before: Option<char>,
    in_link: bool,
}

impl French {
    /// A new block of text starts: no quotation runs across blocks.
    pub fn reset(&mut self) {
        *self = French { in_link: self.in_link, ..French::default() };
    }

    /// Whether the text that follows is a link's: its numbers are never grouped.
    pub fn link(&mut self, inside: bool) {
        self.in_link = inside;
    }

    /// `text` was copied as it is: the next piece follows its last character.
    pub fn follows(&mut self, text: &str) {
        self.before = text.chars().last().or(self.before);
    }

    /// Appends `text` set by the rules to `out`, its addresses as they are, and the place in
    /// `out` of each ordinal's ending (« er » of « 1er ») to `endings`, for a superscript.
    pub fn text(&mut self, text: &str, out: &mut String, endings: &mut Vec<Range<usize>>) {
        let mut at = 0;
        for address in addresses(text) {
            self.set(&text[at..address.start], out, endings);
            out.push_str(&text[address.clone()]);
            self.follows(&text[address.clone()]);
            at = address.end;
        }
        self.set(&text[at..], out, endings);
    }

    /// Appends `text`, without addresses, set by the rules.
    fn set(&mut self, text: &str, out: &mut String, endings: &mut Vec<Range<usize>>) {
        let start = out.len();
        let mut rest = text;
        loop {
            // Letters and spaces, most of a text, are copied as they are.
            let plain = next_special(rest.as_bytes()).unwrap_or(rest.len());
            out.push_str(&rest[..plain]);
            rest = &rest[plain..];
            let Some(c) = rest.chars().next() else { break };
            let here = rest;
            rest = &here[c.len_utf8()..];
            let before = out[start..].chars().next_back().or(self.before);
            match c {
                '\'' => self.apostrophe(before, rest, out),
                '"' | '«' | '“' | '»' | '”' => rest = self.quote(c, before, rest, out, start),
                ';' | '!' | '?' | ':' => punctuation(c, before, rest, out, start),
                ',' => {
                    out.truncate(start + out[start..].trim_end_matches(' ').len());
                    out.push(',');
                }
                '-' if before == Some(' ') && rest.starts_with(' ') => out.push('–'),
                '0'..='9' => rest = self.digits(here, before, out, start, endings),
                _ => out.push(c),
            }
        }
        if let Some(last) = out[start..].chars().next_back() {
            self.before = Some(last);
        }
    }

    /// A straight `'`: a prime after a digit, an opening mark before a word, else `’`.
    fn apostrophe(&mut self, before: Option<char>, rest: &str, out: &mut String) {
        let after = rest.chars().next();
        let mark = if before.is_some_and(|b| b.is_ascii_digit()) && !self.single_open {
            '′'
        } else if before.is_none_or(opens) && after.is_some_and(char::is_alphabetic) {
            self.single_open = true;
            '‘'
        } else {
            if !after.is_some_and(char::is_alphanumeric) {
                self.single_open = false;
            }
            '’'
        };
        out.push(mark);
    }

    /// A quote: opening or closing as the characters around it say (the count of open
    /// quotations only when they say nothing); « » outside, “ ” inside; `"` after a digit
    /// outside a quotation is a prime; between two letters, not understood, it stays.
    fn quote<'t>(&mut self, c: char, before: Option<char>, rest: &'t str, out: &mut String, start: usize) -> &'t str {
        let after = rest.chars().next();
        let opening_side = before.is_none_or(opens);
        let closing_side = after.is_none_or(|a| a.is_whitespace() || ".,;:!?)]}»”…".contains(a));
        let opening = match c {
            '«' | '“' => true,
            '»' | '”' => false,
            _ if self.depth == 0 && before.is_some_and(|b| b.is_ascii_digit()) => {
                out.push('″');
                return rest;
            }
            _ if opening_side != closing_side => opening_side,
            _ if opening_side => self.depth == 0,
            _ => {
                out.push(c);
                return rest;
            }
        };
        if opening {
            // A straight quote opening inside a quotation a straight quote opened: the first
            // was left unpaired, rather than `"a "b" c"` nested (`« a “b” c »` is typed so).
            if !(c == '"' && self.straight) {
                self.depth = self.depth.saturating_add(1);
            }
            self.straight = c == '"';
            if self.depth > 1 && c != '«' {
                out.push('“');
                return rest;
            }
            out.push('«');
            out.push(NNBSP);
            return rest.trim_start_matches(SPACES);
        }
        self.straight = false;
        match (self.depth, c) {
            (0, '"' | '”') => out.push(c),
            (0 | 1, _) | (_, '»') => {
                trim_space(out, start);
                out.push(NNBSP);
                out.push('»');
                self.depth = 0;
            }
            _ => {
                out.push('”');
                self.depth -= 1;
            }
        }
        rest
    }

    /// The number that starts `here`: grouped when a quantity, as it is when an identifier,
    /// its ordinal ending marked, a no-break space before its unit. Returns what follows.
    fn digits<'t>(
        &mut self,
        here: &'t str,
        before: Option<char>,
        out: &mut String,
        start: usize,
        endings: &mut Vec<Range<usize>>,
    ) -> &'t str {
        let run = here.bytes().take_while(u8::is_ascii_digit).count();
        // Part of a word or of another number: `A4`, `3,14`, `2019-021`, `+223`, `8:30`.
        let joined = before.is_some_and(|b| b.is_alphanumeric() || "+-/.,:_#@′".contains(b));
        let mut rest = &here[run..];
        let may_group = run >= 5 || group(rest).is_some();
        let context = tail(out, start);
        let numero = !joined && {
            let text = context.trim_end_matches(SPACES);
            let sign = text.strip_suffix(['°', 'º']).and_then(|t| t.strip_suffix(['n', 'N']));
            sign.is_some_and(|b| !b.ends_with(char::is_alphanumeric))
        };
        let as_written = joined || !may_group || self.in_link || numero || identifier(context, &here[..run], rest);
        if numero {
            trim_space(out, start);
            out.push(NBSP);
        }
        if as_written {
            out.push_str(&here[..run]);
            if let Some(ending) = ordinal_ending(rest).filter(|_| !joined) {
                endings.push(out.len()..out.len() + ending.len());
                out.push_str(ending);
                rest = &rest[ending.len()..];
            }
        } else {
            rest = &here[number(here, out)..];
        }
        if before.is_some_and(char::is_alphabetic) { rest } else { unit(&here[..run], rest, out) }
    }
}

/// Whether a quote after this character opens: a space, a bracket, an opening mark, a dash.
fn opens(before: char) -> bool {
    before.is_whitespace() || "([{«“‘—–-/".contains(before)
}

/// `; ! ? :` get their no-break space after a word or in place of a space; `https://`, `8:30`,
/// `?!`, `:)` and the like are left as they are.
fn punctuation(c: char, before: Option<char>, rest: &str, out: &mut String, start: usize) {
    let next = rest.chars().next();
    let spaced = before.is_some_and(|b| b == ' ' || b == NBSP || b == NNBSP);
    if matches!(c, ':' | ';') && before.is_none_or(char::is_whitespace) && emoticon(rest) {
        out.push(c);
        return;
    }
    let space = if c == ':' { NBSP } else { NNBSP };
    let after_word = before.is_some_and(|b| b.is_alphanumeric() || b == '»' || b == ')');
    let ends = next.is_none_or(|n| n.is_whitespace() || matches!(n, '»' | ')' | '!' | '?' | ',' | '.'));
    if spaced && before != Some('«') {
        trim_space(out, start);
        out.push(space);
    } else if after_word && ends && !(c == ':' && next.is_some_and(|n| n.is_ascii_digit())) {
        out.push(space);
    }
    out.push(c);
}

/// Whether what follows a `:` or `;` makes a face: `)`, `-)`, `D`, `(`, `p`, `/`.
fn emoticon(rest: &str) -> bool {
    let face = rest.split(char::is_whitespace).next().unwrap_or("");
    (1..=2).contains(&face.chars().count()) && face.chars().all(|f| "-)(DPpO/|*3".contains(f)) && !face.ends_with('-')
}

/// The end of what `out` holds since `start`, 32 bytes at most: the words before a number.
fn tail(out: &str, start: usize) -> &str {
    let mut from = out.len().saturating_sub(32).max(start);
    while !out.is_char_boundary(from) {
        from += 1;
    }
    &out[from..]
}

/// Whether the number `digits`, after `context` and before `rest`, is an identifier: after a
/// word that introduces one (`tél.`, `BP`), an acronym (`ISO`) or a `+…`; joined to more by
/// `-`, `/`, `.`, `_` or `@`; or a postcode before a town, starting a line or after a comma.
fn identifier(context: &str, digits: &str, rest: &str) -> bool {
    let text = context.trim_end_matches(SPACES).trim_end_matches(':').trim_end_matches(SPACES);
    let word_start =
        text.rfind(char::is_whitespace).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let word = text[word_start..].trim_end_matches('.');
    let acronym = word.chars().filter(char::is_ascii_uppercase).count() >= 2
        && word.chars().all(|c| c.is_ascii_uppercase() || c == '/' || c == '-');
    let named = IDENTIFIER_WORDS.contains(&word.to_lowercase().as_str());
    let phone = word.trim_start_matches('(').starts_with('+');
    let mut chars = rest.chars();
    let joined =
        matches!(chars.next(), Some('-' | '/' | '.' | '_' | '@')) && chars.next().is_some_and(char::is_alphanumeric);
    let town = rest.strip_prefix(' ').is_some_and(|r| r.starts_with(char::is_uppercase));
    let postcode = digits.len() == 5 && town && (text.is_empty() || text.ends_with([',', '\n']));
    acronym || named || phone || joined || postcode
}

/// Removes the spaces that end `out`, back to `start` at most.
fn trim_space(out: &mut String, start: usize) {
    let kept = start + out[start..].trim_end_matches(SPACES).len();
    out.truncate(kept);
}

/// A group of three digits after a space that starts `rest`, as in « 89 324 »: its length.
fn group(rest: &str) -> Option<usize> {
    let space = rest.chars().next().filter(|c| SPACES.contains(c))?;
    let after = &rest[space.len_utf8()..];
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    (digits == 3).then_some(space.len_utf8() + 3)
}

/// Appends the number that starts `text` to `out`, its groups of three digits joined by a
/// narrow no-break space (« 89 324 »; four digits, a year, stay as they are); returns how many
/// bytes of `text` it took.
fn number(text: &str, out: &mut String) -> usize {
    let first = text.bytes().take_while(u8::is_ascii_digit).count();
    let whole = &text[..first];
    let mut end = first;
    // Groups already separated by a space, after a first group of three digits at most, all by
    // the same kind of space: « 75 016 750 164 » set once is two numbers, not one.
    out.push_str(whole);
    let mut separator = None;
    while let Some(taken) = group(&text[end..]).filter(|_| first <= 3) {
        let space = text[end..].chars().next();
        if separator.is_some_and(|s| Some(s) != space) {
            break;
        }
        separator = space;
        out.push(NNBSP);
        end += taken;
        out.push_str(&text[end - 3..end]);
    }
    if end > first || whole.len() < 5 || whole.starts_with('0') {
        return end;
    }
    out.truncate(out.len() - whole.len());
    for (n, digit) in whole.char_indices() {
        if n > 0 && (whole.len() - n).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(digit);
    }
    first
}

/// After the number `digits`: `×` between it and the next (`4 x 4`), or a no-break space
/// before its unit (`12 %`, `16 h 30`). Returns what follows.
fn unit<'t>(digits: &str, rest: &'t str, out: &mut String) -> &'t str {
    let space = rest.chars().next().filter(|c| SPACES.contains(c));
    let after = space.map_or(rest, |s| &rest[s.len_utf8()..]);
    // Most numbers are followed by none: one look at the first byte tells.
    if !after.bytes().next().is_some_and(|b| b"xXkmFcMGht%$\xC2\xC3\xE2".contains(&b)) {
        return rest;
    }
    if let Some(times) = after.strip_prefix(['x', 'X', '×']) {
        let second = if space.is_some() { times.strip_prefix(' ') } else { Some(times) };
        if let Some(second) = second.filter(|s| s.starts_with(|c: char| c.is_ascii_digit()) && digits != "0") {
            out.push_str(if space.is_some() { "\u{A0}×\u{A0}" } else { "×" });
            return second;
        }
    }
    let Some(symbol) = UNITS.into_iter().find(|u| {
        let attached_ok = space.is_some() || matches!(*u, "%" | "‰" | "€" | "$" | "£");
        attached_ok
            && after.starts_with(*u)
            && !after[u.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '\'' || c == '’')
    }) else {
        return rest;
    };
    out.push(NBSP);
    out.push_str(symbol);
    let rest = &after[symbol.len()..];
    // « 16 h 30 »: the minutes stay with their hour.
    let minutes = rest.strip_prefix(' ').filter(|m| {
        // Not two digits that a group of three follows: « 16 h 30 124 » is 30 124.
        m.bytes().take_while(u8::is_ascii_digit).count() == 2
            && !m[2..].starts_with(char::is_alphanumeric)
            && group(&m[2..]).is_none()
    });
    match minutes.filter(|_| symbol == "h") {
        // « 1 h 30 min »: and the minutes with their unit.
        Some(m) => {
            out.push(NBSP);
            out.push_str(&m[..2]);
            unit(&m[..2], &m[2..], out)
        }
        None => rest,
    }
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
    // Addresses are left as they are by the pass: nothing in them is a slip.
    let mut addresses = addresses(text).into_iter().peekable();
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        if let Some(address) = addresses.next_if(|a| a.start <= offset) {
            i = chars.partition_point(|(o, _)| *o < address.end);
            continue;
        }
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

    /// French text as written → as set (`_` a narrow no-break space, `~` a no-break space).
    const FRENCH: &[(&str, &str)] = &[
        // Numbers: quantities grouped, years and identifiers not.
        ("89324 rapatriés", "89_324 rapatriés"),
        ("1 200 000 FCFA", "1_200_000~FCFA"),
        ("1200000 personnes", "1_200_000 personnes"),
        ("en 2026, de 2013-2025", "en 2026, de 2013-2025"),
        ("12 rue X, 75016 Paris", "12 rue X, 75016 Paris"),
        ("75016 Paris", "75016 Paris"),
        ("la norme ISO 27001", "la norme ISO 27001"),
        ("ISO/IEC 27001:2013", "ISO/IEC 27001:2013"),
        ("le dossier n°12345", "le dossier n°~12345"),
        ("Loi n°2019-021 du 3 juin", "Loi n°~2019-021 du 3 juin"),
        ("la salle n° 11", "la salle n°~11"),
        ("appelez le +22363020606", "appelez le +22363020606"),
        ("(+223) 63020606", "(+223) 63020606"),
        ("Tél. : 20222845", "Tél.~: 20222845"),
        ("BP 12345 Bamako", "BP 12345 Bamako"),
        ("réf. 123456", "réf. 123456"),
        ("le fichier 12345-67", "le fichier 12345-67"),
        ("0612345678", "0612345678"),
        ("3,14159 et 12345,5", "3,14159 et 12_345,5"),
        // Addresses: nothing in them changes.
        ("voir https://example.org/a?id=123456 !", "voir https://example.org/a?id=123456_!"),
        ("voir (https://example.org/x:y;z?a=1).", "voir (https://example.org/x:y;z?a=1)."),
        ("www.cnr.ml/page?n=12345 : ici", "www.cnr.ml/page?n=12345~: ici"),
        ("écrire à cnr-12345@mali.ml ; merci", "écrire à cnr-12345@mali.ml_; merci"),
        // Units and symbols keep their number.
        ("12 % et 12%", "12~% et 12~%"),
        ("4,5 km à pied", "4,5~km à pied"),
        ("3 € ou 3€, 500 F CFA", "3~€ ou 3~€, 500~F CFA"),
        ("de 8 h à 16 h 30", "de 8~h à 16~h~30"),
        ("en 1 h 30 min, 30 124 personnes à 16 h 30 124", "en 1~h~30~min, 30_124 personnes à 16~h 30_124"),
        ("75016 750164 et 89 324 1 200", "75_016 750_164 et 89_324 1_200"),
        ("20 °C, 45°", "20~°C, 45°"),
        ("une bâche de 4 x 4 m", "une bâche de 4~×~4~m"),
        ("un 4x4, 1920x1080, 0x1F", "un 4×4, 1920×1080, 0x1F"),
        ("3 heures, 4G, 3D, 2 m²", "3 heures, 4G, 3D, 2~m²"),
        ("les 2 l’ont vu", "les 2 l’ont vu"),
        // Times, ordinals.
        ("à 8:30 ou 16h30", "à 8:30 ou 16h30"),
        ("le 1er mars, la 1re, le 2e", "le 1er mars, la 1re, le 2e"),
        // High punctuation.
        ("Attention ! Vraiment ? Oui ; bien : voilà.", "Attention_! Vraiment_? Oui_; bien~: voilà."),
        ("Attention! Vraiment?", "Attention_! Vraiment_?"),
        ("et ?!", "et_?!"),
        ("Merci :) et ;-) ou :D", "Merci :) et ;-) ou :D"),
        ("M. Diallo, c.-à-d. etc.", "M. Diallo, c.-à-d. etc."),
        // Quotes and apostrophes.
        ("Il a dit \"bonjour\" à l'équipe.", "Il a dit «_bonjour_» à l’équipe."),
        ("« Nous voulons rentrer »", "«_Nous voulons rentrer_»"),
        ("«rentrer»", "«_rentrer_»"),
        ("« Il a dit \"non\" hier »", "«_Il a dit “non” hier_»"),
        ("la 'paix' d'abord", "la ‘paix’ d’abord"),
        ("en 2'33\", à 6' 10\"", "en 2′33″, à 6′ 10″"),
        ("le \"2030\" du plan", "le «_2030_» du plan"),
        ("pouce\" puis \"a\" et \"b\"", "pouce\" puis «_a_» et «_b_»"),
        ("un a\"b", "un a\"b"),
        // Spaces, dashes.
        ("oui , non", "oui, non"),
        ("Bamako - la capitale - est loin", "Bamako – la capitale – est loin"),
        ("-5 degrés, Ségou-Mopti, sud-est", "-5 degrés, Ségou-Mopti, sud-est"),
    ];

    /// English text: as written, always.
    const ENGLISH: &[&str] = &[
        "It's \"fine\": 89324 people!",
        "12% of 1200000, 4 x 4 m, 8:30 pm",
        "Bamako - the capital - is far ; really ?",
    ];

    #[test]
    fn french_text_is_set_by_the_rules() {
        let wrong: Vec<String> = FRENCH
            .iter()
            .filter(|(input, expected)| set(input) != *expected)
            .map(|(input, expected)| format!("{input:?}: {:?}, not {expected:?}", set(input)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn french_text_set_once_is_left_as_it_is() {
        for (_, expected) in FRENCH {
            let once = expected.replace('~', "\u{A0}").replace('_', "\u{202F}");
            assert_eq!(plain(&once, Rules::French), once, "{expected:?}");
        }
    }

    #[test]
    fn english_text_is_left_as_written() {
        for text in ENGLISH {
            assert_eq!(plain(text, Rules::None), *text);
        }
    }

    #[test]
    fn numbers_in_a_link_are_never_grouped() {
        let mut french = French::default();
        let mut out = String::new();
        french.link(true);
        french.text("dossier 123456 ", &mut out, &mut Vec::new());
        french.reset();
        french.link(false);
        french.text("et 123456", &mut out, &mut Vec::new());
        assert_eq!(out, "dossier 123456 et 123\u{202F}456");
    }

    #[test]
    fn one_unpaired_quote_does_not_turn_the_others() {
        let mut french = French::default();
        let mut out = String::new();
        french.text("Il dit \"oui et s'en va. ", &mut out, &mut Vec::new());
        french.text("Puis \"a\" et \"b\".", &mut out, &mut Vec::new());
        assert_eq!(out.matches('»').count(), 2, "{out}");
        assert!(out.ends_with("«\u{202F}b\u{202F}»."), "{out}");
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
            "89_324 rapatriés en 2025, 335_908 réfugiés, 1_200_000~FCFA"
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
        assert!(names("Voir <https://example.org/2ème/08h> et https://x.org/1ère, 08h@mali.ml").is_empty());
        assert_eq!(names("https://x.org/2ème puis 2ème").len(), 1);
    }
}
