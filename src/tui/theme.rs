//! Styles. The default theme uses only the 16 ANSI colours plus bold and
//! reverse, so it reads on dark and light backgrounds; without colour every
//! distinction that matters (focus, selection, matches) survives as a modifier.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::briefing::Priority;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
    pub palette: Palette,
}

/// The colours of a theme, all from the 16 ANSI colours so that the user's
/// terminal scheme decides how they look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub accent: Color,
    pub date: Color,
    pub number: Color,
    pub statement: Color,
    pub marker: Color,
    pub dispute: Color,
    pub quote: Color,
    pub hit: Color,
}

impl Default for Palette {
    fn default() -> Palette {
        Palette {
            accent: Color::Cyan,
            date: Color::Blue,
            number: Color::Yellow,
            statement: Color::Magenta,
            marker: Color::Green,
            dispute: Color::Red,
            quote: Color::Green,
            hit: Color::Yellow,
        }
    }
}

impl Palette {
    /// Dark backgrounds: the bright variants read better.
    pub fn dark() -> Palette {
        Palette {
            accent: Color::LightCyan,
            date: Color::LightBlue,
            number: Color::LightYellow,
            statement: Color::LightMagenta,
            marker: Color::LightGreen,
            dispute: Color::LightRed,
            quote: Color::LightGreen,
            hit: Color::Yellow,
        }
    }

    /// Light backgrounds: yellow text is unreadable on white, so numbers go blue.
    pub fn light() -> Palette {
        Palette {
            accent: Color::Blue,
            date: Color::Blue,
            number: Color::Magenta,
            statement: Color::Magenta,
            marker: Color::Green,
            dispute: Color::Red,
            quote: Color::Green,
            hit: Color::Cyan,
        }
    }

    /// Sets one style's colour by name, as a configuration file does.
    pub fn set(&mut self, style: &str, color: &str) {
        let Some(color) = parse_color(color) else {
            return;
        };
        match style {
            "accent" => self.accent = color,
            "date" => self.date = color,
            "number" => self.number = color,
            "statement" => self.statement = color,
            "marker" => self.marker = color,
            "dispute" => self.dispute = color,
            "quote" => self.quote = color,
            "hit" => self.hit = color,
            _ => {}
        }
    }
}

/// One of the 16 ANSI colour names.
pub fn parse_color(name: &str) -> Option<Color> {
    Some(match name.to_ascii_lowercase().as_str() {
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "darkgray" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

const ASCII_FOCUS_BORDER: border::Set = border::Set {
    top_left: "#",
    top_right: "#",
    bottom_left: "#",
    bottom_right: "#",
    vertical_left: "#",
    vertical_right: "#",
    horizontal_top: "=",
    horizontal_bottom: "=",
};

impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Focused panes get a heavier border, so focus shows without colour.
    pub fn border_set(&self, focused: bool) -> border::Set<'static> {
        match (self.ascii, focused) {
            (true, true) => ASCII_FOCUS_BORDER,
            (true, false) => ASCII_BORDER,
            (false, true) => border::THICK,
            (false, false) => border::PLAIN,
        }
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.palette.accent).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    pub fn pane_title(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.palette.accent)
                .add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The selected row: reversed where focus is, underlined elsewhere.
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn date(&self) -> Style {
        self.fg(self.palette.date).add_modifier(Modifier::BOLD)
    }

    pub fn number(&self) -> Style {
        self.fg(self.palette.number).add_modifier(Modifier::BOLD)
    }

    pub fn statement(&self) -> Style {
        self.fg(self.palette.statement).add_modifier(Modifier::BOLD)
    }

    pub fn marker(&self) -> Style {
        self.fg(self.palette.marker).add_modifier(Modifier::BOLD)
    }

    pub fn dispute(&self) -> Style {
        self.fg(self.palette.dispute).add_modifier(Modifier::BOLD)
    }

    pub fn quote(&self) -> Style {
        self.fg(self.palette.quote).add_modifier(Modifier::ITALIC)
    }

    /// Quotes inside a source's full text.
    pub fn quoted_passage(&self) -> Style {
        self.fg(self.palette.quote)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Search matches: reversed and coloured, so they stand out with or without colour.
    pub fn hit(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(self.palette.hit)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn priority(&self, p: Priority) -> Style {
        match p {
            Priority::Critical => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Priority::High => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Priority::Normal => Style::new(),
            Priority::Low => self.muted(),
        }
    }

    pub fn status(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Markers that have an ASCII twin for plain fonts. Prefer [`Theme::sym`],
    /// whose twins live in one table.
    pub fn glyph(&self, fancy: &'static str, plain: &'static str) -> &'static str {
        if self.ascii { plain } else { fancy }
    }

    /// Text brief writes itself (hints, separators, dates it formats, counts)
    /// in the theme's symbol set: as is, or under `--ascii` with every symbol
    /// of [`ASCII_TWINS`] replaced by its twin. Never for briefing text,
    /// which stays as written; join such text with [`Theme::sep`] and friends.
    pub fn chrome<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if !self.ascii || s.is_ascii() {
            return std::borrow::Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len() + 8);
        for c in s.chars() {
            let mut buf = [0; 4];
            let c_str: &str = c.encode_utf8(&mut buf);
            match ASCII_TWINS.iter().find(|(fancy, _)| *fancy == c_str) {
                Some((_, twin)) => out.push_str(twin),
                None => out.push(c),
            }
        }
        std::borrow::Cow::Owned(out)
    }

    /// One symbol of the set: `t.sym("…")` is `...` under `--ascii`.
    pub fn sym(&self, fancy: &'static str) -> &'static str {
        if !self.ascii {
            return fancy;
        }
        ASCII_TWINS
            .iter()
            .find(|(f, _)| *f == fancy)
            .map_or(fancy, |(_, plain)| plain)
    }

    /// The separator between fields: ` · `, or ` | ` under `--ascii`.
    pub fn sep(&self) -> &'static str {
        if self.ascii { " | " } else { " · " }
    }

    /// What ends text cut short: `…`, or `...` under `--ascii`.
    pub fn ellipsis(&self) -> &'static str {
        self.sym("…")
    }
}

/// The symbols brief draws around briefing text, each with its ASCII twin.
pub const ASCII_TWINS: &[(&str, &str)] = &[
    ("…", "..."),
    ("·", "|"),
    ("–", "-"),
    ("—", "--"),
    ("✱", "+"),
    ("▶", ">"),
    ("✗", "x"),
    ("❝", "\""),
    ("“", "\""),
    ("”", "\""),
    ("•", "*"),
    ("─", "-"),
    ("▏", "_"),
    ("×", "x"),
    ("●", "*"),
    ("◆", "+"),
    ("⚑", "!"),
    ("↑", "Up"),
    ("↓", "Down"),
    ("←", "Left"),
    ("→", "Right"),
    ("≥", ">="),
];
