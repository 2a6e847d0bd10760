//! A call-center program's use of the standard phrases in `rules/`: `build.rs` compiles the
//! rules with `phrasec::builder::Builder` into typed Rust, included here as [`phrases`].
//!
//! Every phrase is a struct with one field per slot, so a phrase cannot be rendered with a
//! slot missing or of the wrong type; every decision has a `select` that picks the article
//! by the checker's precedence, and matching on its rule enum is exhaustive, so a new article
//! in the rules does not compile until the program says what to fill in.

#![deny(warnings)]

pub mod phrases {
    include!(concat!(env!("OUT_DIR"), "/phrases.rs"));
}

use core::fmt;

use phrases::TimeOfDay;
use phrases::articles;
use phrases::decisions::{AsksCause, AsksCauseRule, SlowComplaint, SlowComplaintRule};

/// What staff know about a fault, for the phrases that explain its cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fault<'a> {
    /// 用户方问题, for article 44.
    pub customer_issue: &'a str,
    /// 检查方式, for article 44.
    pub check_steps: &'a str,
    /// 第三方问题, for articles 45 and 46.
    pub third_party_issue: &'a str,
    /// 第三方名称, for articles 45 and 46.
    pub third_party: &'a str,
}

/// Writes the answer to a customer who asks why their service does not work.
///
/// Returns the rule that was used, or `None` (and writes nothing) where no article covers the
/// situation or the situation is declared impossible.
///
/// # Errors
///
/// Only those of the writer.
pub fn answer_cause<W: fmt::Write + ?Sized>(
    situation: AsksCause,
    fault: &Fault<'_>,
    out: &mut W,
) -> Result<Option<AsksCauseRule>, fmt::Error> {
    let Some(rule) = situation.select() else {
        return Ok(None);
    };
    match rule {
        AsksCauseRule::Art40 => articles::Art40.render(out)?,
        AsksCauseRule::Art41 => articles::Art41.render(out)?,
        AsksCauseRule::Art42 => articles::Art42.render(out)?,
        AsksCauseRule::Art43 => articles::Art43.render(out)?,
        AsksCauseRule::Art44 => articles::Art44 {
            customer_issue: fault.customer_issue,
            check_steps: fault.check_steps,
        }
        .render(out)?,
        AsksCauseRule::Art45 => articles::Art45 {
            third_party_issue: fault.third_party_issue,
            third_party: fault.third_party,
        }
        .render(out)?,
        AsksCauseRule::Art46 => articles::Art46 {
            third_party_issue: fault.third_party_issue,
            third_party: fault.third_party,
        }
        .render(out)?,
        AsksCauseRule::Art57 => articles::Art57.render(out)?,
        AsksCauseRule::Art63 => articles::Art63.render(out)?,
    }
    Ok(Some(rule))
}

/// Writes the answer to a customer who complains that installation or repair takes too long.
///
/// # Errors
///
/// Only those of the writer.
pub fn answer_slow_complaint<W: fmt::Write + ?Sized>(
    situation: SlowComplaint,
    finish_time: TimeOfDay,
    out: &mut W,
) -> Result<Option<SlowComplaintRule>, fmt::Error> {
    let Some(rule) = situation.select() else {
        return Ok(None);
    };
    match rule {
        SlowComplaintRule::Art58C1 => articles::Art58P1 { finish_time }.render(out)?,
        SlowComplaintRule::Art58C2 => articles::Art58P2.render(out)?,
        SlowComplaintRule::Art64C1 => articles::Art64.render(out)?,
    }
    Ok(Some(rule))
}
