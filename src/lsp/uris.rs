//! A document's `file://` URI to its path on disk and back, through the `url` crate
//! (percent-encoding; lsp-types' `Uri` has no such conversion).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::Uri;

/// The path of a `file:` URI; `None` for other schemes (an unsaved buffer).
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    url::Url::parse(uri.as_str()).ok()?.to_file_path().ok()
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let url = url::Url::from_file_path(path).ok()?;
    Uri::from_str(url.as_str()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_and_cjk_round_trip() {
        let path = Path::new("/tmp/规则 集/00 声明.phr");
        let uri = uri_of(path).unwrap();
        assert!(uri.as_str().starts_with("file:///tmp/"), "{}", uri.as_str());
        assert!(!uri.as_str().contains(' '));
        assert_eq!(path_of(&uri).unwrap(), path);
    }

    #[test]
    fn other_schemes_have_no_path() {
        let uri = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(path_of(&uri), None);
    }
}
