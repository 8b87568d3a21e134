//! The validity search: the classic PGP rule run over owner-trust edges, breadth first from the viewer.
//!
//! The viewer (or, for the network view, every root) is valid at depth 0. Going one depth further at a time,
//! the search reads the edges of every identity that became valid at the previous depth (an *introducer*) and
//! tallies, per target, how many full and marginal edges valid introducers gave it. A target becomes valid when
//! `fulls / completes_needed + marginals / marginals_needed >= 1` (PGP 2's weighted legitimacy: with the defaults
//! one full or three marginals), provided it is registered, carries no fraud mark and no root set "never" on it.
//! Targets valid at depth `max_depth` introduce nobody further. The search stops when the target is valid, when no
//! new identity became valid, or after reading the edges of `MaxVisited` introducers (the answer then says it is
//! incomplete).
//!
//! The amount is the same tally on OpenPGP's scale: a full edge is worth `120 / completes_needed`, a marginal one
//! `120 / marginals_needed`, the sum capped at 120, and exactly 120 when the target is valid.

use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use pallet_owner_trust_runtime_api::{TrustPath, ValidityReport};
use sigil_primitives::{KeyRing, NeverReason, TrustLevel, Validity, FULL_TRUST_AMOUNT};

use crate::{Config, FraudMarks, Outgoing, Pallet};

/// The rule's parameters.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
	/// How many fully trusted valid introducers make a target valid (`CompletesNeeded`).
	pub completes_needed: u32,
	/// How many marginally trusted valid introducers make a target valid (`MarginalsNeeded`).
	pub marginals_needed: u32,
	/// The longest chain of introductions from a root to a valid target (`MaxDepth`).
	pub max_depth: u32,
	/// The most identities whose edges one search reads (`MaxVisited`).
	pub max_visited: u32,
}

impl Rule {
	/// What one edge of `level` from a valid introducer is worth, on the 0-120 scale.
	pub fn edge_amount(&self, level: TrustLevel) -> u8 {
		let needed = match level {
			TrustLevel::Full => self.completes_needed,
			TrustLevel::Marginal => self.marginals_needed,
			TrustLevel::Unknown | TrustLevel::Never => return 0,
		};
		u32::from(FULL_TRUST_AMOUNT).checked_div(needed.max(1)).unwrap_or_default() as u8
	}

	/// Whether a tally makes its target valid: `fulls * m + marginals * c >= c * m`.
	fn is_valid(&self, tally: &Tally<impl Sized>) -> bool {
		let (weighted, needed) = self.weighted(tally);
		weighted >= needed
	}

	/// The tally's amount: `120 * (fulls * m + marginals * c) / (c * m)`, capped at 120.
	fn amount(&self, tally: &Tally<impl Sized>) -> u8 {
		let (weighted, needed) = self.weighted(tally);
		if weighted >= needed {
			return FULL_TRUST_AMOUNT;
		}
		// Below the cap, `weighted < needed`, so the quotient is below 120 and fits a u8.
		u64::from(FULL_TRUST_AMOUNT).saturating_mul(weighted).checked_div(needed.max(1)).unwrap_or_default() as u8
	}

	fn weighted(&self, tally: &Tally<impl Sized>) -> (u64, u64) {
		let (c, m) = (u64::from(self.completes_needed.max(1)), u64::from(self.marginals_needed.max(1)));
		let weighted =
			u64::from(tally.fulls).saturating_mul(m).saturating_add(u64::from(tally.marginals).saturating_mul(c));
		(weighted, c.saturating_mul(m))
	}
}

/// What valid introducers gave one identity so far, and the introducer it would name as its parent on a path
/// (its first full introducer, else its first marginal one).
struct Tally<AccountId> {
	fulls: u32,
	marginals: u32,
	parent: Option<(AccountId, TrustLevel)>,
}

impl<AccountId> Default for Tally<AccountId> {
	fn default() -> Self {
		Self { fulls: 0, marginals: 0, parent: None }
	}
}

impl<AccountId: Clone> Tally<AccountId> {
	fn add(&mut self, introducer: &AccountId, level: TrustLevel) {
		match level {
			TrustLevel::Full => self.fulls = self.fulls.saturating_add(1),
			TrustLevel::Marginal => self.marginals = self.marginals.saturating_add(1),
			TrustLevel::Unknown | TrustLevel::Never => return,
		}
		let better = match &self.parent {
			None => true,
			Some((_, current)) => *current == TrustLevel::Marginal && level == TrustLevel::Full,
		};
		if better {
			self.parent = Some((introducer.clone(), level));
		}
	}
}

fn report<AccountId>(validity: Validity, visited: u32) -> ValidityReport<AccountId> {
	let amount = if validity.is_trusted() { FULL_TRUST_AMOUNT } else { 0 };
	let depth = (validity == Validity::Ultimate).then_some(0);
	ValidityReport { validity, amount, depth, paths: Vec::new(), visited, complete: true }
}

impl<T: Config> Pallet<T> {
	/// Whether `who` carries a fraud mark. Read with `get`, not `contains_key`: a mark is over 32 bytes, so the
	/// trie keeps only its hash in the leaf, and a storage proof recorded for `exists` lacks the value that smoldot
	/// (3.3) reads to answer `exists` when it re-executes the search from the proof: light clients got
	/// `MissingProofEntry` for any search that reached a marked identity.
	fn fraud_marked(who: &T::AccountId) -> bool {
		FraudMarks::<T>::get(who).is_some()
	}

	/// How `roots` together see `target`: see the module documentation for the rule.
	pub fn search(roots: &[T::AccountId], target: &T::AccountId) -> ValidityReport<T::AccountId> {
		let rule = Self::rule();
		if !T::KeyRing::has_identity(target) {
			return report(Validity::NotRegistered, 0);
		}
		if Self::fraud_marked(target) {
			return report(Validity::Never(NeverReason::FraudMark), 0);
		}
		if roots.contains(target) {
			return report(Validity::Ultimate, 0);
		}

		// A marked or unregistered root introduces nobody. The roots' edges are read first, because a root's
		// "never" excludes its target from the whole view.
		let mut visited = 0u32;
		let mut complete = true;
		let mut valid: BTreeMap<T::AccountId, Option<T::AccountId>> = BTreeMap::new();
		let mut excluded: BTreeSet<T::AccountId> = BTreeSet::new();
		let mut root_edges = Vec::new();
		for root in roots {
			if valid.contains_key(root) || !T::KeyRing::has_identity(root) || Self::fraud_marked(root) {
				continue;
			}
			if visited >= rule.max_visited {
				complete = false;
				break;
			}
			visited = visited.saturating_add(1);
			let edges = Outgoing::<T>::get(root);
			for edge in edges.iter().filter(|edge| edge.level == TrustLevel::Never) {
				if &edge.target == target {
					return report(Validity::Never(NeverReason::Distrusted), visited);
				}
				excluded.insert(edge.target.clone());
			}
			valid.insert(root.clone(), None);
			root_edges.push((root.clone(), edges));
		}

		let mut tallies: BTreeMap<T::AccountId, Tally<T::AccountId>> = BTreeMap::new();
		let mut introductions: Vec<(T::AccountId, TrustLevel)> = Vec::new();
		let mut target_depth = None;
		let mut frontier: Vec<T::AccountId> = Vec::new();
		'search: for depth in 1..=rule.max_depth {
			let mut touched: BTreeSet<T::AccountId> = BTreeSet::new();
			let introducers: Vec<_> = if depth == 1 {
				core::mem::take(&mut root_edges)
			} else {
				let mut read = Vec::with_capacity(frontier.len());
				for introducer in frontier.drain(..) {
					if visited >= rule.max_visited {
						complete = false;
						break;
					}
					visited = visited.saturating_add(1);
					let edges = Outgoing::<T>::get(&introducer);
					read.push((introducer, edges));
				}
				read
			};
			for (introducer, edges) in &introducers {
				for edge in edges.iter() {
					if !matches!(edge.level, TrustLevel::Full | TrustLevel::Marginal)
						|| valid.contains_key(&edge.target)
						|| excluded.contains(&edge.target)
					{
						continue;
					}
					tallies.entry(edge.target.clone()).or_default().add(introducer, edge.level);
					if &edge.target == target {
						introductions.push((introducer.clone(), edge.level));
					}
					touched.insert(edge.target.clone());
				}
			}
			for candidate in touched {
				let Some(tally) = tallies.get(&candidate) else { continue };
				if !rule.is_valid(tally) {
					continue;
				}
				// The target's registration and mark were checked above.
				if &candidate != target && (!T::KeyRing::has_identity(&candidate) || Self::fraud_marked(&candidate)) {
					excluded.insert(candidate);
					continue;
				}
				valid.insert(candidate.clone(), tally.parent.as_ref().map(|(parent, _)| parent.clone()));
				frontier.push(candidate);
			}
			if valid.contains_key(target) {
				target_depth = Some(depth as u8);
				break 'search;
			}
			if frontier.is_empty() || !complete {
				break;
			}
		}

		let tally = tallies.remove(target).unwrap_or_default();
		let amount = rule.amount(&tally);
		let validity = if target_depth.is_some() {
			Validity::Full
		} else if amount > 0 {
			Validity::Marginal
		} else {
			Validity::Unknown
		};
		let paths = introductions
			.into_iter()
			.map(|(introducer, level)| {
				let mut hops = Self::chain_to_root(&valid, introducer, rule.max_depth);
				hops.push(target.clone());
				TrustPath { hops, level, amount: rule.edge_amount(level) }
			})
			.collect();
		ValidityReport { validity, amount, depth: target_depth, paths, visited, complete }
	}

	/// The identities from a root to `introducer`, following each valid identity's parent.
	fn chain_to_root(
		valid: &BTreeMap<T::AccountId, Option<T::AccountId>>,
		introducer: T::AccountId,
		max_depth: u32,
	) -> Vec<T::AccountId> {
		let mut chain = Vec::new();
		let mut next = Some(introducer);
		// Parents became valid at a smaller depth, so the chain has at most `max_depth` + 1 members; the bound
		// only guards the loop.
		while let Some(current) = next.take() {
			if chain.len() > max_depth as usize {
				break;
			}
			next = valid.get(&current).cloned().flatten();
			chain.push(current);
		}
		chain.reverse();
		chain
	}
}
