//! Writes a large, varied, valid library for measuring brief at scale.
//!
//! `cargo run --release --example gen_library -- DIR N` writes N briefings
//! (a few KiB each, every field of format 1 used) in nested folders under
//! DIR, and beside them `DIR/items.rss`: the same items as one RSS feed, so
//! that a feed reader can be measured on the same content.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A small deterministic generator: the same N gives the same library.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const REGIONS: &[&str] = &[
    "Sahel",
    "South Caucasus",
    "Horn of Africa",
    "Levant",
    "Andes",
    "Balkans",
    "Mekong",
    "Great Lakes",
];
const PLACES: &[&str] = &[
    "Northport",
    "Eastvale",
    "Kirov Ridge",
    "Al-Saqr",
    "Río Claro",
    "Novi Most",
    "Ban Lao",
    "Kasenga",
];
const EVENTS: &[&str] = &[
    "floods",
    "clashes",
    "ceasefire talks",
    "a blockade",
    "an evacuation",
    "a border incident",
    "protests",
    "a cyber attack",
];
const UNITS: &[(&str, &str)] = &[
    ("killed", "people reported killed"),
    ("displaced", "residents displaced"),
    ("troops", "troops deployed"),
    ("km", "length of the front line"),
    ("tonnes", "aid delivered"),
];
const WORDS: &[&str] = &[
    "officials",
    "said",
    "the",
    "situation",
    "remained",
    "tense",
    "after",
    "overnight",
    "shelling",
    "near",
    "the",
    "river",
    "crossing",
    "and",
    "aid",
    "groups",
    "warned",
    "of",
    "shortages",
    "in",
    "the",
    "region",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s: Vec<&str> = (0..words).map(|_| rng.pick(WORDS)).collect();
    s[0] = "Officials";
    format!("{}.", s.join(" "))
}

fn briefing(i: usize, rng: &mut Rng) -> (String, String, String, String) {
    let year = 2015 + rng.below(11);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let place = rng.pick(PLACES);
    let event = rng.pick(EVENTS);
    let region = rng.pick(REGIONS);
    let id = format!(
        "{year}-{month:02}-{day:02}-{}-{i}",
        place.to_lowercase().replace([' ', 'í'], "-")
    );
    let title = format!("{} in {place}: day {}", capitalise(event), i % 97 + 1);
    let priority = rng.pick(&["low", "normal", "normal", "high", "critical"]);
    let quotes: Vec<String> = (0..4)
        .map(|_| {
            let words = 8 + rng.below(6) as usize;
            sentence(rng, words)
        })
        .collect();
    let text = format!(
        "{}\n{}\n{}\n{}\n{}",
        sentence(rng, 12),
        quotes[0],
        quotes[1],
        quotes[2],
        quotes[3]
    );

    let mut t = String::new();
    let _ = writeln!(
        t,
        "format = 1\nid = \"{id}\"\ntitle = \"{title}\"\ndate = \"{year}-{month:02}-{day:02}\""
    );
    let _ = writeln!(
        t,
        "updated = \"{year}-{month:02}-{day:02}T18:00:00+00:00\"\nlanguage = \"en\"\npriority = \"{priority}\""
    );
    let _ = writeln!(
        t,
        "region = \"{region}\"\ntags = [\"{}\", \"{}\", \"generated\"]",
        event.replace(' ', "-"),
        region.to_lowercase().replace(' ', "-")
    );
    let _ = writeln!(
        t,
        "\n[summary]\nheadline = \"{} reported in {place}.\"",
        capitalise(event)
    );
    let _ = writeln!(
        t,
        "body = \"\"\"\n{}\n\n{}\n\"\"\"",
        sentence(rng, 40),
        sentence(rng, 30)
    );
    let _ = writeln!(
        t,
        "key_points = [\"{}\", \"{}\"]",
        sentence(rng, 10),
        sentence(rng, 9)
    );
    for (a, kind) in [
        ("government", "government"),
        ("rebels", "armed_group"),
        ("ngo", "organization"),
        ("residents", "population"),
    ] {
        let role = sentence(rng, 12);
        let _ = writeln!(
            t,
            "\n[[actors]]\nid = \"{a}\"\nname = \"{} of {place}\"\nkind = \"{kind}\"\naffiliation = \"{region}\"\nrole = \"{role}\"\naliases = [\"{a}-{i}\"]",
            capitalise(a)
        );
    }
    for (n, quote) in quotes.iter().enumerate().take(3) {
        let when = match n {
            0 => format!("{}X", year / 10),
            1 => format!("{year}-{month:02}"),
            _ => format!(
                "{year}-{month:02}-{day:02}T{:02}:00+02:00",
                6 + rng.below(12)
            ),
        };
        let kind = if n == 2 { "statement" } else { "event" };
        let _ = writeln!(
            t,
            "\n[[timeline]]\nwhen = \"{when}\"\nwhat = \"{}\"\nkind = \"{kind}\"\nactors = [\"government\"]\nsources = [\"wire\"]\nquote = \"{quote}\"\ncredibility = {}\ndisputed_by = [\"rebels\"]",
            sentence(rng, 14),
            1 + rng.below(6)
        );
    }
    let (unit, what) = UNITS[rng.below(UNITS.len() as u64) as usize];
    let value = 1 + rng.below(200_000);
    let _ = writeln!(
        t,
        "\n[[figures]]\nvalue = {value}\nunit = \"{unit}\"\nwhat = \"{what}\"\napproximate = {}\nas_of = \"{year}-{month:02}-{day:02}\"\nactors = [\"ngo\"]\nsources = [\"wire\"]\nquote = \"{}\"\ncredibility = {}",
        rng.below(2) == 0,
        quotes[3],
        1 + rng.below(6)
    );
    let _ = writeln!(
        t,
        "\n[[sources]]\nid = \"wire\"\ntitle = \"Wire report on {event} in {place}\"\npublisher = \"Example Wire\"\nurl = \"https://example.org/{id}\"\npublished = \"{year}-{month:02}-{day:02}\"\nlanguage = \"en\"\nreliability = \"{}\"\ntext = \"\"\"\n{text}\n\"\"\"",
        rng.pick(&["A", "B", "C", "D", "F"])
    );
    let folder = format!("{year}/{month:02}");
    let date = format!("{year}-{month:02}-{day:02}");
    (
        folder,
        format!("{id}.toml"),
        t,
        format!("{title}\t{date}\t{}", sentence(rng, 30)),
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn escape_xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: gen_library DIR N");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    let mut rng = Rng(0x5eed_u64.wrapping_add(n as u64));
    let mut rss = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Generated briefings</title><link>https://example.org/</link><description>brief benchmark</description>\n",
    );
    for i in 0..n {
        let (folder, name, toml, item) = briefing(i, &mut rng);
        let folder = dir.join(folder);
        if let Err(e) =
            fs::create_dir_all(&folder).and_then(|()| fs::write(folder.join(&name), toml))
        {
            eprintln!("gen_library: {}: {e}", folder.display());
            return ExitCode::from(2);
        }
        let mut parts = item.split('\t');
        let (title, date, body) = (
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
            parts.next().unwrap_or(""),
        );
        let _ = writeln!(
            rss,
            "<item><title>{}</title><link>https://example.org/{i}</link><guid>brief-{i}</guid><pubDate>{date}</pubDate><description>{}</description></item>",
            escape_xml(title),
            escape_xml(body)
        );
    }
    rss.push_str("</channel></rss>\n");
    if let Err(e) = fs::write(Path::new(&dir).join("items.rss"), rss) {
        eprintln!("gen_library: {e}");
        return ExitCode::from(2);
    }
    eprintln!("wrote {n} briefings and items.rss under {}", dir.display());
    ExitCode::SUCCESS
}
