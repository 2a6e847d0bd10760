//! The checked types of number and duration slots (`slots::ReplyMinutes`,
//! `slots::RevisitAfter`): a number slot's type is made only through constructors that check
//! the slot's declared range exactly (as `phrasec render` does), a duration slot's type holds
//! a whole amount and one of the slot's own units.

use super::{Generator, Writer, type_name};
use crate::check::model::{Decimal, DurationUnit, IdLength, NumberRange, Slot, SlotType, UpperEnd};

/// An id slot's type: the digits as given, made only through `new` (ASCII digits, as many as
/// the slot takes), said as they are.
fn id_type(w: &mut Writer, slot: &Slot, name: &str, length: IdLength) {
    let digits = if length.min == length.max {
        format!("{} digits", length.min)
    } else {
        format!("{} to {} digits", length.min, length.max)
    };
    w.doc(&format!(
        "{}（slot `{}`）: {digits}, leading zeros kept; made with [`{name}::new`].",
        slot.label, slot.name
    ));
    w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]");
    w.line(&format!("pub struct {name}<'a>(&'a str);"));
    w.line("");
    w.open(&format!("impl<'a> {name}<'a> {{"));
    w.line(&format!(
        "/// `None` unless `text` is {digits} (ASCII `0` to `9` only)."
    ));
    w.line("#[must_use]");
    w.open(&format!(
        "pub fn new(text: &'a str) -> Option<{name}<'a>> {{"
    ));
    w.line(&format!(
        "let fits = ({}..={}).contains(&text.len()) && text.bytes().all(|byte| byte.is_ascii_digit());",
        length.min, length.max
    ));
    w.line(&format!("if fits {{ Some({name}(text)) }} else {{ None }}"));
    w.close("}");
    w.line("");
    w.line("/// The digits, as they are said.");
    w.line("#[must_use]");
    w.open("pub const fn as_str(self) -> &'a str {");
    w.line("self.0");
    w.close("}");
    w.close("}");
    w.line("");
    w.open(&format!(
        "impl<'a> ::core::convert::TryFrom<&'a str> for {name}<'a> {{"
    ));
    w.line("type Error = super::OutOfRange;");
    w.open(&format!(
        "fn try_from(text: &'a str) -> Result<{name}<'a>, super::OutOfRange> {{"
    ));
    w.line(&format!("{name}::new(text).ok_or(super::OutOfRange)"));
    w.close("}");
    w.close("}");
    w.line("");
    w.open(&format!("impl ::core::fmt::Display for {name}<'_> {{"));
    w.open("fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {");
    w.line("f.write_str(self.0)");
    w.close("}");
    w.close("}");
    w.line("");
}

impl Generator<'_> {
    /// Writes the type of a number or duration slot (`unit`: the name of a duration's unit
    /// enum).
    pub(super) fn value_type(
        &self,
        w: &mut Writer,
        slot: &Slot,
        type_name_: &str,
        unit: Option<&str>,
    ) {
        match (&slot.ty, unit) {
            (
                SlotType::Number {
                    range, said_units, ..
                },
                unit,
            ) => {
                number_type(w, slot, type_name_, range, Amount::Number);
                if let Some(unit) = unit {
                    self.said_units_enum(w, slot, unit, said_units);
                }
            }
            (SlotType::Money { range, .. }, _) => {
                number_type(w, slot, type_name_, range, Amount::Money);
            }
            (SlotType::Id { length }, _) => id_type(w, slot, type_name_, *length),
            (SlotType::Duration { units }, Some(unit)) => {
                self.duration_type(w, slot, type_name_, unit, units);
            }
            _ => {}
        }
    }

    /// The units a number slot's value is said with (`unit "小时" | "工作日"`): an enum whose
    /// `label` is the word. A word that names a duration unit (`小时`) gives that unit's
    /// variant name (`Hour`); any other word follows the identifier rule.
    fn said_units_enum(&self, w: &mut Writer, slot: &Slot, unit: &str, units: &[String]) {
        let names = units.iter().map(|word| -> &str {
            match DurationUnit::ALL
                .into_iter()
                .find(|unit| unit.label() == word)
            {
                Some(duration_unit) => duration_unit.keyword(),
                None => word,
            }
        });
        let variants = super::variant_names(names);
        let words: Vec<&str> = units.iter().map(String::as_str).collect();
        self.labelled_enum(
            w,
            &format!(
                "The units of slot `{}`, said after the amount: {}.",
                slot.name,
                words.join("、")
            ),
            unit,
            &variants,
            &words,
            &words,
        );
    }

    fn duration_type(
        &self,
        w: &mut Writer,
        slot: &Slot,
        name: &str,
        unit: &str,
        units: &[DurationUnit],
    ) {
        let labels: Vec<&str> = units.iter().map(|u| u.label()).collect();
        let keywords: Vec<&str> = units.iter().map(|u| u.keyword()).collect();
        let variants: Vec<String> = keywords.iter().map(|keyword| type_name(keyword)).collect();
        self.labelled_enum(
            w,
            &format!("The units of slot `{}`: {}.", slot.name, labels.join("、")),
            unit,
            &variants,
            &keywords,
            &labels,
        );
        let arms: Vec<String> = variants
            .iter()
            .map(|variant| format!("{unit}::{variant} => super::DurationUnit::{variant},"))
            .collect();
        w.open(&format!("impl {unit} {{"));
        method(
            w,
            "The unit.",
            "pub const fn unit(self) -> super::DurationUnit",
            &[
                &["match self {".to_owned()],
                arms.as_slice(),
                &["}".to_owned()],
            ]
            .concat(),
        );
        w.close("}");
        w.line("");
        w.doc(&format!(
            "{}（slot `{}`）: a whole amount in one of the slot's units ({}); rendered as the amount and the unit (`30{}`).",
            slot.label,
            slot.name,
            labels.join("、"),
            labels.first().copied().unwrap_or_default()
        ));
        w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
        w.open(&format!("pub struct {name} {{"));
        w.line("pub amount: u32,");
        w.line(&format!("pub unit: {unit},"));
        w.close("}");
        w.line("");
        w.open(&format!("impl {name} {{"));
        method(
            w,
            "The amount in the unit.",
            &format!("pub const fn new(amount: u32, unit: {unit}) -> {name}"),
            &[format!("{name} {{ amount, unit }}")],
        );
        method(
            w,
            "The amount and its unit.",
            "pub const fn duration(self) -> super::Duration",
            &["super::Duration { amount: self.amount, unit: self.unit.unit() }".to_owned()],
        );
        w.close("}");
        w.line("");
        let mut conversion: Vec<String> = vec!["let unit = match duration.unit {".to_owned()];
        conversion.extend(
            variants
                .iter()
                .map(|variant| format!("super::DurationUnit::{variant} => {unit}::{variant},")),
        );
        if units.len() < DurationUnit::ALL.len() {
            conversion
                .push("_ => return ::core::result::Result::Err(super::OutOfRange),".to_owned());
        }
        conversion.push("};".to_owned());
        conversion.push(format!(
            "::core::result::Result::Ok({name} {{ amount: duration.amount, unit }})"
        ));
        try_from(w, name, "super::Duration", &conversion);
        display(
            w,
            name,
            "f.write_str(super::Scratch::duration(self.duration()).as_str())",
        );
    }
}

/// `super::Number::exact(25, 1)`.
fn number_literal(value: Decimal) -> String {
    format!(
        "super::Number::exact({}, {})",
        value.mantissa(),
        value.scale()
    )
}

/// What a number slot's type holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Amount {
    /// Any exact number in the range, said in its shortest form.
    Number,
    /// At most two decimals, said with two unless whole.
    Money,
}

fn number_type(w: &mut Writer, slot: &Slot, name: &str, range: &NumberRange, amount: Amount) {
    let takes = match amount {
        Amount::Number => range.describe(),
        Amount::Money => format!("{}, with at most two decimals", range.describe()),
    };
    let said = match amount {
        Amount::Number => "in its shortest exact form (`30`, `2.5`)",
        Amount::Money => "with two decimals unless whole (`100`, `128.50`)",
    };
    w.doc(&format!(
        "{}（slot `{}`）: {takes}, exact. Made with `new`, `from_number` or `TryFrom`, which refuse what `phrasec render` refuses; rendered {said}.",
        slot.label, slot.name
    ));
    w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
    w.line(&format!("pub struct {name}(super::Number);"));
    w.line("");
    let mut checks = Vec::new();
    if amount == Amount::Money {
        checks.push("if value.scale() > 2 { return ::core::option::Option::None; }".to_owned());
    }
    if let Some(low) = range.low {
        checks.push(format!(
            "if value.compare({}) < 0 {{ return ::core::option::Option::None; }}",
            number_literal(low)
        ));
    }
    if let Some(high) = range.high {
        let refused = match range.upper_end {
            UpperEnd::Included => "> 0",
            UpperEnd::Excluded => ">= 0",
        };
        checks.push(format!(
            "if value.compare({}) {refused} {{ return ::core::option::Option::None; }}",
            number_literal(high)
        ));
    }
    checks.push(format!("::core::option::Option::Some({name}(value))"));
    w.open(&format!("impl {name} {{"));
    method(
        w,
        &format!("`None` unless `value` is {takes}."),
        &format!("pub const fn new(value: i64) -> ::core::option::Option<{name}>"),
        &[format!(
            "{name}::from_number(super::Number::from_integer(value))"
        )],
    );
    method(
        w,
        &format!("`None` unless `value` is {takes} (decimals included)."),
        &format!(
            "pub const fn from_number(value: super::Number) -> ::core::option::Option<{name}>"
        ),
        &checks,
    );
    method(
        w,
        "The number.",
        "pub const fn number(self) -> super::Number",
        &["self.0".to_owned()],
    );
    w.close("}");
    w.line("");
    for (from, constructor) in [("i64", "new"), ("super::Number", "from_number")] {
        let body = format!("{name}::{constructor}(value).ok_or(super::OutOfRange)");
        try_from(w, name, from, &[body]);
    }
    match amount {
        Amount::Number => display(w, name, "self.0.write_to(f)"),
        Amount::Money => display(
            w,
            name,
            "f.write_str(super::Scratch::money(self.0).as_str())",
        ),
    }
}

/// A documented `#[must_use]` method with the lines of its body.
fn method(w: &mut Writer, doc: &str, signature: &str, body: &[String]) {
    w.doc(doc);
    w.line("#[inline]");
    w.line("#[must_use]");
    w.open(&format!("{signature} {{"));
    body_lines(w, body);
    w.close("}");
}

/// `impl TryFrom<from> for name`, whose `try_from` takes `value` (or `duration`).
fn try_from(w: &mut Writer, name: &str, from: &str, body: &[String]) {
    let argument = if from == "super::Duration" {
        "duration"
    } else {
        "value"
    };
    w.open(&format!(
        "impl ::core::convert::TryFrom<{from}> for {name} {{"
    ));
    w.line("type Error = super::OutOfRange;");
    w.open(&format!(
        "fn try_from({argument}: {from}) -> ::core::result::Result<{name}, super::OutOfRange> {{"
    ));
    body_lines(w, body);
    w.close("}");
    w.close("}");
    w.line("");
}

/// Lines of a function body: a line ending in `{` opens a block, one starting with `}` closes
/// it.
fn body_lines(w: &mut Writer, body: &[String]) {
    for line in body {
        if line.starts_with('}') {
            w.close(line);
        } else if line.ends_with('{') {
            w.open(line);
        } else {
            w.line(line);
        }
    }
}

fn display(w: &mut Writer, name: &str, body: &str) {
    w.open(&format!("impl ::core::fmt::Display for {name} {{"));
    w.open("fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {");
    w.line(body);
    w.close("}");
    w.close("}");
    w.line("");
}
