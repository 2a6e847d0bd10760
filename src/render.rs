//! Renders phrases as staff say them.
