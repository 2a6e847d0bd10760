//! The source text of the article table's list types and record decoders, copied into every
//! generated file after the records (`table.rs` writes both and keeps their layouts in step).

/// Types and decoders of the article table, the same in every generated file. The record
/// layouts are those `table.rs`'s builder writes.
pub(super) const TABLE_TYPES: &str = r#"/// Defines a list type of the article table: entries `start..start + len` of one kind of
/// packed record, decoded on access. Iterate it (`for item in list`), index it with `get`,
/// compare it (by entries), print it with `{:?}`.
macro_rules! packed_list {
    ($(#[$doc:meta])* $name:ident, $iter:ident, $item:ty, $decode:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub struct $name {
            start: u32,
            len: u32,
        }

        impl $name {
            /// The number of entries.
            #[must_use]
            pub const fn len(self) -> usize {
                self.len as usize
            }

            /// Whether there is no entry.
            #[must_use]
            pub const fn is_empty(self) -> bool {
                self.len == 0
            }

            /// The entry at `index`, or `None` past the end.
            #[must_use]
            pub fn get(self, index: usize) -> Option<$item> {
                if index < self.len() {
                    Some($decode(self.start as usize + index))
                } else {
                    None
                }
            }

            /// The first entry: the canonical one of options and of branches.
            #[must_use]
            pub fn first(self) -> Option<$item> {
                self.get(0)
            }

            /// The entries, in order.
            #[must_use]
            pub fn iter(self) -> $iter {
                $iter { list: self, front: 0, back: self.len }
            }

            /// Whether an entry equals `item`.
            #[must_use]
            pub fn contains(self, item: &$item) -> bool {
                self.iter().any(|entry| entry == *item)
            }
        }

        #[doc = concat!("The entries of a [`", stringify!($name), "`], in order.")]
        #[derive(Clone, Debug)]
        pub struct $iter {
            list: $name,
            front: u32,
            back: u32,
        }

        impl Iterator for $iter {
            type Item = $item;

            fn next(&mut self) -> Option<$item> {
                if self.front < self.back {
                    let item = self.list.get(self.front as usize);
                    self.front += 1;
                    item
                } else {
                    None
                }
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                let remaining = (self.back - self.front) as usize;
                (remaining, Some(remaining))
            }
        }

        impl DoubleEndedIterator for $iter {
            fn next_back(&mut self) -> Option<$item> {
                if self.front < self.back {
                    self.back -= 1;
                    self.list.get(self.back as usize)
                } else {
                    None
                }
            }
        }

        impl ExactSizeIterator for $iter {}

        impl ::core::iter::FusedIterator for $iter {}

        impl IntoIterator for $name {
            type Item = $item;
            type IntoIter = $iter;
            fn into_iter(self) -> $iter {
                self.iter()
            }
        }

        impl IntoIterator for &$name {
            type Item = $item;
            type IntoIter = $iter;
            fn into_iter(self) -> $iter {
                self.iter()
            }
        }

        impl ::core::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_list().entries(self.iter()).finish()
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.iter().eq(other.iter())
            }
        }

        impl Eq for $name {}
    };
}

packed_list!(
    /// Articles of the table.
    Articles, ArticlesIter, ArticleInfo, article_at
);
packed_list!(
    /// The items of an article's body.
    Body, BodyIter, BodyItem, body_item_at
);
packed_list!(
    /// The options of a body item: what may be said or done.
    Options, OptionsIter, Utterance, utterance_at
);
packed_list!(
    /// The pieces of a template or of a branch.
    Pieces, PiecesIter, Piece, piece_at
);
packed_list!(
    /// The branches of a free variation.
    Branches, BranchesIter, Pieces, branch_at
);
packed_list!(
    /// The texts of a `Select`, one per value of the enum slot (or, for a `SegmentSelect`, per
    /// segment: empty for a segment the phrase is never said to).
    Choices, ChoicesIter, &'static str, choice_at
);

/// A piece of a phrase template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text spoken as written.
    Text(&'static str),
    /// A slot's value.
    Slot { name: &'static str, label: &'static str },
    /// A constant's value.
    Constant { name: &'static str, value: &'static str },
    /// The text for the enum slot's value (`choices.get(i)` for its i-th value).
    Select { slot: &'static str, choices: Choices },
    /// Free variation: any branch may be said; the first is canonical.
    Alternatives(Branches),
    /// The text for the customer's segment (`choices.get(segment as usize)`).
    SegmentSelect(Choices),
}

impl Piece {
    /// For free variation, the canonical (first) branch.
    #[must_use]
    pub fn canonical(&self) -> Option<Pieces> {
        match self {
            Piece::Alternatives(branches) => branches.first(),
            _ => None,
        }
    }
}

/// One option of what to say or do; the first option of a list is canonical.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Utterance {
    /// A phrase.
    Say(Say),
    /// A non-verbal action.
    Act(Act),
}

/// A phrase of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Say {
    pub pieces: Pieces,
    /// Whether staff must (应使用) or may (可使用) use it.
    pub modal: Modal,
    /// Its language tag; `None` for Chinese.
    pub language: Option<&'static str>,
}

/// A non-verbal action, with what the rule gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Act {
    pub action: Action,
    /// The slot or constant it takes (`act transfer_to {department}`): a `Piece::Slot` or a
    /// `Piece::Constant`.
    pub argument: Option<Piece>,
    /// A note to staff (`note "出示工作证"`).
    pub note: Option<&'static str>,
    /// The condition to go on after it, as written (`until "客户情绪平复后"`).
    pub until: Option<&'static str>,
}

/// An item of an article's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyItem {
    /// Guidance without a phrase.
    Guidance(&'static str),
    /// Things to say or do.
    Phrase(Options),
    /// One of several sub-cases; `condition` is when it applies, as the rules write it.
    Case { label: Option<&'static str>, condition: &'static str, options: Options },
    /// One of several ordered steps; a step with a `condition` (as the rules write it) is
    /// said only when it holds.
    Step { label: Option<&'static str>, condition: Option<&'static str>, options: Options },
}

/// A slot as declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SlotInfo {
    pub name: &'static str,
    pub label: &'static str,
    /// `text`, `number`, `duration`, `phone`, `person`, `org`, `time` or `enum`.
    pub kind: &'static str,
    pub notes: &'static [&'static str],
    pub examples: &'static [&'static str],
}

/// An article of the specification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArticleInfo {
    pub number: u32,
    /// The situation.
    pub title: &'static str,
    pub chapter: Option<u32>,
    pub section: Option<u32>,
    /// The segments the article applies to.
    pub segments: &'static [Segment],
    pub decision: Option<&'static str>,
    /// Why the article is incomplete, when it is.
    pub incomplete: Option<&'static str>,
    pub body: Body,
    /// When the article applies, as the rules write it (`cause = ours and stage != resolved`);
    /// `None` when its condition is only its section's segment, or nothing.
    pub condition: Option<&'static str>,
}

/// Record `index` of `records`, `WIDTH` little-endian words long (zeros past the end, which
/// the generator never refers to).
fn record<const WIDTH: usize>(records: &[u8], index: usize) -> [u32; WIDTH] {
    let mut words = [0; WIDTH];
    let start = index * WIDTH * 4;
    if let Some(bytes) = records.get(start..start + WIDTH * 4) {
        for (word, chunk) in words.iter_mut().zip(bytes.chunks_exact(4)) {
            *word = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
    }
    words
}

/// Bytes `start..start + len` of the table's text.
fn text(start: u32, len: u32) -> &'static str {
    let start = start as usize;
    TABLE_TEXT.get(start..start + len as usize).unwrap_or("")
}

/// A text, or `None` when `start` is `u32::MAX`.
fn optional_text(start: u32, len: u32) -> Option<&'static str> {
    if start == u32::MAX { None } else { Some(text(start, len)) }
}

/// A number, or `None` when `present` is 0.
fn optional_number(present: u32, number: u32) -> Option<u32> {
    if present == 0 { None } else { Some(number) }
}

fn article_at(index: usize) -> ArticleInfo {
    let [
        number,
        title,
        title_len,
        has_chapter,
        chapter,
        has_section,
        section,
        segments,
        decision,
        decision_len,
        incomplete,
        incomplete_len,
        body,
        body_len,
        condition,
        condition_len,
    ] = record::<ARTICLE_WIDTH>(ARTICLE_RECORDS, index);
    ArticleInfo {
        number,
        title: text(title, title_len),
        chapter: optional_number(has_chapter, chapter),
        section: optional_number(has_section, section),
        segments: SEGMENT_LISTS.get(segments as usize).copied().unwrap_or(&[]),
        decision: optional_text(decision, decision_len),
        incomplete: optional_text(incomplete, incomplete_len),
        body: Body { start: body, len: body_len },
        condition: optional_text(condition, condition_len),
    }
}

fn body_item_at(index: usize) -> BodyItem {
    let [kind, label, label_len, options, options_len, condition, condition_len] =
        record::<BODY_ITEM_WIDTH>(BODY_ITEM_RECORDS, index);
    let options = Options { start: options, len: options_len };
    let label = optional_text(label, label_len);
    let condition = optional_text(condition, condition_len);
    match kind {
        BODY_GUIDANCE => BodyItem::Guidance(label.unwrap_or("")),
        BODY_CASE => BodyItem::Case { label, condition: condition.unwrap_or(""), options },
        BODY_STEP => BodyItem::Step { label, condition, options },
        _ => BodyItem::Phrase(options),
    }
}

fn utterance_at(index: usize) -> Utterance {
    let [kind, first, second, modal, language, language_len] =
        record::<UTTERANCE_WIDTH>(UTTERANCE_RECORDS, index);
    match (kind, act_at(first as usize)) {
        (UTTERANCE_ACT, Some(act)) => Utterance::Act(act),
        _ => Utterance::Say(Say {
            pieces: Pieces { start: first, len: second },
            modal: if modal == 1 { Modal::May } else { Modal::Must },
            language: optional_text(language, language_len),
        }),
    }
}

fn act_at(index: usize) -> Option<Act> {
    let [action, argument, note, note_len, until, until_len] = record::<ACT_WIDTH>(ACT_RECORDS, index);
    Some(Act {
        action: *Action::ALL.get(action as usize)?,
        argument: if argument == u32::MAX { None } else { Some(piece_at(argument as usize)) },
        note: optional_text(note, note_len),
        until: optional_text(until, until_len),
    })
}

fn piece_at(index: usize) -> Piece {
    let [kind, first, first_len, second, second_len] = record::<PIECE_WIDTH>(PIECE_RECORDS, index);
    match kind {
        PIECE_SLOT => Piece::Slot { name: text(first, first_len), label: text(second, second_len) },
        PIECE_CONSTANT => Piece::Constant { name: text(first, first_len), value: text(second, second_len) },
        PIECE_SELECT => Piece::Select {
            slot: text(first, first_len),
            choices: Choices { start: second, len: second_len },
        },
        PIECE_ALTERNATIVES => Piece::Alternatives(Branches { start: second, len: second_len }),
        PIECE_SEGMENT_SELECT => Piece::SegmentSelect(Choices { start: second, len: second_len }),
        _ => Piece::Text(text(first, first_len)),
    }
}

fn branch_at(index: usize) -> Pieces {
    let [start, len] = record::<BRANCH_WIDTH>(BRANCH_RECORDS, index);
    Pieces { start, len }
}

fn choice_at(index: usize) -> &'static str {
    let [start, len] = record::<CHOICE_WIDTH>(CHOICE_RECORDS, index);
    text(start, len)
}"#;
