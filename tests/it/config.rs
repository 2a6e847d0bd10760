//! `phrasec.toml`: discovery from the inputs, `--config`, lint levels by code and by name and
//! their interplay with `--deny-warnings`, misspellings, channels, E0007 errors located in the
//! file, and the validity of every `toml` block of `docs/configuration.md`.

use std::path::Path;

use phrasec::diagnostics::Code;
use phrasec::source::FileId;

/// What one run of the binary produced.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr, with the temporary directory replaced by `[TMP]`.
    fn transcript_in(&self, dir: &Path) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
        .replace(&dir.display().to_string(), "[TMP]")
    }

    /// The JSON diagnostics printed with `--output-format json`.
    fn json(&self) -> Vec<serde_json::Value> {
        let value: serde_json::Value = serde_json::from_str(&self.stdout).expect("JSON output");
        value.as_array().expect("an array").clone()
    }

    fn codes(&self) -> Vec<String> {
        self.json()
            .iter()
            .map(|d| d["code"].as_str().expect("code").to_owned())
            .collect()
    }
}

/// Runs `phrasec ARGS` in `dir` without colour.
fn phrasec_in(dir: &Path, args: &[&str]) -> Run {
    let output = assert_cmd::cargo::cargo_bin_cmd!("phrasec")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("the binary runs");
    let run = Run {
        code: output.status.code().expect("the binary exits"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

/// A temporary directory holding the given files (parent directories are created).
fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create directories");
        std::fs::write(path, text).expect("write a file");
    }
    dir
}

/// A rule file with an ASCII comma (W0301) and a phrase without final punctuation (W0304).
const RULES: &str = "spec \"客户端作业规范\" version \"2.0\"\n\narticle 37 \"客户对我们的服务表示感谢时\"\n  say \"不客气,这是我们的工作\"\n";

/// `check --output-format json` of `RULES` under `config`, in a fresh directory.
fn check_with(config: &str, extra: &[&str]) -> Run {
    let dir = tree(&[("rules/a.phr", RULES), ("phrasec.toml", config)]);
    let mut args = vec!["check", "rules", "--output-format", "json"];
    args.extend_from_slice(extra);
    phrasec_in(dir.path(), &args)
}

// ---------------------------------------------------------------- discovery and --config

#[test]
fn the_configuration_is_found_walking_up_from_the_first_input() {
    let dir = tree(&[
        ("phrasec.toml", "[lint.levels]\nW0304 = \"warn\"\n"),
        ("rules/sub/a.phr", RULES),
    ]);
    // From the root, naming a file two directories down.
    let run = phrasec_in(
        dir.path(),
        &["check", "rules/sub/a.phr", "--output-format", "json"],
    );
    assert_eq!(run.codes(), ["W0301", "W0304"]);
    // From the subdirectory itself, naming the file or the directory.
    let sub = dir.path().join("rules/sub");
    for input in ["a.phr", "."] {
        let run = phrasec_in(&sub, &["check", input, "--output-format", "json"]);
        assert_eq!(run.codes(), ["W0301", "W0304"], "check {input}");
    }
}

#[test]
fn the_nearest_configuration_wins() {
    let dir = tree(&[
        ("phrasec.toml", "[lint.levels]\nW0304 = \"warn\"\n"),
        ("rules/phrasec.toml", "[lint.levels]\nW0301 = \"allow\"\n"),
        ("rules/a.phr", RULES),
    ]);
    let run = phrasec_in(dir.path(), &["check", "rules", "--output-format", "json"]);
    // Only the nearer file applies: W0301 is allowed and W0304 keeps its default (allow).
    assert_eq!(run.codes(), Vec::<String>::new());
    assert_eq!(run.code, 0);
}

#[test]
fn a_configuration_error_names_the_discovered_file() {
    let dir = tree(&[
        (
            "phrasec.toml",
            "[lint.levels]\nW0301 = \"deny\"\nW9999 = \"warn\"\n",
        ),
        ("rules/a.phr", RULES),
    ]);
    let run = phrasec_in(dir.path(), &["check", "rules/a.phr"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript_in(dir.path()));
}

#[test]
fn an_explicit_configuration_replaces_discovery() {
    let dir = tree(&[
        ("phrasec.toml", "[lint.levels]\nW0301 = \"deny\"\n"),
        (
            "configs/strict.toml",
            "[lint.levels]\nW0304 = \"deny\"\nW0301 = \"allow\"\n",
        ),
        ("rules/a.phr", RULES),
    ]);
    let discovered = phrasec_in(dir.path(), &["check", "rules", "--output-format", "json"]);
    assert_eq!(discovered.codes(), ["W0301"]);
    let explicit = phrasec_in(
        dir.path(),
        &[
            "check",
            "rules",
            "--config",
            "configs/strict.toml",
            "--output-format",
            "json",
        ],
    );
    assert_eq!(explicit.codes(), ["W0304"]);
    assert_eq!(explicit.json()[0]["severity"], "error");
    assert_eq!(explicit.code, 1);
}

#[test]
fn an_explicit_configuration_applies_to_standard_input() {
    let dir = tree(&[("strict.toml", "[lint.levels]\nW0301 = \"deny\"\n")]);
    let output = assert_cmd::cargo::cargo_bin_cmd!("phrasec")
        .current_dir(dir.path())
        .args([
            "check",
            "-",
            "--config",
            "strict.toml",
            "--output-format",
            "concise",
        ])
        .write_stdin(RULES)
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("<stdin>:4:11: error[W0301]"), "{stdout}");
}

#[test]
fn an_unreadable_explicit_configuration_is_reported() {
    let dir = tree(&[("rules/a.phr", RULES)]);
    let run = phrasec_in(dir.path(), &["check", "rules", "--config", "missing.toml"]);
    assert_eq!(run.code, 2, "an unreadable configuration is an I/O failure");
    assert!(
        run.stderr.contains("cannot read `missing.toml`"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------- levels

#[test]
fn levels_are_set_by_code_or_by_name_in_any_case() {
    for key in ["W0301", "w0301", "ascii-punctuation", "ASCII-Punctuation"] {
        let run = check_with(&format!("[lint.levels]\n{key} = \"allow\"\n"), &[]);
        assert_eq!(run.codes(), Vec::<String>::new(), "{key} = \"allow\"");
        let run = check_with(&format!("[lint.levels]\n{key} = \"deny\"\n"), &[]);
        assert_eq!(run.codes(), ["W0301"], "{key} = \"deny\"");
        assert_eq!(run.json()[0]["severity"], "error");
        assert_eq!(run.code, 1, "{key} = \"deny\" fails the check");
    }
}

#[test]
fn missing_final_punctuation_is_allowed_by_default_and_can_be_turned_on() {
    let run = check_with("", &[]);
    assert_eq!(run.codes(), ["W0301"]);
    let run = check_with("[lint.levels]\nmissing-final-punctuation = \"warn\"\n", &[]);
    assert_eq!(run.codes(), ["W0301", "W0304"]);
    assert_eq!(run.code, 0, "warnings do not fail the check");
}

/// A configuration, extra flags, the exit code and the (code, severity) pairs reported.
type Case = (
    &'static str,
    &'static [&'static str],
    i32,
    &'static [(&'static str, &'static str)],
);

/// `--deny-warnings` turns reported warnings into errors but does not bring back allowed ones;
/// the table in `docs/configuration.md`.
#[test]
fn deny_warnings_promotes_what_is_reported_and_nothing_else() {
    let cases: [Case; 5] = [
        ("", &[], 0, &[("W0301", "warning")]),
        ("", &["--deny-warnings"], 1, &[("W0301", "error")]),
        (
            "[lint.levels]\nW0304 = \"warn\"\n",
            &["--deny-warnings"],
            1,
            &[("W0301", "error"), ("W0304", "error")],
        ),
        (
            "[lint.levels]\nW0301 = \"allow\"\n",
            &["--deny-warnings"],
            0,
            &[],
        ),
        (
            "[lint.levels]\nW0304 = \"deny\"\n",
            &[],
            1,
            &[("W0301", "warning"), ("W0304", "error")],
        ),
    ];
    for (config, flags, exit, expected) in cases {
        let run = check_with(config, flags);
        let found: Vec<(String, String)> = run
            .json()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_owned(),
                    d["severity"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(c, s)| (c.to_string(), s.to_string()))
            .collect();
        assert_eq!(found, expected, "config {config:?} with {flags:?}");
        assert_eq!(run.code, exit, "config {config:?} with {flags:?}");
    }
}

#[test]
fn a_denied_warning_stops_the_build() {
    let dir = tree(&[
        (
            "phrasec.toml",
            "[lint.levels]\nascii-punctuation = \"deny\"\n",
        ),
        ("rules/a.phr", RULES),
    ]);
    let run = phrasec_in(dir.path(), &["build", "rules", "-o", "out.json"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error[W0301]"), "{}", run.stderr);
    assert!(!dir.path().join("out.json").exists());
}

// ---------------------------------------------------------------- misspellings and channels

const MISSPELT: &str = "spec \"规范\" version \"1\"\n\narticle 1 \"帐户查询\"\n  say \"您的帐户已恢复正常，我们将歇诚为您服务！\"\n";

fn misspellings_with(config: &str) -> Vec<String> {
    let dir = tree(&[("rules/a.phr", MISSPELT), ("phrasec.toml", config)]);
    let run = phrasec_in(dir.path(), &["check", "rules", "--output-format", "json"]);
    run.json()
        .iter()
        .map(|d| d["message"].as_str().expect("message").to_owned())
        .collect()
}

#[test]
fn misspellings_are_added_to_the_built_in_list_or_replace_it() {
    let built_in = "`歇诚` is a misspelling of `竭诚`";
    let account = "`帐户` is a misspelling of `账户`";
    assert_eq!(misspellings_with("[lint]\n"), [built_in]);
    let added = "[lint.misspellings]\n\"帐户\" = \"账户\"\n";
    assert_eq!(misspellings_with(added), [account, account, built_in]);
    let only = "[lint]\ndefault-misspellings = false\n\n[lint.misspellings]\n\"帐户\" = \"账户\"\n";
    assert_eq!(misspellings_with(only), [account, account]);
    // A pair for a known wrong word replaces the built-in correction.
    let replaced = "[lint.misspellings]\n\"歇诚\" = \"诚心\"\n";
    assert_eq!(
        misspellings_with(replaced),
        ["`歇诚` is a misspelling of `诚心`"]
    );
}

/// `docs/configuration.md` promises the built-in misspellings unless `default-misspellings =
/// false`; a file without a `[lint]` table (channels only, or empty) drops them today.
#[test]
fn a_configuration_without_a_lint_table_keeps_the_built_in_misspellings() {
    let built_in = "`歇诚` is a misspelling of `竭诚`";
    assert_eq!(misspellings_with(""), [built_in]);
    assert_eq!(
        misspellings_with("[channels.sms]\nmax-chars = 70\narticles = [1]\n"),
        [built_in]
    );
}

#[test]
fn channels_limit_the_articles_they_list() {
    let rules = "spec \"规范\" version \"1\"\n\narticle 30 \"一\"\n  say \"您好，您的电话听不清楚，请您挂机重新拨打。\"\n\narticle 43 \"二\"\n  say \"您好，您的电话听不清楚，请您挂机重新拨打。\"\n\narticle 50 \"三\"\n  say \"您好，您的电话听不清楚，请您挂机重新拨打。\"\n";
    // Each phrase has 21 characters.
    let config = "[channels.ivr]\nmax-chars = 20\narticles = [30, \"40-46\"]\n\n[channels.sms]\nmax-chars = 21\narticles = [\"1-100\"]\n\n[channels.empty]\nmax-chars = 1\n";
    let dir = tree(&[("rules/a.phr", rules), ("phrasec.toml", config)]);
    let run = phrasec_in(dir.path(), &["check", "rules", "--output-format", "json"]);
    let messages: Vec<String> = run
        .json()
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        messages,
        [
            "a phrase of article 30 is 21 characters long, over the 20 allowed on the channel `ivr`",
            "a phrase of article 43 is 21 characters long, over the 20 allowed on the channel `ivr`",
        ]
    );
    assert_eq!(run.code, 0);
}

// ---------------------------------------------------------------- E0007

/// The E0007 diagnostics of `RULES` under `config`: (line, column, message) in `phrasec.toml`.
fn config_errors(config: &str) -> Vec<(u64, u64, String)> {
    let run = check_with(config, &[]);
    assert_eq!(run.code, 1, "E0007 is an error");
    run.json()
        .iter()
        .filter(|d| d["code"] == "E0007")
        .map(|d| {
            let location = &d["location"];
            assert_eq!(location["file"], "phrasec.toml");
            (
                location["line"].as_u64().unwrap(),
                location["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn an_unknown_key_is_located() {
    let errors = config_errors("# levels\n[lint]\nlevels = {}\nlevel = { W0301 = \"deny\" }\n");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].0, errors[0].1), (4, 1));
    assert!(errors[0].2.contains("unknown field `level`"), "{errors:?}");
    let errors = config_errors("[channels.ivr]\nmax-chars = 20\n  article = [30]\n");
    assert_eq!((errors[0].0, errors[0].1), (3, 3));
    let errors = config_errors("[lints]\n");
    assert_eq!((errors[0].0, errors[0].1), (1, 2));
}

#[test]
fn an_unknown_code_or_an_error_code_is_located_and_dropped() {
    let config = "[lint.levels]\nW0301 = \"allow\"\n  W9999 = \"warn\"\nmissing-final-punctation = \"warn\"\nE0107 = \"allow\"\n";
    let errors = config_errors(config);
    assert_eq!(
        errors,
        [
            (3, 3, "there is no diagnostic code `W9999`".to_owned()),
            (
                4,
                1,
                "there is no diagnostic code `missing-final-punctation`".to_owned()
            ),
            (
                5,
                1,
                "`E0107` is an error and cannot be configured".to_owned()
            ),
        ]
    );
    // The valid entry still applies: W0301 is allowed.
    let run = check_with(config, &[]);
    assert!(!run.codes().contains(&"W0301".to_owned()));
}

#[test]
fn a_bad_article_range_is_located_and_dropped() {
    let config =
        "[channels.ivr]\nmax-chars = 5\narticles = [\"40-46\",  \"46-40\", \"37\", \"x-y\", 37]\n";
    let errors = config_errors(config);
    assert_eq!(
        errors,
        [
            (
                3,
                23,
                "`46-40` is not an article number or range".to_owned()
            ),
            (3, 32, "`37` is not an article number or range".to_owned()),
            (3, 38, "`x-y` is not an article number or range".to_owned()),
        ]
    );
    // The valid entries still apply: article 37 is on the channel.
    let run = check_with(config, &[]);
    assert!(run.codes().contains(&"W0307".to_owned()));
}

#[test]
fn a_bad_value_is_located_and_the_file_ignored() {
    let errors = config_errors("[lint.levels]\nW0301 = \"error\"\nW0304 = \"warn\"\n");
    assert_eq!((errors[0].0, errors[0].1), (2, 9));
    assert!(errors[0].2.contains("unknown variant `error`"));
    // The whole file is ignored: W0304 stays allowed.
    let run = check_with("[lint.levels]\nW0301 = \"error\"\nW0304 = \"warn\"\n", &[]);
    assert_eq!(run.codes(), ["W0301", "E0007"]);
    let errors = config_errors("[channels.ivr]\nmax-chars = -1\n");
    assert_eq!((errors[0].0, errors[0].1), (2, 13));
    let errors = config_errors("[channels.ivr]\narticles = [30]\n");
    assert!(
        errors[0].2.contains("missing field `max-chars`"),
        "{errors:?}"
    );
    let errors = config_errors("[lint.levels\nW0301 = \"allow\"\n");
    assert_eq!(errors[0].0, 1);
}

#[test]
fn configuration_errors_are_shown_in_the_file() {
    let dir = tree(&[
        (
            "phrasec.toml",
            "[lint.levels]\nW0304 = \"warn\"\nE0107 = \"allow\"\n\n[channels.ivr]\nmax-chars = 20\narticles = [\"46-40\"]\n",
        ),
        ("rules/a.phr", RULES),
    ]);
    let run = phrasec_in(dir.path(), &["check", "rules"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript_in(dir.path()));
}

// ---------------------------------------------------------------- the reference

/// The fenced blocks of a Markdown text with the given info string: (line of the fence, text).
fn fenced_blocks(markdown: &str, info: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (idx, line) in markdown.lines().enumerate() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(found)) if found.trim() == info => current = Some((idx + 1, String::new())),
            (None, Some(_)) | (None, None) => {}
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_toml_block_of_the_configuration_reference_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md");
    let markdown = std::fs::read_to_string(path).expect("docs/configuration.md");
    let blocks = fenced_blocks(&markdown, "toml");
    assert!(blocks.len() >= 6, "found {} toml blocks", blocks.len());
    let mut keys = String::new();
    for (line, text) in &blocks {
        let (_, diagnostics) = phrasec::config::parse(FileId(0), text);
        assert!(
            diagnostics.is_empty(),
            "docs/configuration.md:{line}: {:#?}",
            diagnostics
        );
        keys += text;
    }
    // An example for every key.
    for key in [
        "[lint]",
        "default-misspellings",
        "[lint.levels]",
        "[lint.misspellings]",
        "[channels.",
        "max-chars",
        "articles",
    ] {
        assert!(keys.contains(key), "no example of `{key}`");
    }
    // Every warning code is in the table of levels, with its name.
    for info in phrasec::diagnostics::CODES {
        if info.severity == phrasec::diagnostics::Severity::Warning {
            let row = format!("| {} | `{}` |", info.code, info.name);
            assert!(markdown.contains(&row), "no row `{row}`");
        }
    }
    assert!(markdown.contains(&format!(
        "| {} | `{}` | **allow** |",
        Code::W0304,
        Code::W0304.info().name
    )));
}
