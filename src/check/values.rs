//! Parsing and validating slot values (from `render --slot`, and slot examples) by slot type.

use super::model::{
    Date, DateForm, Decimal, DurationUnit, IdLength, NumberRange, SlotType, ValueIdx,
};
use super::slot_text::{date_text, duration_text, given_text, money_text, number_text, time_text};

/// A slot value that fits its type.
#[derive(Clone, Debug, PartialEq)]
pub enum SlotValue {
    /// Text as it is spoken (numbers, durations and times normalised).
    Text(String),
    /// One value of an enum slot.
    Enum(ValueIdx),
}

/// Parses `raw` as a value of `ty`, normalised to the one text it is said as
/// (`super::slot_text`). The error says what the type expects, for a help line.
pub fn parse_slot_value(ty: &SlotType, raw: &str) -> Result<SlotValue, String> {
    let text = raw.trim();
    match ty {
        SlotType::Text | SlotType::Person | SlotType::Organisation => {
            if text.is_empty() {
                Err("a non-empty text".to_owned())
            } else {
                Ok(SlotValue::Text(given_text(text)))
            }
        }
        SlotType::Phone => parse_phone(text).map(|phone| SlotValue::Text(given_text(phone))),
        SlotType::Number {
            range, said_units, ..
        } if !said_units.is_empty() => parse_number_and_unit(text, range, said_units)
            .map(|(number, unit)| SlotValue::Text(format!("{}{unit}", number_text(number)))),
        SlotType::Number { range, .. } => {
            parse_number(text, range).map(|number| SlotValue::Text(number_text(number)))
        }
        SlotType::Duration { units } => parse_duration(text, units)
            .map(|(amount, unit)| SlotValue::Text(duration_text(amount, unit))),
        SlotType::TimeOfDay => {
            parse_time(text).map(|(hour, minute)| SlotValue::Text(time_text(hour, minute)))
        }
        SlotType::Money { range, .. } => parse_number(text, range).and_then(|amount| {
            if amount.scale() <= 2 {
                Ok(SlotValue::Text(money_text(amount)))
            } else {
                Err(format!(
                    "an amount with at most two decimals, {}, such as `128.50`",
                    range.describe()
                ))
            }
        }),
        SlotType::Id { length } => parse_id(text, *length).map(|id| SlotValue::Text(id.to_owned())),
        SlotType::Date { form } => {
            parse_date(text, *form).map(|date| SlotValue::Text(date_text(date)))
        }
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

/// True for a telephone number: 3 to 20 digits, with `-`, `+` and spaces between them, not
/// starting with `-` (the generated `Phone::new` checks the same).
pub fn is_phone(text: &str) -> bool {
    let valid_chars = text
        .chars()
        .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | '+' | ' '));
    let n_digits = text.chars().filter(char::is_ascii_digit).count();
    valid_chars && (3..=20).contains(&n_digits) && !text.starts_with('-')
}

fn parse_phone(text: &str) -> Result<&str, String> {
    if is_phone(text) {
        Ok(text)
    } else {
        Err("a telephone number of 3 to 20 digits, such as `10000`".to_owned())
    }
}

/// Accepts a number as rule files write it (`30`, `-1`, `2.5`) inside `range`, compared
/// exactly.
fn parse_number(text: &str, range: &NumberRange) -> Result<Decimal, String> {
    match Decimal::parse(text) {
        Ok(value) if range.contains(value) => Ok(value),
        _ => Err(range.describe()),
    }
}

/// A number followed by one of `units` (`3工作日`, `2.5 小时`): the number, in `range`, and the
/// unit as declared. The longest unit that ends the text is the one meant.
pub fn parse_number_and_unit<'u>(
    text: &str,
    range: &NumberRange,
    units: &'u [String],
) -> Result<(Decimal, &'u str), String> {
    let unit = units
        .iter()
        .filter(|unit| text.ends_with(unit.as_str()))
        .max_by_key(|unit| unit.len())
        .ok_or_else(|| {
            let listed: Vec<String> = units.iter().map(|unit| format!("`3{unit}`")).collect();
            format!(
                "{} and one of its units, such as {}",
                range.describe(),
                listed.join(" or ")
            )
        })?;
    let number = parse_number(text[..text.len() - unit.len()].trim_end(), range)?;
    Ok((number, unit))
}

/// Accepts a whole amount (0 to 4294967295) and a unit of the list: `30分钟`, `30 minutes`,
/// `2小时`, or a bare amount when the slot has one unit.
pub fn parse_duration(text: &str, units: &[DurationUnit]) -> Result<(u32, DurationUnit), String> {
    let unit_list: Vec<String> = units
        .iter()
        .map(|unit| format!("`30{}`", unit.label()))
        .collect();
    let expected = || {
        format!(
            "a whole amount and a unit, such as {}",
            unit_list.join(" or ")
        )
    };
    let digits_end = text
        .char_indices()
        .find(|(_, ch)| !ch.is_ascii_digit())
        .map_or(text.len(), |(idx, _)| idx);
    let (amount, unit_text) = text.split_at(digits_end);
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
    unit.map(|unit| (amount, unit)).ok_or_else(expected)
}

/// True for an id of `length`: ASCII digits only, as many as it allows (the generated
/// constructor checks the same).
pub fn is_id(text: &str, length: IdLength) -> bool {
    text.bytes().all(|byte| byte.is_ascii_digit()) && length.holds(text.len())
}

fn parse_id(text: &str, length: IdLength) -> Result<&str, String> {
    if is_id(text, length) {
        return Ok(text);
    }
    Err(match (length.min, length.max) {
        (min, max) if min == max => {
            format!("{min} digits, such as `{}`", "0".repeat(usize::from(min)))
        }
        (min, max) => format!("{min} to {max} digits (leading zeros are kept)"),
    })
}

/// The days of `month` (1 to 12): February has 29 without a year, 28 or 29 with one.
pub fn days_in_month(year: Option<u16>, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(year) if !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

/// The date `year`, `month`, `day` if it exists (year 1 to 9999 when given).
pub fn checked_date(year: Option<u16>, month: u8, day: u8) -> Option<Date> {
    let year_fits = year.is_none_or(|year| (1..=9999).contains(&year));
    (year_fits && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
        year,
        month,
        day,
    })
}

/// Accepts `3-15`, `3/15`, `3月15日` for a month and day, and `2026-03-15`, `2026/3/15`,
/// `2026年3月15日` with a year (`date(year)`); leading zeros are allowed.
pub fn parse_date(text: &str, form: DateForm) -> Result<Date, String> {
    let expected = || match form {
        DateForm::MonthDay => "a month and day such as `3-15` or `3月15日`".to_owned(),
        DateForm::Full => "a date such as `2026-03-15` or `2026年3月15日`".to_owned(),
    };
    let chinese = text
        .strip_suffix('日')
        .map(|rest| rest.replace(['年', '月'], "-"));
    let numeric = chinese.unwrap_or_else(|| text.replace('/', "-"));
    let parts: Vec<&str> = numeric.split('-').collect();
    let digits = |part: &str, most: usize| {
        (1..=most).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_digit())
    };
    let date = match (form, parts.as_slice()) {
        (DateForm::MonthDay, [month, day]) if digits(month, 2) && digits(day, 2) => checked_date(
            None,
            month.parse().ok().unwrap_or(0),
            day.parse().ok().unwrap_or(0),
        ),
        (DateForm::Full, [year, month, day])
            if digits(year, 4) && digits(month, 2) && digits(day, 2) =>
        {
            checked_date(
                year.parse().ok(),
                month.parse().ok().unwrap_or(0),
                day.parse().ok().unwrap_or(0),
            )
        }
        _ => None,
    };
    date.ok_or_else(expected)
}

/// Accepts `15:00`, `9:30`, `15时`, `15点`, `15时30分` (hour 0 to 23, minute 0 to 59, each of one
/// or two digits; after `:` the minute has two).
pub fn parse_time(text: &str) -> Result<(u8, u8), String> {
    let expected = || "a time of day such as `15:00` or `15时`".to_owned();
    let two_digits = |part: &str| {
        (1..=2).contains(&part.len()) && part.bytes().all(|byte| byte.is_ascii_digit())
    };
    let (hour, minute) = if let Some((hour, minute)) = text.split_once(':') {
        if minute.len() != 2 {
            return Err(expected());
        }
        (hour, minute)
    } else {
        let Some((hour, rest)) = text.split_once(['时', '点']) else {
            return Err(expected());
        };
        let minute = rest.strip_suffix('分').unwrap_or(rest);
        (hour, if minute.is_empty() { "0" } else { minute })
    };
    if !two_digits(hour) || !two_digits(minute) {
        return Err(expected());
    }
    match (hour.parse::<u8>(), minute.parse::<u8>()) {
        (Ok(hour), Ok(minute)) if hour < 24 && minute < 60 => Ok((hour, minute)),
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
        assert!(
            parse_slot_value(&ty, "1.5小时").is_err(),
            "whole amounts only"
        );
        assert_eq!(
            parse_slot_value(&ty, "030 minutes"),
            Ok(SlotValue::Text("30分钟".into()))
        );
    }

    /// `number(low..=high)`, said with one of `said_units` when there are any.
    fn whole_numbers(low: i64, high: i64, said_units: &[&str]) -> SlotType {
        SlotType::Number {
            range: NumberRange {
                low: Some(Decimal::from_integer(low)),
                high: Some(Decimal::from_integer(high)),
                upper_end: crate::check::model::UpperEnd::Included,
            },
            unit: None,
            said_units: said_units.iter().map(|unit| (*unit).to_owned()).collect(),
        }
    }

    #[test]
    fn a_number_with_units_to_choose_from_is_said_with_its_unit() {
        let ty = whole_numbers(1, 72, &["小时", "工作日", "个工作日"]);
        let said = |raw: &str| match parse_slot_value(&ty, raw) {
            Ok(SlotValue::Text(text)) => Some(text),
            _ => None,
        };
        assert_eq!(said("3工作日").as_deref(), Some("3工作日"));
        assert_eq!(said(" 03.50 小时").as_deref(), Some("3.5小时"));
        // The longest unit that ends the text is meant.
        assert_eq!(said("3个工作日").as_deref(), Some("3个工作日"));
        assert_eq!(said("3"), None, "a unit is needed");
        assert_eq!(said("3天"), None, "not one of its units");
        assert_eq!(said("73小时"), None, "outside the range");
    }

    #[test]
    fn numbers_respect_their_range() {
        let ty = whole_numbers(1, 60, &[]);
        assert!(parse_slot_value(&ty, "30").is_ok());
        assert_eq!(
            parse_slot_value(&ty, "030.50"),
            Ok(SlotValue::Text("30.5".into()))
        );
        let error = parse_slot_value(&ty, "61").unwrap_err();
        assert_eq!(error, "a number from 1 to 60");
        assert!(parse_slot_value(&ty, "abc").is_err());
    }

    #[test]
    fn ids_keep_their_digits_and_dates_exist() {
        let id = |length, text| parse_slot_value(&SlotType::Id { length }, text);
        let eight = IdLength { min: 8, max: 8 };
        assert_eq!(
            id(eight, "00012345"),
            Ok(SlotValue::Text("00012345".to_owned()))
        );
        assert!(id(eight, "0001234").is_err());
        assert!(id(eight, "0001234x").is_err());
        assert!(id(IdLength::ANY, "").is_err());
        assert!(id(IdLength::ANY, "١٢٣").is_err(), "only ASCII digits");
        let date = |form, text| parse_slot_value(&SlotType::Date { form }, text);
        assert_eq!(
            date(DateForm::MonthDay, "03-15"),
            Ok(SlotValue::Text("3月15日".to_owned()))
        );
        assert_eq!(
            date(DateForm::MonthDay, "2月29日"),
            Ok(SlotValue::Text("2月29日".to_owned()))
        );
        assert!(date(DateForm::MonthDay, "2-30").is_err());
        assert!(date(DateForm::MonthDay, "13-1").is_err());
        assert!(date(DateForm::MonthDay, "2026-3-15").is_err());
        assert_eq!(
            date(DateForm::Full, "2026/3/5"),
            Ok(SlotValue::Text("2026年3月5日".to_owned()))
        );
        assert_eq!(
            date(DateForm::Full, "2024年2月29日"),
            Ok(SlotValue::Text("2024年2月29日".to_owned()))
        );
        assert!(date(DateForm::Full, "2026-02-29").is_err());
        assert!(date(DateForm::Full, "1900-02-29").is_err());
        assert!(date(DateForm::Full, "2000-02-29").is_ok());
        assert!(date(DateForm::Full, "0-1-1").is_err());
        assert!(date(DateForm::Full, "3-15").is_err());
    }

    #[test]
    fn times_phones_and_enums() {
        assert!(parse_slot_value(&SlotType::TimeOfDay, "15:00").is_ok());
        assert!(parse_slot_value(&SlotType::TimeOfDay, "15时30分").is_ok());
        assert!(parse_slot_value(&SlotType::TimeOfDay, "25:00").is_err());
        // One text per value: what the generated `TimeOfDay` says.
        assert_eq!(
            parse_slot_value(&SlotType::TimeOfDay, "16:30"),
            Ok(SlotValue::Text("16时30分".into()))
        );
        assert_eq!(
            parse_slot_value(&SlotType::TimeOfDay, "15点00分"),
            Ok(SlotValue::Text("15时".into()))
        );
        assert!(parse_slot_value(&SlotType::TimeOfDay, "015时").is_err());
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
