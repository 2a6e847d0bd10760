//! The one text each slot value is said as, per slot type: `render`, the library interpreter,
//! the generated Rust (`emit::rust`, tested against these functions) and the JSON's stated
//! rules (`emit::json::Rendering`) all follow it. Documented in `docs/language.md` (Slots).

use super::model::{Date, DateForm, DurationUnit, SlotType};
use super::number::Decimal;

/// The rendering rule of each slot type, as the JSON states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderingRule {
    /// `text`, `person`, `org`, `phone`, `id`: the value as given, without spaces at its
    /// edges (an id's leading zeros are kept).
    AsGiven,
    /// `number`: the shortest exact decimal (`30`, `-2.5`, `0.05`); the unit is not said.
    Decimal,
    /// `number` with units to choose from (`unit "小时" | "工作日"`): the shortest exact
    /// decimal, then the chosen unit as written (`3工作日`).
    DecimalAndUnit,
    /// `duration`: the whole amount in digits, then the unit's word (`30分钟`, `2小时`).
    AmountAndUnit,
    /// `time`: `15时` on the hour, else `15时30分`; digits without leading zeros.
    HourMinute,
    /// `enum`: the value's label (`小姐`).
    EnumLabel,
    /// `money`: a whole amount as its digits (`100`), any other with two decimals (`128.50`,
    /// `0.05`); the currency unit is not said.
    Money,
    /// `date`: `3月15日`; digits without leading zeros.
    MonthDay,
    /// `date(year)`: `2026年3月15日`; digits without leading zeros.
    YearMonthDay,
}

/// The rule values of a slot type are said by.
pub fn rendering_rule(ty: &SlotType) -> RenderingRule {
    match ty {
        SlotType::Text
        | SlotType::Person
        | SlotType::Organisation
        | SlotType::Phone
        | SlotType::Id { .. } => RenderingRule::AsGiven,
        SlotType::Date {
            form: DateForm::MonthDay,
        } => RenderingRule::MonthDay,
        SlotType::Date {
            form: DateForm::Full,
        } => RenderingRule::YearMonthDay,
        SlotType::Number { said_units, .. } if !said_units.is_empty() => {
            RenderingRule::DecimalAndUnit
        }
        SlotType::Number { .. } => RenderingRule::Decimal,
        SlotType::Money { .. } => RenderingRule::Money,
        SlotType::Duration { .. } => RenderingRule::AmountAndUnit,
        SlotType::TimeOfDay => RenderingRule::HourMinute,
        SlotType::Enum { .. } => RenderingRule::EnumLabel,
    }
}

/// A number: the shortest exact decimal, no unit.
pub fn number_text(value: Decimal) -> String {
    value.to_string()
}

/// An amount of money of at most two decimals: `100`, `128.50`, `0.05`.
pub fn money_text(amount: Decimal) -> String {
    let mut text = amount.to_string();
    if amount.scale() == 1 {
        text.push('0');
    }
    text
}

/// A duration: the amount, then the unit's word.
pub fn duration_text(amount: u32, unit: DurationUnit) -> String {
    format!("{amount}{}", unit.label())
}

/// A time of day: `15时` or `15时30分`.
pub fn time_text(hour: u8, minute: u8) -> String {
    if minute == 0 {
        format!("{hour}时")
    } else {
        format!("{hour}时{minute}分")
    }
}

/// A date: `3月15日`, or `2026年3月15日` with its year.
pub fn date_text(date: Date) -> String {
    match date.year {
        Some(year) => format!("{year}年{}月{}日", date.month, date.day),
        None => format!("{}月{}日", date.month, date.day),
    }
}

/// A text, person, organisation or phone number: as given, without spaces at its edges.
pub fn given_text(value: &str) -> String {
    value.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_text_per_value() {
        assert_eq!(time_text(16, 30), "16时30分");
        assert_eq!(time_text(9, 0), "9时");
        assert_eq!(time_text(0, 5), "0时5分");
        assert_eq!(duration_text(2, DurationUnit::Hour), "2小时");
        let number = |text: &str| number_text(Decimal::parse(text).expect("a number"));
        assert_eq!(number("030"), "30");
        assert_eq!(number("2.50"), "2.5");
        assert_eq!(number("-0"), "0");
        assert_eq!(given_text(" 10086 "), "10086");
        let money = |text: &str| money_text(Decimal::parse(text).expect("a number"));
        assert_eq!(money("128.5"), "128.50");
        assert_eq!(money("100.00"), "100");
        assert_eq!(money("0.05"), "0.05");
        assert_eq!(money("-3.1"), "-3.10");
    }
}
