//! "Did you mean" suggestions, and the one diagnostic for a name that is not declared.
//!
//! Distances are `strsim`'s optimal string alignment over Unicode characters: insertions,
//! deletions, substitutions and swaps of two neighbouring characters (`casue` → `cause`) each
//! count one.

use crate::diagnostics::{Code, Diagnostic};
use crate::source::Span;

/// The candidate closest to `wanted`, if it is close enough to be a plausible typo (at most
/// one edit per three characters).
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted_len = wanted.chars().count();
    let limit = (wanted_len / 3).max(1);
    candidates
        .map(|candidate| (strsim::osa_distance(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// A name that is not declared: what kind of name, and how to declare one.
pub struct UnknownName<'a> {
    pub code: Code,
    /// `fact`, `customer segment`, …: the message says "there is no {kind} `{name}`".
    pub kind: &'a str,
    /// The declaration to suggest when no declared name is close, with `{}` for the name:
    /// `segment {} "…"`.
    pub declaration: &'a str,
}

impl UnknownName<'_> {
    /// The diagnostic for `name` at `span`: "did you mean" the closest of `candidates`, or how
    /// to declare it.
    pub fn diagnostic<'c>(
        &self,
        name: &str,
        span: Span,
        candidates: impl Iterator<Item = &'c str>,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::new(self.code, format!("there is no {} `{name}`", self.kind))
            .primary(span, "not declared");
        match did_you_mean(name, candidates) {
            Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
            None => diagnostic.help(format!(
                "declare it: `{}`",
                self.declaration.replace("{}", name)
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_characters_and_swaps() {
        assert_eq!(strsim::osa_distance("故障", "故障原因"), 2);
        assert_eq!(strsim::osa_distance("minutes", "minute"), 1);
        assert_eq!(strsim::osa_distance("casue", "cause"), 1);
        assert_eq!(strsim::osa_distance("", "abc"), 3);
        assert_eq!(strsim::osa_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_only_close_names() {
        let names = ["minutes", "phone", "company"];
        assert_eq!(did_you_mean("minute", names.into_iter()), Some("minutes"));
        assert_eq!(did_you_mean("xyz", names.into_iter()), None);
    }

    #[test]
    fn an_unknown_name_suggests_a_close_one_or_its_declaration() {
        let unknown = UnknownName {
            code: Code::E0102,
            kind: "customer segment",
            declaration: "segment {} \"…\"",
        };
        let close = unknown.diagnostic("housold", Span::default(), ["household"].into_iter());
        assert_eq!(close.message, "there is no customer segment `housold`");
        assert_eq!(close.help.as_deref(), Some("did you mean `household`?"));
        let far = unknown.diagnostic("vip", Span::default(), ["household"].into_iter());
        assert_eq!(far.help.as_deref(), Some("declare it: `segment vip \"…\"`"));
    }
}
