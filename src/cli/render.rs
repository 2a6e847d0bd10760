//! `phrasec render`: one article as staff would say it, with slot values from the command line.

use std::path::PathBuf;

use phrasec::diagnostics::{Code, Diagnostic};
use phrasec::io::Scope;
use phrasec::render::{RenderOptions, Variants, parse_slot_arguments, render_article, to_text};

use super::streams::{Stdout, StdoutUse};
use super::{DiagnosticArgs, EXIT_CLEAN, EXIT_ERRORS, compile_for, load_config};

pub(super) fn render(
    paths: &[PathBuf],
    article: u32,
    segment: Option<&str>,
    slots: &[(String, String)],
    variants: Variants,
    args: &DiagnosticArgs,
    stdout: &mut Stdout,
) -> u8 {
    let mut rule_files = match args.read(paths, Scope::RuleSet, StdoutUse::Free, stdout) {
        Ok(rule_files) => rule_files,
        Err(code) => return code,
    };
    let config = match load_config(args, paths) {
        Ok(config) => config,
        Err(problem) => return args.fail(&[problem], StdoutUse::Free, stdout),
    };
    let compilation = compile_for(&mut rule_files, args, config.as_ref());
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
    let mut problems = Vec::new();
    let segment_idx = segment.and_then(|name| {
        let found = model.segment_by_name(name);
        if found.is_none() {
            let names: Vec<&str> = model.segments.iter().map(|s| s.name.as_str()).collect();
            problems.push(
                Diagnostic::new(
                    Code::E0102,
                    format!("there is no customer segment `{name}`"),
                )
                .help(format!("the segments are {}", names.join(", "))),
            );
        }
        found
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
