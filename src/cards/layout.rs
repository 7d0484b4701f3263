//! Where the words of a share card go. A text takes the largest size at which all of it fits its
//! frame, in lines of even length (no word alone on the last line); a text too long even at the
//! smallest size keeps as many lines as fit, the last cut at a word and ended with « … »; a word
//! wider than a line is split, with a hyphen. Lines break at spaces only: a no-break space
//! (« HCR », 8 h) keeps its words together.
//!
//! Widths are in ems, so that one measure of each word serves every size tried. No crate lays
//! out a text this way (they wrap at one size, into a box of any height).

use std::ops::Range;

/// What a text must fit in, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f32,
    pub height: f32,
    /// The sizes tried, from the largest down to the smallest, in steps of 2 pixels.
    pub largest: f32,
    pub smallest: f32,
    /// From one line's baseline to the next, in ems.
    pub leading: f32,
    /// At most this many lines, whatever the height.
    pub max_lines: usize,
}

impl Frame {
    /// How many lines fit at `size`: the first takes a capital's height, each other a leading.
    fn lines_at(&self, size: f32, cap_height: f32) -> usize {
        let more = ((self.height - cap_height * size) / (self.leading * size)).floor().max(0.0) as usize;
        more.saturating_add(1).min(self.max_lines).max(1)
    }
}

/// A text laid out: its size in pixels and its lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub size: f32,
    pub lines: Vec<String>,
}

/// The width of a text in ems, as the font draws it.
pub type Measure<'a> = &'a dyn Fn(&str) -> f32;

const ELLIPSIS: &str = "…";

/// Lays `text` out in `frame`; `cap_height` is the height of a capital, in ems.
pub fn fit(text: &str, frame: &Frame, cap_height: f32, measure: Measure) -> Block {
    let words: Vec<(&str, f32)> = text.split(' ').filter(|w| !w.is_empty()).map(|w| (w, measure(w))).collect();
    let space = measure(" ");
    let mut size = frame.largest;
    loop {
        let width = frame.width / size;
        let pieces = split_long_words(&words, width, measure);
        let allowed = frame.lines_at(size, cap_height);
        let lines = wrap(&pieces, space, width);
        if lines.len() <= allowed {
            let lines = balance(&pieces, space, width, lines.len());
            return Block { size, lines: lines.into_iter().map(|range| join(&pieces[range])).collect() };
        }
        if size - 2.0 < frame.smallest {
            let lines = shorten(&pieces, &lines[..allowed], space, width, measure);
            return Block { size, lines };
        }
        size -= 2.0;
    }
}

/// Each word, and the words wider than `width` split in pieces that fit, each but the last
/// ended with a hyphen.
fn split_long_words(words: &[(&str, f32)], width: f32, measure: Measure) -> Vec<(String, f32)> {
    let mut pieces = Vec::with_capacity(words.len());
    for &(word, word_width) in words {
        if word_width <= width {
            pieces.push((word.to_string(), word_width));
            continue;
        }
        let mut rest = word;
        while !rest.is_empty() {
            let (piece, piece_width, used) = longest_piece(rest, width, measure);
            rest = &rest[used..];
            pieces.push((piece, piece_width));
        }
    }
    pieces
}

/// The longest start of `word` that fits `width` with a hyphen after it (at least one
/// character), or the whole word when it fits: the piece, its width, the bytes of `word` used.
fn longest_piece(word: &str, width: f32, measure: Measure) -> (String, f32, usize) {
    let whole = measure(word);
    if whole <= width {
        return (word.to_string(), whole, word.len());
    }
    let mut ends = word.char_indices().map(|(i, c)| i + c.len_utf8()).take_while(|&end| end < word.len());
    let Some(first) = ends.next() else { return (word.to_string(), whole, word.len()) };
    let hyphenated = |end: usize| {
        let piece = format!("{}-", &word[..end]);
        let piece_width = measure(&piece);
        (piece, piece_width, end)
    };
    let mut best = hyphenated(first);
    for end in ends {
        let candidate = hyphenated(end);
        if candidate.1 > width {
            break;
        }
        best = candidate;
    }
    best
}

/// Lines filled greedily: each takes words while they fit.
fn wrap(pieces: &[(String, f32)], space: f32, width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    for (index, (_, piece_width)) in pieces.iter().enumerate() {
        if index > start && used + space + piece_width > width {
            lines.push(start..index);
            start = index;
            used = 0.0;
        }
        used += if index > start { space + piece_width } else { *piece_width };
    }
    if start < pieces.len() {
        lines.push(start..pieces.len());
    }
    lines
}

/// The same number of lines, made as even as they can be: the narrowest width that still
/// holds the text in `count` lines.
fn balance(pieces: &[(String, f32)], space: f32, width: f32, count: usize) -> Vec<Range<usize>> {
    let (mut low, mut high) = (0.0_f32, width);
    for _ in 0..12 {
        let middle = (low + high) / 2.0;
        if wrap(pieces, space, middle).len() <= count && pieces.iter().all(|(_, w)| *w <= middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    wrap(pieces, space, high)
}

/// The first lines of a text too long for them, the last ended with « … » where it fits, cut
/// after a word and without the punctuation before the cut.
fn shorten(pieces: &[(String, f32)], lines: &[Range<usize>], space: f32, width: f32, measure: Measure) -> Vec<String> {
    let mut out: Vec<String> = lines.iter().map(|range| join(&pieces[range.clone()])).collect();
    let Some(last) = lines.last() else { return out };
    let ellipsis = measure(ELLIPSIS);
    let mut end = last.end;
    loop {
        let kept = &pieces[last.start..end];
        let text = join(kept).trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—(«".contains(c)).to_string();
        let text_width = kept.iter().map(|(_, w)| w).sum::<f32>() + space * kept.len().saturating_sub(1) as f32;
        if text_width + ellipsis <= width || end == last.start + 1 {
            let text = if text_width + ellipsis <= width { text } else { cut_to(&text, width - ellipsis, measure) };
            *out.last_mut().expect("a last line") = format!("{text}{ELLIPSIS}");
            return out;
        }
        end -= 1;
    }
}

/// The longest start of `text` narrower than `width`.
fn cut_to(text: &str, width: f32, measure: Measure) -> String {
    let mut end = text.len();
    while end > 0 && measure(&text[..end]) > width {
        end = text[..end].char_indices().last().map_or(0, |(i, _)| i);
    }
    text[..end].to_string()
}

fn join(pieces: &[(String, f32)]) -> String {
    pieces.iter().map(|(text, _)| text.as_str()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character half an em wide, like a monospaced font.
    fn mono(text: &str) -> f32 {
        text.chars().count() as f32 * 0.5
    }

    /// 20 characters a line at 40 pixels, 10 at 80.
    const FRAME: Frame =
        Frame { width: 400.0, height: 300.0, largest: 80.0, smallest: 40.0, leading: 1.25, max_lines: 3 };

    fn lay(text: &str, frame: &Frame) -> Block {
        fit(text, frame, 0.7, &mono)
    }

    fn fits(block: &Block, frame: &Frame) -> bool {
        block.lines.iter().all(|l| mono(l) * block.size <= frame.width + 0.01)
    }

    #[test]
    fn a_short_text_takes_the_largest_size() {
        assert_eq!(lay("Contact", &FRAME), Block { size: 80.0, lines: vec!["Contact".into()] });
    }

    #[test]
    fn a_longer_text_gets_smaller_until_it_fits() {
        let block = lay("Réunion de la commission tripartite à Ménaka", &FRAME);
        assert!(block.size < 80.0 && block.size >= 40.0, "{block:?}");
        assert!(block.lines.len() <= 3 && fits(&block, &FRAME), "{block:?}");
        assert_eq!(block.lines.join(" "), "Réunion de la commission tripartite à Ménaka", "nothing lost");
    }

    #[test]
    fn lines_are_even_not_a_word_alone_at_the_end() {
        let frame = Frame { largest: 40.0, ..FRAME };
        let block = lay("un deux trois quatre cinq six", &frame);
        assert_eq!(block.lines, ["un deux trois", "quatre cinq six"]);
    }

    #[test]
    fn a_text_too_long_is_cut_at_a_word_with_an_ellipsis() {
        let title = "Cérémonie de signature du plan de travail 2026 entre le Ministère de la Santé et du \
                     Développement Social et le Haut-Commissariat pour les Réfugiés (HCR)";
        let block = lay(title, &FRAME);
        assert_eq!(block.size, 40.0, "the smallest size");
        assert_eq!(block.lines.len(), 3);
        assert!(fits(&block, &FRAME), "{block:?}");
        let last = block.lines.last().unwrap();
        assert!(last.ends_with('…') && !last.ends_with(" …"), "{last}");
        let shown = block.lines.join(" ");
        let kept = shown.trim_end_matches('…');
        assert!(title.starts_with(kept), "cut at a word: {shown}");
        assert!(title[kept.len()..].starts_with(' '), "cut at a word: {shown}");
    }

    #[test]
    fn punctuation_before_the_cut_goes() {
        let frame = Frame { width: 440.0, largest: 40.0, max_lines: 1, ..FRAME };
        assert_eq!(lay("Bilan 2026 : retours, réintégration, suite", &frame).lines, ["Bilan 2026 : retours…"]);
        let frame = Frame { width: 400.0, ..frame };
        assert_eq!(lay("Bilan 2026 : retours, réintégration, suite", &frame).lines, ["Bilan 2026…"]);
    }

    #[test]
    fn a_word_wider_than_a_line_is_split_with_a_hyphen() {
        let block = lay("Anticonstitutionnellementissimement vôtre", &FRAME);
        assert!(fits(&block, &FRAME), "{block:?}");
        assert!(block.lines[0].ends_with('-'), "{block:?}");
        assert_eq!(block.lines.join("").replace(['-', ' '], ""), "Anticonstitutionnellementissimementvôtre");
    }

    #[test]
    fn a_single_word_too_long_for_every_line_is_cut_with_an_ellipsis() {
        let frame = Frame { max_lines: 1, ..FRAME };
        let block = lay("Anticonstitutionnellementissimement", &frame);
        assert_eq!(block.lines.len(), 1);
        assert!(fits(&block, &frame) && block.lines[0].ends_with('…'), "{block:?}");
    }

    #[test]
    fn no_break_spaces_hold_their_words_together() {
        let frame = Frame { largest: 40.0, ..FRAME };
        let block = lay("Réunion du comité de suivi «\u{202f}HCR\u{202f}» à Gao", &frame);
        assert!(block.lines.iter().any(|l| l.contains("«\u{202f}HCR\u{202f}»")), "{block:?}");
    }

    #[test]
    fn the_height_limits_the_lines() {
        // 3 lines at 40 px need 0.7 × 40 + 2 × 1.25 × 40 = 128 pixels.
        let frame = Frame { height: 127.0, max_lines: 9, ..FRAME };
        assert_eq!(frame.lines_at(40.0, 0.7), 2);
        assert_eq!(Frame { height: 128.0, ..frame }.lines_at(40.0, 0.7), 3);
        assert_eq!(Frame { height: 1.0, ..frame }.lines_at(40.0, 0.7), 1, "always one line");
    }

    #[test]
    fn an_empty_text_has_no_line() {
        assert!(lay("  ", &FRAME).lines.is_empty());
    }
}
