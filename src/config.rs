//! `phrasec.toml`: lint levels per code, the misspelling list and channel length limits.
//! Unknown keys and bad values are errors (E0007) pointing into the file.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Code, Diagnostic, Severity, lookup};
use crate::source::{FileId, Span};

/// The name of the configuration file, found by walking up from the inputs.
pub const FILE_NAME: &str = "phrasec.toml";

/// What to do with a warning code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Allow,
    Warn,
    Deny,
}

/// A channel (IVR prompt, SMS, …) with a length limit, and the articles bound to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    pub name: String,
    pub max_chars: usize,
    /// Inclusive ranges of article numbers.
    pub articles: Vec<(u32, u32)>,
}

impl Channel {
    pub fn includes(&self, number: u32) -> bool {
        self.articles
            .iter()
            .any(|&(low, high)| (low..=high).contains(&number))
    }
}

/// The effective configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub levels: BTreeMap<Code, Level>,
    /// (wrong, right) pairs.
    pub misspellings: Vec<(String, String)>,
    pub channels: Vec<Channel>,
    /// Values of the constants supplied at deployment (`[constants]`), by name.
    pub constants: Vec<(String, String)>,
    /// What W0305 asks a space around.
    pub spacing: Spacing,
}

/// What the spacing lint (W0305) asks a space between Chinese characters and: Latin letters
/// only (the default: sources write numbers such as `12345热线` unspaced, and a fix would change
/// their wording), or letters and digits (`[lint] spacing-digits = true`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Spacing {
    #[default]
    Letters,
    LettersAndDigits,
}

/// Levels that differ from a code's severity without configuration: W0304 is off by default,
/// since documents like the bundled one end a phrase at its closing quote (“…”。).
pub fn default_levels() -> BTreeMap<Code, Level> {
    BTreeMap::from([(Code::W0304, Level::Allow)])
}

impl Default for Config {
    fn default() -> Config {
        Config {
            levels: default_levels(),
            misspellings: default_misspellings(),
            channels: Vec::new(),
            constants: Vec::new(),
            spacing: Spacing::default(),
        }
    }
}

/// Misspellings known without configuration (from the source document).
pub fn default_misspellings() -> Vec<(String, String)> {
    vec![("歇诚".to_owned(), "竭诚".to_owned())]
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    lint: RawLint,
    #[serde(default)]
    channels: BTreeMap<String, RawChannel>,
    /// `company = "XX燃气"`: values of constants declared without one.
    #[serde(default)]
    constants: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLint {
    #[serde(default)]
    levels: BTreeMap<toml::Spanned<String>, Level>,
    #[serde(default)]
    misspellings: BTreeMap<String, String>,
    /// When false, the built-in misspellings are not used.
    #[serde(default = "yes", rename = "default-misspellings")]
    default_misspellings: bool,
    /// When true, W0305 also asks a space between Chinese characters and digits.
    #[serde(default, rename = "spacing-digits")]
    spacing_digits: bool,
}

fn yes() -> bool {
    true
}

impl Default for RawLint {
    /// A file without `[lint]` keeps the built-in misspellings.
    fn default() -> RawLint {
        RawLint {
            levels: BTreeMap::new(),
            misspellings: BTreeMap::new(),
            default_misspellings: true,
            spacing_digits: false,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChannel {
    #[serde(rename = "max-chars")]
    max_chars: usize,
    #[serde(default)]
    articles: Vec<toml::Spanned<ArticleSelector>>,
}

/// `45` or `"40-46"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum ArticleSelector {
    One(u32),
    Range(String),
}

/// Parses a configuration file. Problems become E0007 diagnostics in that file. A file that is
/// not valid TOML (or has an unknown key) is ignored as a whole; an unknown code or a bad
/// article range drops only that entry.
pub fn parse(file: FileId, text: &str) -> (Config, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let range = error.span().unwrap_or(0..0);
            diagnostics.push(
                Diagnostic::new(
                    Code::E0007,
                    format!("invalid `{FILE_NAME}`: {}", first_line(error.message())),
                )
                .primary(Span::new(file, range.start, range.end), "here")
                .help("the keys are `[lint] levels`, `[lint] misspellings`, `[lint] default-misspellings`, `[lint] spacing-digits`, `[constants]` and `[channels.NAME] max-chars, articles`; see `docs/configuration.md`"),
            );
            return (Config::default(), diagnostics);
        }
    };
    let mut config = Config::default();
    if !raw.lint.default_misspellings {
        config.misspellings.clear();
    }
    if raw.lint.spacing_digits {
        config.spacing = Spacing::LettersAndDigits;
    }
    config.constants = raw.constants.into_iter().collect();
    for (wrong, right) in raw.lint.misspellings {
        config.misspellings.retain(|(known, _)| *known != wrong);
        config.misspellings.push((wrong, right));
    }
    for (key, level) in raw.lint.levels {
        let span = Span::new(file, key.span().start, key.span().end);
        match lookup(key.get_ref()) {
            Some(info) if info.severity == Severity::Warning => {
                config.levels.insert(info.code, level);
            }
            Some(info) => diagnostics.push(
                Diagnostic::new(
                    Code::E0007,
                    format!("`{}` is an error and cannot be configured", info.code),
                )
                .primary(span, "only warnings have levels")
                .help("errors always stop the build; fix the rule instead"),
            ),
            None => diagnostics.push(
                Diagnostic::new(
                    Code::E0007,
                    format!("there is no diagnostic code `{}`", key.get_ref()),
                )
                .primary(span, "unknown code")
                .help("write a code such as `W0304` or its name such as `missing-final-punctuation`; `phrasec explain` lists them"),
            ),
        }
    }
    for (name, channel) in raw.channels {
        let mut articles = Vec::new();
        for selector in channel.articles {
            let span = Span::new(file, selector.span().start, selector.span().end);
            match selector.into_inner() {
                ArticleSelector::One(number) => articles.push((number, number)),
                ArticleSelector::Range(text) => match parse_range(&text) {
                    Some(range) => articles.push(range),
                    None => diagnostics.push(
                        Diagnostic::new(
                            Code::E0007,
                            format!("`{text}` is not an article number or range"),
                        )
                        .primary(span, "expected a number or a range such as \"40-46\"")
                        .help("write `articles = [30, \"40-46\"]`"),
                    ),
                },
            }
        }
        config.channels.push(Channel {
            name,
            max_chars: channel.max_chars,
            articles,
        });
    }
    (config, diagnostics)
}

fn parse_range(text: &str) -> Option<(u32, u32)> {
    let (low, high) = text.split_once('-')?;
    let low = low.trim().parse().ok()?;
    let high = high.trim().parse().ok()?;
    (low <= high).then_some((low, high))
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("").trim()
}

/// Applies configured levels: `allow` drops a warning, `deny` makes it an error.
pub fn apply_levels(config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|diagnostic| match config.levels.get(&diagnostic.code) {
        Some(Level::Allow) => false,
        Some(Level::Deny) => {
            diagnostic.severity = Severity::Error;
            true
        }
        Some(Level::Warn) | None => true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_misspellings_and_channels() {
        let text = "[lint.levels]\nW0304 = \"allow\"\nascii-punctuation = \"deny\"\n\n[lint.misspellings]\n\"帐户\" = \"账户\"\n\n[channels.ivr]\nmax-chars = 60\narticles = [30, \"40-46\"]\n";
        let (config, diagnostics) = parse(FileId(0), text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(config.levels.get(&Code::W0304), Some(&Level::Allow));
        assert_eq!(config.levels.get(&Code::W0301), Some(&Level::Deny));
        assert!(
            config
                .misspellings
                .contains(&("帐户".to_owned(), "账户".to_owned()))
        );
        assert!(
            config
                .misspellings
                .contains(&("歇诚".to_owned(), "竭诚".to_owned()))
        );
        assert!(config.channels[0].includes(45));
        assert!(!config.channels[0].includes(47));
    }

    #[test]
    fn unknown_keys_and_codes_are_errors_with_a_location() {
        let text = "[lint]\nlevel = {}\n";
        let (_, diagnostics) = parse(FileId(0), text);
        assert_eq!(diagnostics[0].code, Code::E0007);
        let span = diagnostics[0].primary_span().expect("located");
        assert_eq!(&text[span.range()], "level");
        let text = "[lint.levels]\nE0107 = \"allow\"\nW9999 = \"warn\"\n";
        let (_, diagnostics) = parse(FileId(0), text);
        assert_eq!(diagnostics.len(), 2);
    }
}
