//! `brief completions SHELL` and `brief man`, generated from the clap
//! definitions, as a user would install them.

use assert_cmd::Command;

fn run(args: &[&str]) -> String {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "brief {args:?}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn bash_zsh_and_fish_completions_name_the_commands_and_options() {
    for shell in ["bash", "zsh", "fish"] {
        let script = run(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {} bytes", script.len());
        for word in [
            "check",
            "show",
            "list",
            "mark",
            "doctor",
            "schema",
            "completions",
            "man",
        ] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
        for option in ["strict", "section", "no-color"] {
            assert!(
                script.contains(option),
                "{shell} completions lack --{option}"
            );
        }
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let script = run(&["completions", "bash"]);
    let ok = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .status();
    // Where bash exists it must parse the script; elsewhere there is nothing to ask.
    if let Ok(status) = ok {
        assert!(status.success(), "bash -n rejects the script");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = Command::cargo_bin("brief")
        .unwrap()
        .env("XDG_CACHE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .env("XDG_STATE_HOME", env!("CARGO_TARGET_TMPDIR"))
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

#[test]
fn the_man_page_is_roff_for_brief_with_every_command() {
    let page = run(&["man"]);
    assert!(
        page.contains("\n.TH brief 1 "),
        "{}",
        &page[..page.len().min(80)]
    );
    for command in [
        "check",
        "show",
        "list",
        "mark",
        "doctor",
        "schema",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!(".SS \"brief {command}\"")),
            "the man page lacks brief {command}"
        );
    }
    assert!(page.contains("strict"));
    assert!(page.contains(".SH FILES"));
}

#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    // `true` exits at once, so brief writes into a pipe nobody reads.
    let brief = assert_cmd::cargo::cargo_bin("brief");
    for command in ["completions bash", "man"] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "'{}' {command} | true; echo \"${{PIPESTATUS[0]}}\"",
                brief.display()
            ))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{command}: {stderr}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "0\n",
            "{command}: {stderr}"
        );
    }
}
