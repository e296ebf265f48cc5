//! The help overlay, written from the keymap, and the load errors.

use super::*;
use crate::tui::keymap::Group;

pub(super) fn help(w: &Writer, body: &mut Body, keymap: &Keymap) {
    let t = w.theme;
    for group in [
        Group::General,
        Group::Moving,
        Group::Briefing,
        Group::Library,
    ] {
        if !body.lines.is_empty() {
            body.blank();
        }
        w.wrap(body, group.title(), t.pane_title(false), "", "");
        for b in keymap
            .bindings()
            .iter()
            .filter(|b| b.group == group && !b.keys.is_empty())
        {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            let keys = format!("{:<18}", t.chrome(&keys.join(" ")));
            w.parts(
                body,
                vec![
                    (keys, t.title()),
                    (b.action.describe().to_owned(), Style::new()),
                ],
                "  ",
                "                    ",
            );
        }
    }
}

pub(super) fn errors(diagnostics: &[Diagnostic], w: &Writer, body: &mut Body) {
    let t = w.theme;
    for d in diagnostics {
        for (i, line) in d.render().lines().enumerate() {
            let style = if i == 0 && d.is_error() {
                t.error()
            } else if i == 0 {
                t.title()
            } else {
                Style::new()
            };
            w.wrap(body, line, style, "", "    ");
        }
    }
}
