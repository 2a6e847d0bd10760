//! Tests the explanation of every diagnostic code (`docs/codes/*.md`, `phrasec explain`): each
//! erroneous example yields that code and nothing else, each fixed example yields nothing.
//!
//! Examples are rule files (```` ```phr,error ````, ```` ```phr,fixed ````). Two conventions
//! cover codes that depend on `phrasec.toml`:
//!
//! - A code that needs configuration to fire (W0304 is allowed by default, W0307 needs a
//!   channel) has one ```` ```toml,config ```` block in a `## Configuration` section. Both
//!   examples are compiled with it as their `phrasec.toml`, and the erroneous example must not
//!   yield the code without it (the block is there because it is needed).
//! - A code about `phrasec.toml` itself (E0007) has ```` ```toml,error ```` and
//!   ```` ```toml,fixed ```` examples; each is compiled as the configuration of
//!   [`TRIVIAL_RULES`], a rule file that is clean on its own.

use assert_cmd::Command;
use phrasec::diagnostics::{CODES, Code, CodeInfo, Diagnostic};
use phrasec::render::{RenderOptions, RenderedArticle, parse_slot_arguments, render_article};

/// A fenced block of an explanation: its info string (`phr,error`), its text and the heading of
/// the section it is in.
#[derive(Debug)]
struct Block {
    info: String,
    text: String,
    section: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut current: Option<Block> = None;
    for line in markdown.lines() {
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => {
                current = Some(Block {
                    info: info.trim().to_owned(),
                    text: String::new(),
                    section: section.clone(),
                });
            }
            (Some(_), Some(_)) => out.extend(current.take()),
            (Some(block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, None) => {
                if let Some(heading) = line.strip_prefix("## ") {
                    section = heading.trim().to_owned();
                }
            }
        }
    }
    assert!(current.is_none(), "unclosed code block in:\n{markdown}");
    out
}

/// The bytes of a block: `\xNN` is one byte in `bytes` blocks, everything else is UTF-8.
fn block_bytes(block: &Block) -> Vec<u8> {
    if !block.info.split(',').any(|part| part == "bytes") {
        return block.text.as_bytes().to_vec();
    }
    let text = block.text.as_bytes();
    let mut out = Vec::new();
    let mut idx = 0;
    while idx < text.len() {
        let escaped = text
            .get(idx..idx + 4)
            .filter(|chunk| chunk.starts_with(b"\\x"))
            .and_then(|chunk| std::str::from_utf8(&chunk[2..]).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                idx += 4;
            }
            None => {
                out.push(text[idx]);
                idx += 1;
            }
        }
    }
    out
}

/// The rule file that `toml` examples configure: clean under the default configuration.
const TRIVIAL_RULES: &str =
    "spec \"配置示例\" version \"1\"\n\narticle 1 \"示例\"\n  say \"您好。\"\n";

/// Whether a block is an example written in TOML (the configuration file itself).
fn is_toml_example(block: &Block) -> bool {
    block.info.starts_with("toml,") && block.info != "toml,config"
}

/// Compiles an example: a rule file with `config` as its `phrasec.toml`, or, for a `toml`
/// example, [`TRIVIAL_RULES`] with the example as its `phrasec.toml`.
fn compile_block(info: &CodeInfo, block: &Block, config: Option<&Block>) -> phrasec::Compilation {
    let (rules, config) = if is_toml_example(block) {
        (TRIVIAL_RULES.as_bytes().to_vec(), Some(block))
    } else {
        (block_bytes(block), config)
    };
    let config = config.map(|block| phrasec::Input {
        name: "phrasec.toml".to_owned(),
        bytes: block.text.as_bytes().to_vec(),
    });
    phrasec::compile_with_config(
        &[phrasec::Input {
            name: format!("{}.phr", info.code),
            bytes: rules,
        }],
        config.as_ref(),
    )
}

fn describe(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("  {}: {}", d.code, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The codes reported by `phrasec render` rather than by compiling a rule file.
fn is_render_code(code: Code) -> bool {
    code.as_str().starts_with("E03")
}

/// A `render` command as written in the first line of a render example.
#[derive(Debug, PartialEq)]
struct RenderCommand {
    /// `--article N`, or else a situation: `--given FACT=VALUE`…
    article: Option<u32>,
    given: Vec<(String, String)>,
    segment: Option<String>,
    slots: Vec<(String, String)>,
}

/// Parses `# phrasec render (--article N | --given FACT=VALUE...) [--segment S]
/// [--slot NAME=VALUE]...`.
fn render_command(first_line: &str) -> Result<RenderCommand, String> {
    let mut words = first_line.split_whitespace();
    if words.by_ref().take(3).collect::<Vec<_>>() != ["#", "phrasec", "render"] {
        return Err(format!("not a `# phrasec render` comment: {first_line}"));
    }
    let mut article = None;
    let mut segment = None;
    let mut slots = Vec::new();
    let mut given = Vec::new();
    while let Some(flag) = words.next() {
        let value = words
            .next()
            .ok_or_else(|| format!("`{flag}` has no value"))?;
        match flag {
            "--article" => article = Some(value.parse().map_err(|_| "bad article number")?),
            "--segment" => segment = Some(value.to_owned()),
            "--slot" => {
                let (name, raw) = value
                    .split_once('=')
                    .ok_or_else(|| format!("`--slot {value}` is not NAME=VALUE"))?;
                slots.push((name.to_owned(), raw.to_owned()));
            }
            "--given" => {
                let (fact, raw) = value
                    .split_once('=')
                    .ok_or_else(|| format!("`--given {value}` is not FACT=VALUE"))?;
                given.push((fact.to_owned(), raw.to_owned()));
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if article.is_none() == given.is_empty() {
        return Err("give either --article or --given".to_owned());
    }
    Ok(RenderCommand {
        article,
        given,
        segment,
        slots,
    })
}

/// Runs a render command as the CLI does: segment lookup (E0102), slot values (E0301), then
/// the article itself (E0302, E0303); or, with `--given`, the situation (E0307) and the first
/// article a decision chooses.
fn run_render(
    model: &phrasec::check::model::Model,
    command: &RenderCommand,
) -> Result<RenderedArticle, Vec<Diagnostic>> {
    let Some(article) = command.article else {
        let answers = phrasec::situation::answer(
            model,
            &command.given,
            command.segment.as_deref(),
            &command.slots,
            phrasec::render::Variants::Canonical,
        )?;
        return answers
            .into_iter()
            .find_map(|answer| answer.rendered)
            .ok_or_else(Vec::new);
    };
    let mut problems = Vec::new();
    let segment = command.segment.as_deref().and_then(|name| {
        let found = model.segment_by_name(name);
        if found.is_none() {
            problems.push(Diagnostic::new(
                Code::E0102,
                format!("there is no customer segment `{name}`"),
            ));
        }
        found
    });
    let (values, slot_problems) = parse_slot_arguments(model, article, &command.slots);
    problems.extend(slot_problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let options = RenderOptions {
        segment,
        values,
        ..RenderOptions::default()
    };
    render_article(model, article, &options).map_err(|d| vec![d])
}

/// Checks one code's explanation; returns what is wrong with it.
fn check_explanation(info: &CodeInfo) -> Vec<String> {
    let code = info.code;
    let mut problems = Vec::new();
    let heading = format!("# {code}: ");
    if !info.explanation.starts_with(&heading) || info.explanation.contains("pending") {
        problems.push(format!(
            "{code}: does not start with `{heading}…` or is pending"
        ));
    }
    let all = blocks(info.explanation);
    let phr: Vec<&Block> = all.iter().filter(|b| b.info.starts_with("phr")).collect();
    let configs: Vec<&Block> = all.iter().filter(|b| b.info == "toml,config").collect();
    let config = match configs.as_slice() {
        [] => None,
        [config] => {
            if config.section != "Configuration" {
                problems.push(format!(
                    "{code}: the `toml,config` block is in section `{}`, not `Configuration`",
                    config.section
                ));
            }
            Some(*config)
        }
        _ => {
            problems.push(format!("{code}: more than one `toml,config` block"));
            return problems;
        }
    };
    let examples: Vec<&Block> = all
        .iter()
        .filter(|b| b.info.starts_with("phr") || is_toml_example(b))
        .collect();
    // Codes about paths, not rule texts, show a command and its output instead; E0128 (a
    // `build` without a deployment value) shows the rule file too, as a plain `phr` block.
    if matches!(code, Code::E0006 | Code::E0008 | Code::E0128) {
        let plain_rule_file = code == Code::E0128 && phr.len() == 1 && phr[0].info == "phr";
        if !(phr.is_empty() || plain_rule_file) || !all.iter().any(|b| b.info == "console") {
            problems.push(format!("{code}: wants one console block and no phr blocks"));
        }
        return problems;
    }
    let erroneous: Vec<&Block> = examples
        .iter()
        .copied()
        .filter(|b| b.info.contains("error"))
        .collect();
    let fixed_blocks: Vec<&Block> = examples
        .iter()
        .copied()
        .filter(|b| b.info == "phr,fixed" || b.info == "toml,fixed")
        .collect();
    let ([error], [fixed]) = (erroneous.as_slice(), fixed_blocks.as_slice()) else {
        problems.push(format!(
            "{code}: wants one erroneous and one fixed example, has {} and {}",
            erroneous.len(),
            fixed_blocks.len()
        ));
        return problems;
    };
    let (error, fixed) = (*error, *fixed);
    if error.section != "Erroneous example" || fixed.section != "Fixed example" {
        problems.push(format!(
            "{code}: examples are in sections `{}` and `{}`",
            error.section, fixed.section
        ));
    }
    let bytes_block = error.info == "phr,error,bytes";
    if bytes_block != matches!(code, Code::E0003 | Code::E0005) {
        problems.push(format!("{code}: unexpected info string `{}`", error.info));
    }
    let toml_examples = [error, fixed].map(is_toml_example);
    if toml_examples != [code == Code::E0007; 2] || (code == Code::E0007 && config.is_some()) {
        problems.push(format!(
            "{code}: `toml,error` and `toml,fixed` examples (and no `toml,config`) are for E0007 only, found `{}` and `{}`",
            error.info, fixed.info
        ));
        return problems;
    }

    let erroneous_compilation = compile_block(info, error, config);
    let fixed_compilation = compile_block(info, fixed, config);
    if config.is_some() {
        let unconfigured = compile_block(info, error, None);
        if unconfigured.diagnostics.iter().any(|d| d.code == code) {
            problems.push(format!(
                "{code}: the erroneous example yields {code} without the `toml,config` block, which is then not needed"
            ));
        }
    }
    if !fixed_compilation.diagnostics.is_empty() {
        problems.push(format!(
            "{code}: the fixed example has diagnostics:\n{}",
            describe(&fixed_compilation.diagnostics)
        ));
    }
    if is_render_code(code) {
        if !erroneous_compilation.diagnostics.is_empty() {
            problems.push(format!(
                "{code}: the erroneous render example does not compile cleanly:\n{}",
                describe(&erroneous_compilation.diagnostics)
            ));
        }
        let commands = [error, fixed].map(|block| {
            render_command(block.text.lines().next().unwrap_or_default())
                .map_err(|why| format!("{code}: {why}"))
        });
        let [bad_command, good_command] = commands;
        match bad_command.map(|cmd| run_render(&erroneous_compilation.model, &cmd)) {
            Ok(Ok(_)) => problems.push(format!("{code}: the erroneous command succeeds")),
            Ok(Err(diagnostics)) if diagnostics.iter().all(|d| d.code == code) => {}
            Ok(Err(diagnostics)) => problems.push(format!(
                "{code}: the erroneous command reports other codes:\n{}",
                describe(&diagnostics)
            )),
            Err(problem) => problems.push(problem),
        }
        match good_command.map(|cmd| run_render(&fixed_compilation.model, &cmd)) {
            Ok(Ok(rendered)) if !rendered.lines.is_empty() => {}
            Ok(Ok(_)) => problems.push(format!("{code}: the fixed command renders nothing")),
            Ok(Err(diagnostics)) => problems.push(format!(
                "{code}: the fixed command fails:\n{}",
                describe(&diagnostics)
            )),
            Err(problem) => problems.push(problem),
        }
        return problems;
    }
    let diagnostics = &erroneous_compilation.diagnostics;
    if diagnostics.is_empty() {
        problems.push(format!("{code}: the erroneous example has no diagnostics"));
    } else if !diagnostics
        .iter()
        .all(|d| d.code == code && d.severity == info.severity)
    {
        problems.push(format!(
            "{code}: the erroneous example yields other diagnostics:\n{}",
            describe(diagnostics)
        ));
    }
    problems
}

#[test]
fn every_explanation_has_examples_that_behave_as_described() {
    let problems: Vec<String> = CODES.iter().flat_map(check_explanation).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn escapes_in_bytes_blocks_become_bytes() {
    let block = |info: &str| Block {
        info: info.to_owned(),
        text: "a\\xFFb\\x00\\xzz".to_owned(),
        section: String::new(),
    };
    assert_eq!(block_bytes(&block("phr,error,bytes")), b"a\xFFb\x00\\xzz");
    assert_eq!(block_bytes(&block("phr,error")), b"a\\xFFb\\x00\\xzz");
}

#[test]
fn render_comments_are_parsed() {
    let command = render_command("# phrasec render --article 34 --segment enterprise --slot a=1");
    assert_eq!(
        command,
        Ok(RenderCommand {
            article: Some(34),
            given: Vec::new(),
            segment: Some("enterprise".to_owned()),
            slots: vec![("a".to_owned(), "1".to_owned())],
        })
    );
    assert!(render_command("# phrasec check x.phr").is_err());
    assert!(render_command("# phrasec render --segment enterprise").is_err());
}

#[test]
fn a_wrong_example_is_caught() {
    let info = Code::E0107.info();
    let wrong = CodeInfo {
        code: info.code,
        name: info.name,
        severity: info.severity,
        summary: info.summary,
        // The erroneous example is fine and the fixed one is not.
        explanation: "# E0107: unknown slot\n\nText.\n\n## Erroneous example\n\n```phr,error\n\
                      spec \"x\"\narticle 1 \"a\" say \"b\"\n```\n\n## Fixed example\n\n\
                      ```phr,fixed\nspec \"x\"\narticle 1 \"a\" say \"{c}\"\n```\n",
    };
    let problems = check_explanation(&wrong);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].contains("fixed example has diagnostics"));
    assert!(problems[1].contains("erroneous example has no diagnostics"));
}

/// `info` with another explanation.
fn with_explanation(code: Code, explanation: String) -> CodeInfo {
    let info = code.info();
    CodeInfo {
        code: info.code,
        name: info.name,
        severity: info.severity,
        summary: info.summary,
        explanation: explanation.leak(),
    }
}

#[test]
fn a_configuration_block_is_used_and_must_be_needed() {
    let explanation = Code::W0304.info().explanation;
    let config = blocks(explanation)
        .into_iter()
        .find(|b| b.info == "toml,config")
        .expect("W0304 has a configuration block");
    assert!(config.text.contains("missing-final-punctuation = \"warn\""));

    // Without its configuration, W0304's erroneous example says nothing (allowed by default).
    let start = explanation.find("## Configuration").expect("section");
    let end = explanation.find("## Erroneous example").expect("section");
    let unconfigured = format!("{}{}", &explanation[..start], &explanation[end..]);
    let problems = check_explanation(&with_explanation(Code::W0304, unconfigured));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("erroneous example has no diagnostics"));

    // A configuration that the example does not need is reported.
    let explanation = Code::W0301.info().explanation;
    let end = explanation.find("## Erroneous example").expect("section");
    let needless = format!(
        "{}## Configuration\n\n```toml,config\n[lint.levels]\nW0301 = \"warn\"\n```\n\n{}",
        &explanation[..end],
        &explanation[end..]
    );
    let problems = check_explanation(&with_explanation(Code::W0301, needless));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("not needed"), "{problems:#?}");
}

#[test]
fn toml_examples_are_compiled_as_the_configuration() {
    // Swapped: the erroneous example is valid and the fixed one is not.
    let explanation = Code::E0007.info().explanation;
    let swapped = explanation
        .replace("```toml,error", "```toml,ERR")
        .replace("```toml,fixed", "```toml,error")
        .replace("```toml,ERR", "```toml,fixed");
    let problems = check_explanation(&with_explanation(Code::E0007, swapped));
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].contains("sections"), "{problems:#?}");
    assert!(problems[1].contains("fixed example has diagnostics"));
    assert!(problems[2].contains("erroneous example has no diagnostics"));

    // TOML examples belong to E0007 only.
    let explanation = Code::W0301
        .info()
        .explanation
        .replace("```phr,", "```toml,");
    let problems = check_explanation(&with_explanation(Code::W0301, explanation));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("E0007 only"));
}

/// The E0007 example points at the misspelt code name, in `phrasec.toml`.
#[test]
fn the_e0007_example_points_into_the_configuration() {
    let info = Code::E0007.info();
    let all = blocks(info.explanation);
    let error = all
        .iter()
        .find(|b| b.info == "toml,error")
        .expect("example");
    let compilation = compile_block(info, error, None);
    let [diagnostic] = compilation.diagnostics.as_slice() else {
        panic!("one diagnostic: {:#?}", compilation.diagnostics);
    };
    let span = diagnostic.primary_span().expect("located");
    let location = compilation.sources.location(span);
    assert_eq!(location.file, "phrasec.toml");
    assert_eq!((location.line, location.column), (2, 1));
    assert!(diagnostic.message.contains("missing-final-punctation"));
}

/// Runs the console block of `code`'s explanation in `dir` and compares what the binary
/// prints on standard error with the block.
fn assert_console_example(code: Code, dir: &std::path::Path) {
    assert_console_example_exits(code, dir, 2);
}

/// [`assert_console_example`] for a command that exits with `exit_code`.
fn assert_console_example_exits(code: Code, dir: &std::path::Path, exit_code: i32) {
    let explanation = code.info().explanation;
    let console = blocks(explanation)
        .into_iter()
        .find(|b| b.info == "console")
        .unwrap_or_else(|| panic!("{code} has a console block"));
    let mut lines = console.text.lines();
    let command = lines.next().and_then(|l| l.strip_prefix("$ phrasec "));
    let arguments: Vec<&str> = command.expect("`$ phrasec …`").split_whitespace().collect();
    let expected: Vec<&str> = lines.collect();

    let output = Command::cargo_bin("phrasec")
        .expect("binary builds")
        .args(&arguments)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs");
    assert_eq!(output.status.code(), Some(exit_code));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().collect::<Vec<_>>(), expected);
    assert!(output.stdout.is_empty());
}

/// The E0006 console block shows the real output of the command it shows.
#[test]
fn unreadable_input_example_matches_the_binary() {
    let empty_dir = tempfile::tempdir().expect("temporary directory");
    assert_console_example(Code::E0006, empty_dir.path());
}

/// The E0008 console block shows the real output of the command it shows, on a rule set.
#[test]
fn unwritable_output_example_matches_the_binary() {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::create_dir(dir.path().join("rules")).expect("create rules");
    std::fs::write(dir.path().join("rules/a.phr"), TRIVIAL_RULES).expect("write a rule file");
    assert_console_example(Code::E0008, dir.path());
    assert!(!dir.path().join("rules/phrases.phr").exists());
}

#[test]
fn explain_prints_the_explanation() {
    let output = Command::cargo_bin("phrasec")
        .expect("binary builds")
        .args(["explain", "E0107"])
        .output()
        .expect("binary runs");
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(stdout, Code::E0107.info().explanation);
    assert!(stdout.starts_with("# E0107: unknown slot\n"));
    assert!(stdout.contains("## Erroneous example") && stdout.contains("## Fixed example"));
}

#[test]
fn explain_accepts_a_code_name() {
    let output = Command::cargo_bin("phrasec")
        .expect("binary builds")
        .args(["explain", "unknown-slot"])
        .output()
        .expect("binary runs");
    assert!(output.status.success());
    assert_eq!(output.stdout, Code::E0107.info().explanation.as_bytes());
}

#[test]
fn explain_of_an_unknown_code_exits_2() {
    let output = Command::cargo_bin("phrasec")
        .expect("binary builds")
        .args(["explain", "E9999"])
        .output()
        .expect("binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("there is no diagnostic code `E9999`"),
        "{stderr}"
    );
}

/// The E0128 console block shows the real output of `build` on the rule file it shows, and
/// the command it then names, with the value, writes the table.
#[test]
fn missing_deployment_value_example_matches_the_binary() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let rule_file = blocks(Code::E0128.info().explanation)
        .into_iter()
        .find(|b| b.info == "phr")
        .expect("the rule file");
    std::fs::write(dir.path().join("rules.phr"), &rule_file.text).expect("write");
    assert_console_example_exits(Code::E0128, dir.path(), 1);
    assert!(!dir.path().join("phrases.json").exists());
    let output = Command::cargo_bin("phrasec")
        .expect("binary builds")
        .args(["build", "rules.phr", "--emit", "json", "-o", "phrases.json"])
        .args(["--const", "company=XX燃气"])
        .current_dir(dir.path())
        .output()
        .expect("binary runs");
    assert_eq!(output.status.code(), Some(0));
    let json = std::fs::read_to_string(dir.path().join("phrases.json")).expect("written");
    let document: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(document["constants"][0]["value"], "XX燃气");
    assert_eq!(document["constants"][0]["supplied"], "deployment");
}
