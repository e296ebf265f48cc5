//! `brief completions SHELL` and `brief man`: both generated from the clap
//! definitions in [`super::Cli`], so they always match the real options.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;

use super::{Cli, Outcome};

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "brief", &mut buf);
    buf
}

/// The manual page, brief(1), in roff: the global options, then every
/// command with its synopsis, description and options, then the files and
/// variables brief reads. One page, so `brief man | man -l -` shows it all.
pub fn man_page() -> io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let top = Man::new(cmd.clone());
    let mut out = Vec::new();
    top.render_title(&mut out)?;
    top.render_name_section(&mut out)?;
    top.render_synopsis_section(&mut out)?;
    top.render_description_section(&mut out)?;
    top.render_options_section(&mut out)?;
    out.extend_from_slice(b".SH COMMANDS\n");
    // From the unbuilt definition, so that each command lists its own
    // options and not the global ones again.
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("brief {}", sub.get_name());
        let page = Man::new(sub.clone().bin_name(&name));
        out.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
        let mut body = Vec::new();
        page.render_synopsis_section(&mut body)?;
        body.extend_from_slice(b".PP\n");
        page.render_description_section(&mut body)?;
        page.render_options_section(&mut body)?;
        // The command's own section headings would end COMMANDS early.
        for line in body.split_inclusive(|&b| b == b'\n') {
            if !line.starts_with(b".SH") {
                out.extend_from_slice(line);
            }
        }
    }
    out.extend_from_slice(FILES_AND_ENVIRONMENT.as_bytes());
    top.render_version_section(&mut out)?;
    Ok(out)
}

const FILES_AND_ENVIRONMENT: &str = r#".SH FILES
.TP
\fI$XDG_STATE_HOME/brief/state.json\fR (by default \fI~/.local/state/brief/state.json\fR)
What has been read, flagged and archived. \fB\-\-state\fR chooses another file.
.TP
\fI$XDG_CONFIG_HOME/brief/config.toml\fR (by default \fI~/.config/brief/config.toml\fR)
Keys, theme, colours, sort and filters. \fB\-\-config\fR chooses another file.
.SH ENVIRONMENT
.TP
\fBBRIEF_STATE\fR
The state file, as \fB\-\-state\fR.
.TP
\fBNO_COLOR\fR
When set and not empty, draw without colour, as \fB\-\-no\-color\fR.
.SH EXIT STATUS
0 done; 1 nothing found (no match, nothing unread or flagged, no briefing with that id, nothing changed) or a briefing with errors; 2 an error: a usage error, a path that is not a briefing file or cannot be read, a state file that cannot be used, or a mark with nothing to write to. A search that could not read some places exits 2 after printing its hits.
.SH SEE ALSO
\fBbrief doctor\fR checks the terminal, locale, SSH and tmux; \fBbrief schema\fR prints the JSON Schema of the briefing format.
"#;

pub fn run_completions(shell: Shell, out: &mut dyn Write) -> io::Result<Outcome> {
    // Generated in memory first: clap_complete panics on a write error,
    // and a closed pipe must end quietly like every other command.
    out.write_all(&completions(shell))?;
    Ok(Outcome::Ok)
}

pub fn run_man(out: &mut dyn Write) -> io::Result<Outcome> {
    out.write_all(&man_page()?)?;
    Ok(Outcome::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shell_gets_a_script_that_knows_the_commands() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let script = String::from_utf8(completions(shell)).unwrap();
            for word in ["brief", "check", "show", "doctor", "strict", "format"] {
                assert!(script.contains(word), "{shell}: no {word}");
            }
        }
    }

    #[test]
    fn the_man_page_documents_each_command_and_its_options() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        assert!(page.contains("\n.TH brief 1 "), "{}", &page[..80]);
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH OPTIONS",
            ".SH COMMANDS",
            ".SH FILES",
        ] {
            assert!(page.contains(section), "no {section}");
        }
        assert!(page.contains(".SS \"brief check\""));
        assert!(page.contains(".SS \"brief show\""));
        // Each command's own options, under its own heading.
        let check = page.split(".SS \"brief check\"").nth(1).unwrap();
        let check = check.split(".SS").next().unwrap();
        assert!(check.contains("strict"), "{check}");
        // No heading of a command's page breaks out of COMMANDS.
        assert_eq!(page.matches(".SH SYNOPSIS").count(), 1);
    }
}
