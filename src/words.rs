//! Words as search finds them: folded to lower case without accents (« Réintégration » →
//! `reintegration`), the same way here, when the build indexes a text, and in the search
//! page's script, when a visitor types a query.

/// A word as searched: lower case, without accents; `œ` and `æ` written out.
pub fn fold(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    word.chars().for_each(|c| fold_char(c, &mut folded));
    folded
}

fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        _ => unicode_normalization::char::decompose_canonical(c, |part| {
            if !unicode_normalization::char::is_combining_mark(part) {
                out.extend(part.to_lowercase());
            }
        }),
    }
}

/// The folded words of a text worth indexing: two characters or more. Marks are dropped
/// before words are cut, as the search page's script does.
pub fn words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    each_word(text, |w| found.push(w.to_string()));
    found
}

/// Calls `f` with each folded word of two characters or more of `text`. A number written in
/// groups of three digits (« 89 324 », "1,200,000") is one word, as if written without them,
/// so that a number copied from a page, where French typography groups it, finds it.
pub fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::new();
    let mut letters = 0;
    // Whether `word` is a number joined from groups.
    let mut joined = false;
    let mut rest = text;
    while let Some(&byte) = rest.as_bytes().first() {
        // Most text is ASCII: read it byte by byte, and decode only the rest.
        if byte.is_ascii_alphanumeric() {
            let run = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
            let start = word.len();
            word.push_str(&rest[..run]);
            word[start..].make_ascii_lowercase();
            letters += run;
            rest = &rest[run..];
            continue;
        }
        if let Some(after) = next_group(&word, joined, rest) {
            word.push_str(&after[..3]);
            letters += 3;
            joined = true;
            rest = &after[3..];
            continue;
        }
        if byte.is_ascii() {
            rest = &rest[1..];
        } else {
            let c = rest.chars().next().unwrap_or_default();
            rest = &rest[c.len_utf8()..];
            if c.is_alphanumeric() {
                fold_char(c, &mut word);
                letters += 1;
                continue;
            }
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
        }
        if letters >= 2 {
            f(&word);
        }
        word.clear();
        letters = 0;
        joined = false;
    }
    if letters >= 2 {
        f(&word);
    }
}

/// Separators between groups of three digits: a space, a no-break or narrow no-break space,
/// a comma.
const GROUP_SEPARATORS: [&str; 4] = [" ", "\u{A0}", "\u{202F}", ","];

/// When `word` is a number of one to three digits, or one already `joined`, and `rest` starts
/// with a separator and three digits that end a word: `rest` after the separator.
fn next_group<'t>(word: &str, joined: bool, rest: &'t str) -> Option<&'t str> {
    if word.is_empty() || !(joined || word.len() <= 3) || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let after = GROUP_SEPARATORS.iter().find_map(|sep| rest.strip_prefix(sep))?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let ends = !after[digits..].chars().next().is_some_and(char::is_alphanumeric);
    (digits == 3 && ends).then_some(after)
}

/// The words of a page's text ([`crate::model::Text::words`]), one per line.
pub fn lines(words: &str) -> impl Iterator<Item = &str> {
    // Words are short: a plain loop finds their end sooner than `memchr` is set up.
    let mut rest = words;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.bytes().position(|b| b == b'\n').unwrap_or(rest.len());
        let word = &rest[..end];
        rest = rest.get(end + 1..).unwrap_or_default();
        Some(word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_accents_and_capitals() {
        assert_eq!(fold("Réintégration"), "reintegration");
        assert_eq!(fold("ŒUVRE"), "oeuvre");
        assert_eq!(fold("Ménaka"), "menaka");
        assert_eq!(fold("HCR"), "hcr");
        assert_eq!(fold("ɛ"), "ɛ");
    }

    #[test]
    fn words_of_two_letters_or_more() {
        let found = words("À Bamako, l'équipe du HCR — 89 324 rapatriés.");
        assert_eq!(found, ["bamako", "equipe", "du", "hcr", "89324", "rapatries"]);
    }

    #[test]
    fn numbers_in_groups_of_three_are_one_word() {
        assert_eq!(words("1 200 000 FCFA"), ["1200000", "fcfa"]);
        assert_eq!(words("1,741 returnees"), ["1741", "returnees"]);
        assert_eq!(words("89\u{202F}324 et 2\u{A0}030"), ["89324", "et", "2030"]);
        // Years, decimals, phone numbers in pairs and digits stuck to letters stay apart.
        assert_eq!(words("en 2013 250 personnes"), ["en", "2013", "250", "personnes"]);
        assert_eq!(
            words("4,5 km, 74 01 90 01, 12 345abc, 12 3456"),
            ["km", "74", "01", "90", "01", "12", "345abc", "12", "3456"]
        );
    }
}
