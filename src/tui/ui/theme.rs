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
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        }
    }

    pub fn pane_title(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
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
        self.fg(Color::Blue).add_modifier(Modifier::BOLD)
    }

    pub fn number(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn statement(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn marker(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn dispute(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn quote(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::ITALIC)
    }

    /// Quotes inside a source's full text.
    pub fn quoted_passage(&self) -> Style {
        self.fg(Color::Green)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Search matches: reversed and coloured, so they stand out with or without colour.
    pub fn hit(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Yellow)
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

    /// Markers that have an ASCII twin for plain fonts.
    pub fn glyph(&self, fancy: &'static str, plain: &'static str) -> &'static str {
        if self.ascii { plain } else { fancy }
    }
}
