//! The `json` format: the findings' records (each source's typed struct) as one
//! pretty-printed JSON value ending in a newline, serialised one record at a time.

use std::cell::RefCell;
use std::io::Write;

use serde::Serialize;
use serde::ser::SerializeMap;

use super::Finding;

/// The document around the records: a bare array, or an object with the array under `key`
/// after empty arrays under the keys `empty` (the diff's `{"entries": […]}`, and its
/// `{"entries": [], "errors": […]}` when it could not compare).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Array,
    Object {
        empty: &'static [&'static str],
        key: &'static str,
    },
}

/// Writes the records of `findings` as one JSON document of `shape`.
pub fn write<'a, R: Serialize>(
    out: &mut dyn Write,
    findings: impl IntoIterator<Item = Finding<'a, R>>,
    shape: Shape,
) -> std::io::Result<()> {
    let records = Records(RefCell::new(Some(findings.into_iter())));
    match shape {
        Shape::Array => serde_json::to_writer_pretty(&mut *out, &records)?,
        Shape::Object { empty, key } => {
            let object = Object {
                empty,
                key,
                records,
            };
            serde_json::to_writer_pretty(&mut *out, &object)?
        }
    }
    out.write_all(b"\n")
}

/// Serialises as the array of records, taken from the iterator as they are written.
struct Records<I>(RefCell<Option<I>>);

impl<'a, R: Serialize, I: Iterator<Item = Finding<'a, R>>> Serialize for Records<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let findings = self.0.borrow_mut().take();
        serializer.collect_seq(findings.into_iter().flatten().map(|finding| finding.record))
    }
}

struct Object<I> {
    empty: &'static [&'static str],
    key: &'static str,
    records: Records<I>,
}

impl<'a, R: Serialize, I: Iterator<Item = Finding<'a, R>>> Serialize for Object<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.empty.len() + 1))?;
        for key in self.empty {
            map.serialize_entry(key, &[(); 0])?;
        }
        map.serialize_entry(self.key, &self.records)?;
        map.end()
    }
}
