//! The format's version: the one number every briefing file starts with.

/// The newest format this reader understands.
pub const FORMAT: u64 = 1;

/// What to say about a file whose format is newer than this reader's, if it is.
pub fn too_new(format: u64) -> Option<String> {
    (format > FORMAT).then(|| format!("format {format} is newer than this reader ({FORMAT})"))
}
