//! `fmt` keeps meaning (issue 15, item 5): over generated files with Unicode blanks (U+3000,
//! NBSP, U+2003, U+2028, escaped tabs) at every edge of every quoted text, choice and free
//! variation, any blanks between tokens, `\n`, `\r\n`, lone `\r` or mixed line ends and an
//! optional BOM: the checked model of `fmt(x)` is that of `x` (compared as the `--emit json`
//! document without source locations), `fmt` is idempotent, and it keeps the BOM and the line
//! end of the file's first line.

use phrasec::fmt::{LineEnding, format_file_text};
use proptest::prelude::*;

/// Every construct of the language, in a messy layout.
const BASE: &str = include_str!("../fmt/every-construct.phr");

/// Blanks put at the edges of texts: text to the parser, so `fmt` must keep them.
const EDGE_BLANKS: [&str; 9] = [
    "",
    "",
    " ",
    "\u{3000}",
    "\u{A0}",
    "\u{2003}",
    "\u{2028}",
    "\\t",
    "\u{3000} ",
];
/// Blanks put between tokens (the grammar's blanks).
const TOKEN_BLANKS: [&str; 5] = [" ", "  ", "\u{3000}", "\t", " \u{3000} "];
const LINE_ENDS: [&str; 3] = ["\n", "\r\n", "\r"];

/// Draws the choices in turn, cycling.
struct Choices<'a> {
    bytes: &'a [u8],
    next: usize,
}

impl Choices<'_> {
    fn pick<'t>(&mut self, options: &[&'t str]) -> &'t str {
        let byte = self.bytes[self.next % self.bytes.len()];
        self.next += 1;
        options[usize::from(byte) % options.len()]
    }
}

/// [`BASE`] with blanks at the edges inside its strings, its blanks between tokens replaced,
/// and its line ends as `line_ends` chooses (one kind, or each line its own when `mixed`).
fn generate(choices: &[u8], line_end: usize, mixed: bool) -> String {
    let mut choices = Choices {
        bytes: choices,
        next: 0,
    };
    let mut out = String::new();
    let mut in_string = false;
    let mut in_comment = false;
    let mut in_choice = false;
    let mut chars = BASE.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\n' {
            in_comment = false;
            out.push_str(match mixed {
                true => choices.pick(&LINE_ENDS),
                false => LINE_ENDS[line_end],
            });
            continue;
        }
        if in_comment {
            out.push(ch);
            continue;
        }
        if !in_string {
            match ch {
                ' ' => {
                    while chars.next_if_eq(&' ').is_some() {}
                    out.push_str(choices.pick(&TOKEN_BLANKS));
                }
                '#' => {
                    in_comment = true;
                    out.push(ch);
                }
                '"' => {
                    in_string = true;
                    out.push(ch);
                    out.push_str(choices.pick(&EDGE_BLANKS));
                }
                _ => out.push(ch),
            }
            continue;
        }
        match ch {
            '\\' => {
                out.push(ch);
                out.extend(chars.next());
            }
            '"' => {
                out.push_str(choices.pick(&EDGE_BLANKS));
                out.push(ch);
                in_string = false;
            }
            '{' => {
                out.push_str(choices.pick(&EDGE_BLANKS));
                out.push(ch);
            }
            '?' | '[' => {
                in_choice |= ch == '?';
                out.push(ch);
                out.push_str(choices.pick(&EDGE_BLANKS));
            }
            '|' => {
                out.push_str(choices.pick(&EDGE_BLANKS));
                out.push(ch);
                out.push_str(choices.pick(&EDGE_BLANKS));
            }
            ']' => {
                out.push_str(choices.pick(&EDGE_BLANKS));
                out.push(ch);
            }
            '}' => {
                if in_choice {
                    out.push_str(choices.pick(&EDGE_BLANKS));
                }
                in_choice = false;
                out.push(ch);
                out.push_str(choices.pick(&EDGE_BLANKS));
            }
            _ => out.push(ch),
        }
    }
    out
}

/// The model as its JSON document, without source locations (which move with the layout).
fn model_without_locations(text: &str) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("location");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let compilation = phrasec::compile_str("x.phr", text);
    let document = phrasec::emit::json::document(&compilation.model, &compilation.sources);
    let mut value = serde_json::to_value(document).expect("the document serialises");
    strip(&mut value);
    value
}

#[test]
fn the_generator_puts_unicode_blanks_at_edges() {
    let text = generate(&[3, 4, 5, 6], 1, false);
    for blank in ['\u{3000}', '\u{A0}', '\u{2003}', '\u{2028}'] {
        assert!(text.contains(blank), "{blank:?} missing");
    }
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn fmt_keeps_the_model_the_bom_and_the_line_ends(
        choices in prop::collection::vec(any::<u8>(), 1..200),
        line_end in 0usize..3,
        mixed in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let body = generate(&choices, line_end, mixed);
        let text = match bom {
            true => format!("\u{FEFF}{body}"),
            false => body.clone(),
        };
        let formatted = format_file_text(&text)
            .unwrap_or_else(|errors| panic!("does not parse: {errors:?}\n{text}"));
        prop_assert_eq!(
            model_without_locations(&formatted),
            model_without_locations(&text),
            "the model changed:\n{}\n--- formatted:\n{}", text, formatted
        );
        prop_assert_eq!(&format_file_text(&formatted).expect("formats"), &formatted);
        prop_assert_eq!(formatted.starts_with('\u{FEFF}'), bom);
        let ending = LineEnding::of(&body);
        let rest = formatted.replace(ending.as_str(), "");
        prop_assert!(
            !rest.contains(['\n', '\r']),
            "line ends other than {:?} in:\n{:?}", ending, formatted
        );
    }
}
