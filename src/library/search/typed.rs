//! What a person types, as an FTS5 query.

/// What a person typed, as an FTS5 query. Text that uses the query syntax
/// (a quote, parentheses, `*`, `:`, `^`, `+`, or `AND`/`OR`/`NOT`/`NEAR`)
/// is taken as it is; plain words are each quoted, so punctuation inside a
/// word (`al-Assad`, `U.S.`) is not a syntax error. With `prefix`, the
/// last word, while it is still being typed, also matches longer words
/// (`lach` finds `Lachin`).
pub fn typed(input: &str, prefix: bool) -> String {
    let words: Vec<&str> = input.split_whitespace().collect();
    let syntax = input.contains(['"', '(', ')', '*', ':', '^', '+'])
        || words
            .iter()
            .any(|w| matches!(*w, "AND" | "OR" | "NOT" | "NEAR"));
    if syntax {
        return input.trim().to_owned();
    }
    let typing = prefix && !input.ends_with(char::is_whitespace);
    let n = words.len();
    let quoted: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if typing && i + 1 == n {
                format!("\"{w}\"*")
            } else {
                format!("\"{w}\"")
            }
        })
        .collect();
    quoted.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_quoted_and_the_last_one_typed_is_a_prefix() {
        assert_eq!(typed("lach", true), "\"lach\"*");
        assert_eq!(typed("al-Assad corr", true), "\"al-Assad\" \"corr\"*");
        assert_eq!(typed("lachin ", true), "\"lachin\"");
        assert_eq!(typed("U.S. aid", false), "\"U.S.\" \"aid\"");
        assert_eq!(typed("   ", true), "");
    }

    #[test]
    fn query_syntax_is_kept_as_written() {
        assert_eq!(typed("lachin AND corridor", true), "lachin AND corridor");
        assert_eq!(typed("\"lachin corr", true), "\"lachin corr");
        assert_eq!(typed("title:baku", true), "title:baku");
        assert_eq!(typed("lach*", false), "lach*");
    }
}
