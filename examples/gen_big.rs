//! Writes one large, valid briefing for measuring brief on a single big file.
//!
//! `cargo run --release --example gen_big -- --entries 5000 --figures 2000
//! --source-bytes 2000000 --out DIR` writes `DIR/big.toml` and its source
//! text `DIR/sources/big.fr.txt`. The text is French-like, with accents,
//! curly apostrophes, guillemets with narrow no-break spaces, wrapped lines
//! and doubled spaces; every quote is a verbatim passage of it, written the
//! way an author types it (straight quotes, plain single spaces), so the
//! check's folding is exercised on every quote. `brief check DIR/big.toml`
//! reports it valid with no warnings. The same arguments give the same files.

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

/// A small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SUBJECTS: &[&str] = &[
    "Le ministère de la Défense",
    "La présidence",
    "Les autorités régionales",
    "Le porte‑parole du gouvernement",
    "L’état-major",
    "La Croix-Rouge",
    "Un responsable onusien",
    "Les séparatistes",
    "Le Premier ministre",
    "Des habitants de Khankendi",
    "L’agence de presse officielle",
    "Le médiateur européen",
];
const VERBS: &[&str] = &[
    "a affirmé",
    "a démenti",
    "a déclaré",
    "assure",
    "a reconnu",
    "dénonce",
    "a annoncé",
    "estime",
    "a précisé",
    "a rappelé",
];
const CLAUSES: &[&str] = &[
    "que la situation restait «\u{202f}relativement stable\u{202f}» à la frontière",
    "que des tirs d’artillerie avaient été entendus près du corridor de Latchine",
    "qu’aucune cible civile n’avait été visée au cours de l’opération",
    "que l’aide humanitaire arriverait par la route d’Aghdam dès lundi",
    "que le cessez-le-feu de 2020 n’était plus respecté sur toute la ligne de contact",
    "qu’environ 120\u{202f}000 personnes vivaient encore dans l’enclave montagneuse",
    "que les négociations reprendraient à Bruxelles «\u{202f}dans les prochains jours\u{202f}»",
    "que des soldats de maintien de la paix s’étaient déployés près de Stepanakert",
    "qu’il s’agissait d’«\u{202f}activités antiterroristes locales\u{202f}»",
    "que la coupure d’électricité touchait désormais trois districts",
    "que l’évacuation des blessés s’était déroulée sans incident",
    "que les pourparlers n’avaient donné «\u{202f}aucun résultat tangible\u{202f}»",
    "qu’un convoi de vingt-deux camions avait franchi le poste de contrôle",
    "que les écoles resteraient fermées jusqu’à nouvel ordre",
];
const TAILS: &[&str] = &[
    "selon un communiqué publié mardi soir",
    "d’après l’agence Interfax",
    "lors d’une conférence de presse à Erevan",
    "dans un entretien télévisé",
    "sans fournir de preuves",
    "citant des sources militaires",
    "à l’issue d’une réunion du Conseil de sécurité",
    "quelques heures après les premières frappes",
];
const UNITS: &[(&str, &str)] = &[
    ("killed", "people reported killed"),
    ("displaced", "residents displaced"),
    ("troops", "troops deployed"),
    ("km", "length of the front line"),
    ("tonnes", "aid delivered"),
    ("trucks", "aid trucks let through"),
];
const ACTOR_KINDS: &[&str] = &[
    "state",
    "government",
    "military",
    "armed_group",
    "official",
    "organization",
    "population",
    "other",
];
const SOURCE: &str = "depeche";
const SOURCE_FILE: &str = "sources/big.fr.txt";

pub struct Args {
    pub entries: usize,
    pub figures: usize,
    pub source_bytes: usize,
    pub out: PathBuf,
}

#[allow(dead_code)] // bench_check includes this file for `write`.
fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        entries: 5000,
        figures: 2000,
        source_bytes: 2_000_000,
        out: PathBuf::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .replace('_', "")
                .parse::<usize>()
                .map_err(|_| format!("{flag}: {value:?} is not a number"))
        };
        match flag.as_str() {
            "--entries" => args.entries = number()?,
            "--figures" => args.figures = number()?,
            "--source-bytes" => args.source_bytes = number()?,
            "--out" => args.out = PathBuf::from(&value),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    if args.out.as_os_str().is_empty() {
        return Err("--out DIR is required".into());
    }
    Ok(args)
}

/// One sentence of the source, as words: a word may hold a curly apostrophe
/// or a narrow no-break space, never an ordinary one.
fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {}",
        rng.pick(SUBJECTS),
        rng.pick(VERBS),
        rng.pick(CLAUSES)
    );
    if rng.below(2) == 0 {
        s.push_str(", ");
        s.push_str(rng.pick(TAILS));
    }
    let n = rng.below(10_000);
    let _ = write!(s, " (réf.\u{a0}{n})."); // a number keeps passages apart
    s
}

/// The source text: paragraphs of sentences wrapped near 72 columns, with
/// now and then a doubled space, so a quote may cross a line break.
/// Returns the text and its sentences, each as written in it.
fn source_text(rng: &mut Rng, bytes: usize) -> (String, Vec<String>) {
    let mut text = String::with_capacity(bytes + 200);
    let mut sentences = Vec::new();
    let mut column = 0;
    while text.len() < bytes.max(1) {
        let s = sentence(rng);
        for (i, word) in s.split(' ').enumerate() {
            if i > 0 || column > 0 {
                if column > 72 {
                    text.push('\n');
                    column = 0;
                } else if rng.below(25) == 0 {
                    text.push_str("  ");
                    column += 2;
                } else {
                    text.push(' ');
                    column += 1;
                }
            }
            text.push_str(word);
            column += word.chars().count();
        }
        sentences.push(s);
        if rng.below(8) == 0 {
            text.push_str("\n\n");
            column = 0;
        }
    }
    text.push('\n');
    (text, sentences)
}

/// A passage of a sentence as an author types it: a run of its words with
/// straight quotes and plain spaces, which the check folds to the same text.
fn quote(rng: &mut Rng, sentence: &str) -> String {
    let words: Vec<&str> = sentence.split(' ').collect();
    let len = (5 + rng.below(8)).min(words.len());
    let start = rng.below(words.len() - len + 1);
    let passage = words[start..start + len].join(" ");
    match rng.below(3) {
        // Typed on a plain keyboard.
        0 => passage
            .replace(['’', '‘'], "'")
            .replace(['«', '»'], "\"")
            .replace(['\u{202f}', '\u{a0}'], " "),
        // Curly apostrophes kept, guillemets typed straight.
        1 => passage.replace(['«', '»'], "\"").replace('\u{202f}', " "),
        // Pasted as is.
        _ => passage,
    }
}

/// A TOML basic string.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn date(rng: &mut Rng) -> String {
    let (y, m, d) = (2020 + rng.below(4), 1 + rng.below(12), 1 + rng.below(28));
    match rng.below(6) {
        0 => format!("{y}-{m:02}"),
        1 => format!(
            "{y}-{m:02}-{d:02}T{:02}:{:02}+02:00",
            rng.below(24),
            rng.below(60)
        ),
        2 => format!("{y}-{m:02}-{d:02}/{y}-{:02}-{d:02}", m.min(11) + 1),
        _ => format!("{y}-{m:02}-{d:02}"),
    }
}

fn ids(rng: &mut Rng, actors: usize, n: usize) -> String {
    let list: Vec<String> = (0..n)
        .map(|_| toml_str(&format!("acteur-{}", rng.below(actors))))
        .collect();
    format!("[{}]", list.join(", "))
}

fn briefing(args: &Args, rng: &mut Rng, sentences: &[String]) -> String {
    let actors = 60;
    let mut t = String::with_capacity((args.entries + args.figures) * 420 + 10_000);
    t.push_str(
        "format = 1\n\
         id = \"2023-09-19-grand-dossier\"\n\
         title = \"Haut-Karabagh : chronologie détaillée de l’offensive\"\n\
         date = \"2023-09-19\"\n\
         updated = \"2023-09-20T08:00:00+02:00\"\n\
         language = \"fr\"\n\
         priority = \"high\"\n\
         region = \"Caucase du Sud\"\n\
         tags = [\"karabagh\", \"généré\", \"grand-volume\"]\n\n\
         [summary]\n\
         headline = \"Une chronologie générée pour mesurer brief sur un très grand dossier.\"\n\
         body = \"\"\"\n",
    );
    for _ in 0..3 {
        let _ = writeln!(t, "{} {}\n", sentence(rng), sentence(rng));
    }
    t.push_str("\"\"\"\nkey_points = [\n");
    for _ in 0..5 {
        let _ = writeln!(t, "  {},", toml_str(&sentence(rng)));
    }
    t.push_str("]\n");

    let _ = write!(
        t,
        "\n[[sources]]\nid = \"{SOURCE}\"\ntitle = \"Dépêche longue : l’offensive jour après jour\"\n\
         publisher = \"Agence d’exemple\"\nurl = \"https://example.org/depeche\"\n\
         published = \"2023-09-19\"\nlanguage = \"fr\"\nreliability = \"B\"\ntext_file = \"{SOURCE_FILE}\"\n"
    );
    let inline = sentence(rng);
    let _ = write!(
        t,
        "\n[[sources]]\nid = \"communique\"\ntitle = \"Communiqué du ministère\"\nlanguage = \"fr\"\n\
         reliability = \"D\"\ntext = {}\n",
        toml_str(&format!("Communiqué.\n\n{inline}\n"))
    );
    t.push_str(
        "\n[[sources]]\nid = \"temoin\"\ntitle = \"Témoignage recueilli par téléphone\"\nreliability = \"F\"\n",
    );

    for a in 0..actors {
        let _ = write!(
            t,
            "\n[[actors]]\nid = \"acteur-{a}\"\nname = {}\nkind = \"{}\"\n",
            toml_str(&format!("{} nº\u{a0}{a}", rng.pick(SUBJECTS))),
            ACTOR_KINDS[a % ACTOR_KINDS.len()]
        );
        if a % 3 == 0 {
            let _ = writeln!(t, "role = {}", toml_str(&sentence(rng)));
        }
        if a % 4 == 0 {
            let _ = writeln!(t, "aliases = [\"A{a}\", \"Acteur «\u{202f}{a}\u{202f}»\"]");
        }
    }

    // Every source is cited by something, so the file has no warning.
    let attribution = |t: &mut String, rng: &mut Rng, i: usize| {
        let pick = rng.below(sentences.len());
        let (sources, passage) = match i % 50 {
            0 => ("[\"communique\"]", inline.as_str()),
            1 => ("[\"temoin\"]", sentences[pick].as_str()),
            2 => ("[\"depeche\", \"temoin\"]", sentences[pick].as_str()),
            _ => ("[\"depeche\"]", sentences[pick].as_str()),
        };
        let q = quote(rng, passage);
        let n = 1 + rng.below(3);
        // Claimants come from the first 50 actors and a disputer from the
        // last 10, so no actor both claims and disputes an item; the grade
        // follows the quote (2–6: one publisher cannot confirm), so the same
        // words are graded alike wherever they are quoted. The file passes
        // `brief check --strict`, grading rules included.
        let grade = 2 + q
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .fold(0usize, |h, c| h.wrapping_mul(31).wrapping_add(c as usize))
            % 5;
        let _ = writeln!(
            t,
            "actors = {}\nsources = {sources}\nquote = {}\ncredibility = {grade}",
            ids(rng, actors - 10, n),
            toml_str(&q),
        );
        if rng.below(5) == 0 {
            let _ = writeln!(
                t,
                "disputed_by = [\"acteur-{}\"]",
                actors - 10 + rng.below(10)
            );
        }
    };

    for i in 0..args.entries {
        let kind = if rng.below(3) == 0 {
            "statement"
        } else {
            "event"
        };
        let what = sentence(rng);
        let _ = write!(
            t,
            "\n[[timeline]]\nwhen = \"{}\"\nwhat = {}\nkind = \"{kind}\"\n",
            date(rng),
            toml_str(&what)
        );
        attribution(&mut t, rng, i);
    }
    for i in 0..args.figures {
        let (unit, what) = UNITS[rng.below(UNITS.len())];
        let value = 1 + rng.below(200_000);
        let _ = write!(
            t,
            "\n[[figures]]\nvalue = {value}\nunit = \"{unit}\"\nwhat = \"{what} (nº\u{a0}{i})\"\n\
             approximate = {}\nas_of = \"{}\"\n",
            rng.below(2) == 0,
            date(rng)
        );
        attribution(&mut t, rng, i + 7);
    }
    t
}

/// Writes `big.toml` and its source text under `args.out`; returns the
/// two sizes in bytes.
pub fn write(args: &Args) -> std::io::Result<(usize, usize)> {
    let mut rng = Rng(0x5eed ^ (args.entries as u64) << 20 ^ args.figures as u64);
    let (text, sentences) = source_text(&mut rng, args.source_bytes);
    let toml = briefing(args, &mut rng, &sentences);
    fs::create_dir_all(args.out.join("sources"))?;
    fs::write(args.out.join(SOURCE_FILE), &text)?;
    fs::write(args.out.join("big.toml"), &toml)?;
    Ok((toml.len(), text.len()))
}

#[allow(dead_code)] // bench_check includes this file for `write`.
fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!(
                "gen_big: {e}\nusage: gen_big [--entries N] [--figures M] [--source-bytes S] --out DIR"
            );
            return ExitCode::from(2);
        }
    };
    match write(&args) {
        Ok((toml, text)) => {
            eprintln!(
                "wrote {} ({toml} bytes: {} entries, {} figures) and {} ({text} bytes)",
                args.out.join("big.toml").display(),
                args.entries,
                args.figures,
                args.out.join(SOURCE_FILE).display(),
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_big: {}: {e}", args.out.display());
            ExitCode::from(2)
        }
    }
}
