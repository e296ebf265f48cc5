//! The top-level keys of a briefing's head as most files write them, read
//! without the TOML parser: one `key = value` per line, with a bare key and
//! a value that is a string on one line, an array of such strings on one
//! line, a plain integer or a boolean, and comments. That is what a head
//! nearly always is, and the parser costs more than the rest of listing a
//! file. Anything else (a quoted or dotted key, a multi-line string, a date,
//! an escape outside the common ones, a key twice...) gives `None`, and the
//! TOML parser reads the head instead, so what this accepts it reads exactly
//! as the parser does (a property test holds it to that).

/// A value of the subset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Strs(Vec<String>),
    /// An integer or a boolean: valid, and of no use to the list.
    Other,
}

/// The keys of `head` (the text above the first table header) with their
/// values, in order; `None` if any line is outside the subset.
pub fn parse(head: &str) -> Option<Vec<(&str, Value)>> {
    let mut keys: Vec<(&str, Value)> = Vec::with_capacity(12);
    for line in head.split_inclusive('\n') {
        // TOML's newline is LF or CRLF; a CR anywhere else is refused below.
        let line = line
            .strip_suffix("\r\n")
            .or_else(|| line.strip_suffix('\n'))
            .unwrap_or(line);
        let rest = skip_ws(line);
        if rest.is_empty() || comment(rest)? {
            continue;
        }
        let end = rest
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
            .unwrap_or(rest.len());
        let (key, rest) = rest.split_at(end);
        let rest = skip_ws(rest).strip_prefix('=')?;
        if key.is_empty() || keys.iter().any(|(k, _)| *k == key) {
            return None;
        }
        let (value, rest) = value(skip_ws(rest))?;
        let rest = skip_ws(rest);
        if !rest.is_empty() && !comment(rest)? {
            return None;
        }
        keys.push((key, value));
    }
    Some(keys)
}

fn skip_ws(s: &str) -> &str {
    s.trim_start_matches([' ', '\t'])
}

/// Whether `s` is a comment; `None` for one holding a control character
/// (refused by TOML, or in doubt).
fn comment(s: &str) -> Option<bool> {
    if !s.starts_with('#') {
        return Some(false);
    }
    s.chars().all(|c| !is_control(c)).then_some(true)
}

/// A control character other than tab: not allowed raw in a string or a
/// comment.
fn is_control(c: char) -> bool {
    (c < ' ' && c != '\t') || c == '\u{7f}'
}

fn value(s: &str) -> Option<(Value, &str)> {
    match s.as_bytes().first()? {
        b'"' | b'\'' => {
            let (text, rest) = string(s)?;
            Some((Value::Str(text), rest))
        }
        b'[' => {
            let mut items = Vec::new();
            let mut rest = skip_ws(&s[1..]);
            loop {
                if let Some(after) = rest.strip_prefix(']') {
                    return Some((Value::Strs(items), after));
                }
                let (text, after) = string(rest)?;
                items.push(text);
                rest = skip_ws(after);
                match rest.strip_prefix(',') {
                    Some(after) => rest = skip_ws(after),
                    None if rest.starts_with(']') => {}
                    None => return None,
                }
            }
        }
        b't' | b'f' => {
            let word = s.split([' ', '\t', '#']).next()?;
            matches!(word, "true" | "false").then(|| (Value::Other, &s[word.len()..]))
        }
        b'0'..=b'9' => {
            let end = s
                .bytes()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(s.len());
            let (digits, rest) = s.split_at(end);
            // No leading zero, and nothing numeric after (`1.5`, `1_000`, `1e3`, a date).
            let plain = digits == "0" || !digits.starts_with('0');
            let next = rest.bytes().next();
            (plain && next.is_none_or(|b| b == b' ' || b == b'\t' || b == b'#'))
                .then_some((Value::Other, rest))
        }
        _ => None,
    }
}

/// A basic (`"…"`) or literal (`'…'`) string on one line, and what follows
/// it. Multi-line strings and the rarer escapes are left to the parser.
fn string(s: &str) -> Option<(String, &str)> {
    if s.starts_with("\"\"\"") || s.starts_with("'''") {
        return None;
    }
    let quote = s.chars().next()?;
    if quote == '\'' {
        let body = &s[1..];
        let end = body.find('\'')?;
        let text = &body[..end];
        return (!text.chars().any(is_control)).then(|| (text.to_owned(), &body[end + 1..]));
    }
    if quote != '"' {
        return None;
    }
    let body = &s[1..];
    let bytes = body.as_bytes();
    let mut out = String::new();
    // Runs of plain characters are copied whole (a quote, a backslash and
    // a control character are ASCII: never inside a multi-byte character).
    let (mut at, mut from) = (0, 0);
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' => {
                out.push_str(&body[from..at]);
                return Some((out, &body[at + 1..]));
            }
            b'\\' => {
                out.push_str(&body[from..at]);
                let (c, len) = escape(&bytes[at + 1..])?;
                out.push(c);
                at += 1 + len;
                from = at;
            }
            b if (b < b' ' && b != b'\t') || b == 0x7f => return None,
            _ => at += 1,
        }
    }
    None
}

/// The character an escape (after its backslash) stands for, and its length.
fn escape(bytes: &[u8]) -> Option<(char, usize)> {
    let simple = match bytes.first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'n' => '\n',
        b't' => '\t',
        b'r' => '\r',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'u' => return hex(&bytes[1..], 4),
        b'U' => return hex(&bytes[1..], 8),
        _ => return None,
    };
    Some((simple, 1))
}

/// `\uXXXX` or `\UXXXXXXXX`: a Unicode scalar value in hex digits.
fn hex(bytes: &[u8], n: usize) -> Option<(char, usize)> {
    let digits = bytes.get(..n)?;
    let mut code = 0u32;
    for &d in digits {
        code = code * 16 + char::from(d).to_digit(16)?;
    }
    Some((char::from_u32(code)?, 1 + n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(v: &[&str]) -> Value {
        Value::Strs(v.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn the_usual_head_is_read() {
        let head = "format = 1\nid = \"a-1\" # the id\n\n# a comment\ntitle='It''s'\n";
        assert_eq!(parse(head), None, "'It''s' is two strings");
        let head = "format = 1\r\nid = \"a-1\" # the id\r\n\n# a comment\r\ntitle = \"Say \\\"hi\\\" \\u00e9\\U0001F600\"\ntags = [ \"a\", 'b' ,]\nok = true\nn = 0\n";
        assert_eq!(
            parse(head),
            Some(vec![
                ("format", Value::Other),
                ("id", Value::Str("a-1".into())),
                ("title", Value::Str("Say \"hi\" é😀".into())),
                ("tags", strs(&["a", "b"])),
                ("ok", Value::Other),
                ("n", Value::Other),
            ])
        );
        assert_eq!(parse("tags = []"), Some(vec![("tags", strs(&[]))]));
    }

    #[test]
    fn anything_else_is_left_to_the_parser() {
        for head in [
            "\"id\" = \"x\"",
            "a.b = \"x\"",
            "id = \"x\"\nid = \"y\"",
            "id = \"\"\"x\"\"\"",
            "id = '''x'''",
            "id = \"x\\e\"",
            "id = \"x\\q\"",
            "id = \"x\\ud800\"",
            "id = \"a\tb\u{1}\"",
            "id = \"x\" y",
            "id = \"x",
            "date = 2023-01-02",
            "n = 01",
            "n = 1.5",
            "n = 1_000",
            "n = +1",
            "ok = truth",
            "tags = [\"a\" \"b\"]",
            "tags = [\"a\",\n\"b\"]",
            "tags = [1]",
            "t = {a = 1}",
            "id = \"x\" # \u{7f}",
            "id = \"x\"\rtitle = \"y\"",
            "id",
            "= \"x\"",
        ] {
            assert_eq!(parse(head), None, "{head:?}");
        }
    }

    /// What the TOML parser makes of a value, in the subset's terms.
    fn as_parsed(v: &toml::Value) -> Option<Value> {
        match v {
            toml::Value::String(s) => Some(Value::Str(s.clone())),
            toml::Value::Integer(_) | toml::Value::Boolean(_) => Some(Value::Other),
            toml::Value::Array(a) => a
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Value::Strs),
            _ => None,
        }
    }

    /// Whatever the subset accepts, the parser reads the same (same keys,
    /// same values, in order).
    fn agrees(head: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        let Some(keys) = parse(head) else {
            return Ok(());
        };
        let table: toml::Table = toml::from_str(head)
            .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{head:?}: {e}")))?;
        let parsed: Vec<(&str, Option<Value>)> = table
            .iter()
            .map(|(k, v)| (k.as_str(), as_parsed(v)))
            .collect();
        let mine: Vec<(&str, Option<Value>)> =
            keys.into_iter().map(|(k, v)| (k, Some(v))).collect();
        let mut sorted = mine.clone();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        proptest::prop_assert_eq!(sorted, parsed, "{:?}", head);
        Ok(())
    }

    fn piece() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just(" ".to_owned()),
            Just("\t".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\r".to_owned()),
            Just("=".to_owned()),
            Just("\"".to_owned()),
            Just("'".to_owned()),
            Just("\\".to_owned()),
            Just("#".to_owned()),
            Just(",".to_owned()),
            Just("[".to_owned()),
            Just("]".to_owned()),
            Just("{".to_owned()),
            Just(".".to_owned()),
            Just("id".to_owned()),
            Just("title".to_owned()),
            Just("tags".to_owned()),
            Just("true".to_owned()),
            Just("0".to_owned()),
            Just("12".to_owned()),
            Just("_".to_owned()),
            Just("-".to_owned()),
            Just("+".to_owned()),
            Just("e".to_owned()),
            Just("u00e9".to_owned()),
            Just("U0001F600".to_owned()),
            Just("ud800".to_owned()),
            Just("\u{1}".to_owned()),
            Just("\u{7f}".to_owned()),
            Just("\u{feff}".to_owned()),
            Just("é".to_owned()),
            // Escapes, whole: the common ones, and ones left to the parser.
            Just("\\\"".to_owned()),
            Just("\\\\".to_owned()),
            Just("\\n".to_owned()),
            Just("\\t".to_owned()),
            Just("\\b".to_owned()),
            Just("\\u00e9".to_owned()),
            Just("\\U0001F600".to_owned()),
            Just("\\U00110000".to_owned()),
            Just("\\udfff".to_owned()),
            Just("\\e".to_owned()),
            Just("\\x41".to_owned()),
            Just("2023-01-02".to_owned()),
            "[a-z]{1,3}",
            "\\PC{0,3}",
        ]
    }

    /// A line of the subset, or close to it.
    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop_oneof![
            Just("id".to_owned()),
            Just("title".to_owned()),
            Just("tags".to_owned()),
            Just("date".to_owned()),
            "[A-Za-z0-9_-]{1,4}",
        ];
        let text = || proptest::collection::vec(piece(), 0..4).prop_map(|v| v.concat());
        let string = || {
            prop_oneof![
                text().prop_map(|t| format!("\"{t}\"")),
                text().prop_map(|t| format!("'{t}'")),
            ]
        };
        let value = prop_oneof![
            string(),
            proptest::collection::vec(string(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            "[0-9]{1,3}",
            Just("true".to_owned()),
            text(),
        ];
        (key, "[ \t]{0,2}", value, text(), proptest::bool::ANY).prop_map(
            |(k, ws, v, tail, comment)| {
                let tail = if comment { format!(" #{tail}") } else { tail };
                format!("{ws}{k}{ws}={ws}{v}{tail}")
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn what_the_subset_reads_the_parser_reads_the_same(
            lines in proptest::collection::vec(line(), 0..5),
            ends in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("\n"),
                    proptest::strategy::Just("\r\n"),
                ],
                5,
            ),
        ) {
            let head: String = lines
                .iter()
                .zip(&ends)
                .map(|(l, e)| format!("{l}{e}"))
                .collect();
            agrees(&head)?;
        }

        #[test]
        fn on_any_text_too(pieces in proptest::collection::vec(piece(), 0..12)) {
            agrees(&pieces.concat())?;
        }
    }
}
