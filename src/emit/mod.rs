//! Emitters: see only the checked model.
