//! The one table of key bindings: it dispatches keys and writes the help.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;

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
    bind(&[c('n')], Action::NextMatch, B),
    bind(&[c('N')], Action::PrevMatch, B),
    bind(&[c('[')], Action::PrevBriefing, B),
    bind(&[c(']')], Action::NextBriefing, B),
    bind(&[c('c')], Action::NextChange, B),
    bind(&[c('C')], Action::PrevChange, B),
    bind(&[c('d')], Action::ToggleRedline, B),
    bind(&[c('y')], Action::Copy, B),
    bind(&[c('Y')], Action::CopyUrl, B),
    bind(&[c('r')], Action::ToggleRead, L),
    bind(&[c('f')], Action::ToggleFlag, L),
    bind(&[c('a')], Action::ToggleArchive, L),
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

impl Keymap {
    /// The default keys with some actions rebound: an action named in
    /// `overrides` gets exactly the keys given, and those keys leave any
    /// other action. Names were checked when the configuration was read;
    /// unknown ones are skipped here.
    pub fn with_overrides<'a>(
        overrides: impl IntoIterator<Item = (&'a String, &'a Vec<String>)>,
    ) -> Keymap {
        let mut map = Keymap::default();
        for (name, keys) in overrides {
            let Some(action) = Action::from_name(name) else {
                continue;
            };
            let keys: Vec<Key> = keys.iter().filter_map(|k| Key::parse(k)).collect();
            for b in &mut map.bindings {
                b.keys.retain(|k| !keys.contains(k));
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
        map
    }

    pub fn bindings(&self) -> &[KeyBinding] {
        &self.bindings
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

    #[test]
    fn overrides_rebind_an_action_and_free_its_keys_elsewhere() {
        let mut o = std::collections::BTreeMap::new();
        o.insert(
            "next_pane".to_owned(),
            vec!["ctrl-n".to_owned(), "j".to_owned()],
        );
        let map = Keymap::with_overrides(&o);
        let none = KeyModifiers::NONE;
        assert_eq!(
            map.lookup(&press(Char('n'), KeyModifiers::CONTROL)),
            Some(Action::NextPane)
        );
        assert_eq!(map.lookup(&press(Char('j'), none)), Some(Action::NextPane));
        assert_eq!(
            map.lookup(&press(Tab, none)),
            None,
            "Tab is no longer bound"
        );
        assert_eq!(
            map.lookup(&press(Down, none)),
            Some(Action::Down),
            "Down keeps moving"
        );
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
