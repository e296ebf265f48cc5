//! The grading rules (`brief::briefing::grading`) are linear in the size of
//! the briefing: this times them on briefings of N and 8N items built to hit
//! every rule at once (every item graded 1 on two sources of one publisher,
//! every statement disputed by its speaker, every figure quoting the words of
//! many timeline entries graded differently) and prints the table.
//!
//! `cargo run --release --example grading_scale`

use std::fmt::Write as _;
use std::time::Instant;

use brief::briefing::grading;
use brief::briefing::raw::RawBriefing;

fn briefing(items: usize, distinct_quotes: bool) -> RawBriefing {
    let mut t = String::from(
        "format = 1\nid = \"scale\"\ntitle = \"Scale\"\ndate = \"2023\"\n[summary]\nheadline = \"h\"\n\
         [[actors]]\nid = \"a\"\nname = \"A\"\nkind = \"state\"\n\
         [[sources]]\nid = \"s1\"\ntitle = \"S1\"\npublisher = \"Wire\"\n\
         [[sources]]\nid = \"s2\"\ntitle = \"S2\"\npublisher = \"wire\"\n",
    );
    for i in 0..items {
        let quote = if distinct_quotes {
            format!("quote number {i}")
        } else {
            "the same words".to_owned()
        };
        let grade = 1 + i % 6;
        if i % 2 == 0 {
            let _ = write!(
                t,
                "[[timeline]]\nwhen = \"2023\"\nwhat = \"w\"\nkind = \"statement\"\nactors = [\"a\"]\n\
                 disputed_by = [\"a\"]\nsources = [\"s1\", \"s2\"]\nquote = \"{quote}\"\ncredibility = {grade}\n"
            );
        } else {
            let _ = write!(
                t,
                "[[figures]]\nvalue = 1\nunit = \"u\"\nwhat = \"w\"\nactors = [\"a\"]\ndisputed_by = [\"a\"]\n\
                 sources = [\"s1\", \"s2\"]\nquote = \"{quote}\"\ncredibility = {grade}\n"
            );
        }
    }
    toml::from_str(&t).expect("a raw briefing")
}

/// The fastest of a few runs, in microseconds, and how many findings.
fn time(raw: &RawBriefing) -> (f64, usize) {
    let mut best = f64::INFINITY;
    let mut found = 0;
    for _ in 0..5 {
        let start = Instant::now();
        found = grading::check(raw).len();
        best = best.min(start.elapsed().as_secs_f64() * 1e6);
    }
    (best, found)
}

fn main() {
    println!("| quotes | items N | µs at N | items 8N | µs at 8N | 8N / N | findings at 8N |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for distinct in [false, true] {
        for n in [2_000, 10_000] {
            let (small, _) = time(&briefing(n, distinct));
            let (large, found) = time(&briefing(8 * n, distinct));
            println!(
                "| {} | {n} | {small:.0} | {} | {large:.0} | {:.1} | {found} |",
                if distinct {
                    "all distinct"
                } else {
                    "all the same"
                },
                8 * n,
                large / small
            );
        }
    }
}
