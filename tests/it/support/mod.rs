//! Code shared by the integration tests: generated corpora, proptest strategies, the fuzz
//! targets' checks, the parser differential and Markdown reading.

pub mod adversarial;
pub mod check_corpus;
pub mod corners;
pub mod corpus;
pub mod differential;
pub mod fuzz;
pub mod generators;
pub mod lcg;
pub mod markdown;
pub mod rules;
pub mod situations;
pub mod slot_values;
pub mod slow;
