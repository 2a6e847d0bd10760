//! The value types every generated file starts with (durations, times of day, number
//! spelling, the scratch buffer), as Rust source text.

/// Value types shared by every generated file.
pub(super) const VALUE_TYPES: &str = r#"/// A unit of a [`Duration`].
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
}

impl ::core::fmt::Display for Duration {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::duration(*self).as_str())
    }
}

/// A time of day for a `time` slot; rendered as `15时` or `15时30分`, as `phrasec render` says
/// `15:00` and `15:30`. Made only by [`TimeOfDay::new`], which checks the hour and minute as
/// the checker does: `TimeOfDay { hour: 99, minute: 99 }` does not compile.
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

/// A telephone number for a `phone` slot, as the checker accepts one: 3 to 20 digits, with
/// `-`, `+` or spaces between them, not starting with `-` or a space nor ending with a space.
/// Made only by [`Phone::new`]: `"abc"` is no phone number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phone<'a>(&'a str);

impl<'a> Phone<'a> {
    /// `None` unless `text` is a telephone number as above.
    #[must_use]
    pub const fn new(text: &'a str) -> Option<Phone<'a>> {
        let bytes = text.as_bytes();
        let mut digits = 0;
        let mut idx = 0;
        while idx < bytes.len() {
            match bytes[idx] {
                b'0'..=b'9' => digits += 1,
                b'-' | b'+' | b' ' => {}
                _ => return None,
            }
            idx += 1;
        }
        let edges_ok = !matches!(
            (bytes.first(), bytes.last()),
            (Some(b'-' | b' '), _) | (_, Some(b' '))
        );
        if edges_ok && digits >= 3 && digits <= 20 {
            Some(Phone(text))
        } else {
            None
        }
    }

    /// The number as given.
    #[must_use]
    pub const fn as_str(self) -> &'a str {
        self.0
    }
}

impl ::core::fmt::Display for Phone<'_> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.0)
    }
}

impl ::core::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(Scratch::time(*self).as_str())
    }
}

/// The text of a number, duration or time slot, formatted on the stack without `core::fmt`
/// (written from the end backwards). Used by the `render` methods.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Scratch {
    bytes: [u8; 24],
    start: usize,
}

impl Scratch {
    const EMPTY: Scratch = Scratch { bytes: [0; 24], start: 24 };

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
