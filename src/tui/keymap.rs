//! The one table of key bindings: it dispatches keys and writes the help.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use crate::briefing::Diagnostic;

/// A key with the modifiers that matter (Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    /// A key as a configuration file writes it: `j`, `G`, `ctrl-d`,
    /// `shift-tab`, `pgdn`, `enter`, `space`.
    pub fn parse(name: &str) -> Option<Key> {
        crate::config::parse_key(name).map(Key::from)
    }

    /// How the help overlay writes the key.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

impl From<crate::config::KeyName> for Key {
    fn from(k: crate::config::KeyName) -> Key {
        use crate::config::NamedKey as N;
        let code = match k.key {
            N::Char(c) => Char(c),
            N::Enter => Enter,
            N::Esc => Esc,
            N::Tab => Tab,
            N::BackTab => BackTab,
            N::Up => Up,
            N::Down => Down,
            N::Left => Left,
            N::Right => Right,
            N::PageUp => PageUp,
            N::PageDown => PageDown,
            N::Home => Home,
            N::End => End,
            N::Backspace => Backspace,
        };
        Key { code, ctrl: k.ctrl }
    }
}

/// Where a binding belongs in the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    General,
    Moving,
    Briefing,
    Library,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::General => "General",
            Group::Moving => "Moving",
            Group::Briefing => "In a briefing",
            Group::Library => "In the library",
        }
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub group: Group,
}

use KeyCode::*;

const fn c(ch: char) -> Key {
    Key::plain(Char(ch))
}

const fn k(code: KeyCode) -> Key {
    Key::plain(code)
}

const fn bind(keys: &'static [Key], action: Action, group: Group) -> Binding {
    Binding {
        keys,
        action,
        group,
    }
}

use Group::{Briefing as B, General as G, Library as L, Moving as M};

pub const BINDINGS: &[Binding] = &[
    bind(&[c('q'), Key::ctrl('c')], Action::Quit, G),
    bind(&[k(Esc)], Action::Back, G),
    bind(&[c('?')], Action::Help, G),
    bind(&[Key::ctrl('z')], Action::Suspend, G),
    // Triage works on the library's selection and on the open briefing alike.
    // Space for the queue: the key tin, slrn and trn read the next unread
    // article with (newsboat's `n` and mutt's Tab are taken here by
    // "next match" and "next pane").
    bind(&[c(' ')], Action::NextUnread, G),
    bind(&[c('r')], Action::ToggleRead, G),
    bind(&[c('f')], Action::ToggleFlag, G),
    bind(&[c('a')], Action::ToggleArchive, G),
    bind(&[c('j'), k(Down)], Action::Down, M),
    bind(&[c('k'), k(Up)], Action::Up, M),
    bind(&[k(PageDown), Key::ctrl('d')], Action::HalfPageDown, M),
    bind(&[k(PageUp), Key::ctrl('u')], Action::HalfPageUp, M),
    bind(&[c('g'), k(Home)], Action::Top, M),
    bind(&[c('G'), k(End)], Action::Bottom, M),
    bind(&[k(Enter)], Action::Open, M),
    bind(&[c('/')], Action::Search, M),
    bind(&[k(Tab), c('l'), k(Right)], Action::NextPane, B),
    bind(&[k(BackTab), c('h'), k(Left)], Action::PrevPane, B),
    bind(&[c('1')], Action::FocusSummary, B),
    bind(&[c('2')], Action::FocusActors, B),
    bind(&[c('3')], Action::FocusTimeline, B),
    bind(&[c('4')], Action::FocusFigures, B),
    bind(&[c('5')], Action::FocusSources, B),
    bind(&[c('n')], Action::NextMatch, M),
    bind(&[c('N')], Action::PrevMatch, M),
    bind(&[c('[')], Action::PrevBriefing, B),
    bind(&[c(']')], Action::NextBriefing, B),
    bind(&[c('c')], Action::NextChange, B),
    bind(&[c('C')], Action::PrevChange, B),
    bind(&[c('d')], Action::ToggleRedline, B),
    bind(&[c('y')], Action::Copy, B),
    bind(&[c('Y')], Action::CopyUrl, B),
    bind(&[c('R')], Action::MarkAllRead, L),
    bind(&[c('u')], Action::FilterUnread, L),
    bind(&[c('F')], Action::FilterFlagged, L),
    bind(&[c('!')], Action::FilterPriority, L),
    bind(&[c('A')], Action::ShowArchived, L),
    bind(&[c('s')], Action::CycleSort, L),
    bind(&[c('e')], Action::ShowErrors, L),
];

/// The bindings in force: the table above, with the user's configuration
/// laid over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<KeyBinding>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBinding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub group: Group,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap {
            bindings: BINDINGS
                .iter()
                .map(|b| KeyBinding {
                    keys: b.keys.to_vec(),
                    action: b.action,
                    group: b.group,
                })
                .collect(),
        }
    }
}

/// Ctrl-C quits whatever the configuration says: the one way out that
/// no file can take away.
pub const ALWAYS_QUIT: Key = Key::ctrl('c');

impl Keymap {
    /// The default keys with the configuration's laid over them: an action
    /// named under `[keys]` gets exactly the keys given. Every key does one
    /// thing, on every screen (keys that make no sense on one say why
    /// there), so a key left on two actions is an error naming both, at
    /// the line; so is Ctrl-C given to anything but quit. Action and key
    /// names, and essential actions left without a key, were checked when
    /// the file was read.
    pub fn from_config(config: &crate::config::Config) -> Result<Keymap, Vec<Diagnostic>> {
        let mut map = Keymap::default();
        let mut errors = Vec::new();
        // Where each configured key was written: (action, key) → index.
        let mut written: Vec<(Action, Key, usize)> = Vec::new();
        for (name, names) in &config.keys {
            let Some(action) = Action::from_name(name) else {
                continue;
            };
            let mut keys = Vec::new();
            for (i, key) in names.iter().enumerate() {
                let Some(key) = Key::parse(key) else { continue };
                if key == ALWAYS_QUIT && action != Action::Quit {
                    errors.push(config.key_error(
                        name,
                        Some(i),
                        format!("Ctrl-C always quits; it cannot be bound to `{name}`"),
                        Some("choose another key".into()),
                    ));
                    continue;
                }
                if !keys.contains(&key) {
                    keys.push(key);
                    written.push((action, key, i));
                }
            }
            match map.bindings.iter_mut().find(|b| b.action == action) {
                Some(b) => b.keys = keys,
                None => map.bindings.push(KeyBinding {
                    keys,
                    action,
                    group: Group::General,
                }),
            }
        }
        if let Some(quit) = map.bindings.iter_mut().find(|b| b.action == Action::Quit)
            && !quit.keys.contains(&ALWAYS_QUIT)
        {
            quit.keys.push(ALWAYS_QUIT);
        }
        // Each key's first action; a second one is the conflict, reported
        // where the file wrote the key (for the later action if both did).
        let mut owner: Vec<(Key, Action)> = Vec::new();
        for b in &map.bindings {
            for &key in &b.keys {
                let Some(&(_, first)) = owner.iter().find(|(k, _)| *k == key) else {
                    owner.push((key, b.action));
                    continue;
                };
                let at = |a: Action| written.iter().find(|w| w.0 == a && w.1 == key);
                let line = |w: &(Action, Key, usize)| {
                    let d = config.key_error(&w.0.name(), Some(w.2), String::new(), None);
                    d.location.map_or(0, |l| l.line)
                };
                let (here, other) = match (at(b.action), at(first)) {
                    (Some(w), Some(f)) if line(f) > line(w) => (f, b.action),
                    (Some(w), _) => (w, first),
                    (None, Some(w)) => (w, b.action),
                    (None, None) => continue,
                };
                let (this, other) = (here.0.name(), other.name());
                let default = !config.keys.contains_key(&other);
                errors.push(config.key_error(
                    &this,
                    Some(here.2),
                    format!(
                        "{:?} is bound to both `{this}` and `{other}`",
                        config.keys[&this][here.2]
                    ),
                    Some(if default {
                        format!(
                            "`{other}` has it by default: choose another key here, \
                             or give `{other}` other keys under [keys]"
                        )
                    } else {
                        format!("a key does one thing: drop it from `{this}` or from `{other}`")
                    }),
                ));
            }
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    pub fn bindings(&self) -> &[KeyBinding] {
        &self.bindings
    }

    /// Where the help lists `action`: which screen it acts on (General and
    /// Moving: both).
    pub fn group(&self, action: Action) -> Option<Group> {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .map(|b| b.group)
    }

    /// How the first key bound to `action` is written, if any is.
    pub fn key_label(&self, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.first())
            .map(|k| k.label())
    }

    /// A status-line hint such as `j/k scroll`: the first key of each
    /// action, joined by `sep`, then what they do; `None` when any of the
    /// actions has no key, so a hint never names a key that does nothing.
    pub fn hint(&self, actions: &[Action], sep: &str, what: &str) -> Option<String> {
        let keys: Option<Vec<String>> = actions.iter().map(|a| self.key_label(*a)).collect();
        Some(format!("{} {what}", keys?.join(sep)))
    }

    /// Hints joined as the status line shows them: `a · b · c`.
    pub fn hints(&self, hints: &[(&[Action], &str, &str)]) -> String {
        hints
            .iter()
            .filter_map(|(actions, sep, what)| self.hint(actions, sep, what))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The action bound to a key, if any.
    pub fn lookup(&self, key: &KeyEvent) -> Option<Action> {
        let key = normalize(key);
        self.bindings
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action)
    }
}

/// Releases never count: terminals that report them (kitty, Windows) would
/// otherwise act twice per key. Repeats do, so a held `j` keeps scrolling.
/// The one place that filters them.
pub fn is_press(key: &KeyEvent) -> bool {
    key.kind != KeyEventKind::Release
}

/// The key as the table writes it: Shift folds into the character, and
/// BackTab arrives with or without Shift depending on the terminal.
pub fn normalize(key: &KeyEvent) -> Key {
    Key {
        code: key.code,
        ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
    }
}

/// The action the default keymap binds to a key, if any.
pub fn lookup(key: &KeyEvent) -> Option<Action> {
    Keymap::default().lookup(key)
}

/// Keys while a yes/no question is asked: `y` says yes, anything else no.
pub fn confirm_action(key: &KeyEvent) -> Option<Action> {
    match key.code {
        Char('y') | Char('Y') => Some(Action::Confirm),
        Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::Quit),
        _ => Some(Action::Back),
    }
}

/// Keys while typing into the search prompt: text goes in, a few keys edit.
pub fn prompt_action(key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        Char('c') if ctrl => Some(Action::Quit),
        Char(ch) if !ctrl => Some(Action::Type(ch)),
        Backspace => Some(Action::DeleteChar),
        Enter => Some(Action::Open),
        Esc => Some(Action::Back),
        Down => Some(Action::NextMatch),
        Up => Some(Action::PrevMatch),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn vim_keys_and_arrows_do_the_same() {
        let none = KeyModifiers::NONE;
        assert_eq!(lookup(&press(Char('j'), none)), Some(Action::Down));
        assert_eq!(lookup(&press(Down, none)), Some(Action::Down));
        assert_eq!(lookup(&press(Char('l'), none)), Some(Action::NextPane));
        assert_eq!(lookup(&press(Right, none)), Some(Action::NextPane));
        assert_eq!(lookup(&press(Tab, none)), Some(Action::NextPane));
        assert_eq!(
            lookup(&press(BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(
            lookup(&press(Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(lookup(&press(PageDown, none)), Some(Action::HalfPageDown));
        assert_eq!(
            lookup(&press(Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
        assert_eq!(
            lookup(&press(Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(lookup(&press(Char('3'), none)), Some(Action::FocusTimeline));
        assert_eq!(lookup(&press(Char('x'), none)), None);
    }

    #[test]
    fn keys_parse_as_configuration_files_write_them() {
        assert_eq!(Key::parse("j"), Some(Key::plain(Char('j'))));
        assert_eq!(Key::parse("G"), Some(Key::plain(Char('G'))));
        assert_eq!(Key::parse("ctrl-d"), Some(Key::ctrl('d')));
        assert_eq!(Key::parse("Ctrl-D"), Some(Key::ctrl('d')));
        assert_eq!(Key::parse("shift-tab"), Some(Key::plain(BackTab)));
        assert_eq!(Key::parse("pgdn"), Some(Key::plain(PageDown)));
        assert_eq!(Key::parse("space"), Some(Key::plain(Char(' '))));
        assert_eq!(Key::parse("!"), Some(Key::plain(Char('!'))));
        assert_eq!(Key::parse("ctrl-"), None);
        assert_eq!(Key::parse("jj"), None);
        assert_eq!(Key::parse(""), None);
    }

    fn from_toml(text: &str) -> Result<Keymap, Vec<Diagnostic>> {
        let config = crate::config::parse(std::path::Path::new("config.toml"), text)?;
        Keymap::from_config(&config)
    }

    #[test]
    fn overrides_rebind_an_action_and_leave_other_keys_alone() {
        let map = from_toml("[keys]\nnext_pane = [\"ctrl-n\", \"L\"]\n").unwrap();
        let none = KeyModifiers::NONE;
        assert_eq!(
            map.lookup(&press(Char('n'), KeyModifiers::CONTROL)),
            Some(Action::NextPane)
        );
        assert_eq!(map.lookup(&press(Char('L'), none)), Some(Action::NextPane));
        assert_eq!(
            map.lookup(&press(Tab, none)),
            None,
            "Tab is no longer bound"
        );
        assert_eq!(map.lookup(&press(Down, none)), Some(Action::Down));
    }

    #[test]
    fn a_key_taken_from_a_default_action_is_an_error_naming_both() {
        let errors = from_toml("[keys]\nnext_pane = [\"j\"]\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        let shown = errors[0].render();
        assert!(
            shown.contains("config.toml:2:14")
                && shown.contains("\"j\" is bound to both `next_pane` and `down`"),
            "{shown}"
        );
        // Freed first, it may be taken.
        let map = from_toml("[keys]\nnext_pane = [\"j\"]\ndown = [\"down\"]\n").unwrap();
        assert_eq!(
            map.lookup(&press(Char('j'), KeyModifiers::NONE)),
            Some(Action::NextPane)
        );
    }

    #[test]
    fn ctrl_c_quits_whatever_the_configuration_says() {
        let map = from_toml("[keys]\nquit = [\"Q\"]\n").unwrap();
        assert_eq!(
            map.lookup(&press(Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        let errors = from_toml("[keys]\ncopy = [\"ctrl-c\"]\n").unwrap_err();
        assert!(errors[0].render().contains("Ctrl-C always quits"));
    }

    #[test]
    fn every_bindable_action_has_a_name_that_reads_back() {
        for a in Action::ALL {
            assert_eq!(Action::from_name(&a.name()), Some(*a), "{a:?}");
            assert!(
                BINDINGS.iter().any(|b| b.action == *a),
                "{a:?} has no default key"
            );
        }
    }

    #[test]
    fn the_configuration_knows_every_action_by_name() {
        let mut names = Action::names();
        names.push(Action::Confirm.name());
        let mut config: Vec<String> = crate::config::ACTION_NAMES
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        names.sort();
        config.sort();
        assert_eq!(names, config);
    }

    #[test]
    fn no_key_is_bound_twice() {
        let all: Vec<Key> = BINDINGS
            .iter()
            .flat_map(|b| b.keys.iter().copied())
            .collect();
        for (i, a) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(a), "{} is bound twice", a.label());
        }
    }

    #[test]
    fn releases_are_filtered_and_repeats_kept() {
        let mut e = press(Char('j'), KeyModifiers::NONE);
        assert!(is_press(&e));
        e.kind = KeyEventKind::Release;
        assert!(!is_press(&e));
        e.kind = KeyEventKind::Repeat;
        assert!(is_press(&e));
    }

    #[test]
    fn the_prompt_takes_text_but_ctrl_c_still_quits() {
        assert_eq!(
            prompt_action(&press(Char('q'), KeyModifiers::NONE)),
            Some(Action::Type('q'))
        );
        assert_eq!(
            prompt_action(&press(Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
        assert_eq!(
            prompt_action(&press(Esc, KeyModifiers::NONE)),
            Some(Action::Back)
        );
    }

    #[test]
    fn actions_have_names_for_configuration() {
        assert_eq!(
            serde_json::to_string(&Action::HalfPageDown).unwrap(),
            "\"half_page_down\""
        );
        let a: Action = serde_json::from_str("\"next_briefing\"").unwrap();
        assert_eq!(a, Action::NextBriefing);
    }
}
