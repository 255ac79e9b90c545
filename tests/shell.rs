//! The shell's conventions: `handout completions SHELL` writes a script a
//! real shell loads and completes with, and `handout man` a manual page
//! `man` shows, both from the command line's own definition.

mod common;

use std::process::Command;

use common::*;

fn output_of(args: &[&str]) -> String {
    let out = handout().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What bash's completion offers after `words` (the last one being typed).
fn bash_completes(script: &std::path::Path, words: &str) -> String {
    let n = words.split_whitespace().count() - usize::from(!words.ends_with(' '));
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD={n}; COMP_LINE='{words}'; \
             COMP_POINT=${{#COMP_LINE}}; \
             _handout handout \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        ))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_loads_the_completion_script_and_completes_commands_and_options() {
    if !have("bash") {
        return;
    }
    let dir = tempdir();
    let script = dir.path().join("handout.bash");
    std::fs::write(&script, output_of(&["completions", "bash"])).unwrap();
    let commands = bash_completes(&script, "handout ba");
    assert_eq!(commands.trim(), "batch", "{commands}");
    let options = bash_completes(&script, "handout batch --date-");
    assert!(options.lines().any(|l| l == "--date-order"), "{options}");
    let orders = bash_completes(&script, "handout batch --date-order ");
    assert_eq!(
        orders.split_whitespace().collect::<Vec<_>>(),
        ["mdy", "dmy"],
        "{orders}"
    );
}

#[test]
fn every_shell_gets_a_script_naming_the_commands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = output_of(&["completions", shell]);
        for word in [
            "handout",
            "batch",
            "serve",
            "schema",
            "roster",
            "date-order",
        ] {
            assert!(script.contains(word), "{shell}'s script lacks {word}");
        }
    }
    let out = handout().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_shows_the_page_and_each_commands_own() {
    if !have("man") {
        return;
    }
    let show = |args: &[&str]| {
        let dir = tempdir();
        let page = dir.path().join("page.1");
        std::fs::write(&page, output_of(args)).unwrap();
        let out = Command::new("man")
            .arg("-l")
            .arg(&page)
            .env("MANPAGER", "cat")
            .env("MANWIDTH", "100")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let main = show(&["man"]);
    assert!(main.contains("handout(1)"), "{main}");
    assert!(main.contains("handout-batch(1)"), "{main}");
    assert!(
        main.contains("Build a packet for every client of a roster"),
        "{main}"
    );
    let batch = show(&["man", "batch"]);
    assert!(batch.contains("handout-batch(1)"), "{batch}");
    assert!(batch.contains("--date-order"), "{batch}");
    assert!(batch.contains("--strict-languages"), "{batch}");

    let out = handout().args(["man", "batc"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("there is no command `batc`"), "{said}");
}
