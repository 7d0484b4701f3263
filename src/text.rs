//! Small helpers on text that every stage uses: escaping for HTML and XML, percent-encoding
//! for URLs, and where a byte of a text is as a line and a column for messages.

use std::borrow::Cow;
use std::cell::Cell;

use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};

/// `text` safe inside an HTML or XML element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(text, &mut out, true);
    out
}

/// Appends `text` escaped to `out`: `&`, `<`, `>`, and with `quotes`, `"`.
pub fn escape_into(text: &str, out: &mut String, quotes: bool) {
    let mut rest = text;
    while let Some(i) = rest.find(|c| matches!(c, '&' | '<' | '>') || (quotes && c == '"')) {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// The text of an HTML text node: the escapes the site writes, turned back into characters.
pub fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .into()
}

/// What a URL component keeps as it is: letters, digits and `-_.~`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// `text` as one component of a URL (a query value, a `mailto:` subject), its UTF-8 bytes
/// percent-encoded: « Réunion » → `%C2%AB%20R%C3%A9union%20%C2%BB`.
pub fn percent_encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// What a path percent-encodes, as browsers send it: controls, space, `"#%<>?` and backticks,
/// braces, and every byte of a character beyond ASCII.
const PATH: &AsciiSet =
    &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'<').add(b'>').add(b'?').add(b'`').add(b'{').add(b'}');

/// A path as browsers send it: `/activités/` → `/activit%C3%A9s/`.
pub fn percent_encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// `%20` → space, as browsers write file names and paths; `None` when an escape is malformed,
/// the result is not UTF-8, or it holds a NUL, which no file name or path can.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let well_formed = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'%')
        .all(|(i, _)| bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)));
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8().ok()?;
    (well_formed && !decoded.contains('\0')).then(|| decoded.into_owned())
}

/// Where something is in a text: (line counted from 0, column counted from 1, in characters).
pub type Position = (usize, usize);

/// A character that has no place in a text: C0 and C1 control characters other than tab and
/// line breaks, `DEL`, and the noncharacters U+FFFE and U+FFFF. Word processors leave them in
/// pasted text (a vertical tab for a line break, a form feed for a page break); in a feed they
/// make the XML ill-formed.
pub fn is_stray(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// `text` without its stray characters ([`is_stray`]): a vertical tab or a form feed becomes a
/// space, as the line or page break it stood for; the others go. Each one's line and column
/// (from 1, in characters) comes with it.
pub fn without_strays(text: &str) -> (Cow<'_, str>, Vec<(Position, char)>) {
    if !text.chars().any(is_stray) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let (mut clean, mut found) = (String::with_capacity(text.len()), Vec::new());
    let (mut line, mut column) = (1, 1);
    for c in text.chars() {
        if is_stray(c) {
            found.push(((line, column), c));
            if matches!(c, '\u{B}' | '\u{C}') {
                clean.push(' ');
            }
        } else {
            clean.push(c);
        }
        (line, column) = if c == '\n' { (line + 1, 1) } else { (line, column + 1) };
    }
    (Cow::Owned(clean), found)
}

/// The [`Position`] of a byte of `text`. For many positions in one text, [`LineIndex`].
pub fn position(text: &str, offset: usize) -> Position {
    LineIndex::new(text).position(offset)
}

/// Where each line of a text starts, to find the [`Position`] of many bytes of it, or quote
/// many of its lines, in time that does not grow with the number asked for.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last position found, and its byte: the next one further on its line is counted from
    /// there. Positions are asked in the order of the text, and a line of a thousand links
    /// would otherwise be counted from its start a thousand times.
    last: Cell<(usize, Position)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        LineIndex { text, starts, last: Cell::new((0, (0, 1))) }
    }

    /// The [`Position`] of the byte at `offset` (its character's, if inside one).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let (before, (last_line, last_column)) = self.last.get();
        let (from, column) =
            if last_line == line && before <= offset { (before, last_column) } else { (self.starts[line], 1) };
        let position = (line, column + self.text[from..offset].chars().count());
        self.last.set((offset, position));
        position
    }

    /// The line numbered `line` from 1, without its end.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end_matches('\r'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stray_characters_go_and_are_told_where_they_were() {
        assert_eq!(without_strays("Réunion à Gao\n\tsuite\r\n"), (Cow::Borrowed("Réunion à Gao\n\tsuite\r\n"), vec![]));
        let (clean, found) = without_strays("Réunion\u{B}du comité\nUn \u{1}texte\u{C}\u{85}x\u{FFFF}");
        assert_eq!(clean, "Réunion du comité\nUn texte x");
        assert_eq!(
            found,
            [((1, 8), '\u{B}'), ((2, 4), '\u{1}'), ((2, 10), '\u{C}'), ((2, 11), '\u{85}'), ((2, 13), '\u{FFFF}')]
        );
    }

    #[test]
    fn paths_are_encoded_as_browsers_send_them() {
        assert_eq!(
            percent_encode_path("/activités/x y/a-b_c.~!$&'()*+,;=:@"),
            "/activit%C3%A9s/x%20y/a-b_c.~!$&'()*+,;=:@"
        );
        assert_eq!(percent_decode(&percent_encode_path("/a%b/é?")).unwrap(), "/a%b/é?");
    }

    #[test]
    fn escaping_and_back() {
        assert_eq!(escape(r#"<a href="x">&</a>"#), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
        let mut out = String::new();
        escape_into("\"a\" < b", &mut out, false);
        assert_eq!(out, "\"a\" &lt; b");
        assert_eq!(unescape("l&#39;accord &amp; &lt;co&gt;"), "l'accord & <co>");
    }

    #[test]
    fn percent_encoding_of_utf8() {
        assert_eq!(percent_encode("Message de « CNR »"), "Message%20de%20%C2%AB%20CNR%20%C2%BB");
        assert_eq!(percent_encode("a-b_c.d~e/f?g&h"), "a-b_c.d~e%2Ff%3Fg%26h");
    }

    #[test]
    fn percent_decoding_refuses_what_no_path_can_hold() {
        assert_eq!(percent_decode("Photo%201.jpg").as_deref(), Some("Photo 1.jpg"));
        assert_eq!(percent_decode("/%2e%2e/etc").as_deref(), Some("/../etc"));
        assert_eq!(percent_decode("/r%C3%A9union/").as_deref(), Some("/réunion/"));
        for bad in ["/a%00b", "/a%zz", "/a%2", "100%", "/%C3"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(position("ab\néé x", 7), (1, 3));
        assert_eq!(position("abc", 0), (0, 1));
        let index = LineIndex::new("ab\r\néé x\n\nlast");
        assert_eq!(index.position(index.text.len()), (3, 5));
        assert_eq!(index.position(6), (1, 2), "inside a character, its position");
        // Asked out of order, and again in order along one line.
        assert_eq!([index.position(4), index.position(9), index.position(7)], [(1, 1), (1, 4), (1, 2)]);
        assert_eq!([index.position(12), index.position(13), index.position(0)], [(3, 1), (3, 2), (0, 1)]);
        assert_eq!(
            [index.line(1), index.line(2), index.line(3), index.line(4)],
            [Some("ab"), Some("éé x"), Some(""), Some("last")]
        );
        assert_eq!((index.line(0), index.line(5)), (None, None));
    }
}
