//! Merging disjoint cubes that differ in one dimension, for shorter witnesses.

use super::*;

/// Merges cubes that differ in exactly one dimension, until none do. Keeps them disjoint.
///
/// In passes: each cube in turn absorbs, in order, every later cube it can be merged with
/// (the absorbed one's place taken by the last cube). The result depends on that order, so
/// longer lists find the next cube to absorb through an index instead of scanning, but absorb
/// exactly the same cubes.
pub fn merge_cubes(cubes: Vec<Cube>) -> Vec<Cube> {
    let same_length = cubes.windows(2).all(|pair| pair[0].len() == pair[1].len());
    let dims = cubes.first().map_or(0, Vec::len);
    if cubes.len() <= MERGE_SCAN_MAX || !same_length || dims == 0 {
        merge_by_scanning(cubes)
    } else {
        let n_cubes = cubes.len();
        merge_with_index(dims, n_cubes, cubes.into_iter().flatten().collect())
    }
}

/// [`merge_cubes`] of `n_cubes` cubes of `dims` dimensions given one after another.
pub(super) fn merge_flat(dims: usize, n_cubes: usize, masks: Vec<u64>) -> Vec<Cube> {
    if n_cubes <= MERGE_SCAN_MAX || dims == 0 {
        let cubes = match dims {
            0 => vec![Vec::new(); n_cubes],
            _ => masks.chunks(dims).map(<[u64]>::to_vec).collect(),
        };
        merge_by_scanning(cubes)
    } else {
        merge_with_index(dims, n_cubes, masks)
    }
}

/// Up to this many cubes, [`merge_cubes`] scans.
const MERGE_SCAN_MAX: usize = 48;

fn merge_by_scanning(mut cubes: Vec<Cube>) -> Vec<Cube> {
    loop {
        let mut merged_any = false;
        let mut idx = 0;
        while idx < cubes.len() {
            let mut other = idx + 1;
            while other < cubes.len() {
                if let Some(merged) = merge_pair(&cubes[idx], &cubes[other]) {
                    cubes[idx] = merged;
                    cubes.swap_remove(other);
                    merged_any = true;
                } else {
                    other += 1;
                }
            }
            idx += 1;
        }
        if !merged_any {
            cubes.sort();
            return cubes;
        }
    }
}

/// The merge of [`merge_cubes`] for `n_cubes` cubes of `dims` (at least one) dimensions given
/// one after another in `masks`.
fn merge_with_index(dims: usize, n_cubes: usize, masks: Vec<u64>) -> Vec<Cube> {
    let mut index = MergeIndex::new(dims, n_cubes, masks);
    // The list the scan works on holds ids (the cubes' places in `masks`, which do not
    // move); like the scan's list it loses absorbed cubes by `swap_remove`.
    let mut at: Vec<usize> = (0..n_cubes).collect();
    let mut merged_any = true;
    while merged_any {
        merged_any = false;
        let mut idx = 0;
        while idx < at.len() {
            // The scan would pass over every cube before `other` and absorb `other`.
            let mut from = idx + 1;
            while let Some((other, dim)) = index.first_mergeable(at[idx], from) {
                let absorbed = at.swap_remove(other);
                if let Some(&moved) = at.get(other) {
                    index.position[moved] = other;
                }
                index.absorb(at[idx], absorbed, dim);
                merged_any = true;
                from = other;
            }
            idx += 1;
        }
    }
    let mut merged: Vec<Cube> = at.iter().map(|&id| index.cube(id).to_vec()).collect();
    merged.sort();
    merged
}

/// For each dimension, the cubes grouped by a hash of their other dimensions: cubes that
/// differ only in that dimension share a group. Groups are found through a table indexed by
/// the hash's top bits, so different hashes, and different dimensions, can share a group:
/// every candidate is checked. A group is a circular doubly linked list through the nodes,
/// one node per cube and dimension, and one more node that stands for the group (so that a
/// cube leaves its group without a look-up); it holds exactly the cubes not yet absorbed,
/// under their current masks.
struct MergeIndex {
    dims: usize,
    /// The masks of every cube, by id, `dims` at a time.
    masks: Vec<u64>,
    /// Per id: [`MergeIndex::whole_of`] its masks.
    whole: Vec<u64>,
    /// Per id: its position in the list, or [`NO_ENTRY`] once absorbed.
    position: Vec<usize>,
    /// The top `64 - shift` bits of a group key → the group's own node, or [`NO_ENTRY`].
    table: Vec<usize>,
    shift: u32,
    /// Per node: the previous and next node of its group. Node `id * dims + dim` is cube
    /// `id`'s for `dim`; the groups' own nodes follow the cubes'.
    links: Vec<(usize, usize)>,
    /// The number of cube nodes.
    n_nodes: usize,
    /// Per cube node: its cube.
    owner: Vec<usize>,
}

const NO_ENTRY: usize = usize::MAX;

impl MergeIndex {
    /// Files `n_cubes` cubes of `dims` dimensions, given one after another in `masks`,
    /// under their ids, their positions.
    fn new(dims: usize, n_cubes: usize, masks: Vec<u64>) -> MergeIndex {
        // At least twice as many places as nodes, so that few groups share one.
        let bits = (2 * n_cubes * dims)
            .next_power_of_two()
            .trailing_zeros()
            .max(1);
        let mut index = MergeIndex {
            dims,
            whole: masks.chunks(dims).map(MergeIndex::whole_of).collect(),
            masks,
            position: (0..n_cubes).collect(),
            table: vec![NO_ENTRY; 1 << bits],
            shift: 64 - bits,
            links: vec![(NO_ENTRY, NO_ENTRY); n_cubes * dims],
            n_nodes: n_cubes * dims,
            owner: (0..n_cubes * dims).map(|node| node / dims).collect(),
        };
        for id in 0..n_cubes {
            for dim in 0..dims {
                index.file(id, dim);
            }
        }
        index
    }

    /// A hash of one dimension's mask.
    fn part(dim: usize, mask: u64) -> u64 {
        // splitmix64's finaliser.
        let mut hash = mask ^ (dim as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        hash = (hash ^ (hash >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        hash = (hash ^ (hash >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        hash ^ (hash >> 31)
    }

    /// The hash of every dimension of `cube`; without dimension `dim`, it is this less
    /// `part(dim, cube[dim])`.
    fn whole_of(cube: &[u64]) -> u64 {
        cube.iter().enumerate().fold(0u64, |hash, (dim, &mask)| {
            hash.wrapping_add(MergeIndex::part(dim, mask))
        })
    }

    fn mask(&self, id: usize, dim: usize) -> u64 {
        self.masks[id * self.dims + dim]
    }

    fn cube(&self, id: usize) -> &[u64] {
        &self.masks[id * self.dims..(id + 1) * self.dims]
    }

    /// The key of the group of `id` for `dim`.
    fn key(&self, id: usize, dim: usize) -> u64 {
        self.whole[id].wrapping_sub(MergeIndex::part(dim, self.mask(id, dim)))
    }

    /// Puts `id` into its group for `dim`, right after the group's own node.
    fn file(&mut self, id: usize, dim: usize) {
        let node = id * self.dims + dim;
        let place = usize::try_from(self.key(id, dim) >> self.shift).unwrap_or(0);
        let mut group = self.table[place];
        if group == NO_ENTRY {
            group = self.links.len();
            self.links.push((group, group));
            self.table[place] = group;
        }
        let next = self.links[group].1;
        self.links[group].1 = node;
        self.links[next].0 = node;
        self.links[node] = (group, next);
    }

    /// Takes `id` out of its group for `dim`.
    fn unfile(&mut self, id: usize, dim: usize) {
        let node = id * self.dims + dim;
        let (previous, next) = self.links[node];
        self.links[previous].1 = next;
        self.links[next].0 = previous;
    }

    /// `id` absorbs `absorbed`, with which it differs only in `dim`.
    fn absorb(&mut self, id: usize, absorbed: usize, dim: usize) {
        for d in 0..self.dims {
            self.unfile(absorbed, d);
        }
        self.position[absorbed] = NO_ENTRY;
        // The group for `dim` ignores `dim`: `id` stays in it.
        for d in (0..self.dims).filter(|&d| d != dim) {
            self.unfile(id, d);
        }
        let grown = self.mask(id, dim) | self.mask(absorbed, dim);
        let old = self.mask(id, dim);
        self.whole[id] = self.whole[id]
            .wrapping_sub(MergeIndex::part(dim, old))
            .wrapping_add(MergeIndex::part(dim, grown));
        self.masks[id * self.dims + dim] = grown;
        for d in (0..self.dims).filter(|&d| d != dim) {
            self.file(id, d);
        }
    }

    /// The first position from `from` on whose cube can be merged with the cube `id`, and
    /// the dimension in which they differ.
    fn first_mergeable(&self, id: usize, from: usize) -> Option<(usize, usize)> {
        let cube = self.cube(id);
        let mut first: Option<(usize, usize)> = None;
        for dim in 0..self.dims {
            // The group is the ring through `id`'s own node.
            let own = id * self.dims + dim;
            let mut node = self.links[own].1;
            while node != own {
                let here = node;
                node = self.links[node].1;
                if here >= self.n_nodes {
                    continue;
                }
                let other = self.owner[here];
                let position = self.position[other];
                if position < from || first.is_some_and(|(best, _)| best <= position) {
                    continue;
                }
                // Hashes can collide, so every candidate is checked.
                if let Some(differing) = differing_dimension(cube, self.cube(other)) {
                    first = Some((position, differing));
                }
            }
        }
        first
    }
}

/// The one dimension in which two cubes differ, if they differ in exactly one.
fn differing_dimension(left: &[u64], right: &[u64]) -> Option<usize> {
    let mut differing = None;
    for (dim, (a, b)) in left.iter().zip(right).enumerate() {
        if a != b {
            if differing.is_some() {
                return None;
            }
            differing = Some(dim);
        }
    }
    differing
}

fn merge_pair(left: &Cube, right: &Cube) -> Option<Cube> {
    let dim = differing_dimension(left, right)?;
    let mut merged = left.clone();
    merged[dim] |= right[dim];
    Some(merged)
}
