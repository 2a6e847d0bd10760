//! Parsing and validating slot values (from `render --slot`, and slot examples) by slot type.

use super::model::{Decimal, DurationUnit, NumberRange, SlotType, ValueIdx};

/// A slot value that fits its type.
#[derive(Clone, Debug, PartialEq)]
pub enum SlotValue {
    /// Text as it is spoken (numbers, durations and times normalised).
    Text(String),
    /// One value of an enum slot.
    Enum(ValueIdx),
}

/// Parses `raw` as a value of `ty`. The error says what the type expects, for a help line.
pub fn parse_slot_value(ty: &SlotType, raw: &str) -> Result<SlotValue, String> {
    let text = raw.trim();
    match ty {
        SlotType::Text | SlotType::Person | SlotType::Organisation => {
            if text.is_empty() {
                Err("a non-empty text".to_owned())
            } else {
                Ok(SlotValue::Text(text.to_owned()))
            }
        }
        SlotType::Phone => parse_phone(text).map(SlotValue::Text),
        SlotType::Number { range, .. } => parse_number(text, range).map(SlotValue::Text),
        SlotType::Duration { units } => parse_duration(text, units).map(SlotValue::Text),
        SlotType::TimeOfDay => parse_time(text).map(SlotValue::Text),
        SlotType::Enum { values } => values
            .iter()
            .position(|value| value.name == text || value.label == text)
            .map(SlotValue::Enum)
            .ok_or_else(|| {
                let names: Vec<String> = values
                    .iter()
                    .map(|value| format!("`{}` ({})", value.name, value.label))
                    .collect();
                format!("one of {}", names.join(", "))
            }),
    }
}

fn parse_phone(text: &str) -> Result<String, String> {
    let expected = || "a telephone number of 3 to 20 digits, such as `10000`".to_owned();
    let valid_chars = text
        .chars()
        .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | '+' | ' '));
    let n_digits = text.chars().filter(char::is_ascii_digit).count();
    if valid_chars && (3..=20).contains(&n_digits) && !text.starts_with('-') {
        Ok(text.to_owned())
    } else {
        Err(expected())
    }
}

/// Accepts a number as rule files write it (`30`, `-1`, `2.5`) inside `range`, compared
/// exactly; the text is kept as written.
fn parse_number(text: &str, range: &NumberRange) -> Result<String, String> {
    match Decimal::parse(text) {
        // Said in the shortest exact form, as the generated code writes a number (`030` is
        // `30`, `2.50` is `2.5`).
        Ok(value) if range.contains(value) => Ok(value.to_string()),
        _ => Err(range.describe()),
    }
}

/// Accepts `30分钟`, `30 minutes`, `2小时`, or a bare number when the slot has one unit.
fn parse_duration(text: &str, units: &[DurationUnit]) -> Result<String, String> {
    let unit_list: Vec<String> = units
        .iter()
        .map(|unit| format!("`30{}`", unit.label()))
        .collect();
    let expected = || format!("a whole duration such as {}", unit_list.join(" or "));
    let digits_end = text
        .char_indices()
        .find(|(_, ch)| !(ch.is_ascii_digit() || *ch == '.'))
        .map_or(text.len(), |(idx, _)| idx);
    let (amount, unit_text) = text.split_at(digits_end);
    // A whole amount, as the generated `Duration`'s `u32` holds it, said without leading zeros.
    let Ok(amount) = amount.parse::<u32>() else {
        return Err(expected());
    };
    let unit_text = unit_text.trim();
    let unit = if unit_text.is_empty() {
        match units {
            [only] => Some(*only),
            _ => None,
        }
    } else {
        units.iter().copied().find(|unit| {
            let keyword = unit.keyword();
            unit_text == unit.label()
                || unit_text.eq_ignore_ascii_case(keyword)
                || unit_text
                    .strip_suffix('s')
                    .is_some_and(|plural| plural.eq_ignore_ascii_case(keyword))
                || (unit_text == "时" && *unit == DurationUnit::Hour)
                || (unit_text == "分" && *unit == DurationUnit::Minute)
                || (unit_text == "min" && *unit == DurationUnit::Minute)
                || (unit_text == "h" && *unit == DurationUnit::Hour)
        })
    };
    match unit {
        Some(unit) => Ok(format!("{amount}{}", unit.label())),
        None => Err(expected()),
    }
}

/// Accepts `15:00`, `9:30`, `15时`, `15点`, `15时30分`, and says it as the generated code's
/// `TimeOfDay` does: `15时`, `9时30分`.
fn parse_time(text: &str) -> Result<String, String> {
    let expected = || "a time of day such as `15:00`, `15时` or `15时30分`".to_owned();
    let number = |part: &str| -> Option<u32> {
        (!part.is_empty() && part.len() <= 2 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (hour, minute) = match text.split_once(':') {
        Some((hour, minute)) if minute.len() == 2 => (number(hour), number(minute)),
        Some(_) => (None, None),
        None => match text.split_once(['时', '点']) {
            Some((hour, rest)) => {
                let minute = rest.strip_suffix('分').unwrap_or(rest);
                let minute = if minute.is_empty() {
                    Some(0)
                } else {
                    number(minute)
                };
                (number(hour), minute)
            }
            None => (None, None),
        },
    };
    match (hour, minute) {
        (Some(hour), Some(0)) if hour < 24 => Ok(format!("{hour}时")),
        (Some(hour), Some(minute)) if hour < 24 && minute < 60 => Ok(format!("{hour}时{minute}分")),
        _ => Err(expected()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::model::Value;
    use crate::source::Span;

    #[test]
    fn durations_take_chinese_or_english_units() {
        let units = vec![DurationUnit::Minute, DurationUnit::Hour];
        let ty = SlotType::Duration { units };
        assert_eq!(
            parse_slot_value(&ty, "30分钟"),
            Ok(SlotValue::Text("30分钟".into()))
        );
        assert_eq!(
            parse_slot_value(&ty, "2 hours"),
            Ok(SlotValue::Text("2小时".into()))
        );
        assert!(parse_slot_value(&ty, "30").is_err(), "two units: ambiguous");
        assert!(parse_slot_value(&ty, "soon").is_err());
    }

    #[test]
    fn numbers_respect_their_range() {
        let ty = SlotType::Number {
            range: NumberRange {
                low: Some(Decimal::from_integer(1)),
                high: Some(Decimal::from_integer(60)),
                upper_end: crate::check::model::UpperEnd::Included,
            },
            unit: None,
        };
        assert!(parse_slot_value(&ty, "30").is_ok());
        let error = parse_slot_value(&ty, "61").unwrap_err();
        assert_eq!(error, "a number from 1 to 60");
        assert!(parse_slot_value(&ty, "abc").is_err());
    }

    #[test]
    fn times_phones_and_enums() {
        assert!(parse_slot_value(&SlotType::TimeOfDay, "15:00").is_ok());
        assert!(parse_slot_value(&SlotType::TimeOfDay, "15时30分").is_ok());
        assert!(parse_slot_value(&SlotType::TimeOfDay, "25:00").is_err());
        assert!(parse_slot_value(&SlotType::Phone, "010-12345678").is_ok());
        assert!(parse_slot_value(&SlotType::Phone, "call me").is_err());
        let value = |name: &str, label: &str| Value {
            name: name.into(),
            label: label.into(),
            span: Span::default(),
        };
        let ty = SlotType::Enum {
            values: vec![value("male", "先生"), value("female", "小姐")],
        };
        assert_eq!(parse_slot_value(&ty, "小姐"), Ok(SlotValue::Enum(1)));
        assert_eq!(parse_slot_value(&ty, "female"), Ok(SlotValue::Enum(1)));
    }
}
