//! Exact numbers for `number` slots: a decimal (integer mantissa and decimal scale, never
//! rounded) and the range a slot declares (`1..=60`, `0..1`), compared exactly.

use std::cmp::Ordering;
use std::fmt;

/// An exact decimal number: `mantissa / 10^scale`, with no trailing zero in the fraction (so
/// equal numbers are equal values: `1.50` is `1.5`, `-0` is `0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

/// Why a text is not a [`Decimal`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalError {
    /// Not `-`, digits, and optionally `.` and digits.
    NotANumber,
    /// More significant digits than a decimal holds ([`Decimal::MAX_DIGITS`]).
    TooManyDigits,
}

impl Decimal {
    /// Significant digits a decimal holds (every 38-digit number fits an `i128`).
    pub const MAX_DIGITS: usize = 38;

    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };

    /// Reads `-?[0-9]+(\.[0-9]+)?` exactly, as rule files and `render --slot` write numbers.
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let (negative, unsigned) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (integer, fraction) = match unsigned.split_once('.') {
            Some((integer, fraction)) => (integer, fraction),
            None => (unsigned, ""),
        };
        let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
        let fraction_written = unsigned.contains('.');
        if integer.is_empty()
            || !all_digits(integer)
            || !all_digits(fraction)
            || (fraction_written && fraction.is_empty())
        {
            return Err(DecimalError::NotANumber);
        }
        let fraction = fraction.trim_end_matches('0');
        let digits = integer.trim_start_matches('0').len() + fraction.len();
        if digits > Decimal::MAX_DIGITS {
            return Err(DecimalError::TooManyDigits);
        }
        let mut mantissa: i128 = 0;
        for byte in integer.bytes().chain(fraction.bytes()) {
            // At most 38 significant digits: never overflows.
            mantissa = mantissa * 10 + i128::from(byte - b'0');
        }
        let scale = u32::try_from(fraction.len()).map_err(|_| DecimalError::TooManyDigits)?;
        let mantissa = if negative { -mantissa } else { mantissa };
        Ok(Decimal::normalised(mantissa, scale))
    }

    /// A whole number.
    pub fn from_integer(value: i64) -> Decimal {
        Decimal {
            mantissa: i128::from(value),
            scale: 0,
        }
    }

    fn normalised(mut mantissa: i128, mut scale: u32) -> Decimal {
        if mantissa == 0 {
            return Decimal::ZERO;
        }
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        Decimal { mantissa, scale }
    }

    /// The digits, without the decimal point: the number is `mantissa / 10^scale`.
    pub fn mantissa(self) -> i128 {
        self.mantissa
    }

    /// The number of digits after the decimal point (0 for a whole number).
    pub fn scale(self) -> u32 {
        self.scale
    }

    /// True for a whole number.
    pub fn is_integer(self) -> bool {
        self.scale == 0
    }

    /// The number as an `i64`, if it is a whole number that fits.
    pub fn to_i64(self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        // Bring both to the larger scale. If the scaled mantissa overflows, its magnitude is
        // beyond every i128, so beyond the other's: its sign decides.
        let scaled = |decimal: &Decimal, scale: u32| {
            10i128
                .checked_pow(scale - decimal.scale)
                .and_then(|factor| decimal.mantissa.checked_mul(factor))
        };
        let scale = self.scale.max(other.scale);
        match (scaled(self, scale), scaled(other, scale)) {
            (Some(left), Some(right)) => left.cmp(&right),
            (None, _) => self.mantissa.cmp(&0),
            (_, None) => 0.cmp(&other.mantissa),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    /// The shortest exact form: `30`, `-2.5`, `0.05`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.unsigned_abs().to_string();
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(formatter, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (integer, fraction) = padded.split_at(padded.len() - scale);
        write!(formatter, "{sign}{integer}.{fraction}")
    }
}

impl std::str::FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(text: &str) -> Result<Decimal, DecimalError> {
        Decimal::parse(text)
    }
}

/// Whether a range's upper end belongs to it: `..=` or `..`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum UpperEnd {
    #[default]
    Included,
    Excluded,
}

/// The numbers a `number` slot takes: `low..=high` or `low..high`, either end optional. The
/// lower end is always included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct NumberRange {
    pub low: Option<Decimal>,
    pub high: Option<Decimal>,
    pub upper_end: UpperEnd,
}

impl NumberRange {
    /// Every number.
    pub const ALL: NumberRange = NumberRange {
        low: None,
        high: None,
        upper_end: UpperEnd::Included,
    };

    pub fn contains(&self, value: Decimal) -> bool {
        let above_low = self.low.is_none_or(|low| value >= low);
        let below_high = self.high.is_none_or(|high| match self.upper_end {
            UpperEnd::Included => value <= high,
            UpperEnd::Excluded => value < high,
        });
        above_low && below_high
    }

    /// True when no number is in the range (`5..=1`, `1..1`).
    pub fn is_empty(&self) -> bool {
        match (self.low, self.high) {
            (Some(low), Some(high)) => match self.upper_end {
                UpperEnd::Included => low > high,
                UpperEnd::Excluded => low >= high,
            },
            _ => false,
        }
    }

    pub fn is_unbounded(&self) -> bool {
        self.low.is_none() && self.high.is_none()
    }

    /// What the range takes, for help lines: `a number from 1 to 60`.
    pub fn describe(&self) -> String {
        match (self.low, self.high, self.upper_end) {
            (None, None, _) => "a number".to_owned(),
            (Some(low), None, _) => format!("a number of at least {low}"),
            (None, Some(high), UpperEnd::Included) => format!("a number of at most {high}"),
            (None, Some(high), UpperEnd::Excluded) => format!("a number less than {high}"),
            (Some(low), Some(high), UpperEnd::Included) => {
                format!("a number from {low} to {high}")
            }
            (Some(low), Some(high), UpperEnd::Excluded) => {
                format!("a number of at least {low} and less than {high}")
            }
        }
    }
}

impl fmt::Display for NumberRange {
    /// As written in a rule file: `1..=60`, `0..1`, `1..`, `..`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(low) = self.low {
            write!(formatter, "{low}")?;
        }
        match (self.high, self.upper_end) {
            (None, _) => formatter.write_str(".."),
            (Some(high), UpperEnd::Included) => write!(formatter, "..={high}"),
            (Some(high), UpperEnd::Excluded) => write!(formatter, "..{high}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decimal(text: &str) -> Decimal {
        Decimal::parse(text).expect("a number")
    }

    #[test]
    fn parses_and_prints_the_shortest_exact_form() {
        for (text, shown) in [
            ("30", "30"),
            ("-1", "-1"),
            ("2.50", "2.5"),
            ("0.05", "0.05"),
            ("-0.0", "0"),
            ("007", "7"),
            ("-12.340", "-12.34"),
            (
                "99999999999999999999999999999999999999",
                "99999999999999999999999999999999999999",
            ),
        ] {
            assert_eq!(decimal(text).to_string(), shown, "{text}");
        }
        for text in ["", "-", "1.", ".5", "1e3", "+1", "1.2.3", "--1", " 1"] {
            assert_eq!(
                Decimal::parse(text),
                Err(DecimalError::NotANumber),
                "{text}"
            );
        }
        let long = "1".repeat(39);
        assert_eq!(Decimal::parse(&long), Err(DecimalError::TooManyDigits));
        assert!(Decimal::parse(&format!("0.{}", "0".repeat(60))).is_ok());
    }

    #[test]
    fn compares_exactly_across_scales() {
        assert_eq!(decimal("1.5"), decimal("1.50"));
        assert!(decimal("0.1") < decimal("0.10000000000000000000000000000000000001"));
        assert!(decimal("-2") < decimal("-1.99"));
        assert!(decimal("9007199254740993") > decimal("9007199254740992"));
        // Scaling the first to the second's 37 decimals overflows: its sign decides.
        let big = decimal("99999999999999999999999999999999999999");
        let tiny = decimal("0.0000000000000000000000000000000000001");
        assert_eq!(big.cmp(&tiny), Ordering::Greater);
        assert_eq!(tiny.cmp(&big), Ordering::Less);
        assert!(decimal("-99999999999999999999999999999999999999") < tiny);
        assert_eq!(decimal("12").to_i64(), Some(12));
        assert_eq!(decimal("1.2").to_i64(), None);
    }

    /// `mantissa / 10^scale` written out, as a user would (`-1.50`, trailing zeros kept).
    fn written(mantissa: i64, scale: u32) -> String {
        let digits = format!(
            "{:0>width$}",
            mantissa.unsigned_abs(),
            width = scale as usize + 1
        );
        let (integer, fraction) = digits.split_at(digits.len() - scale as usize);
        let sign = if mantissa < 0 { "-" } else { "" };
        match scale {
            0 => format!("{sign}{integer}"),
            _ => format!("{sign}{integer}.{fraction}"),
        }
    }

    proptest::proptest! {
        /// Against integer arithmetic: both numbers scaled to 10 decimals (exact in i128).
        #[test]
        fn order_and_printing_are_exact(
            left in proptest::prelude::any::<i64>(),
            left_scale in 0u32..10,
            right in proptest::prelude::any::<i64>(),
            right_scale in 0u32..10,
        ) {
            let scaled = |mantissa: i64, scale: u32| i128::from(mantissa) * 10i128.pow(10 - scale);
            let (a, b) = (decimal(&written(left, left_scale)), decimal(&written(right, right_scale)));
            proptest::prop_assert_eq!(
                a.cmp(&b),
                scaled(left, left_scale).cmp(&scaled(right, right_scale))
            );
            proptest::prop_assert_eq!(decimal(&a.to_string()), a);
        }
    }

    #[test]
    fn ranges_include_or_exclude_their_upper_end() {
        let range = |low: &str, high: &str, upper_end| NumberRange {
            low: Some(decimal(low)),
            high: Some(decimal(high)),
            upper_end,
        };
        let half_open = range("0", "1", UpperEnd::Excluded);
        assert!(half_open.contains(decimal("0.5")) && !half_open.contains(decimal("1")));
        assert_eq!(half_open.to_string(), "0..1");
        assert_eq!(
            half_open.describe(),
            "a number of at least 0 and less than 1"
        );
        let closed = range("1", "60", UpperEnd::Included);
        assert!(closed.contains(decimal("60")) && !closed.contains(decimal("60.01")));
        assert_eq!(closed.describe(), "a number from 1 to 60");
        assert!(range("1", "1", UpperEnd::Excluded).is_empty());
        assert!(!range("1", "1", UpperEnd::Included).is_empty());
        assert!(range("5", "1", UpperEnd::Included).is_empty());
        assert_eq!(NumberRange::ALL.to_string(), "..");
        assert_eq!(NumberRange::ALL.describe(), "a number");
    }
}
