//! Deployment constants: values supplied for `const company "公司名称"` (declared without a
//! value) from `phrasec.toml`, `--const NAME=VALUE` or the build-script API, and the check
//! that `build` has every value it needs.

use super::model::{ConstantSource, Model};
use super::suggest::did_you_mean;
use crate::diagnostics::{Code, Diagnostic};

/// Gives the deployment constants named in `values` their values. A name that is no
/// constant, or a constant whose value is written in the rules, is E0129; a later value for
/// the same constant replaces an earlier one (the command line after `phrasec.toml`).
pub fn supply_constants(model: &mut Model, values: &[(String, String)]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, value) in values {
        let Some(constant) = model.constants.iter_mut().find(|c| c.name == *name) else {
            let names: Vec<&str> = model
                .constants
                .iter()
                .filter(|c| c.source != ConstantSource::Written)
                .map(|c| c.name.as_str())
                .collect();
            let help = match (names.is_empty(), did_you_mean(name, names.iter().copied())) {
                (true, _) => "the rule set supplies no constant at deployment: declare one without a value, `const company \"公司名称\"`".to_owned(),
                (false, Some(best)) => format!("did you mean `{best}`?"),
                (false, None) => format!("the constants supplied at deployment are `{}`", names.join("`, `")),
            };
            problems.push(
                Diagnostic::new(Code::E0129, format!("there is no constant `{name}`")).help(help),
            );
            continue;
        };
        if constant.source == ConstantSource::Written {
            problems.push(
                Diagnostic::new(
                    Code::E0129,
                    format!("the constant `{name}` has its value in the rules"),
                )
                .primary(constant.span, "its value is written here")
                .help(format!(
                    "to supply it at deployment, declare it without a value: `const {name} \"{}\"`",
                    constant.label
                )),
            );
            continue;
        }
        constant.value = value.clone();
        constant.source = ConstantSource::Supplied;
    }
    problems
}

/// E0128 for each deployment constant still without a value: generated code would say its
/// placeholder.
pub fn awaited_constants(model: &Model) -> Vec<Diagnostic> {
    model
        .constants
        .iter()
        .filter(|c| c.source == ConstantSource::Awaited)
        .map(|constant| {
            Diagnostic::new(
                Code::E0128,
                format!(
                    "the constant `{}` ({}) is supplied at deployment, and no value was given",
                    constant.name, constant.label
                ),
            )
            .primary(constant.span, "declared without a value")
            .help(format!(
                "give it with `--const {name}=…`, under `[constants]` in `phrasec.toml` (`{name} = \"…\"`), or with `Builder::constant` in a build script",
                name = constant.name
            ))
        })
        .collect()
}
