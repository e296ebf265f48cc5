//! The library behind the reader: the session's [`Live`] library checked
//! against the disk on a thread of its own, then followed, every batch sent
//! to the reader's loop through its input channel.

use std::sync::mpsc::{self, Sender};

use super::Input;
use crate::library::watch::Live;

/// The library of this session, its first list already shown.
pub struct Loader {
    pub live: Live,
    /// Already checked before the first frame (a single file, the built-in
    /// briefings): only followed.
    pub checked: bool,
}

impl Loader {
    /// Checks the library on a thread of its own, then follows it. The
    /// receiver hears once the first check is done and the index written,
    /// so that quitting can wait for it rather than cut it short.
    pub fn spawn(self, tx: Sender<Input>) -> mpsc::Receiver<()> {
        let (saved_tx, saved) = mpsc::channel();
        std::thread::spawn(move || {
            let mut send = |batch| tx.send(Input::Indexed(batch)).is_ok();
            self.live.follow(
                !self.checked,
                move || {
                    let _ = saved_tx.send(());
                },
                &mut send,
            );
        });
        saved
    }
}
