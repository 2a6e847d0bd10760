//! `check` output formats for CI: SARIF 2.1.0 validates against the official OASIS schema
//! (`tests/fixtures/sarif-schema-2.1.0.json`), GitHub annotations are escaped and use
//! repository-relative paths, and `--deny-warnings` turns warnings into a failing exit code.

use assert_cmd::Command;

fn phrasec() -> Command {
    let mut command = Command::cargo_bin("phrasec").expect("binary built");
    command.current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

fn sarif_of(args: &[&str]) -> serde_json::Value {
    let output = phrasec()
        .args(["check", "--output-format", "sarif"])
        .args(args)
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("SARIF is JSON")
}

fn sarif_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string("tests/fixtures/sarif-schema-2.1.0.json").expect("schema");
    // The official schema's pattern for `run.language` has a bare `]`, a literal in ECMA-262
    // that Rust's regex engines reject; escaping it keeps the meaning.
    let text = text.replace(r#"-[a-zA-Z]{2}]?$"#, r#"-[a-zA-Z]{2}\\]?$"#);
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn sarif_of_the_bundled_rules_is_valid() {
    let log = sarif_of(&["rules"]);
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert!(
        results.iter().any(|r| r["ruleId"] == "W0202"),
        "article 40 is shadowed"
    );
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    let uri = &results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert!(uri.as_str().expect("uri").starts_with("rules/"), "{uri}");
}

#[test]
fn sarif_of_errors_with_related_locations_is_valid() {
    let log = sarif_of(&["tests/fixtures/sarif-errors.phr"]);
    let validator = sarif_validator();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let duplicate = results
        .iter()
        .find(|r| r["ruleId"] == "E0101")
        .expect("duplicate reported");
    assert_eq!(duplicate["level"], "error");
    assert!(
        duplicate["relatedLocations"]
            .as_array()
            .is_some_and(|l| !l.is_empty())
    );
}

#[test]
fn a_broken_sarif_log_fails_the_schema() {
    let mut log = sarif_of(&["rules"]);
    log["version"] = serde_json::Value::from("2.0.0");
    assert!(!sarif_validator().is_valid(&log));
}

#[test]
fn github_annotations_are_escaped_and_repository_relative() {
    let output = phrasec()
        .args(["check", "--output-format", "github", "rules"])
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 3, "{text}");
    for line in &lines {
        assert!(line.starts_with("::warning file=rules/"), "{line}");
        let (_, message) = line
            .split_once("::")
            .and_then(|(_, rest)| rest.split_once("::"))
            .expect("command");
        assert!(!message.contains('\n'));
    }
    assert!(text.contains("title=W0002 incomplete-article::article 64 is marked incomplete"));
    assert!(
        text.contains("%0Ahelp: "),
        "multi-line messages are escaped"
    );

    // Run from a subdirectory: paths stay relative to the repository root.
    let output = phrasec()
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules"))
        .args(["check", "--output-format", "github", "."])
        .output()
        .expect("runs");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        text.lines().all(|line| line.contains("file=rules/")),
        "{text}"
    );
}

#[test]
fn deny_warnings_fails_on_warnings() {
    phrasec().args(["check", "rules"]).assert().code(0);
    phrasec()
        .args([
            "check",
            "rules",
            "--deny-warnings",
            "--output-format",
            "concise",
        ])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("error[W0002]"));
}

/// Issue 16: a warning silenced by `# phrasec: allow(…) reason` (article 40 of the bundled
/// rules) is not dropped: JSON and SARIF list it as suppressed with the reason as its
/// justification, the readable formats leave it out and count it.
#[test]
fn suppressed_warnings_are_listed_as_suppressed_in_json_and_sarif() {
    let run = |format: &str| {
        let output = phrasec()
            .args(["check", "rules", "--output-format", format])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let reason = "第40条被第57、63条取代，保留以对照原文";
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).expect("json");
    assert!(sarif_validator().is_valid(&sarif));
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    let suppressed: Vec<&serde_json::Value> = results
        .iter()
        .filter(|result| result.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1, "{results:#?}");
    assert_eq!(suppressed[0]["ruleId"], "W0202");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(suppressed[0]["suppressions"][0]["justification"], reason);
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("json");
    let listed: Vec<&serde_json::Value> = json
        .as_array()
        .expect("array")
        .iter()
        .filter(|d| d.get("suppressed").is_some())
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["code"], "W0202");
    assert_eq!(listed[0]["suppressed"]["justification"], reason);
    let concise = run("concise");
    assert!(!concise.contains("W0202"), "{concise}");
    let human = run("human");
    assert!(human.contains("(1 suppressed in the source)"), "{human}");
}
