//! Rust identifiers for rule names, by one documented rule (see `docs/codegen.md`):
//!
//! - ASCII letters and digits are kept; `_` separates words; every other character becomes
//!   `U` followed by its code point in upper-case hex (`故障` → `U6545U969C`), so Chinese
//!   names give valid, lint-free ASCII identifiers.
//! - Types and variants are `UpperCamelCase`, fields `snake_case`, constants
//!   `SCREAMING_SNAKE_CASE`.
//! - A Rust keyword gets a trailing `_` (`type` → `type_`); an identifier that would start
//!   with a digit gets a leading `N`/`n`.
//! - Within one namespace, a name that collides with an earlier one gets `2`, `3`, … appended
//!   (after dropping a trailing `_`: `Self_` → `Self2`).

use std::collections::BTreeSet;

/// Strict and reserved keywords of every edition up to 2024 (`gen` is reserved from 2024 on).
const KEYWORDS: [&str; 52] = [
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Splits a rule name into ASCII words: `third_party` → [third, party]; `故障原因` → [U6545U969C…].
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for ch in name.chars() {
        if ch == '_' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if ch.is_ascii_alphanumeric() {
            if ch.is_ascii_uppercase() && previous_lower && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous_lower = ch.is_ascii_lowercase() || ch.is_ascii_digit();
            current.push(ch);
        } else {
            current.push_str(&format!("U{:X}", u32::from(ch)));
            previous_lower = false;
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => {
            first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
        }
        None => String::new(),
    }
}

fn fix_start(ident: String, prefix: char) -> String {
    match ident.chars().next() {
        None => prefix.to_string(),
        Some(first) if first.is_ascii_digit() => format!("{prefix}{ident}"),
        Some(_) => ident,
    }
}

fn fix_keyword(ident: String) -> String {
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// `third_party` → `ThirdParty`.
pub fn type_name(name: &str) -> String {
    let joined: String = words(name).iter().map(|word| capitalise(word)).collect();
    fix_keyword(fix_start(joined, 'N'))
}

/// `thirdParty` → `third_party`.
pub fn field_name(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|word| word.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    fix_keyword(fix_start(joined, 'n'))
}

/// `hotline` → `HOTLINE`.
pub fn constant_name(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|word| word.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_");
    fix_keyword(fix_start(joined, 'N'))
}

/// Hands out distinct identifiers within one namespace.
#[derive(Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// `wanted`, or `wanted2`, `wanted3`, … if taken. A trailing `_` (which only a keyword
    /// gets) is dropped before the number: `Self_2` would not be `UpperCamelCase`.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.taken.insert(wanted.clone()) {
            return wanted;
        }
        let stem = wanted.strip_suffix('_').unwrap_or(&wanted);
        let mut suffix = 2;
        loop {
            let candidate = format!("{stem}{suffix}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            suffix += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case_and_escapes_non_ascii() {
        assert_eq!(type_name("third_party"), "ThirdParty");
        assert_eq!(type_name("asks_cause"), "AsksCause");
        assert_eq!(field_name("thirdParty"), "third_party");
        assert_eq!(constant_name("hotline"), "HOTLINE");
        assert_eq!(type_name("故障"), "U6545u969c");
        assert_eq!(field_name("故障"), "u6545u969c");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("gen"), "gen_", "reserved in edition 2024");
    }

    #[test]
    fn collisions_get_numbered() {
        let mut namespace = Namespace::with_reserved(&["Segment"]);
        assert_eq!(namespace.claim(type_name("segment_")), "Segment2");
        assert_eq!(namespace.claim(type_name("third_party")), "ThirdParty");
        assert_eq!(namespace.claim(type_name("ThirdParty")), "ThirdParty2");
        assert_eq!(namespace.claim(type_name("Self")), "Self_");
        assert_eq!(namespace.claim(type_name("self")), "Self2", "not `Self_2`");
    }
}
