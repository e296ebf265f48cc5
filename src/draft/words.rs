//! Words, numbers and punctuation with their byte offsets in the article.
//!
//! Every rule of the drafter looks at tokens, never at raw bytes, and every
//! token remembers where it came from, so what a rule finds can be quoted
//! verbatim.

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters, with inner hyphens (`Haut-Karabakh`, `vingt-deux`).
    Word,
    /// A run of ASCII digits; separators and decimals are joined later.
    Digits,
    /// Any other character that is not white space, one per token.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Byte offsets in the text the tokens were cut from.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

impl Token<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }

    pub fn is_digits(&self) -> bool {
        self.kind == Kind::Digits
    }

    pub fn is_punct(&self, chars: &str) -> bool {
        self.kind == Kind::Punct && chars.contains(self.text)
    }

    /// The word in lower case, for comparing with word lists.
    pub fn lower(&self) -> String {
        self.text.to_lowercase()
    }

    /// Whether the word, in lower case, is one of `words`.
    pub fn is(&self, words: &[&str]) -> bool {
        self.kind == Kind::Word
            && if self.text.chars().any(char::is_uppercase) {
                words.contains(&self.lower().as_str())
            } else {
                words.contains(&self.text)
            }
    }

    /// Starts with an upper-case letter.
    pub fn is_capitalised(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// The digits as a number, if they are one.
    pub fn number(&self) -> Option<u64> {
        if self.kind == Kind::Digits && self.text.len() <= 15 {
            self.text.parse().ok()
        } else {
            None
        }
    }
}

/// Apostrophes split words: `l’Azerbaïdjan` is `l`, `’`, `Azerbaïdjan`.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || is_combining(c)
}

/// Combining marks stay inside the word they decorate (`e\u{301}`).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// Cuts `text[range]` into tokens; offsets are in `text`.
pub fn tokenize(text: &str, range: std::ops::Range<usize>) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let slice = &text[range.clone()];
    let base = range.start;
    let mut chars = slice.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let start = base + i;
        if c.is_whitespace() {
            continue;
        }
        let (kind, mut end) = if c.is_ascii_digit() {
            (Kind::Digits, start + 1)
        } else if is_word_char(c) {
            (Kind::Word, start + c.len_utf8())
        } else {
            out.push(Token {
                text: &text[start..start + c.len_utf8()],
                start,
                end: start + c.len_utf8(),
                kind: Kind::Punct,
            });
            continue;
        };
        while let Some(&(j, d)) = chars.peek() {
            let next = base + j;
            let more = match kind {
                Kind::Digits => d.is_ascii_digit(),
                _ => {
                    is_word_char(d)
                        // An inner hyphen joins two words: `Croix-Rouge`.
                        || (d == '-' || d == '‑')
                            && text[next + d.len_utf8()..range.end]
                                .chars()
                                .next()
                                .is_some_and(is_word_char)
                }
            };
            if !more {
                break;
            }
            end = next + d.len_utf8();
            chars.next();
        }
        out.push(Token {
            text: &text[start..end],
            start,
            end,
            kind,
        });
    }
    out
}

/// The text of consecutive tokens, one space where the article has white space.
pub fn join(tokens: &[Token<'_>]) -> String {
    let mut out = String::new();
    for (k, t) in tokens.iter().enumerate() {
        if k > 0 && tokens[k - 1].end < t.start {
            out.push(' ');
        }
        out.push_str(t.text);
    }
    out
}

/// Whether nothing at all (not even a space) separates two tokens.
pub fn touching(a: &Token<'_>, b: &Token<'_>) -> bool {
    a.end == b.start
}

/// Lower case without accents, for ids and for comparing names with their
/// demonyms: `Azerbaïdjan` → `azerbaidjan`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        let plain = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
            'æ' => "ae",
            'ç' | 'ć' | 'č' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
            'œ' => "oe",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'ş' | 'š' | 'ś' => "s",
            'ğ' => "g",
            'ž' | 'ź' | 'ż' => "z",
            'ł' => "l",
            'đ' | 'ð' => "d",
            'ř' => "r",
            'ť' => "t",
            'ə' => "a",
            c if is_combining(c) => "",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(plain);
    }
    out
}

/// An id in the format's alphabet: folded, anything else a single `-`.
pub fn slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s, 0..s.len()).iter().map(|t| t.text).collect()
    }

    #[test]
    fn words_digits_and_punctuation_keep_their_offsets() {
        assert_eq!(
            texts("L’Azerbaïdjan, 120\u{202f}000 Arméniens à 14h00."),
            [
                "L",
                "’",
                "Azerbaïdjan",
                ",",
                "120",
                "000",
                "Arméniens",
                "à",
                "14",
                "h",
                "00",
                "."
            ]
        );
        let s = "vingt-deux « Croix-Rouge »";
        let t = tokenize(s, 0..s.len());
        assert_eq!(texts(s), ["vingt-deux", "«", "Croix-Rouge", "»"]);
        assert_eq!(&s[t[2].start..t[2].end], "Croix-Rouge");
        assert_eq!(texts("a - b"), ["a", "-", "b"]);
    }

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("Azerbaïdjan", 40), "azerbaidjan");
        assert_eq!(
            slug("Comité international de la Croix-Rouge", 40),
            "comite-international-de-la-croix-rouge"
        );
        assert_eq!(slug("«Ça»", 40), "ca");
        assert!(crate::briefing::validate::is_valid_id(&slug(
            "Œuvre d’Orient",
            40
        )));
    }
}
