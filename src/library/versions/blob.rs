//! The first layout, one file per version: `<versions>/<id>.<digest>.json`,
//! a header line then the briefing as JSON in format 1, texts left out.
//! Still read (and pruned); no longer written as files. Its encoding is
//! also how a pack keeps a briefing that has no file of its own (built in,
//! or made in memory): an entry of kind "model".

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::briefing::raw::{EntryKind, Priority, RawBriefing};
use crate::briefing::redline::{Version, text_print};
use crate::briefing::validate::{Checks, Finding, to_raw, validate_as};
use crate::briefing::{Briefing, Severity};

const BLOB_VERSION: u32 = 1;

pub fn name(id: &str, digest: &str) -> String {
    format!("{id}.{digest}.json")
}

/// `(id, digest)` from a blob's file name; `None` for anything else.
pub fn parse_name(name: &str) -> Option<(&str, &str)> {
    let (id, digest) = name.strip_suffix(".json")?.rsplit_once('.')?;
    let hex = digest.len() == 16 && digest.bytes().all(|b| b.is_ascii_hexdigit());
    (hex && !id.is_empty() && !id.starts_with('.')).then_some((id, digest))
}

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    brief_versions: u32,
    id: String,
    digest: String,
    #[serde(default)]
    texts: BTreeMap<String, String>,
}

/// The header line and the briefing as JSON, texts and defaults left out.
pub fn encode(b: &Briefing, digest: &str) -> Vec<u8> {
    let mut raw = to_raw(b);
    let mut texts = BTreeMap::new();
    for (s, r) in b.sources.iter().zip(&mut raw.sources) {
        if let Some(t) = &s.text {
            texts.insert(s.id.clone(), text_print(&t.content));
        }
        r.text = None;
        r.text_file = None;
    }
    // What the loader assumes need not be stored.
    raw.language = raw.language.filter(|l| l != "en");
    raw.priority = raw.priority.filter(|p| *p != Priority::Normal);
    for t in &mut raw.timeline {
        t.kind = t.kind.filter(|k| *k != EntryKind::Event);
    }
    for f in &mut raw.figures {
        f.approximate = f.approximate.filter(|a| *a);
    }
    let header = Header {
        brief_versions: BLOB_VERSION,
        id: b.id.clone(),
        digest: digest.to_owned(),
        texts,
    };
    let mut out = serde_json::to_vec(&header).expect("headers serialize");
    out.push(b'\n');
    serde_json::to_writer(&mut out, &raw).expect("briefings serialize");
    out.push(b'\n');
    out
}

/// The version in `bytes`; `place` names where they came from in errors.
pub fn decode(place: &str, bytes: &[u8], id: &str, digest: &str) -> Result<Version, String> {
    let bad = |why: String| format!("{place}: the version kept cannot be read back: {why}");
    let text = std::str::from_utf8(bytes).map_err(|e| bad(e.to_string()))?;
    let (head, body) = text
        .split_once('\n')
        .ok_or_else(|| bad("no header line".into()))?;
    let header: Header = serde_json::from_str(head).map_err(|e| bad(e.to_string()))?;
    if header.brief_versions != BLOB_VERSION {
        return Err(bad(format!(
            "blob format {} is not {BLOB_VERSION}",
            header.brief_versions
        )));
    }
    if header.id != id || header.digest != digest {
        return Err(bad(format!("it holds {} {}", header.id, header.digest)));
    }
    // Straight to the model: the blob was written by brief from a valid
    // briefing, so the loader's unknown-key and line:column work is not
    // needed, nor the quote and grading checks (`Checks::Kept`).
    let raw: RawBriefing = serde_json::from_str(body).map_err(|e| bad(e.to_string()))?;
    let (briefing, findings) = validate_as(
        &raw,
        &mut |_| Err("source texts are not kept with versions".to_owned()),
        Checks::Kept,
    );
    let briefing = briefing.ok_or_else(|| bad(first_error(&findings)))?;
    Ok(Version {
        briefing,
        texts: header.texts.into_iter().collect::<HashMap<_, _>>(),
    })
}

/// The version in the file `path`, if there is one.
pub fn get(path: &Path, id: &str, digest: &str) -> Result<Option<Version>, String> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    let bytes = crate::fs::read_regular(path, super::MAX_BLOB_BYTES)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    decode(&path.display().to_string(), &bytes, id, digest).map(Some)
}
/// What a kept version that does not validate is told by: its first error.
pub(super) fn first_error(findings: &[Finding]) -> String {
    findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .map_or_else(
            || "not a valid briefing".into(),
            |f| format!("{}: {}", f.path, f.message),
        )
}
