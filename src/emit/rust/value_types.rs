//! The value types every generated file starts with (durations, times of day, number
//! spelling, the scratch buffer), as Rust source text.

/// Value types shared by every generated file.
pub(super) const VALUE_TYPES: &str = r#"/// How strongly a phrase is prescribed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Modal {
    /// 应使用: the phrase staff must use.
    Must,
    /// 可使用: a phrase staff may use.
    May,
}

/// A unit of a [`Duration`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DurationUnit {
    /// 秒
    Second,
    /// 分钟
    Minute,
    /// 小时
    Hour,
    /// 天
    Day,
    /// 工作日
    Workday,
}

impl DurationUnit {
    /// The Chinese unit word, as spoken after the amount.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            DurationUnit::Second => "秒",
            DurationUnit::Minute => "分钟",
            DurationUnit::Hour => "小时",
            DurationUnit::Day => "天",
            DurationUnit::Workday => "工作日",
        }
    }
}

/// A length of time for a `duration` slot; rendered as `30分钟`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

impl Duration {
    #[must_use]
    pub const fn seconds(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Second }
    }
    #[must_use]
    pub const fn minutes(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Minute }
    }
    #[must_use]
    pub const fn hours(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Hour }
    }
    #[must_use]
    pub const fn days(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Day }
    }
    #[must_use]
    pub const fn workdays(amount: u32) -> Duration {
        Duration { amount, unit: DurationUnit::Workday }
    }
}

impl ::core::fmt::Display for Duration {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::duration(*self).as_str())
    }
}

/// A time of day for a `time` slot; rendered as `15时` or `15时30分`. Made with
/// [`TimeOfDay::new`], which refuses what `phrasec render` refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
}

impl TimeOfDay {
    /// `None` unless `hour < 24` and `minute < 60`.
    #[must_use]
    pub const fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        if hour < 24 && minute < 60 {
            Some(TimeOfDay { hour, minute })
        } else {
            None
        }
    }

    /// 0 to 23.
    #[must_use]
    pub const fn hour(self) -> u8 {
        self.hour
    }

    /// 0 to 59.
    #[must_use]
    pub const fn minute(self) -> u8 {
        self.minute
    }
}

impl ::core::convert::TryFrom<(u8, u8)> for TimeOfDay {
    type Error = OutOfRange;
    fn try_from((hour, minute): (u8, u8)) -> Result<TimeOfDay, OutOfRange> {
        TimeOfDay::new(hour, minute).ok_or(OutOfRange)
    }
}

impl ::core::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::time(*self).as_str())
    }
}

/// A month and day for a `date` slot; rendered as `3月15日`. Made with [`MonthDay::new`],
/// which refuses what `phrasec render` refuses (29 February is a month and day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    month: u8,
    day: u8,
}

/// The days of `month` (1 to 12) in `year`, or in any year (29 in February) without one.
const fn days_in_month(year: Option<u16>, month: u8) -> u8 {
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

impl MonthDay {
    /// `None` unless `month` is 1 to 12 and `day` a day of it.
    #[must_use]
    pub const fn new(month: u8, day: u8) -> Option<MonthDay> {
        if day >= 1 && day <= days_in_month(None, month) {
            Some(MonthDay { month, day })
        } else {
            None
        }
    }

    /// 1 to 12.
    #[must_use]
    pub const fn month(self) -> u8 {
        self.month
    }

    /// 1 to 31.
    #[must_use]
    pub const fn day(self) -> u8 {
        self.day
    }
}

impl ::core::convert::TryFrom<(u8, u8)> for MonthDay {
    type Error = OutOfRange;
    fn try_from((month, day): (u8, u8)) -> Result<MonthDay, OutOfRange> {
        MonthDay::new(month, day).ok_or(OutOfRange)
    }
}

impl ::core::fmt::Display for MonthDay {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::month_day(*self).as_str())
    }
}

/// A date for a `date(year)` slot; rendered as `2026年3月15日`. Made with [`Date::new`], which
/// refuses what `phrasec render` refuses (years 1 to 9999, Gregorian leap years).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// `None` unless the date exists.
    #[must_use]
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year >= 1 && year <= 9999 && day >= 1 && day <= days_in_month(Some(year), month) {
            Some(Date { year, month, day })
        } else {
            None
        }
    }

    /// 1 to 9999.
    #[must_use]
    pub const fn year(self) -> u16 {
        self.year
    }

    /// 1 to 12.
    #[must_use]
    pub const fn month(self) -> u8 {
        self.month
    }

    /// 1 to 31.
    #[must_use]
    pub const fn day(self) -> u8 {
        self.day
    }
}

impl ::core::convert::TryFrom<(u16, u8, u8)> for Date {
    type Error = OutOfRange;
    fn try_from((year, month, day): (u16, u8, u8)) -> Result<Date, OutOfRange> {
        Date::new(year, month, day).ok_or(OutOfRange)
    }
}

impl ::core::fmt::Display for Date {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::date(*self).as_str())
    }
}

/// The error of the `TryFrom` conversions of slot values: the value is not one the slot takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OutOfRange;

impl ::core::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str("the value is not one the slot takes")
    }
}

/// An exact decimal number (`mantissa / 10^scale`, never a float) of at most 38 significant
/// digits, as `number` slots take; rendered in its shortest exact form (`30`, `-2.5`, `0.05`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Number {
    mantissa: i128,
    scale: u8,
}

impl Number {
    const LIMIT: i128 = 100_000_000_000_000_000_000_000_000_000_000_000_000;

    /// A whole number.
    #[inline]
    #[must_use]
    pub const fn from_integer(value: i64) -> Number {
        Number { mantissa: value as i128, scale: 0 }
    }

    /// `mantissa / 10^scale` (`Number::new(25, 1)` is 2.5); `None` beyond 38 significant
    /// digits.
    #[must_use]
    pub const fn new(mut mantissa: i128, mut scale: u32) -> Option<Number> {
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        if scale > 38 || mantissa >= Number::LIMIT || mantissa <= -Number::LIMIT {
            return None;
        }
        Some(Number { mantissa, scale: scale as u8 })
    }

    /// A number known to be normalised and in range (for the generated slot types).
    #[doc(hidden)]
    #[inline]
    #[must_use]
    pub const fn exact(mantissa: i128, scale: u8) -> Number {
        Number { mantissa, scale }
    }

    /// Writes the number (whole numbers as slices of `DIGITS`).
    ///
    /// # Errors
    ///
    /// Only those of the writer.
    #[doc(hidden)]
    #[inline]
    pub fn write_to<W: ::core::fmt::Write + ?Sized>(self, out: &mut W) -> ::core::fmt::Result {
        match i64::try_from(self.mantissa) {
            Ok(whole) if self.scale == 0 => NumberText::new(whole).write_to(out),
            _ => out.write_str(Scratch::number(self).as_str()),
        }
    }

    /// The digits, without the decimal point.
    #[must_use]
    pub const fn mantissa(self) -> i128 {
        self.mantissa
    }

    /// The number of digits after the decimal point (none for a whole number).
    #[must_use]
    pub const fn scale(self) -> u32 {
        self.scale as u32
    }

    /// -1, 0 or 1 as `self` is less than, equal to or greater than `other`, compared exactly.
    #[doc(hidden)]
    #[inline]
    #[must_use]
    pub const fn compare(self, other: Number) -> i8 {
        if self.scale == other.scale {
            return if self.mantissa < other.mantissa {
                -1
            } else if self.mantissa > other.mantissa {
                1
            } else {
                0
            };
        }
        let scale = if self.scale > other.scale { self.scale } else { other.scale };
        let left = match 10i128.checked_pow((scale - self.scale) as u32) {
            Some(factor) => self.mantissa.checked_mul(factor),
            None => None,
        };
        let right = match 10i128.checked_pow((scale - other.scale) as u32) {
            Some(factor) => other.mantissa.checked_mul(factor),
            None => None,
        };
        // A scaled mantissa that overflows is beyond every other: its sign decides.
        let (left, right) = match (left, right) {
            (Some(left), Some(right)) => (left, right),
            (None, _) => (self.mantissa, 0),
            (_, None) => (0, other.mantissa),
        };
        if left < right {
            -1
        } else if left > right {
            1
        } else {
            0
        }
    }
}

impl ::core::convert::From<i64> for Number {
    fn from(value: i64) -> Number {
        Number::from_integer(value)
    }
}

impl ::core::fmt::Display for Number {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::number(*self).as_str())
    }
}

/// A telephone number for a `phone` slot: 3 to 20 digits, with `-`, `+` and spaces between
/// them, not starting with `-`; said as given, without spaces at its edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Phone<'a>(&'a str);

impl<'a> Phone<'a> {
    /// `None` unless `text` (without spaces at its edges) is a telephone number.
    #[must_use]
    pub fn new(text: &'a str) -> Option<Phone<'a>> {
        let text = text.trim();
        let mut digits = 0;
        for byte in text.bytes() {
            match byte {
                b'0'..=b'9' => digits += 1,
                b'-' | b'+' | b' ' => {}
                _ => return None,
            }
        }
        if (3..=20).contains(&digits) && !text.starts_with('-') {
            Some(Phone(text))
        } else {
            None
        }
    }

    /// The number as it is said.
    #[must_use]
    pub const fn as_str(self) -> &'a str {
        self.0
    }
}

impl<'a> ::core::convert::TryFrom<&'a str> for Phone<'a> {
    type Error = OutOfRange;
    fn try_from(text: &'a str) -> Result<Phone<'a>, OutOfRange> {
        Phone::new(text).ok_or(OutOfRange)
    }
}

impl ::core::fmt::Display for Phone<'_> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.0)
    }
}

/// The text of a number, duration or time slot, formatted on the stack without `core::fmt`
/// (written from the end backwards). Used by the `render` methods.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Scratch {
    bytes: [u8; 48],
    start: usize,
}

impl Scratch {
    const EMPTY: Scratch = Scratch { bytes: [0; 48], start: 48 };

    #[inline]
    fn prepend(&mut self, text: &str) {
        let start = self.start - text.len();
        self.bytes[start..self.start].copy_from_slice(text.as_bytes());
        self.start = start;
    }

    /// Two digits at a time, from the table of [`DIGITS`].
    #[inline]
    fn prepend_digits(&mut self, mut value: u64) {
        let digits = DIGITS.as_bytes();
        while value >= 100 {
            let at = 3 * (value % 100) as usize + 1;
            value /= 100;
            self.start -= 2;
            self.bytes[self.start..self.start + 2].copy_from_slice(&digits[at..at + 2]);
        }
        if value >= 10 {
            let at = 3 * value as usize + 1;
            self.start -= 2;
            self.bytes[self.start..self.start + 2].copy_from_slice(&digits[at..at + 2]);
        } else {
            self.start -= 1;
            self.bytes[self.start] = b'0' + value as u8;
        }
    }

    /// `30分钟`.
    #[inline]
    #[must_use]
    pub fn duration(duration: Duration) -> Scratch {
        let mut scratch = Scratch::EMPTY;
        scratch.prepend(duration.unit.label());
        scratch.prepend_digits(u64::from(duration.amount));
        scratch
    }

    /// `30`, `-2.5`, `0.05`: the shortest exact form.
    #[must_use]
    pub fn number(number: Number) -> Scratch {
        let mut scratch = Scratch::EMPTY;
        let mut rest = number.mantissa.unsigned_abs();
        let mut written = 0;
        while rest > 0 || written <= number.scale {
            if written == number.scale && written > 0 {
                scratch.start -= 1;
                scratch.bytes[scratch.start] = b'.';
            }
            scratch.start -= 1;
            scratch.bytes[scratch.start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            written += 1;
        }
        if number.mantissa < 0 {
            scratch.prepend("-");
        }
        scratch
    }

    /// An amount of at most two decimals: `100`, `128.50`, `0.05`.
    #[must_use]
    pub fn money(amount: Number) -> Scratch {
        if amount.scale == 0 {
            return Scratch::number(amount);
        }
        let mut scratch = Scratch::EMPTY;
        let mut written = 0;
        if amount.scale == 1 {
            scratch.start -= 1;
            scratch.bytes[scratch.start] = b'0';
            written = 1;
        }
        let mut rest = amount.mantissa.unsigned_abs();
        while rest > 0 || written <= 2 {
            if written == 2 {
                scratch.start -= 1;
                scratch.bytes[scratch.start] = b'.';
            }
            scratch.start -= 1;
            scratch.bytes[scratch.start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            written += 1;
        }
        if amount.mantissa < 0 {
            scratch.prepend("-");
        }
        scratch
    }

    /// `15时` or `15时30分`.
    #[inline]
    #[must_use]
    pub fn time(time: TimeOfDay) -> Scratch {
        let mut scratch = Scratch::EMPTY;
        if time.minute != 0 {
            scratch.prepend("分");
            scratch.prepend_digits(u64::from(time.minute));
        }
        scratch.prepend("时");
        scratch.prepend_digits(u64::from(time.hour));
        scratch
    }

    /// `3月15日`.
    #[inline]
    #[must_use]
    pub fn month_day(date: MonthDay) -> Scratch {
        let mut scratch = Scratch::EMPTY;
        scratch.prepend("日");
        scratch.prepend_digits(u64::from(date.day));
        scratch.prepend("月");
        scratch.prepend_digits(u64::from(date.month));
        scratch
    }

    /// `2026年3月15日`.
    #[inline]
    #[must_use]
    pub fn date(date: Date) -> Scratch {
        let mut scratch = Scratch::month_day(MonthDay { month: date.month, day: date.day });
        scratch.prepend("年");
        scratch.prepend_digits(u64::from(date.year));
        scratch
    }

    /// The text.
    #[inline]
    #[must_use]
    pub fn as_str(&self) -> &str {
        // Always UTF-8: ASCII digits and whole `&str`s were written.
        ::core::str::from_utf8(&self.bytes[self.start..]).unwrap_or_default()
    }
}

/// The text of a number slot, written as slices of [`DIGITS`] (never formatted into a buffer,
/// so no bytes need checking): from 0 to 999,999 (nearly all numbers in phrases) the
/// thousands and the rest; other numbers their sign and groups of three digits. Used by the
/// `render` methods.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum NumberText {
    Table { high: usize, low: usize },
    /// Groups of three digits, least significant first (`u64::MAX` has seven).
    Groups { negative: bool, groups: [u16; 7], count: usize },
}

impl NumberText {
    #[inline]
    #[must_use]
    pub fn new(value: i64) -> NumberText {
        match usize::try_from(value) {
            Ok(small) if small < 1_000_000 => NumberText::Table {
                high: small / 1000,
                low: small % 1000,
            },
            _ => {
                let mut rest = value.unsigned_abs();
                let mut groups = [0u16; 7];
                let mut count = 0;
                while count < groups.len() {
                    groups[count] = (rest % 1000) as u16;
                    rest /= 1000;
                    count += 1;
                    if rest == 0 {
                        break;
                    }
                }
                NumberText::Groups { negative: value < 0, groups, count }
            }
        }
    }

    /// Writes the number as Rust's `Display` would.
    ///
    /// # Errors
    ///
    /// Only those of the writer.
    #[inline]
    pub fn write_to<W: ::core::fmt::Write + ?Sized>(&self, out: &mut W) -> ::core::fmt::Result {
        match *self {
            NumberText::Table { high: 0, low } => out.write_str(short_number(low)),
            NumberText::Table { high, low } => {
                out.write_str(short_number(high))?;
                out.write_str(&DIGITS[3 * low..3 * low + 3])
            }
            NumberText::Groups { negative, groups, count } => {
                if negative {
                    out.write_str("-")?;
                }
                let mut idx = count.clamp(1, groups.len()) - 1;
                out.write_str(short_number(usize::from(groups[idx])))?;
                while idx > 0 {
                    idx -= 1;
                    let group = usize::from(groups[idx]);
                    out.write_str(&DIGITS[3 * group..3 * group + 3])?;
                }
                Ok(())
            }
        }
    }
}

/// A number below 1000 without leading zeros.
#[inline]
fn short_number(value: usize) -> &'static str {
    if value < 10 {
        &DIGITS[3 * value + 2..3 * value + 3]
    } else if value < 100 {
        &DIGITS[3 * value + 1..3 * value + 3]
    } else {
        &DIGITS[3 * value..3 * value + 3]
    }
}

/// Writes the texts of a phrase in order, without allocating. Empty texts are skipped: a
/// phrase's render writes a text between any two slots, empty in many phrases, and the test
/// folds away in an optimised build, where those texts are constants.
///
/// # Errors
///
/// Only those of the writer.
#[doc(hidden)]
#[inline]
pub fn write_strs<W: ::core::fmt::Write + ?Sized>(
    out: &mut W,
    texts: &[&str],
) -> ::core::fmt::Result {
    for text in texts {
        if !text.is_empty() {
            out.write_str(text)?;
        }
    }
    Ok(())
}"#;
