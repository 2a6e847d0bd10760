//! A slot's type as declared (`number(1..=120) unit "分钟"`, `duration(hour, workday)`,
//! `id(8)`, `money`, `date(year)`, `enum { … }`): its arguments and units checked (E0111,
//! E0108, E0124–E0126) and turned into a [`SlotType`].

use super::*;

impl Resolver<'_> {
    pub(super) fn slot_type(
        &mut self,
        decl: &ast::SlotDecl,
        units: Option<&[ast::Str]>,
    ) -> SlotType {
        let unit = units.and_then(|units| units.first()).copied();
        let (name, arguments) = match &decl.ty {
            ast::SlotType::Enum { values, .. } => {
                let values = self.values(values, &decl.name, "enum slot");
                self.reject_unit(unit.as_ref(), "enum");
                return SlotType::Enum { values };
            }
            ast::SlotType::Named {
                name, arguments, ..
            } => (name, arguments),
        };
        let simple = match self.texts.name(name) {
            "text" => Some(SlotType::Text),
            "phone" => Some(SlotType::Phone),
            "person" => Some(SlotType::Person),
            "org" => Some(SlotType::Organisation),
            "time" => Some(SlotType::TimeOfDay),
            _ => None,
        };
        if let Some(ty) = simple {
            for argument in arguments {
                self.bad_argument(
                    argument_span(argument),
                    self.texts.name(name),
                    "takes no arguments",
                );
            }
            self.reject_unit(unit.as_ref(), self.texts.name(name));
            return ty;
        }
        match self.texts.name(name) {
            "number" => {
                let range = self.range_argument(decl.ty.span(), arguments, "number");
                let said_units = self.said_units(units.unwrap_or_default());
                SlotType::Number {
                    range,
                    unit: match said_units.is_empty() {
                        true => unit.map(|u| self.texts.str(&u).into_owned()),
                        false => None,
                    },
                    said_units,
                }
            }
            "money" => {
                if let Some(second) = units.and_then(|units| units.get(1)) {
                    self.bad_argument(second.span, "money", "takes one currency unit");
                }
                SlotType::Money {
                    range: self.range_argument(decl.ty.span(), arguments, "money"),
                    unit: unit.map(|u| self.texts.str(&u).into_owned()),
                }
            }
            "duration" => {
                let units = self.duration_units(decl.ty.span(), arguments);
                self.reject_unit(unit.as_ref(), "duration");
                SlotType::Duration { units }
            }
            "id" => {
                self.reject_unit(unit.as_ref(), "id");
                SlotType::Id {
                    length: self.id_length(arguments),
                }
            }
            "date" => {
                self.reject_unit(unit.as_ref(), "date");
                let mut form = DateForm::MonthDay;
                for argument in arguments {
                    match argument {
                        ast::TypeArgument::Name(word)
                            if self.texts.name(word) == "year" && form == DateForm::MonthDay =>
                        {
                            form = DateForm::Full;
                        }
                        other => self.bad_argument(
                            argument_span(other),
                            "date",
                            "takes only `year` (`date(year)`: a date with its year)",
                        ),
                    }
                }
                SlotType::Date { form }
            }
            _ => {
                const KNOWN: [&str; 11] = [
                    "text", "number", "money", "duration", "phone", "person", "org", "time", "id",
                    "date", "enum",
                ];
                let mut diagnostic = Diagnostic::new(
                    Code::E0108,
                    format!("there is no slot type `{}`", self.texts.name(name)),
                )
                .primary(name.span, "unknown type");
                diagnostic = match did_you_mean(self.texts.name(name), KNOWN.iter().copied()) {
                    Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
                    None => diagnostic.help(format!("the slot types are `{}`", KNOWN.join("`, `"))),
                };
                self.diagnostics.push(diagnostic);
                SlotType::Text
            }
        }
    }

    /// The range of a `number` or `money` slot (`type_name`): at most one range argument;
    /// none is any number.
    fn range_argument(
        &mut self,
        type_span: Span,
        arguments: &[ast::TypeArgument],
        type_name: &str,
    ) -> NumberRange {
        let mut range = None;
        for argument in arguments {
            match argument {
                ast::TypeArgument::Range(written) if range.is_none() => {
                    range = Some(self.number_range(written));
                }
                ast::TypeArgument::Range(written) => {
                    self.bad_argument(written.span, type_name, "takes one range, not two")
                }
                other => self.bad_argument(
                    argument_span(other),
                    type_name,
                    "takes only a range such as `1..=60`",
                ),
            }
        }
        if arguments.is_empty() {
            self.reject_empty_parentheses(type_span, type_name);
        }
        range.unwrap_or(NumberRange::ALL)
    }

    /// The length of an `id`: one whole number (`id(8)`) or a range of them (`id(6..=10)`),
    /// from 1 to [`IdLength::LONGEST`]; anything else is E0111.
    fn id_length(&mut self, arguments: &[ast::TypeArgument]) -> IdLength {
        let mut length = IdLength::ANY;
        let whole = |text: &str| {
            text.parse::<u8>()
                .ok()
                .filter(|n| (1..=IdLength::LONGEST).contains(n))
        };
        let expected = "takes a number of digits from 1 to 64, such as `id(8)` or `id(6..=10)`";
        for (position, argument) in arguments.iter().enumerate() {
            let read =
                |number: &ast::Number| whole(number.text(self.texts.of_file(number.span.file)));
            let parsed = match argument {
                _ if position > 0 => None,
                ast::TypeArgument::Number(number) => {
                    read(number).map(|n| IdLength { min: n, max: n })
                }
                ast::TypeArgument::Range(range) => {
                    let low = range.low.as_ref().map_or(Some(1), read);
                    let high = match (&range.high, range.inclusive) {
                        (Some(high), ast::RangeEnd::Included) => read(high),
                        (Some(high), ast::RangeEnd::Excluded) => {
                            read(high).and_then(|n| n.checked_sub(1))
                        }
                        (None, ast::RangeEnd::Excluded) => Some(IdLength::LONGEST),
                        (None, ast::RangeEnd::Included) => None,
                    };
                    match (low, high) {
                        (Some(min), Some(max)) if min <= max && min >= 1 => {
                            Some(IdLength { min, max })
                        }
                        _ => None,
                    }
                }
                ast::TypeArgument::Name(_) => None,
            };
            match parsed {
                Some(parsed) => length = parsed,
                None => self.bad_argument(argument_span(argument), "id", expected),
            }
        }
        length
    }

    /// `number()` or `money()`: parentheses with no range in them (E0125); plain `number` is
    /// any number.
    fn reject_empty_parentheses(&mut self, type_span: Span, type_name: &str) {
        let written = self.texts.of_file(type_span.file);
        let written = written.get(type_span.range()).unwrap_or_default();
        if written.ends_with(')') {
            self.diagnostics.push(
                Diagnostic::new(
                    Code::E0125,
                    format!("`{type_name}()` has no range between its parentheses"),
                )
                .primary(type_span, "`()` with no range")
                .help(format!(
                    "write a range such as `{type_name}(1..=60)`, or `{type_name}` for any amount"
                )),
            );
        }
    }

    /// A `number` slot's range, exact; an empty range (E0124) or one with an unwritten
    /// included end or a bound too long to hold (E0125) is reported.
    fn number_range(&mut self, written: &ast::RangeArg) -> NumberRange {
        if written.high.is_none() && written.inclusive == ast::RangeEnd::Included {
            self.diagnostics.push(
                Diagnostic::new(Code::E0125, "the range `..=` has no upper end to include")
                    .primary(written.span, "no number after `..=`")
                    .help("write the upper end (`1..=60`), or leave it open with `..` (`1..`)"),
            );
        }
        let range = NumberRange {
            low: written.low.as_ref().and_then(|low| self.range_bound(low)),
            high: written
                .high
                .as_ref()
                .and_then(|high| self.range_bound(high)),
            upper_end: match written.inclusive {
                ast::RangeEnd::Included => UpperEnd::Included,
                ast::RangeEnd::Excluded => UpperEnd::Excluded,
            },
        };
        if range.is_empty() {
            let source = self.texts.of_file(written.span.file);
            let shown = source.get(written.span.range()).unwrap_or_default();
            self.diagnostics.push(
                Diagnostic::new(Code::E0124, format!("the range `{shown}` holds no number"))
                    .primary(written.span, "empty range")
                    .help(match range.upper_end {
                        UpperEnd::Included => "write the smaller end first (`1..=60`)",
                        UpperEnd::Excluded => {
                            "write the smaller end first; `..` leaves out the upper end, so `1..1` is empty (`1..=1` holds 1)"
                        }
                    }),
            );
        }
        range
    }

    /// One end of a range, exactly; `None` (and E0125) for a number too long to hold.
    fn range_bound(&mut self, number: &ast::Number) -> Option<Decimal> {
        let text = number.text(self.texts.of_file(number.span.file));
        match Decimal::parse(text) {
            Ok(value) => Some(value),
            Err(_) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0125,
                        format!(
                            "the number `{text}` has more than {} digits",
                            Decimal::MAX_DIGITS
                        ),
                    )
                    .primary(number.span, "too many digits")
                    .help(format!(
                        "a range's ends hold at most {} significant digits",
                        Decimal::MAX_DIGITS
                    )),
                );
                None
            }
        }
    }

    /// A `duration` slot's units, in the order written; none written means minutes. Every
    /// argument must be a unit, and written once (E0126 for an empty or repeated list).
    fn duration_units(
        &mut self,
        type_span: Span,
        arguments: &[ast::TypeArgument],
    ) -> Vec<DurationUnit> {
        let mut units: Vec<DurationUnit> = Vec::new();
        for argument in arguments {
            let found = match argument {
                ast::TypeArgument::Name(unit_name) => DurationUnit::ALL
                    .into_iter()
                    .find(|u| u.keyword() == self.texts.name(unit_name)),
                _ => None,
            };
            match found {
                Some(found) if !units.contains(&found) => units.push(found),
                Some(found) => self.diagnostics.push(
                    Diagnostic::new(
                        Code::E0126,
                        format!("the unit `{}` is listed twice", found.keyword()),
                    )
                    .primary(argument_span(argument), "listed again here")
                    .help("list each unit once"),
                ),
                None => self.bad_argument(
                    argument_span(argument),
                    "duration",
                    "takes units: `second`, `minute`, `hour` or `day`",
                ),
            }
        }
        if units.is_empty() {
            let written = self.texts.of_file(type_span.file);
            let written = written.get(type_span.range()).unwrap_or_default();
            if arguments.is_empty() && written.ends_with(')') {
                self.diagnostics.push(
                    Diagnostic::new(Code::E0126, "the duration lists no unit")
                        .primary(type_span, "`()` with no unit")
                        .help("list its units, such as `duration(minute, hour)`, or write `duration` for minutes"),
                );
            }
            units.push(DurationUnit::Minute);
        }
        units
    }

    /// The units of `unit "小时" | "工作日"`, said with the value; none for a single unit, which
    /// the phrase writes. A unit listed twice, or an empty one, is E0111.
    fn said_units(&mut self, units: &[ast::Str]) -> Vec<String> {
        if units.len() < 2 {
            return Vec::new();
        }
        let mut said: Vec<String> = Vec::with_capacity(units.len());
        // Seen units, so that a long list is checked in n log n.
        let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for unit in units {
            let text = self.texts.str(unit).trim().to_owned();
            if text.is_empty() || !seen.insert(text.clone()) {
                let what = match text.is_empty() {
                    true => "has an empty unit in its list".to_owned(),
                    false => format!("lists the unit `{text}` twice"),
                };
                self.bad_argument(unit.span, "number", &what);
                continue;
            }
            said.push(text);
        }
        said
    }

    fn reject_unit(&mut self, unit: Option<&ast::Str>, type_name: &str) {
        if let Some(unit) = unit {
            self.bad_argument(
                unit.span,
                type_name,
                "has no unit (only `number` slots take `unit`)",
            );
        }
    }

    fn bad_argument(&mut self, span: Span, type_name: &str, what: &str) {
        self.diagnostics.push(
            Diagnostic::new(Code::E0111, format!("the slot type `{type_name}` {what}"))
                .primary(span, "not accepted here")
                .help("remove it, or choose a type that takes it"),
        );
    }
}

fn argument_span(argument: &ast::TypeArgument) -> Span {
    match argument {
        ast::TypeArgument::Range(range) => range.span,
        ast::TypeArgument::Name(name) => name.span,
        ast::TypeArgument::Number(number) => number.span,
    }
}
