//! The discrete action space (SIMULATOR.md §3): local, or the cloud with a subset of views.

use serde::{Deserialize, Serialize};
use std::ops::AddAssign;

/// Largest supported number of camera views `X` (so at most 1 + 2^10 = 1 025 actions).
pub const MAX_VIEWS: usize = 10;

/// One action of an [`ActionSpace`]: 0 answers locally, `1 + i` calls the cloud with subset `i`.
///
/// Obtain one from [`ActionSpace::action`]; an `Action` is only meaningful for the space
/// (the simulator) that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Action(u16);

impl Action {
    /// Answer with the local LLM (action 0), valid in every space.
    pub const LOCAL: Action = Action(0);

    /// The action's id, `0 .. 1 + 2^X`.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// Where an action is answered and which views it uploads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Destination {
    /// The on-device LLM; nothing is uploaded.
    Local,
    /// The cloud LLM with this set of views (bit `m` set: view `m` uploaded).
    Cloud(ViewSet),
}

/// A set of camera views as a bit mask (bit `m` = view `m`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct ViewSet(u16);

impl ViewSet {
    /// Whether view `m` is in the set.
    pub fn contains(self, m: usize) -> bool {
        m < 16 && self.0 & (1 << m) != 0
    }

    /// Number of views in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether no view is uploaded (text-only).
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The views in increasing order.
    pub fn views(self) -> impl Iterator<Item = usize> {
        (0..16).filter(move |&m| self.contains(m))
    }

    fn from_views(views: &[usize]) -> ViewSet {
        ViewSet(views.iter().fold(0u16, |acc, &m| acc | (1 << m)))
    }
}

/// Per-action values grouped by destination: local, and cloud by number of views.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionGroups<T> {
    /// The local action's value.
    pub local: T,
    /// Sum over cloud actions uploading `j` views, `j = 0 ..= X`.
    pub cloud_by_views: Vec<T>,
}

/// The `1 + 2^X` actions for `X` views, subsets ordered by size, then lexicographically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionSpace {
    num_views: usize,
    subsets: Vec<ViewSet>,
}

impl ActionSpace {
    /// The action space for `num_views` views, or `None` unless `1 ≤ num_views ≤ MAX_VIEWS`.
    pub fn new(num_views: usize) -> Option<ActionSpace> {
        if !(1..=MAX_VIEWS).contains(&num_views) {
            return None;
        }
        let mut subsets = Vec::with_capacity(1 << num_views);
        for size in 0..=num_views {
            push_combinations(num_views, size, &mut Vec::new(), 0, &mut subsets);
        }
        Some(ActionSpace { num_views, subsets })
    }

    /// Number of views `X`.
    pub fn num_views(&self) -> usize {
        self.num_views
    }

    /// Number of actions, `1 + 2^X`.
    pub fn len(&self) -> usize {
        1 + self.subsets.len()
    }

    /// Always false: there is at least the local action.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The action with this id, or `None` when out of range.
    pub fn action(&self, index: usize) -> Option<Action> {
        (index < self.len()).then_some(Action(index as u16))
    }

    /// Every action in id order.
    pub fn iter(&self) -> impl Iterator<Item = Action> + use<> {
        (0..self.len() as u16).map(Action)
    }

    /// Where the action is answered and what it uploads.
    pub fn destination(&self, action: Action) -> Destination {
        match action.index() {
            0 => Destination::Local,
            i => Destination::Cloud(self.subsets[i - 1]),
        }
    }

    /// The cloud action uploading exactly `views`, if that set is valid here.
    pub fn cloud_with(&self, views: &[usize]) -> Option<Action> {
        if views.iter().any(|&m| m >= self.num_views) {
            return None;
        }
        let set = ViewSet::from_views(views);
        let i = self.subsets.iter().position(|&s| s == set)?;
        self.action(i + 1)
    }

    /// Index into the "where" cost vectors (§4): 0 local, else `1 + number of views`.
    pub fn cost_slot(&self, action: Action) -> usize {
        match self.destination(action) {
            Destination::Local => 0,
            Destination::Cloud(views) => 1 + views.len(),
        }
    }

    /// Sums per-action values (e.g. counts) as the paper groups them: local, and cloud by
    /// number of uploaded views `0 ..= X`.
    pub fn group_by_views<T: Copy + Default + AddAssign>(
        &self,
        per_action: &[T],
    ) -> ActionGroups<T> {
        let mut groups = ActionGroups {
            local: T::default(),
            cloud_by_views: vec![T::default(); self.num_views + 1],
        };
        for (a, &v) in self.iter().zip(per_action) {
            match self.destination(a) {
                Destination::Local => groups.local += v,
                Destination::Cloud(views) => groups.cloud_by_views[views.len()] += v,
            }
        }
        groups
    }

    /// Writes the action vector `[is_cloud, m_0 … m_{X-1}]` (length `X + 1`).
    pub fn write_vector<T: From<i8>>(&self, action: Action, out: &mut [T]) {
        let (cloud, views) = match self.destination(action) {
            Destination::Local => (0, ViewSet::default()),
            Destination::Cloud(views) => (1, views),
        };
        out[0] = T::from(cloud);
        for (m, slot) in out[1..=self.num_views].iter_mut().enumerate() {
            *slot = T::from(i8::from(views.contains(m)));
        }
    }
}

fn push_combinations(
    n: usize,
    size: usize,
    prefix: &mut Vec<usize>,
    start: usize,
    out: &mut Vec<ViewSet>,
) {
    if prefix.len() == size {
        out.push(ViewSet::from_views(prefix));
        return;
    }
    for m in start..n {
        prefix.push(m);
        push_combinations(n, size, prefix, m + 1, out);
        prefix.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_views_follow_the_paper_order() {
        let space = ActionSpace::new(3).unwrap();
        assert_eq!(space.len(), 9);
        let sets: Vec<Vec<usize>> = (1..9)
            .map(|i| match space.destination(space.action(i).unwrap()) {
                Destination::Cloud(v) => v.views().collect(),
                Destination::Local => panic!("cloud expected"),
            })
            .collect();
        let expected: Vec<Vec<usize>> = vec![
            vec![],
            vec![0],
            vec![1],
            vec![2],
            vec![0, 1],
            vec![0, 2],
            vec![1, 2],
            vec![0, 1, 2],
        ];
        assert_eq!(sets, expected);
        let mut v = [0i16; 4];
        space.write_vector(space.action(6).unwrap(), &mut v);
        assert_eq!(v, [1, 1, 0, 1]);
        assert_eq!(space.cost_slot(space.action(6).unwrap()), 3);
        assert_eq!(space.cost_slot(Action::LOCAL), 0);
        assert_eq!(space.cloud_with(&[1, 2]), space.action(7));
        let groups = space.group_by_views(&[5u64, 1, 2, 3, 4, 10, 20, 30, 7]);
        assert_eq!(groups.local, 5);
        assert_eq!(groups.cloud_by_views, vec![1, 9, 60, 7]);
    }

    #[test]
    fn sizes_for_every_supported_x() {
        for x in 1..=MAX_VIEWS {
            let space = ActionSpace::new(x).unwrap();
            assert_eq!(space.len(), 1 + (1 << x));
            assert!(space.action(space.len()).is_none());
        }
        assert!(ActionSpace::new(0).is_none());
        assert!(ActionSpace::new(MAX_VIEWS + 1).is_none());
    }

    #[test]
    fn ten_views_give_1025_actions_with_every_view_addressable() {
        let space = ActionSpace::new(10).unwrap();
        assert_eq!(space.len(), 1025);
        let last = space.action(1024).unwrap();
        assert_eq!(last.index(), 1024);
        match space.destination(last) {
            Destination::Cloud(set) => {
                assert_eq!(set.len(), 10);
                assert_eq!(set.views().collect::<Vec<_>>(), (0..10).collect::<Vec<_>>());
            }
            Destination::Local => panic!("action 1024 is a cloud action"),
        }
        assert_eq!(space.cloud_with(&[9]).map(|a| a.index()), Some(11));
        assert_eq!(space.iter().count(), 1025);
        assert_eq!(space.cloud_with(&[10]), None);
    }
}
