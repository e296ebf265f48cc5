//! `brief show --format html`: one self-contained page for people without a
//! terminal, to mail or to open in a browser.
//!
//! The page has its style inline and nothing else: no script, no font, no
//! image, no link to load, and a Content-Security-Policy that forbids them
//! should one ever slip in. Briefings are untrusted, so every string from one
//! is sanitized like terminal output (no controls, no bidirectional
//! overrides) and then HTML-escaped, in text and in attributes alike; a URL
//! becomes a link only when it is `http` or `https`.

use std::fmt::Write as _;

use super::Section;
use super::show::sections;
use crate::briefing::{Attribution, Briefing, EntryKind};
use crate::text::sanitize_line;

/// Text made safe for HTML, in element content and in quoted attribute
/// values: the five characters that mean something in markup become entities.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Untrusted text from a briefing, sanitized and escaped.
fn t(s: &str) -> String {
    escape(&sanitize_line(s))
}

const STYLE: &str = r#"
:root { color-scheme: light dark; --muted: #5b6270; --rule: #d5d9e0; --accent: #1d4e89; --warn: #a4262c; --quote: #f3f5f8; }
@media (prefers-color-scheme: dark) { :root { --muted: #a3abb8; --rule: #3a404a; --accent: #8db8f0; --warn: #ff8a8f; --quote: #22262d; } }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .2rem 0 .4rem; }
h2 { font-size: 1.15rem; text-transform: uppercase; letter-spacing: .06em; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2rem; }
.facts, .tags, .meta { color: var(--muted); font-size: .92rem; margin: .2rem 0; }
.priority { display: inline-block; font-size: .78rem; font-weight: 700; text-transform: uppercase; letter-spacing: .08em; padding: .05rem .45rem; border: 1px solid currentColor; border-radius: 3px; color: var(--muted); }
.priority-high, .priority-critical { color: var(--warn); }
.headline { font-weight: 600; font-size: 1.08rem; }
dl.actors dt { font-weight: 600; margin-top: .7rem; }
dl.actors dd { margin-left: 1.2rem; }
ol.timeline, ul.figures { list-style: none; padding: 0; }
ol.timeline > li, ul.figures > li { margin: 0 0 1.1rem; padding-left: .8rem; border-left: 3px solid var(--rule); }
ol.timeline > li.statement { border-left-color: var(--accent); }
.when { font-weight: 600; font-variant-numeric: tabular-nums; }
.kind { color: var(--accent); font-size: .9rem; margin-left: .4rem; }
.what { margin: .15rem 0; }
.number { font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.unit { font-weight: 600; margin-left: .3rem; }
blockquote { margin: .35rem 0; padding: .3rem .7rem; background: var(--quote); border-left: 3px solid var(--rule); font-style: italic; }
.grade { font-family: ui-monospace, "SF Mono", Menlo, Consolas, monospace; font-weight: 700; text-decoration: none; border-bottom: 1px dotted; }
.disputed { color: var(--warn); }
ol.sources > li { margin-bottom: .6rem; }
a { color: var(--accent); }
.meta a { color: inherit; }
.disputed a { color: var(--warn); }
.url { word-break: break-all; font-size: .9rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } blockquote { background: none; } }
"#;

/// The whole page: a header, then the asked-for sections in the text
/// output's order. The header is always there, since a page needs its title.
pub fn html(b: &Briefing, only: Option<Section>) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"brief {version}\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang = t(&b.language),
        version = env!("CARGO_PKG_VERSION"),
        title = t(&b.title),
    );
    header(&mut o, b);
    for section in sections(only) {
        match section {
            Section::Summary => summary(&mut o, b),
            Section::Actors => actors(&mut o, b),
            Section::Timeline => timeline(&mut o, b),
            Section::Figures => figures(&mut o, b),
            Section::Sources => sources(&mut o, b),
        }
    }
    let _ = write!(
        o,
        "<footer>Briefing <code>{}</code>, exported by brief {}. Grades are Admiralty codes: \
         source reliability A (completely reliable) to F (cannot be judged), then information \
         credibility 1 (confirmed) to 6 (cannot be judged).</footer>\n</body>\n</html>\n",
        t(&b.id),
        env!("CARGO_PKG_VERSION"),
    );
    o
}

fn header(o: &mut String, b: &Briefing) {
    let p = b.priority.label();
    let _ = write!(
        o,
        "<header>\n<span class=\"priority priority-{p}\">{p}</span>\n<h1>{}</h1>\n\
         <p class=\"facts\">{}</p>\n",
        t(&b.title),
        t(&super::show::header_facts(b)),
    );
    if !b.tags.is_empty() {
        let _ = writeln!(o, "<p class=\"tags\">tags: {}</p>", t(&b.tags.join(", ")));
    }
    o.push_str("</header>\n");
}

fn summary(o: &mut String, b: &Briefing) {
    let _ = write!(
        o,
        "<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"headline\">{}</p>\n",
        t(&b.summary.headline)
    );
    for p in &b.summary.body {
        let _ = writeln!(o, "<p>{}</p>", t(p));
    }
    if !b.summary.key_points.is_empty() {
        o.push_str("<ul class=\"key-points\">\n");
        for k in &b.summary.key_points {
            let _ = writeln!(o, "<li>{}</li>", t(k));
        }
        o.push_str("</ul>\n");
    }
    o.push_str("</section>\n");
}

fn actors(o: &mut String, b: &Briefing) {
    o.push_str("<section id=\"actors\">\n<h2>Actors</h2>\n<dl class=\"actors\">\n");
    for a in &b.actors {
        let kind = match &a.affiliation {
            Some(aff) => format!("{} · {aff}", a.kind.label()),
            None => a.kind.label().to_owned(),
        };
        let _ = writeln!(
            o,
            "<dt id=\"actor-{}\">{} <span class=\"kind\">{}</span></dt>",
            t(&a.id),
            t(&a.name),
            t(&kind)
        );
        if let Some(role) = &a.role {
            let _ = writeln!(o, "<dd>{}</dd>", t(role));
        }
        if !a.aliases.is_empty() {
            let _ = writeln!(
                o,
                "<dd class=\"meta\">also known as: {}</dd>",
                t(&a.aliases.join(", "))
            );
        }
    }
    o.push_str("</dl>\n</section>\n");
}

fn timeline(o: &mut String, b: &Briefing) {
    o.push_str("<section id=\"timeline\">\n<h2>Timeline</h2>\n<ol class=\"timeline\">\n");
    for e in &b.timeline {
        let (class, kind) = match e.kind {
            EntryKind::Statement => (
                " class=\"statement\"",
                "<span class=\"kind\">❝ statement</span>",
            ),
            EntryKind::Event => ("", ""),
        };
        let _ = write!(
            o,
            "<li{class}>\n<span class=\"when\">{}</span>{kind}\n<p class=\"what\">{}</p>\n",
            t(&e.when.to_string()),
            t(&e.what)
        );
        attribution(o, b, &e.attribution);
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n</section>\n");
}

fn figures(o: &mut String, b: &Briefing) {
    o.push_str("<section id=\"figures\">\n<h2>Figures</h2>\n<ul class=\"figures\">\n");
    for f in &b.figures {
        let _ = write!(
            o,
            "<li>\n<span class=\"number\">{}</span><span class=\"unit\">{}</span>\n<p class=\"what\">{}</p>\n",
            t(&f.display_value()),
            t(&f.unit),
            t(&f.what)
        );
        if let Some(as_of) = &f.as_of {
            let _ = writeln!(o, "<p class=\"meta\">as of {}</p>", t(&as_of.to_string()));
        }
        attribution(o, b, &f.attribution);
        o.push_str("</li>\n");
    }
    o.push_str("</ul>\n</section>\n");
}

/// The quote (in its source's language), then who, the grade, who disputes
/// it, and the sources, linked to their entries below.
fn attribution(o: &mut String, b: &Briefing, a: &Attribution) {
    if let Some(q) = &a.quote {
        let lang = a
            .sources
            .iter()
            .find_map(|&s| b.sources[s].language.as_deref())
            .map(|l| format!(" lang=\"{}\"", t(l)))
            .unwrap_or_default();
        let _ = writeln!(o, "<blockquote{lang}>“{}”</blockquote>", t(q));
    }
    let mut parts: Vec<String> = Vec::new();
    if !a.actors.is_empty() {
        parts.push(format!("by {}", actor_links(b, &a.actors)));
    }
    if let Some(g) = b.grade_of(a) {
        let c = g.credibility;
        parts.push(match (g.code(), g.reliability) {
            (Some(code), Some(r)) => format!(
                "<abbr class=\"grade\" title=\"source reliability {} ({}), information credibility {} ({})\">{}</abbr> {}",
                r.letter(),
                r.label(),
                c.get(),
                c.label(),
                t(&code),
                c.label()
            ),
            _ => g.label(),
        });
    }
    if !a.disputed_by.is_empty() {
        parts.push(format!(
            "<span class=\"disputed\">✗ disputed by {}</span>",
            actor_links(b, &a.disputed_by)
        ));
    }
    for &s in &a.sources {
        let src = &b.sources[s];
        parts.push(format!(
            "source: <a href=\"#source-{}\">{}</a>",
            t(&src.id),
            t(&src.title)
        ));
    }
    if !parts.is_empty() {
        let _ = writeln!(o, "<p class=\"meta\">{}</p>", parts.join(" · "));
    }
}

/// Actors by name, each linked to its entry under Actors.
fn actor_links(b: &Briefing, indices: &[usize]) -> String {
    indices
        .iter()
        .map(|&i| {
            let a = &b.actors[i];
            format!("<a href=\"#actor-{}\">{}</a>", t(&a.id), t(&a.name))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn sources(o: &mut String, b: &Briefing) {
    o.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<ol class=\"sources\">\n");
    for s in &b.sources {
        let lang = s
            .language
            .as_deref()
            .map(|l| format!(" lang=\"{}\"", t(l)))
            .unwrap_or_default();
        let _ = write!(
            o,
            "<li id=\"source-{}\"><cite{lang}>{}</cite>",
            t(&s.id),
            t(&s.title)
        );
        let mut facts: Vec<String> = Vec::new();
        if let Some(p) = &s.publisher {
            facts.push(t(p));
        }
        if let Some(d) = &s.published {
            facts.push(t(&d.to_string()));
        }
        if let Some(l) = &s.language {
            facts.push(t(l));
        }
        if let Some(r) = s.reliability {
            facts.push(format!("reliability {} {}", r.letter(), r.label()));
        }
        if !facts.is_empty() {
            let _ = write!(o, "\n<p class=\"meta\">{}</p>", facts.join(" · "));
        }
        if let Some(url) = &s.url {
            let _ = write!(o, "\n<p class=\"url\">{}</p>", link(url));
        }
        o.push_str("</li>\n");
    }
    o.push_str("</ol>\n</section>\n");
}

/// A link for a web address; anything else (`javascript:`, `data:`, a
/// relative path) is shown as text, never followed.
fn link(url: &str) -> String {
    let lower = url.trim_start().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        format!(
            "<a href=\"{0}\" rel=\"noreferrer noopener\">{0}</a>",
            t(url)
        )
    } else {
        t(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_markup_characters_are_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape("Haut-Karabagh — “¿qué?”"), "Haut-Karabagh — “¿qué?”");
    }

    #[test]
    fn controls_and_bidi_overrides_are_neutralized_before_escaping() {
        assert_eq!(t("a\u{1b}[2Jb"), "a␛[2Jb");
        assert!(!t("12\u{202e}34").contains('\u{202e}'));
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert!(link("https://example.org/a?b=1&c=2").starts_with(
            "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noreferrer noopener\">"
        ));
        assert_eq!(link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(link("JaVaScRiPt:alert(1)"), "JaVaScRiPt:alert(1)");
        assert_eq!(
            link("data:text/html,<script>"),
            "data:text/html,&lt;script&gt;"
        );
        assert_eq!(link("\" onmouseover=\"x"), "&quot; onmouseover=&quot;x");
    }
}
