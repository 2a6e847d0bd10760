//! The checked types of number and duration slots (`slots::ReplyMinutes`,
//! `slots::RevisitAfter`): a number slot's type is made only through constructors that check
//! the slot's declared range exactly (as `phrasec render` does), a duration slot's type holds
//! a whole amount and one of the slot's own units.

use super::{Writer, type_name};
use crate::check::model::{Decimal, DurationUnit, NumberRange, Slot, SlotType, UpperEnd};

/// Writes the type of a number or duration slot (`unit`: the name of a duration's unit enum).
pub(super) fn write_value_type(w: &mut Writer, slot: &Slot, type_name_: &str, unit: Option<&str>) {
    match (&slot.ty, unit) {
        (SlotType::Number { range, .. }, _) => number_type(w, slot, type_name_, range),
        (SlotType::Duration { units }, Some(unit)) => {
            duration_type(w, slot, type_name_, unit, units);
        }
        _ => {}
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

fn number_type(w: &mut Writer, slot: &Slot, name: &str, range: &NumberRange) {
    let takes = range.describe();
    w.doc(&format!(
        "{}（slot `{}`）: {takes}, exact. Made with `new`, `from_number` or `TryFrom`, which refuse what `phrasec render` refuses; rendered in its shortest exact form (`30`, `2.5`).",
        slot.label, slot.name
    ));
    w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]");
    w.line(&format!("pub struct {name}(super::Number);"));
    w.line("");
    w.open(&format!("impl {name} {{"));
    w.line(&format!("/// `None` unless `value` is {takes}."));
    w.line("#[must_use]");
    w.open(&format!(
        "pub const fn new(value: i64) -> ::core::option::Option<{name}> {{"
    ));
    w.line(&format!(
        "{name}::from_number(super::Number::from_integer(value))"
    ));
    w.close("}");
    w.line("");
    w.line(&format!(
        "/// `None` unless `value` is {takes} (decimals included)."
    ));
    w.line("#[must_use]");
    w.open(&format!(
        "pub const fn from_number(value: super::Number) -> ::core::option::Option<{name}> {{"
    ));
    if let Some(low) = range.low {
        w.open(&format!("if value.compare({}) < 0 {{", number_literal(low)));
        w.line("return ::core::option::Option::None;");
        w.close("}");
    }
    if let Some(high) = range.high {
        let refused = match range.upper_end {
            UpperEnd::Included => "> 0",
            UpperEnd::Excluded => ">= 0",
        };
        w.open(&format!(
            "if value.compare({}) {refused} {{",
            number_literal(high)
        ));
        w.line("return ::core::option::Option::None;");
        w.close("}");
    }
    w.line(&format!("::core::option::Option::Some({name}(value))"));
    w.close("}");
    w.line("");
    w.line("/// The number.");
    w.line("#[must_use]");
    w.open("pub const fn number(self) -> super::Number {");
    w.line("self.0");
    w.close("}");
    w.close("}");
    w.line("");
    for (from, constructor) in [("i64", "new"), ("super::Number", "from_number")] {
        w.open(&format!(
            "impl ::core::convert::TryFrom<{from}> for {name} {{"
        ));
        w.line("type Error = super::OutOfRange;");
        w.open(&format!(
            "fn try_from(value: {from}) -> ::core::result::Result<{name}, super::OutOfRange> {{"
        ));
        w.line(&format!(
            "{name}::{constructor}(value).ok_or(super::OutOfRange)"
        ));
        w.close("}");
        w.close("}");
        w.line("");
    }
    display(w, name, "self.0.write_to(f)");
}

fn duration_type(w: &mut Writer, slot: &Slot, name: &str, unit: &str, units: &[DurationUnit]) {
    let labels: Vec<&str> = units.iter().map(|u| u.label()).collect();
    w.doc(&format!(
        "The units of slot `{}`: {}.",
        slot.name,
        labels.join("、")
    ));
    w.line("#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]");
    w.open(&format!("pub enum {unit} {{"));
    let variants: Vec<String> = units.iter().map(|u| type_name(u.keyword())).collect();
    for (variant, label) in variants.iter().zip(&labels) {
        w.doc(label);
        w.line(&format!("{variant},"));
    }
    w.close("}");
    w.line("");
    w.open(&format!("impl {unit} {{"));
    w.line("/// Every unit of the slot, in declaration order.");
    let all: Vec<String> = variants.iter().map(|v| format!("{unit}::{v}")).collect();
    w.line(&format!(
        "pub const ALL: &[{unit}] = &[{}];",
        all.join(", ")
    ));
    w.line("");
    w.line("/// The unit.");
    w.line("#[must_use]");
    w.open("pub const fn unit(self) -> super::DurationUnit {");
    w.open("match self {");
    for variant in &variants {
        w.line(&format!(
            "{unit}::{variant} => super::DurationUnit::{variant},"
        ));
    }
    w.close("}");
    w.close("}");
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
    w.line("#[must_use]");
    w.open(&format!(
        "pub const fn new(amount: u32, unit: {unit}) -> {name} {{"
    ));
    w.line(&format!("{name} {{ amount, unit }}"));
    w.close("}");
    w.line("");
    w.line("/// The amount and its unit.");
    w.line("#[must_use]");
    w.open("pub const fn duration(self) -> super::Duration {");
    w.line("super::Duration { amount: self.amount, unit: self.unit.unit() }");
    w.close("}");
    w.close("}");
    w.line("");
    w.open(&format!(
        "impl ::core::convert::TryFrom<super::Duration> for {name} {{"
    ));
    w.line("type Error = super::OutOfRange;");
    w.open(&format!(
        "fn try_from(duration: super::Duration) -> ::core::result::Result<{name}, super::OutOfRange> {{"
    ));
    w.open("let unit = match duration.unit {");
    for variant in &variants {
        w.line(&format!(
            "super::DurationUnit::{variant} => {unit}::{variant},"
        ));
    }
    if units.len() < DurationUnit::ALL.len() {
        w.line("_ => return ::core::result::Result::Err(super::OutOfRange),");
    }
    w.close("};");
    w.line(&format!(
        "::core::result::Result::Ok({name} {{ amount: duration.amount, unit }})"
    ));
    w.close("}");
    w.close("}");
    w.line("");
    display(
        w,
        name,
        "f.write_str(super::Scratch::duration(self.duration()).as_str())",
    );
}

fn display(w: &mut Writer, name: &str, body: &str) {
    w.open(&format!("impl ::core::fmt::Display for {name} {{"));
    w.open("fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {");
    w.line(body);
    w.close("}");
    w.close("}");
    w.line("");
}
