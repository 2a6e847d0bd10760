//! Completion from the text before the cursor on its line: after an unclosed `{` in a phrase,
//! the slots and constants; inside an open `{segment ? …` choice, the segments (its branches
//! are named by them); after `FACT =`, `FACT !=` or `FACT in` (also inside the list of `in`),
//! the values of that fact (the segments after `segment`); after `act`, the actions, and in
//! an action's open `{`, the slots and constants; elsewhere the keywords and every declared
//! name.

use lsp_types::{CompletionItem, CompletionItemKind};
use phrasec::check::model::Model;
use phrasec::syntax::keywords::KEYWORDS;

/// The completions at the end of `line` (the text of the cursor's line before it).
pub fn complete(model: &Model, line: &str) -> Vec<CompletionItem> {
    if let Some(inside) = open_brace(line) {
        if let Some((chosen_by, branches)) = inside.split_once('?') {
            // A choice: a segment choice's branches are named by segments, at the start of
            // each branch; an enum slot's go by position and are named by nothing.
            let branch = branches.rsplit('|').next().unwrap_or(branches).trim_start();
            let naming_a_branch = branch.chars().all(|ch| ch.is_alphanumeric() || ch == '_');
            return if chosen_by.trim() == "segment" && naming_a_branch {
                segment_items(model)
            } else {
                Vec::new()
            };
        }
        return slot_and_constant_items(model);
    }
    match after_act(line) {
        Some(ActPlace::Name) => {
            return model
                .actions
                .iter()
                .map(|action| item(&action.name, &action.label, CompletionItemKind::FUNCTION))
                .collect();
        }
        Some(ActPlace::Argument) => return slot_and_constant_items(model),
        None => {}
    }
    if let Some(dimension) = tested_dimension(line) {
        if dimension == "segment" {
            return segment_items(model);
        }
        if let Some(fact) = model.facts.iter().find(|fact| fact.name == dimension) {
            return fact
                .values
                .iter()
                .map(|value| item(&value.name, &value.label, CompletionItemKind::ENUM_MEMBER))
                .collect();
        }
    }
    let keywords = KEYWORDS
        .iter()
        .map(|keyword| item(keyword, "", CompletionItemKind::KEYWORD));
    let names = crate::lsp::lookup::declarations(model)
        .into_iter()
        .map(|(_, _, name)| item(name, "", CompletionItemKind::REFERENCE));
    let mut all: Vec<CompletionItem> = keywords.chain(names).collect();
    all.sort_by(|a, b| a.label.cmp(&b.label));
    all.dedup_by(|a, b| a.label == b.label);
    all
}

fn slot_and_constant_items(model: &Model) -> Vec<CompletionItem> {
    let slots = model
        .slots
        .iter()
        .map(|slot| item(&slot.name, &slot.label, CompletionItemKind::VARIABLE));
    let constants = model.constants.iter().map(|constant| {
        item(
            &constant.name,
            &constant.label,
            CompletionItemKind::CONSTANT,
        )
    });
    slots.chain(constants).collect()
}

fn segment_items(model: &Model) -> Vec<CompletionItem> {
    model
        .segments
        .iter()
        .map(|segment| {
            item(
                &segment.name,
                &segment.label,
                CompletionItemKind::ENUM_MEMBER,
            )
        })
        .collect()
}

fn item(name: &str, label: &str, kind: CompletionItemKind) -> CompletionItem {
    CompletionItem {
        label: name.to_owned(),
        kind: Some(kind),
        detail: (!label.is_empty()).then(|| label.to_owned()),
        ..CompletionItem::default()
    }
}

/// When the cursor is inside a phrase after a `{` not yet closed, the text between that `{`
/// and the cursor.
fn open_brace(line: &str) -> Option<&str> {
    let mut in_string = false;
    let mut open: Option<usize> = None;
    let mut escaped = false;
    for (at, ch) in line.char_indices() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                in_string = !in_string;
                open = None;
            }
            '{' if in_string => open = Some(at + 1),
            '}' if in_string => open = None,
            _ => {}
        }
    }
    open.filter(|_| in_string).map(|start| &line[start..])
}

/// Where the cursor stands in an action being written (`act NAME {argument}`).
#[derive(Debug, PartialEq, Eq)]
enum ActPlace {
    /// After `act`, on the action's name.
    Name,
    /// Inside the `{` after the action's name, not yet closed.
    Argument,
}

/// The place in an `act …` the line ends in, if it ends in one.
fn after_act(line: &str) -> Option<ActPlace> {
    let is_word = |ch: char| ch.is_alphanumeric() || ch == '_';
    let at = line
        .match_indices("act")
        .map(|(at, _)| at)
        .filter(|&at| {
            line[..at]
                .chars()
                .next_back()
                .is_none_or(char::is_whitespace)
                && line[at + 3..].starts_with(char::is_whitespace)
                && !in_string(&line[..at])
        })
        .last()?;
    let rest = line[at + 3..].trim_start();
    if rest.chars().all(is_word) {
        return Some(ActPlace::Name);
    }
    let name_end = rest.find(|ch: char| !is_word(ch))?;
    let argument = rest[name_end..].trim_start().strip_prefix('{')?;
    argument
        .trim()
        .chars()
        .all(is_word)
        .then_some(ActPlace::Argument)
}

/// Whether `text` ends inside a string (after an opening `"` not yet closed).
fn in_string(text: &str) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for ch in text.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// The fact (or `segment`) tested just before the cursor: `NAME =`, `NAME !=`, `NAME in`,
/// `NAME not in`, followed by a partial value or an open list of values.
fn tested_dimension(line: &str) -> Option<&str> {
    let is_word = |ch: char| ch.is_alphanumeric() || ch == '_';
    // Drop the partial value being typed, then an open `{a, b, ` list.
    let mut rest = line.trim_end_matches(is_word).trim_end();
    if let Some(open) = rest.rfind('{')
        && !rest[open..].contains('}')
    {
        rest = rest[..open].trim_end();
    }
    let rest = if let Some(before) = rest.strip_suffix("!=") {
        before
    } else if let Some(before) = rest.strip_suffix('=') {
        before
    } else {
        let before = rest.strip_suffix("in")?;
        if before.ends_with(is_word) {
            return None;
        }
        let before = before.trim_end();
        before.strip_suffix("not").unwrap_or(before)
    };
    let rest = rest.trim_end();
    let start = rest
        .char_indices()
        .rev()
        .take_while(|&(_, ch)| is_word(ch))
        .last()
        .map(|(at, _)| at)?;
    Some(&rest[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fact_before_a_test_is_found() {
        assert_eq!(tested_dimension("  in asks when cause = "), Some("cause"));
        assert_eq!(tested_dimension("  in asks when cause = ou"), Some("cause"));
        assert_eq!(tested_dimension("when stage != "), Some("stage"));
        assert_eq!(tested_dimension("when cause in {ours, "), Some("cause"));
        assert_eq!(tested_dimension("when cause not in {"), Some("cause"));
        assert_eq!(tested_dimension("when segment = "), Some("segment"));
        assert_eq!(tested_dimension("  in asks"), None);
        assert_eq!(tested_dimension("  say \"x\""), None);
        assert_eq!(tested_dimension("  inwhen"), None);
    }

    #[test]
    fn an_action_being_written_asks_for_an_action_then_its_argument() {
        assert_eq!(after_act("  or act "), Some(ActPlace::Name));
        assert_eq!(after_act("  step act tra"), Some(ActPlace::Name));
        assert_eq!(after_act("  step act transfer {"), Some(ActPlace::Argument));
        assert_eq!(
            after_act("  step act transfer {dep"),
            Some(ActPlace::Argument)
        );
        assert_eq!(after_act("  step act transfer {dep} "), None);
        assert_eq!(after_act("  step act transfer note \"x"), None);
        assert_eq!(after_act("  say \"fact"), None);
        assert_eq!(after_act("  say \"please act "), None);
        assert_eq!(
            after_act("  say \"a\\\" act\" or act "),
            Some(ActPlace::Name)
        );
        assert_eq!(after_act("action x"), None);
    }

    #[test]
    fn an_open_brace_inside_a_phrase_asks_for_a_slot() {
        assert_eq!(open_brace("  say \"您好{"), Some(""));
        assert_eq!(open_brace("  say \"您好{cu"), Some("cu"));
        assert_eq!(
            open_brace("  say \"您好{segment ? business: 贵单位 | "),
            Some("segment ? business: 贵单位 | ")
        );
        assert_eq!(open_brace("  say \"您好{name}"), None);
        assert_eq!(open_brace("fact cause \"原因\" {"), None);
        assert_eq!(open_brace("  say \"a\\{"), None);
    }
}
