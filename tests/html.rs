//! `brief show --format html`: a self-contained page that loads nothing,
//! runs nothing, and shows hostile text as text.

use std::path::Path;

use assert_cmd::Command;

const KARABAKH: &str = "briefings/2023-09-19-karabakh-offensive.toml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn html(file: &Path, extra: &[&str]) -> String {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .current_dir(root())
        .args(["show", "--format", "html"])
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The elements the page may use: none runs code or fetches anything.
const ALLOWED: &[&str] = &[
    "!DOCTYPE",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "footer",
    "section",
    "h1",
    "h2",
    "p",
    "span",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "abbr",
    "a",
    "cite",
    "code",
];

/// A tag's attributes, as (name, value): values are always double-quoted here.
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return out;
        }
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_ascii_lowercase();
        rest = &rest[key_end..];
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix("=\"") {
            let close = r.find('"').expect("attribute values are quoted");
            value = r[..close].to_owned();
            rest = &r[close + 1..];
        }
        out.push((key, value));
    }
}

/// Every tag in the page is an allowed element with no event handler and no
/// link other than to a place in the page or the web.
fn assert_inert(page: &str) {
    let mut rest = page;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("every tag is closed") + start;
        let tag = &rest[start + 1..end];
        let name = tag
            .trim_start_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        assert!(ALLOWED.contains(&name), "unexpected element <{tag}>");
        for (key, value) in attributes(tag) {
            assert!(!key.starts_with("on"), "event handler in <{tag}>");
            assert!(
                !["src", "srcdoc", "style", "formaction"].contains(&key.as_str()),
                "<{tag}>"
            );
            if key == "href" {
                assert!(
                    value.starts_with('#')
                        || value.starts_with("https://")
                        || value.starts_with("http://"),
                    "link in <{tag}>"
                );
            }
        }
        rest = &rest[end + 1..];
    }
    let lower = page.to_ascii_lowercase();
    assert!(
        !lower.contains("@import") && !lower.contains("url("),
        "the style loads nothing"
    );
}

#[test]
fn the_karabakh_page_has_every_section_figures_first_and_grades() {
    let page = html(Path::new(KARABAKH), &[]);
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.trim_end().ends_with("</html>"));
    assert_inert(&page);
    assert!(page.contains("<style>"), "the style is inline");
    assert!(page.contains("Content-Security-Policy"));
    for id in ["summary", "actors", "timeline", "figures", "sources"] {
        assert!(page.contains(&format!("<section id=\"{id}\">")), "{id}");
    }
    for (number, unit) in [
        ("11", "killed"),
        ("~120,000", "residents"),
        ("~3,000", "peacekeepers"),
    ] {
        assert!(
            page.contains(&format!(
                "<span class=\"number\">{number}</span><span class=\"unit\">{unit}</span>"
            )),
            "figure {number} {unit}"
        );
    }
    // The eleven dead are reported in the conditional: F3, in French.
    assert!(page.contains("<blockquote lang=\"fr\">“Onze policiers et civils azerbaïdjanais"));
    assert!(page.contains(">F3</abbr> possibly true"));
    assert!(page.contains("<span class=\"kind\">❝ statement</span>"));
    assert!(page.contains("✗ disputed by <a href=\"#actor-armenia-mod\">"));
    assert!(page.contains("<li id=\"source-article\"><cite lang=\"fr\">"));
    assert!(page.contains("<span class=\"when\">19 Sep 2023"));
}

#[test]
fn one_section_keeps_the_header_and_leaves_the_rest_out() {
    let page = html(Path::new(KARABAKH), &["--section", "figures"]);
    assert!(page.contains("<h1>Azerbaijan launches &quot;antiterrorist&quot;"));
    assert!(page.contains("<section id=\"figures\">"));
    assert!(!page.contains("<section id=\"timeline\">"));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("hostile.toml");
    std::fs::write(
        &file,
        r#"format = 1
id = "hostile"
title = '<script>alert(1)</script> "quoted" & more'
date = "2023-09-19"
tags = ["</style><script>x</script>"]

[summary]
headline = "Fine <b>bold</b> & <i>not</i>."
key_points = ["'single' \u001b[2J"]

[[actors]]
id = "a"
name = '"><img src=x onerror=alert(1)>'
kind = "other"

[[timeline]]
when = "2023-09-19"
what = "<script>document.location='http://evil'</script>"
actors = ["a"]
disputed_by = ["a"]
sources = ["s"]
quote = "</blockquote><script>"

[[sources]]
id = "s"
title = "A & B <c>"
url = "javascript:alert(document.cookie)"
language = "fr"
text = "x </blockquote><script> y"
"#,
    )
    .unwrap();
    let page = html(&file, &[]);
    assert_inert(&page);
    assert!(page.contains(
        "<title>&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more</title>"
    ));
    assert!(
        page.contains(
            "<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; more</h1>"
        )
    );
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(page.contains("Fine &lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;not&lt;/i&gt;."));
    assert!(page.contains("&lt;/style&gt;&lt;script&gt;x&lt;/script&gt;"));
    assert!(
        page.contains("&#39;single&#39; ␛[2J"),
        "controls shown, not sent"
    );
    assert!(!page.contains('\u{1b}'));
    assert!(page.contains("A &amp; B &lt;c&gt;"));
    // The page's own markup is intact: exactly one style and one body.
    assert_eq!(page.matches("</style>").count(), 1);
    assert_eq!(page.matches("<body>").count(), 1);
    assert_eq!(page.matches("</blockquote>").count(), 1);
}
