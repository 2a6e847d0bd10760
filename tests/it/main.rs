//! The integration tests, in one binary (one link, one run): one module per topic, shared code
//! in `support/`. Slow tests skip themselves when `PHRASEC_SKIP_SLOW=1` (CONTRIBUTING.md).

mod support;

mod bad_input;
mod bench_corpus;
mod big_facts;
mod bounded_cost;
mod cases;
mod check_corpus;
mod cli;
mod codegen_differential;
mod codegen_scale;
mod conditions_travel;
mod config;
mod coverage_properties;
mod descent_differential;
mod diff;
mod diff_complete;
mod diff_properties;
mod docs_examples;
mod explanations;
mod fidelity;
mod files_and_streams;
mod fixes;
mod fmt_line_ends;
mod fmt_meaning;
mod fmt_properties;
mod fmt_snapshots;
mod fuzz;
mod json_output;
mod lsp;
mod module_graph;
mod numbers;
mod output_formats;
mod output_pipeline;
mod parallel_parse;
mod properties;
mod render_slots;
mod ui;
mod watch;
