//! Random values of every slot type for the differential of `render`, the interpreter, the
//! generated Rust and a JSON consumer (`codegen_differential.rs`): each value as `render
//! --slot` takes it (spelled in any accepted way: `16:30`, `030.50`, ` 10086 `), as a Rust
//! expression of the generated API, and as a JSON consumer holds it; plus candidate values,
//! valid or not, to compare the checker's verdict with the generated constructors'.
//!
//! The JSON consumer here follows only the rules the JSON states (`json::Rendering`), written
//! again from their documentation, not with the library's functions.

use super::lcg::Lcg;
use phrasec::check::model::{DateForm, DurationUnit, IdLength, NumberRange, SlotType};
use phrasec::check::values::{days_in_month, parse_slot_value};
use phrasec::emit::json;

/// A slot value as a program reading the JSON holds it.
#[derive(Clone, Debug)]
pub enum Held {
    /// Text, person, organisation, phone or number: the string as given.
    Given(String),
    Duration {
        amount: u32,
        unit: &'static str,
    },
    Time {
        hour: u8,
        minute: u8,
    },
    /// An enum value's name.
    Enum(String),
    Date {
        year: Option<u16>,
        month: u8,
        day: u8,
    },
}

/// One slot value as each renderer takes it.
#[derive(Clone, Debug)]
pub struct Value {
    /// A Rust expression, with `$` standing for the generated module's path.
    pub rust: String,
    /// The `render --slot` string.
    pub raw: String,
    pub held: Held,
}

/// `$::slots::Name` of a number or duration slot; `unit_enum` for durations.
pub struct TypeNames<'a> {
    pub value_type: Option<&'a str>,
    pub unit_enum: Option<&'a str>,
}

/// A decimal written in a random way: sign, leading zeros, trailing zeros in the fraction.
fn random_decimal(lcg: &mut Lcg, range: &NumberRange) -> String {
    let around = |lcg: &mut Lcg, end: Option<String>| -> i64 {
        let base: i64 = end
            .and_then(|text| text.split('.').next().map(str::to_owned))
            .and_then(|whole| whole.parse().ok())
            .unwrap_or(0);
        base + lcg.below(11) as i64 - 5
    };
    let whole = match lcg.below(4) {
        0 => around(lcg, range.low.map(|low| low.to_string())),
        1 => around(lcg, range.high.map(|high| high.to_string())),
        2 => lcg.below(2000) as i64 - 1000,
        _ => (lcg.below(1 << 30) as i64) * (lcg.below(1 << 30) as i64 + 1),
    };
    let mut text = whole.abs().to_string();
    if lcg.chance(15) {
        text.insert(0, '0');
    }
    if whole < 0 || (whole == 0 && lcg.chance(10)) {
        text.insert(0, '-');
    }
    if lcg.chance(40) {
        text.push('.');
        for _ in 0..=lcg.below(4) {
            text.push(char::from(b'0' + lcg.below(10) as u8));
        }
    }
    text
}

/// The Rust expression of `$::Number` for a decimal text.
fn number_expression(raw: &str) -> String {
    let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
    let digits = format!("{whole}{fraction}");
    format!("$::Number::new({digits}i128, {}).unwrap()", fraction.len())
}

fn random_phone(lcg: &mut Lcg) -> String {
    let mut text = String::new();
    if lcg.chance(20) {
        text.push('+');
    }
    for idx in 0..3 + lcg.below(12) {
        if idx > 0 && lcg.chance(10) {
            text.push(if lcg.chance(50) { '-' } else { ' ' });
        }
        text.push(char::from(b'0' + lcg.below(10) as u8));
    }
    if lcg.chance(20) {
        format!(" {text} ")
    } else {
        text
    }
}

/// A valid value of `ty`, spelled at random; `text` for text-like slots.
pub fn random_value(lcg: &mut Lcg, ty: &SlotType, names: &TypeNames<'_>, text: &str) -> Value {
    let given = |raw: String, rust: String| Value {
        held: Held::Given(raw.clone()),
        rust,
        raw,
    };
    match ty {
        SlotType::Text | SlotType::Person | SlotType::Organisation => {
            given(text.to_owned(), format!("{text:?}"))
        }
        SlotType::Phone => {
            let raw = random_phone(lcg);
            given(raw.clone(), format!("$::Phone::new({raw:?}).unwrap()"))
        }
        SlotType::Number {
            range, said_units, ..
        } if !said_units.is_empty() => {
            let (type_name, unit_enum) = (
                names.value_type.expect("a number slot's type"),
                names.unit_enum.expect("a number slot's unit enum"),
            );
            let unit = lcg.below(said_units.len());
            let amount = (0..200)
                .map(|_| random_decimal(lcg, range))
                .find(|raw| parse_slot_value(ty, &format!("{raw}{}", said_units[unit])).is_ok())
                .or_else(|| range.low.map(|low| low.to_string()))
                .unwrap_or_else(|| "0".to_owned());
            let raw = format!("{amount} {}", said_units[unit]);
            let rust = format!(
                "($::slots::{type_name}::from_number({}).unwrap(), $::slots::{unit_enum}::ALL[{unit}])",
                number_expression(&amount)
            );
            given(raw, rust)
        }
        SlotType::Number { range, .. } | SlotType::Money { range, .. } => {
            let type_name = names.value_type.expect("a number slot's type");
            let raw = (0..200)
                .map(|_| random_decimal(lcg, range))
                .find(|raw| parse_slot_value(ty, raw).is_ok())
                .or_else(|| range.low.map(|low| low.to_string()))
                .unwrap_or_else(|| "0".to_owned());
            let rust = format!(
                "$::slots::{type_name}::from_number({}).unwrap()",
                number_expression(&raw)
            );
            given(raw, rust)
        }
        SlotType::Duration { units } => {
            let (type_name, unit_enum) = (
                names.value_type.expect("a duration slot's type"),
                names.unit_enum.expect("a duration slot's unit enum"),
            );
            let unit = units[lcg.below(units.len())];
            let amount = if lcg.chance(20) {
                u32::MAX - lcg.below(3) as u32
            } else {
                lcg.below(200) as u32
            };
            let raw = match lcg.below(3) {
                0 => format!("{amount}{}", unit.label()),
                1 => format!("0{amount} {}s", unit.keyword()),
                _ => format!("{amount}{}", unit.keyword().to_uppercase()),
            };
            let variant = capitalised(unit.keyword());
            Value {
                rust: format!(
                    "$::slots::{type_name}::new({amount}, $::slots::{unit_enum}::{variant})"
                ),
                raw,
                held: Held::Duration {
                    amount,
                    unit: unit.keyword(),
                },
            }
        }
        SlotType::TimeOfDay => {
            let (hour, minute) = (lcg.below(24) as u8, lcg.below(60) as u8);
            let raw = match lcg.below(3) {
                0 => format!("{hour}:{minute:02}"),
                1 => format!("{hour:02}时{minute}分"),
                _ if minute == 0 => format!("{hour}点"),
                _ => format!("{hour}点{minute:02}"),
            };
            Value {
                rust: format!("$::TimeOfDay::new({hour}, {minute}).unwrap()"),
                raw,
                held: Held::Time { hour, minute },
            }
        }
        SlotType::Id { length } => {
            let type_name = names.value_type.expect("an id slot's type");
            let n_digits = usize::from(length.min)
                + lcg.below(usize::from(length.max - length.min) + 1).min(12);
            let raw: String = (0..n_digits)
                .map(|_| char::from(b'0' + lcg.below(10) as u8))
                .collect();
            given(
                raw.clone(),
                format!("$::slots::{type_name}::new({raw:?}).unwrap()"),
            )
        }
        SlotType::Date { form } => {
            let year = (*form == DateForm::Full).then(|| 1 + lcg.below(9999) as u16);
            let month = 1 + lcg.below(12) as u8;
            let day = 1 + lcg.below(usize::from(days_in_month(year, month))) as u8;
            let raw = match (year, lcg.below(3)) {
                (None, 0) => format!("{month}-{day}"),
                (None, 1) => format!("{month:02}/{day:02}"),
                (None, _) => format!("{month}月{day}日"),
                (Some(year), 0) => format!("{year}-{month:02}-{day:02}"),
                (Some(year), 1) => format!("{year}/{month}/{day}"),
                (Some(year), _) => format!("{year}年{month}月{day}日"),
            };
            let rust = match year {
                None => format!("$::MonthDay::new({month}, {day}).unwrap()"),
                Some(year) => format!("$::Date::new({year}, {month}, {day}).unwrap()"),
            };
            Value {
                rust,
                raw,
                held: Held::Date { year, month, day },
            }
        }
        SlotType::Enum { .. } => unreachable!("enum values are the caller's"),
    }
}

/// An id candidate: `raw` as `render --slot` takes it, and through the generated constructor.
fn id_candidate(type_name: &str, raw: String) -> (String, String) {
    let rust = format!("$::slots::{type_name}::new({raw:?}).map(|v| v.to_string())");
    (raw, rust)
}

/// A date candidate, valid or not: as `render --slot` takes it, and through the generated
/// constructor.
fn date_candidate(year: Option<u32>, month: u32, day: u32) -> (String, String) {
    match year {
        None => (
            format!("{month}-{day}"),
            format!("$::MonthDay::new({month}, {day}).map(|v| v.to_string())"),
        ),
        Some(year) => (
            format!("{year}-{month}-{day}"),
            format!("$::Date::new({year}, {month}, {day}).map(|v| v.to_string())"),
        ),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Candidates for a slot of type `ty`, valid or not: each as the `render --slot` string and a
/// Rust expression of `Option<String>`: the generated constructor's value, displayed.
pub fn candidates(
    lcg: &mut Lcg,
    ty: &SlotType,
    names: &TypeNames<'_>,
    count: usize,
) -> Vec<(String, String)> {
    let mut out = edge_candidates(ty, names);
    for _ in 0..count {
        match ty {
            SlotType::Number { range, .. } | SlotType::Money { range, .. } => {
                let type_name = names.value_type.expect("a number slot's type");
                let raw = random_decimal(lcg, range);
                let rust = format!(
                    "{}.and_then($::slots::{type_name}::from_number).map(|v| v.to_string())",
                    number_expression(&raw).trim_end_matches(".unwrap()")
                );
                out.push((raw, rust));
            }
            SlotType::Phone => {
                let mut raw = random_phone(lcg);
                if lcg.chance(50) {
                    let at = lcg.below(raw.len() + 1);
                    let junk = lcg.pick(&["a", "-", ".", "", "1234567890123", "+"]);
                    raw.insert_str(at, junk);
                }
                if lcg.chance(10) {
                    raw.truncate(lcg.below(4));
                }
                let rust = format!("$::Phone::new({raw:?}).map(|v| v.to_string())");
                out.push((raw, rust));
            }
            SlotType::TimeOfDay => {
                let (hour, minute) = (lcg.below(30), lcg.below(70));
                out.push((
                    format!("{hour}:{minute:02}"),
                    format!("$::TimeOfDay::new({hour}, {minute}).map(|v| v.to_string())"),
                ));
            }
            SlotType::Id { length } => {
                let type_name = names.value_type.expect("an id slot's type");
                let n_digits = lcg.below(usize::from(length.max.min(20)) + 3);
                let mut raw: String = (0..n_digits)
                    .map(|_| char::from(b'0' + lcg.below(10) as u8))
                    .collect();
                if lcg.chance(20) {
                    let at = lcg.below(raw.len() + 1);
                    raw.insert_str(at, lcg.pick(&["a", " ", "-", "١"]));
                }
                out.push(id_candidate(type_name, raw));
            }
            SlotType::Date { form } => {
                let year = (*form == DateForm::Full).then(|| lcg.below(10_001) as u32);
                out.push(date_candidate(
                    year,
                    lcg.below(14) as u32,
                    lcg.below(33) as u32,
                ));
            }
            SlotType::Duration { .. } => {
                let type_name = names.value_type.expect("a duration slot's type");
                let unit = DurationUnit::ALL[lcg.below(DurationUnit::ALL.len())];
                let amount = lcg.below(100);
                out.push((
                    format!("{amount}{}", unit.label()),
                    format!(
                        "$::slots::{type_name}::try_from($::Duration {{ amount: {amount}, unit: $::DurationUnit::{} }}).ok().map(|v| v.to_string())",
                        capitalised(unit.keyword())
                    ),
                ));
            }
            _ => {}
        }
    }
    // A number said with one of its units: each candidate in the first unit.
    if let SlotType::Number { said_units, .. } = ty
        && let (Some(unit), Some(unit_enum)) = (said_units.first(), names.unit_enum)
    {
        for (raw, rust) in &mut out {
            raw.push_str(unit);
            rust.push_str(&format!(
                ".map(|v| ::std::format!(\"{{v}}{{}}\", $::slots::{unit_enum}::ALL[0].label()))"
            ));
        }
    }
    out
}

/// The values at the edges of what a slot takes, each as `candidates` gives them.
fn edge_candidates(ty: &SlotType, names: &TypeNames<'_>) -> Vec<(String, String)> {
    let phone = |raw: &str| {
        (
            raw.to_owned(),
            format!("$::Phone::new({raw:?}).map(|v| v.to_string())"),
        )
    };
    let time = |hour: u32, minute: u32| {
        (
            format!("{hour}:{minute:02}"),
            format!("$::TimeOfDay::new({hour}, {minute}).map(|v| v.to_string())"),
        )
    };
    match ty {
        SlotType::Phone => [
            "-10086",
            "12",
            "123",
            "abc",
            "",
            " 10086 ",
            "+86 10086",
            "1-",
            "123456789012345678901",
            "12345678901234567890",
        ]
        .into_iter()
        .map(phone)
        .collect(),
        SlotType::Id { length } => {
            let type_name = names.value_type.expect("an id slot's type");
            let mut lengths = vec![length.min, length.max];
            lengths.push(length.min.saturating_sub(1));
            if length.max < IdLength::LONGEST {
                lengths.push(length.max + 1);
            }
            lengths
                .into_iter()
                .map(|n| id_candidate(type_name, "0".repeat(usize::from(n))))
                .collect()
        }
        SlotType::Date {
            form: DateForm::MonthDay,
        } => [(2, 29), (2, 30), (4, 31), (12, 31), (0, 1), (1, 0), (13, 1)]
            .into_iter()
            .map(|(month, day)| date_candidate(None, month, day))
            .collect(),
        SlotType::Date {
            form: DateForm::Full,
        } => [
            (2024, 2, 29),
            (2026, 2, 29),
            (1900, 2, 29),
            (2000, 2, 29),
            (0, 1, 1),
            (9999, 12, 31),
            (10000, 1, 1),
        ]
        .into_iter()
        .map(|(year, month, day)| date_candidate(Some(year), month, day))
        .collect(),
        SlotType::TimeOfDay => vec![
            time(24, 0),
            time(23, 59),
            time(0, 0),
            time(0, 60),
            time(99, 99),
        ],
        SlotType::Number { range, .. } | SlotType::Money { range, .. } => {
            let type_name = names.value_type.expect("a number slot's type");
            let mut raws = vec!["0.5".to_owned(), "0.05".to_owned(), "0.005".to_owned()];
            for end in [range.low, range.high].into_iter().flatten() {
                let end = end.to_string();
                raws.push(end.clone());
                let fraction = if end.contains('.') { "0001" } else { ".0001" };
                raws.push(format!("{end}{fraction}"));
                if !end.starts_with('-') {
                    raws.push(format!("-{end}"));
                }
            }
            raws.into_iter()
                .map(|raw| {
                    let rust = format!(
                        "{}.and_then($::slots::{type_name}::from_number).map(|v| v.to_string())",
                        number_expression(&raw).trim_end_matches(".unwrap()")
                    );
                    (raw, rust)
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// What a JSON consumer says for `held`, following the slot's stated `rendering`.
pub fn json_text(slot: &json::Slot, held: &Held) -> String {
    match (slot.rendering, held) {
        (json::Rendering::AsGiven, Held::Given(text)) => text.trim().to_owned(),
        (json::Rendering::Decimal, Held::Given(text)) => shortest_decimal(text.trim()),
        // `3 工作日`: the amount as a decimal, then the unit as declared.
        (json::Rendering::DecimalAndUnit, Held::Given(text)) => {
            let json::SlotType::Number { said_units, .. } = &slot.ty else {
                panic!("decimal_and_unit is the rendering of numbers with units");
            };
            let unit = said_units
                .iter()
                .filter(|unit| text.trim().ends_with(unit.as_str()))
                .max_by_key(|unit| unit.len())
                .expect("one of the slot's units");
            let amount = text.trim()[..text.trim().len() - unit.len()].trim();
            format!("{}{unit}", shortest_decimal(amount))
        }
        (json::Rendering::Money, Held::Given(text)) => {
            let shortest = shortest_decimal(text.trim());
            match shortest.split_once('.') {
                Some((_, fraction)) if fraction.len() == 1 => format!("{shortest}0"),
                _ => shortest,
            }
        }
        (json::Rendering::AmountAndUnit, Held::Duration { amount, unit }) => {
            let json::SlotType::Duration { units, unit_labels } = &slot.ty else {
                panic!("a duration slot without units");
            };
            let idx = units.iter().position(|u| u == unit).expect("a listed unit");
            format!("{amount}{}", unit_labels[idx])
        }
        (json::Rendering::HourMinute, Held::Time { hour, minute }) => match minute {
            0 => format!("{hour}时"),
            _ => format!("{hour}时{minute}分"),
        },
        (json::Rendering::MonthDay, Held::Date { month, day, .. }) => format!("{month}月{day}日"),
        (json::Rendering::YearMonthDay, Held::Date { year, month, day }) => {
            format!("{}年{month}月{day}日", year.expect("a date with its year"))
        }
        (json::Rendering::EnumLabel, Held::Enum(name)) => {
            let json::SlotType::Enum { values } = &slot.ty else {
                panic!("an enum slot without values");
            };
            values
                .iter()
                .find(|value| &value.name == name)
                .map(|value| value.label.clone())
                .expect("a declared value")
        }
        (rendering, held) => panic!("{rendering:?} for {held:?}"),
    }
}

/// The shortest exact form of a decimal text, as `json::Rendering::Decimal` states it.
fn shortest_decimal(text: &str) -> String {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let mut out = String::new();
    if negative && (whole != "0" || !fraction.is_empty()) {
        out.push('-');
    }
    out.push_str(whole);
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}
