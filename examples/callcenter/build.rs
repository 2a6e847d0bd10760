//! Compiles the bundled rule set into `$OUT_DIR/phrases.rs` with phrasec's build-script API.

fn main() -> Result<(), phrasec::builder::BuildError> {
    phrasec::builder::Builder::new()
        .input("../../rules")
        .compile()?;
    Ok(())
}
