//! Tests the explanation of every diagnostic code (`docs/codes/*.md`, `phrasec explain`): each
//! erroneous example yields that code and nothing else, each fixed example yields nothing.

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

fn compile_block(info: &CodeInfo, block: &Block) -> phrasec::Compilation {
    let name = format!("{}.phr", info.code);
    phrasec::compile(&[phrasec::Input {
        name,
        bytes: block_bytes(block),
    }])
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
    article: u32,
    segment: Option<String>,
    slots: Vec<(String, String)>,
}

/// Parses `# phrasec render --article N [--segment S] [--slot NAME=VALUE]...`.
fn render_command(first_line: &str) -> Result<RenderCommand, String> {
    let mut words = first_line.split_whitespace();
    if words.by_ref().take(3).collect::<Vec<_>>() != ["#", "phrasec", "render"] {
        return Err(format!("not a `# phrasec render` comment: {first_line}"));
    }
    let mut article = None;
    let mut segment = None;
    let mut slots = Vec::new();
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
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(RenderCommand {
        article: article.ok_or("no --article")?,
        segment,
        slots,
    })
}

/// Runs a render command as the CLI does: segment lookup (E0102), slot values (E0301), then
/// the article itself (E0302, E0303).
fn run_render(
    model: &phrasec::check::model::Model,
    command: &RenderCommand,
) -> Result<RenderedArticle, Vec<Diagnostic>> {
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
    let (values, slot_problems) = parse_slot_arguments(model, &command.slots);
    problems.extend(slot_problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let options = RenderOptions {
        segment,
        values,
        ..RenderOptions::default()
    };
    render_article(model, command.article, &options).map_err(|d| vec![d])
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
    if code == Code::E0006 {
        if !phr.is_empty() || !all.iter().any(|b| b.info == "console") {
            problems.push(format!("{code}: wants one console block and no phr blocks"));
        }
        return problems;
    }
    let erroneous: Vec<&Block> = phr
        .iter()
        .copied()
        .filter(|b| b.info.contains("error"))
        .collect();
    let fixed_blocks: Vec<&Block> = phr
        .iter()
        .copied()
        .filter(|b| b.info == "phr,fixed")
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

    let erroneous_compilation = compile_block(info, error);
    let fixed_compilation = compile_block(info, fixed);
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
            article: 34,
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

/// The E0006 console block shows the real output of the command it shows.
#[test]
fn unreadable_input_example_matches_the_binary() {
    let explanation = Code::E0006.info().explanation;
    let console = blocks(explanation)
        .into_iter()
        .find(|b| b.info == "console")
        .expect("E0006 has a console block");
    let mut lines = console.text.lines();
    let command = lines.next().and_then(|l| l.strip_prefix("$ phrasec "));
    let arguments: Vec<&str> = command.expect("`$ phrasec …`").split_whitespace().collect();
    let expected: Vec<&str> = lines.collect();

    let empty_dir = tempfile::tempdir().expect("temporary directory");
    let output = Command::cargo_bin("phrasec")
        .expect("binary builds")
        .args(&arguments)
        .current_dir(empty_dir.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().collect::<Vec<_>>(), expected);
    assert!(output.stdout.is_empty());
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
