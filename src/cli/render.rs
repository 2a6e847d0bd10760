//! `phrasec render`: one article as staff would say it, with slot values from the command line;
//! or, with `--given`, what each decision chooses in a situation, and that article said.

use std::path::PathBuf;

use phrasec::diagnostics::OutputFormat;
use phrasec::io::Scope;
use phrasec::render::{RenderOptions, Variants, parse_slot_arguments, render_article, to_text};
use phrasec::situation::{self, Outcome};

use super::streams::{Stdout, StdoutUse};
use super::{DiagnosticArgs, EXIT_CLEAN, EXIT_ERRORS, compile_for, load_config, supply_constants};

/// What to render: an article, or what is said in a situation (`FACT=VALUE` pairs).
pub(super) enum Subject {
    Article(u32),
    Situation(Vec<(String, String)>),
}

/// The options both subjects take.
pub(super) struct Arguments<'a> {
    pub segment: Option<&'a str>,
    pub slots: &'a [(String, String)],
    pub variants: Variants,
    pub constants: &'a [(String, String)],
}

pub(super) fn render(
    paths: &[PathBuf],
    subject: Subject,
    arguments: Arguments<'_>,
    args: &DiagnosticArgs,
    stdout: &mut Stdout,
) -> u8 {
    let Arguments {
        segment,
        slots,
        variants,
        constants,
    } = arguments;
    let mut rule_files = match args.read(paths, Scope::RuleSet, StdoutUse::Free, stdout) {
        Ok(rule_files) => rule_files,
        Err(code) => return code,
    };
    let config = match load_config(args, paths) {
        Ok(config) => config,
        Err(problem) => return args.fail(&[problem], StdoutUse::Free, stdout),
    };
    let mut compilation = compile_for(&mut rule_files, args, config.as_ref());
    supply_constants(&mut compilation, constants);
    let stream = args.stream(StdoutUse::Free);
    if compilation.has_errors() {
        args.emit(
            &compilation.sources,
            &compilation.diagnostics,
            stream,
            stdout,
        );
        return EXIT_ERRORS;
    }
    let model = &compilation.model;
    let article = match subject {
        Subject::Article(number) => number,
        Subject::Situation(given) => {
            return match situation::answer(model, &given, segment, slots, variants) {
                Ok(answers) => {
                    if args.output_format == OutputFormat::Json {
                        stdout.write(&situation::to_json(model, &answers));
                    } else {
                        for answer in &answers {
                            let mut text = situation::describe(model, answer) + "\n";
                            if let Some(rendered) = &answer.rendered {
                                text += &to_text(rendered);
                            }
                            stdout.write(&text);
                        }
                    }
                    // Something is said, or the situation cannot happen: a clean answer.
                    let answered = answers.iter().all(|answer| {
                        matches!(
                            answer.outcome,
                            Outcome::Chosen { .. } | Outcome::Impossible { .. }
                        )
                    });
                    if answered { EXIT_CLEAN } else { EXIT_ERRORS }
                }
                Err(problems) => {
                    args.emit(&compilation.sources, &problems, stream, stdout);
                    EXIT_ERRORS
                }
            };
        }
    };
    let mut problems = Vec::new();
    let segment_idx = segment.and_then(|name| match situation::segment_named(model, name) {
        Ok(found) => Some(found),
        Err(problem) => {
            problems.push(problem);
            None
        }
    });
    let (values, slot_problems) = parse_slot_arguments(model, article, slots);
    problems.extend(slot_problems);
    if !problems.is_empty() {
        args.emit(&compilation.sources, &problems, stream, stdout);
        return EXIT_ERRORS;
    }
    let options = RenderOptions {
        segment: segment_idx,
        values,
        variants,
    };
    match render_article(model, article, &options) {
        Ok(rendered) => {
            stdout.write(&to_text(&rendered));
            EXIT_CLEAN
        }
        Err(diagnostic) => {
            args.emit(&compilation.sources, &[diagnostic], stream, stdout);
            EXIT_ERRORS
        }
    }
}
