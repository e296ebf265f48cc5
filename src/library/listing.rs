//! What the library list needs of a briefing ([`Listing`]): compact, as a
//! library of 100,000 keeps one per briefing in the reader; and the
//! library's one order.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::state::digest;
use crate::briefing::{Briefing, Diagnostic, Priority, load_file};

/// What the library list needs of a briefing, and where to find the rest.
///
/// Compact, as a library of 100,000 keeps one per briefing: its texts are
/// one allocation (read through [`Listing::id`], [`Listing::title`] and the
/// like), its library folder shared with the other rows of that folder.
#[derive(Debug, Clone)]
pub struct Listing {
    pub path: PathBuf,
    /// The library folder its source texts must stay inside.
    root: Arc<Path>,
    /// The id, title, date as written, date as shown, tags ([`SEP`]
    /// between them), region, filter text and digest, one after the other.
    text: Box<str>,
    /// Where each of those but the last ends in `text`.
    ends: [u32; 7],
    /// Where the date sorts: earliest instant, then precision.
    pub order: (i64, u8),
    pub priority: Priority,
    has_region: bool,
    /// The shown date's width in columns, measured once.
    shown_width: u16,
    /// Other files use this briefing's id too; this one, the first by path,
    /// is listed and the others are not (each has an error saying so).
    pub duplicate: bool,
    /// The file's warnings as the index keeps them (encoded, and shared
    /// by the rows whose warnings read the same), for a reader that lists
    /// 100,000 files with a warning in every other one: decoded only when
    /// they are shown ([`Listing::warnings`]). Not part of the row: two
    /// listings are equal whatever warnings they carry.
    kept: Option<Arc<str>>,
}

impl PartialEq for Listing {
    fn eq(&self, other: &Listing) -> bool {
        self.path == other.path
            && self.root == other.root
            && self.text == other.text
            && self.ends == other.ends
            && self.order == other.order
            && self.priority == other.priority
            && self.has_region == other.has_region
            && self.shown_width == other.shown_width
            && self.duplicate == other.duplicate
    }
}

/// What ends each tag in a listing's text (and in the index's column).
pub const SEP: char = '\u{1f}';

/// What a [`Listing`] is made of, as borrowed text.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The date as written (EDTF), for scripts.
    pub date: &'a str,
    /// The date as the list shows it.
    pub shown_date: &'a str,
    /// Where the date sorts: earliest instant, then precision.
    pub order: (i64, u8),
    pub priority: Priority,
    /// The tags, [`SEP`] between them (as [`join_tags`] makes them).
    pub tags: &'a str,
    pub region: Option<&'a str>,
    /// Lower-case title, tags, region and actor names, for the filter.
    pub search: &'a str,
    /// Fingerprint of the whole briefing, for "updated since read"; empty
    /// where it is not known yet.
    pub digest: &'a str,
}

/// Tags as [`Parts::tags`] takes them: [`SEP`] between them (read back,
/// a tag holding that control character is cut there, and empty ones
/// are left out).
pub fn join_tags<S: AsRef<str>>(tags: &[S]) -> String {
    let mut s = String::new();
    for (i, t) in tags.iter().enumerate() {
        if i > 0 {
            s.push(SEP);
        }
        s.push_str(t.as_ref());
    }
    s
}

impl Listing {
    /// A listing of the file at `path` in the library folder `root`.
    pub fn new(path: PathBuf, root: &Path, p: Parts<'_>) -> Listing {
        let region = p.region.unwrap_or("");
        let fields = [
            p.id,
            p.title,
            p.date,
            p.shown_date,
            p.tags,
            region,
            p.search,
            p.digest,
        ];
        let mut text = String::with_capacity(fields.iter().map(|f| f.len()).sum());
        let mut ends = [0u32; 7];
        for (i, f) in fields.iter().enumerate() {
            text.push_str(f);
            if let Some(end) = ends.get_mut(i) {
                *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
            }
        }
        Listing {
            path,
            root: shared_root(root),
            text: text.into_boxed_str(),
            ends,
            order: p.order,
            priority: p.priority,
            has_region: p.region.is_some(),
            shown_width: u16::try_from(shown_width(p.shown_date)).unwrap_or(u16::MAX),
            duplicate: false,
            kept: None,
        }
    }

    pub fn of(path: &Path, root: &Path, b: &Briefing) -> Listing {
        Listing::with_digest(path, root, b, digest(b))
    }

    /// [`Listing::of`] with the briefing's digest already made.
    pub fn with_digest(path: &Path, root: &Path, b: &Briefing, digest: String) -> Listing {
        let date = b.date.to_edtf();
        let shown_date = b.date.to_string();
        let search = search_text(b);
        let tags = join_tags(&b.tags);
        Listing::new(
            path.to_owned(),
            root,
            Parts {
                id: &b.id,
                title: &b.title,
                date: &date,
                shown_date: &shown_date,
                order: (b.date.earliest(), b.date.precision() as u8),
                priority: b.priority,
                tags: &tags,
                region: b.region.as_deref(),
                search: &search,
                digest: &digest,
            },
        )
    }

    fn field(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        let end = self.ends.get(i).map_or(self.text.len(), |&e| e as usize);
        self.text.get(start..end).unwrap_or("")
    }

    pub fn id(&self) -> &str {
        self.field(0)
    }

    pub fn title(&self) -> &str {
        self.field(1)
    }

    /// The date as written (EDTF), for scripts.
    pub fn date(&self) -> &str {
        self.field(2)
    }

    /// The date as the list shows it.
    pub fn shown_date(&self) -> &str {
        self.field(3)
    }

    /// How many columns the shown date takes.
    pub fn shown_date_width(&self) -> usize {
        usize::from(self.shown_width)
    }

    /// The tags, [`SEP`] between them: as the index keeps them.
    pub fn joined_tags(&self) -> &str {
        self.field(4)
    }

    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.joined_tags().split(SEP).filter(|t| !t.is_empty())
    }

    pub fn region(&self) -> Option<&str> {
        self.has_region.then(|| self.field(5))
    }

    /// Lower-case title, tags, region and actor names, for the filter.
    pub fn search(&self) -> &str {
        self.field(6)
    }

    /// Fingerprint of the whole briefing, for "updated since read"; empty
    /// until the file has been read in full.
    pub fn digest(&self) -> &str {
        self.field(7)
    }

    /// Whether it carries warnings ([`Listing::keep_warnings`]).
    pub fn has_warnings(&self) -> bool {
        self.kept.is_some()
    }

    /// The warnings it carries, decoded.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.kept
            .as_deref()
            .map_or_else(Vec::new, |k| super::db::decode_warnings(k, &self.path))
    }

    /// Carries `kept`, the file's warnings as the index keeps them
    /// ([`super::db::encode_warnings`]); empty text for none.
    pub fn keep_warnings(&mut self, kept: Option<Arc<str>>) {
        self.kept = kept.filter(|k| !k.is_empty());
    }

    /// Gives up the warnings it carries, decoded.
    pub fn take_warnings(&mut self) -> Vec<Diagnostic> {
        let w = self.warnings();
        self.kept = None;
        w
    }

    /// The library folder its source texts must stay inside.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// What it is made of.
    pub fn parts(&self) -> Parts<'_> {
        Parts {
            id: self.id(),
            title: self.title(),
            date: self.date(),
            shown_date: self.shown_date(),
            order: self.order,
            priority: self.priority,
            tags: self.joined_tags(),
            region: self.region(),
            search: self.search(),
            digest: self.digest(),
        }
    }

    /// The same listing with another of its parts changed.
    pub fn with<'a>(&'a self, change: impl FnOnce(&mut Parts<'a>)) -> Listing {
        let mut parts = self.parts();
        change(&mut parts);
        let mut l = Listing::new(self.path.clone(), &self.root, parts);
        l.duplicate = self.duplicate;
        l.kept = self.kept.clone();
        l
    }

    /// The fingerprint of the briefing as it was read in full (a listing
    /// from the top of the file has none until then).
    pub fn set_digest(&mut self, digest: &str) {
        *self = self.with(|p| p.digest = digest);
    }

    /// The whole briefing, read and checked again from its file.
    pub fn load(&self) -> Result<Briefing, Vec<Diagnostic>> {
        if let Some((b, d)) = super::embedded::load(&self.path) {
            return b.ok_or(d);
        }
        let report = load_file(&self.path, &self.root);
        report.briefing.ok_or(report.diagnostics)
    }
}

/// Columns `text` takes: its length where it is printable ASCII (every
/// date brief writes), else as [`crate::text::width`] measures it.
fn shown_width(text: &str) -> usize {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        text.len()
    } else {
        crate::text::width(text)
    }
}

/// One allocation per library folder, not per row: the last folder given
/// on this thread is given again while it is the same.
fn shared_root(root: &Path) -> Arc<Path> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<Arc<Path>>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| match last {
        Some(r) if r.as_os_str() == root.as_os_str() => r.clone(),
        _ => {
            let r: Arc<Path> = Arc::from(root);
            *last = Some(r.clone());
            r
        }
    })
}

/// Newest first, then by title, then by path: the library's one order.
pub fn sort_newest_first(listings: &mut [Listing]) {
    listings.sort_by(newest_first);
}

pub fn newest_first(a: &Listing, b: &Listing) -> std::cmp::Ordering {
    b.order
        .cmp(&a.order)
        .then_with(|| a.title().cmp(b.title()))
        .then_with(|| a.path.cmp(&b.path))
}

/// The lower-case text the library filter searches: title, tags, region, actors.
pub fn search_text(b: &Briefing) -> String {
    let mut s = format!(
        "{} {} {}",
        b.title,
        b.tags.join(" "),
        b.region.as_deref().unwrap_or("")
    );
    for a in &b.actors {
        s.push(' ');
        s.push_str(&a.name);
        for alias in &a.aliases {
            s.push(' ');
            s.push_str(alias);
        }
    }
    s.to_lowercase()
}
