//! "Did you mean" suggestions by edit distance over Unicode characters.

/// The candidate closest to `wanted`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted_len = wanted.chars().count();
    let limit = (wanted_len / 3).max(1);
    candidates
        .map(|candidate| (edit_distance(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Edit distance in characters: insertions, deletions, substitutions and swaps of two
/// neighbouring characters (`casue` → `cause`) each count one.
pub fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().collect();
    let right: Vec<char> = right.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for left_idx in 1..=left.len() {
        let mut row = vec![left_idx; right.len() + 1];
        for right_idx in 1..=right.len() {
            let cost = usize::from(left[left_idx - 1] != right[right_idx - 1]);
            row[right_idx] = (previous[right_idx - 1] + cost)
                .min(row[right_idx - 1] + 1)
                .min(previous[right_idx] + 1);
            if left_idx > 1
                && right_idx > 1
                && left[left_idx - 1] == right[right_idx - 2]
                && left[left_idx - 2] == right[right_idx - 1]
            {
                row[right_idx] = row[right_idx].min(before[right_idx - 2] + 1);
            }
        }
        before = std::mem::replace(&mut previous, row);
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_characters() {
        assert_eq!(edit_distance("故障", "故障原因"), 2);
        assert_eq!(edit_distance("minutes", "minute"), 1);
        assert_eq!(edit_distance("casue", "cause"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggests_only_close_names() {
        let names = ["minutes", "phone", "company"];
        assert_eq!(did_you_mean("minute", names.into_iter()), Some("minutes"));
        assert_eq!(did_you_mean("xyz", names.into_iter()), None);
    }
}
