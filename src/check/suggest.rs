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

/// Levenshtein distance in characters.
pub fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut row: Vec<usize> = (0..=right.len()).collect();
    for (left_idx, left_char) in left.chars().enumerate() {
        let mut previous_diagonal = row[0];
        row[0] = left_idx + 1;
        for (right_idx, right_char) in right.iter().enumerate() {
            let substitution = previous_diagonal + usize::from(left_char != *right_char);
            previous_diagonal = row[right_idx + 1];
            row[right_idx + 1] = substitution
                .min(row[right_idx] + 1)
                .min(row[right_idx + 1] + 1);
        }
    }
    row[right.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_characters() {
        assert_eq!(edit_distance("故障", "故障原因"), 2);
        assert_eq!(edit_distance("minutes", "minute"), 1);
    }

    #[test]
    fn suggests_only_close_names() {
        let names = ["minutes", "phone", "company"];
        assert_eq!(did_you_mean("minute", names.into_iter()), Some("minutes"));
        assert_eq!(did_you_mean("xyz", names.into_iter()), None);
    }
}
