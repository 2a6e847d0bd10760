//! Emitters: turn the checked model into output formats. They see only the model (and the
//! source map, for printable locations), never the syntax tree.

pub mod json;
pub mod rust;
pub mod rust_names;
