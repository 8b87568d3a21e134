//! The validity rule and the quantified amount, through the runtime API's entry points.

use super::*;
use crate::search::Rule;
use pallet_owner_trust_runtime_api::{TrustPath, ValidityReport};
use sigil_primitives::{FraudReporter, NeverReason, TrustLevel::*, Validity};
use sp_core::H256;

fn view(viewer: AccountId, target: AccountId) -> ValidityReport<AccountId> {
	OwnerTrust::api_validity(&viewer, &target)
}

fn path(hops: &[AccountId], level: TrustLevel) -> TrustPath<AccountId> {
	let amount = OwnerTrust::rule().edge_amount(level);
	TrustPath { hops: hops.to_vec(), level, amount }
}

#[test]
fn one_full_introducer_makes_a_target_valid() {
	run(|| {
		trust(1, 2, Full);
		let report = view(1, 2);
		assert_eq!((report.validity, report.amount, report.depth), (Validity::Full, 120, Some(1)));
		assert_eq!(report.paths, vec![path(&[1, 2], Full)]);
		assert!(report.complete);
	});
}

#[test]
fn three_marginal_valid_introducers_make_a_target_valid() {
	run(|| {
		trusted_by(&[1], 2, Full);
		trusted_by(&[1], 3, Full);
		trusted_by(&[1], 4, Full);
		trusted_by(&[2, 3, 4], 10, Marginal);
		let report = view(1, 10);
		assert_eq!((report.validity, report.amount, report.depth), (Validity::Full, 120, Some(2)));
		assert_eq!(
			report.paths,
			vec![path(&[1, 2, 10], Marginal), path(&[1, 3, 10], Marginal), path(&[1, 4, 10], Marginal)]
		);
		assert!(report.paths.iter().all(|path| path.amount == 40));
	});
}

#[test]
fn two_marginal_introducers_are_not_enough() {
	run(|| {
		trusted_by(&[1], 2, Full);
		trusted_by(&[1], 3, Full);
		trusted_by(&[2, 3], 10, Marginal);
		let report = view(1, 10);
		assert_eq!((report.validity, report.amount, report.depth), (Validity::Marginal, 80, None));
		assert_eq!(report.paths.len(), 2);
		assert!(report.complete);
	});
}

#[test]
fn the_viewers_own_marginal_edge_counts_as_one_marginal() {
	run(|| {
		trust(1, 10, Marginal);
		trusted_by(&[1], 2, Full);
		trusted_by(&[1], 3, Full);
		trusted_by(&[2, 3], 10, Marginal);
		let report = view(1, 10);
		assert_eq!((report.validity, report.depth), (Validity::Full, Some(2)));
		assert_eq!(report.paths.first(), Some(&path(&[1, 10], Marginal)));
	});
}

#[test]
fn a_chain_reaches_depth_five_but_not_six() {
	run(|| {
		for truster in 1..=6 {
			trust(truster, truster + 1, Full);
		}
		let at_five = view(1, 6);
		assert_eq!((at_five.validity, at_five.depth), (Validity::Full, Some(5)));
		assert_eq!(at_five.paths, vec![path(&[1, 2, 3, 4, 5, 6], Full)]);
		let at_six = view(1, 7);
		assert_eq!((at_six.validity, at_six.amount, at_six.depth), (Validity::Unknown, 0, None));
		assert!(at_six.complete, "the depth limit is part of the rule, not a bound that was hit");
	});
}

#[test]
fn only_valid_introducers_count() {
	run(|| {
		trust(1, 2, Marginal);
		trust(2, 3, Full);
		assert_eq!((view(1, 2).validity, view(1, 2).amount), (Validity::Marginal, 40));
		assert_eq!((view(1, 3).validity, view(1, 3).amount), (Validity::Unknown, 0));
	});
}

#[test]
fn unknown_and_never_edges_from_introducers_add_nothing() {
	run(|| {
		trust(1, 2, Full);
		trust(2, 3, Never);
		trust(2, 4, Unknown);
		assert_eq!(view(1, 3).validity, Validity::Unknown);
		assert_eq!(view(1, 4).validity, Validity::Unknown);
		// Another introducer's "never" does not outweigh a valid full introducer.
		trust(1, 5, Full);
		trust(5, 3, Full);
		assert_eq!(view(1, 3).validity, Validity::Full);
	});
}

#[test]
fn the_viewers_never_excludes_the_target_and_its_introductions() {
	run(|| {
		trust(1, 2, Full);
		trust(2, 3, Full);
		trust(3, 4, Full);
		assert_eq!(view(1, 4).validity, Validity::Full);
		trust(1, 3, Never);
		assert_eq!(view(1, 3).validity, Validity::Never(NeverReason::Distrusted));
		assert_eq!(view(1, 4).validity, Validity::Unknown, "3 introduces nobody to 1");
		assert_eq!(view(2, 4).validity, Validity::Full, "other viewers are not affected");
	});
}

#[test]
fn a_fraud_mark_is_never_for_everyone_until_cleared() {
	run(|| {
		trust(1, 2, Full);
		trust(2, 3, Full);
		OwnerTrust::report_fraud(&2, H256::repeat_byte(9));
		for viewer in [1, 3, 4] {
			assert_eq!(view(viewer, 2).validity, Validity::Never(NeverReason::FraudMark));
		}
		assert_eq!(view(1, 3).validity, Validity::Unknown, "a marked identity introduces nobody");
		assert_eq!(view(2, 3).validity, Validity::Unknown, "not even as a viewer");
		assert_ok!(OwnerTrust::clear_fraud_mark(RuntimeOrigin::root(), 2));
		assert_eq!(view(1, 2).validity, Validity::Full);
		assert_eq!(view(1, 3).validity, Validity::Full);
	});
}

#[test]
fn cycles_end_and_keep_the_shortest_depth() {
	run(|| {
		trust(1, 2, Full);
		trust(2, 3, Full);
		trust(3, 4, Full);
		trust(4, 2, Full);
		trust(4, 1, Full);
		let report = view(1, 4);
		assert_eq!((report.validity, report.depth), (Validity::Full, Some(3)));
		assert!(report.complete);
		// A cycle that never reaches the target ends with the frontier.
		assert_eq!(view(1, 9).validity, Validity::Unknown);
		assert!(view(1, 9).visited <= 4, "each identity is read once");
	});
}

#[test]
fn paths_follow_each_introducers_own_introduction() {
	run(|| {
		trusted_by(&[1], 2, Full);
		trusted_by(&[1], 3, Full);
		trusted_by(&[1], 4, Full);
		trusted_by(&[2, 3, 4], 5, Marginal);
		trust(5, 6, Full);
		let report = view(1, 6);
		assert_eq!(report.depth, Some(3));
		assert_eq!(report.paths, vec![path(&[1, 2, 5, 6], Full)]);
	});
}

#[test]
fn the_viewer_is_ultimate_and_unregistered_targets_are_named() {
	run(|| {
		let own = view(1, 1);
		assert_eq!((own.validity, own.amount, own.depth), (Validity::Ultimate, 120, Some(0)));
		assert_eq!(view(1, 500).validity, Validity::NotRegistered);
	});
}

#[test]
fn forgotten_identities_stop_introducing() {
	run(|| {
		trust(1, 2, Full);
		trust(2, 3, Full);
		MockKeyRing::forget(2);
		assert_eq!(view(1, 2).validity, Validity::NotRegistered);
		assert_eq!(view(1, 3).validity, Validity::Unknown);
	});
}

#[test]
fn the_network_view_starts_from_all_roots() {
	run(|| {
		MockRoots::set(vec![5, 1]);
		trust(1, 3, Marginal);
		trust(5, 3, Marginal);
		trust(1, 4, Full);
		trust(4, 3, Marginal);
		let network = OwnerTrust::api_network_validity(&3);
		assert_eq!((network.validity, network.depth), (Validity::Full, Some(2)));
		assert_eq!(network.paths.len(), 3);
		assert_eq!(view(1, 3).validity, Validity::Marginal, "1 alone sees two marginals");
		assert_eq!(OwnerTrust::api_network_validity(&5).validity, Validity::Ultimate);
		trust(5, 6, Never);
		trust(1, 6, Full);
		assert_eq!(OwnerTrust::api_network_validity(&6).validity, Validity::Never(NeverReason::Distrusted));
		MockRoots::set(Vec::new());
		assert_eq!(OwnerTrust::api_network_validity(&3).validity, Validity::Unknown);
	});
}

#[test]
fn a_search_that_hits_its_bound_says_so() {
	run(|| {
		for truster in 1..=3 {
			trust(truster, truster + 1, Full);
		}
		MaxVisited::set(2);
		let bounded = view(1, 4);
		assert_eq!((bounded.validity, bounded.visited, bounded.complete), (Validity::Unknown, 2, false));
		MaxVisited::set(1_000);
		let full = view(1, 4);
		assert_eq!((full.validity, full.visited, full.complete), (Validity::Full, 3, true));
	});
}

#[test]
fn full_and_marginal_edges_weigh_by_the_needed_counts() {
	let rule = Rule { completes_needed: 2, marginals_needed: 3, max_depth: 5, max_visited: 100 };
	assert_eq!((rule.edge_amount(Full), rule.edge_amount(Marginal), rule.edge_amount(Never)), (60, 40, 0));
	run(|| {
		CompletesNeeded::set(2);
		trust(1, 2, Full);
		assert_eq!((view(1, 2).validity, view(1, 2).amount), (Validity::Marginal, 60), "one full of two");
		// Two roots give the edges of two valid introducers.
		MockRoots::set(vec![1, 5]);
		trust(5, 2, Full);
		let two_fulls = OwnerTrust::api_network_validity(&2);
		assert_eq!((two_fulls.validity, two_fulls.amount), (Validity::Full, 120));
		// A full and a marginal: 1/2 + 1/3 of the way, 100 on the scale.
		trust(1, 3, Marginal);
		trust(5, 3, Full);
		let mixed = OwnerTrust::api_network_validity(&3);
		assert_eq!((mixed.validity, mixed.amount), (Validity::Marginal, 100));
		CompletesNeeded::set(1);
	});
}
