//! Setting and clearing trust edges.

use super::*;
use crate::{Error, Event, Incoming, Outgoing};
use frame_support::assert_noop;
use sigil_primitives::TrustLevel::*;

#[test]
fn set_trust_stores_both_directions_holds_a_deposit_and_emits() {
	run(|| {
		trust(1, 3, Full);
		trust(1, 2, Marginal);
		System::assert_last_event(Event::TrustSet { truster: 1, target: 2, level: Marginal, previous: None }.into());
		let targets: Vec<_> = Outgoing::<Test>::get(1).iter().map(|edge| (edge.target, edge.level)).collect();
		assert_eq!(targets, vec![(2, Marginal), (3, Full)], "kept ordered by target");
		assert_eq!(Incoming::<Test>::get(3, 1).map(|edge| edge.level), Some(Full));
		assert_eq!(held(1), 2 * EDGE_DEPOSIT);
	});
}

#[test]
fn changing_a_level_keeps_the_deposit_and_reports_the_previous_level() {
	run(|| {
		trust(1, 2, Marginal);
		System::set_block_number(7);
		trust(1, 2, Never);
		System::assert_last_event(
			Event::TrustSet { truster: 1, target: 2, level: Never, previous: Some(Marginal) }.into(),
		);
		assert_eq!(held(1), EDGE_DEPOSIT);
		let incoming = Incoming::<Test>::get(2, 1).expect("mirrored");
		assert_eq!((incoming.level, incoming.set_at), (Never, 7));
		assert_eq!(OwnerTrust::api_outgoing(&1).first().map(|edge| edge.set_at), Some(7));
	});
}

#[test]
fn setting_the_same_level_again_is_refused() {
	run(|| {
		trust(1, 2, Full);
		assert_noop!(OwnerTrust::set_trust(RuntimeOrigin::signed(1), 2, Full), Error::<Test>::NoChange);
	});
}

#[test]
fn only_registered_identities_set_or_receive_trust() {
	run(|| {
		MockKeyRing::forget(5);
		assert_noop!(OwnerTrust::set_trust(RuntimeOrigin::signed(5), 1, Full), Error::<Test>::NotRegistered);
		assert_noop!(OwnerTrust::set_trust(RuntimeOrigin::signed(1), 5, Full), Error::<Test>::TargetNotRegistered);
		assert_noop!(OwnerTrust::set_trust(RuntimeOrigin::signed(1), 500, Full), Error::<Test>::TargetNotRegistered);
	});
}

#[test]
fn nobody_sets_trust_in_itself() {
	run(|| {
		assert_noop!(OwnerTrust::set_trust(RuntimeOrigin::signed(1), 1, Full), Error::<Test>::SelfTrust);
	});
}

#[test]
fn the_edge_list_is_bounded() {
	run(|| {
		let targets: Vec<AccountId> = (2..2 + u64::from(MAX_EDGES)).collect();
		targets.iter().for_each(|target| trust(1, *target, Unknown));
		assert_noop!(OwnerTrust::set_trust(RuntimeOrigin::signed(1), 50, Full), Error::<Test>::TooManyEdges);
		// Changing an existing edge still works when the list is full.
		trust(1, 2, Full);
	});
}

#[test]
fn an_edge_needs_its_deposit() {
	run(|| {
		MockKeyRing::register(POOR);
		assert_noop!(OwnerTrust::set_trust(RuntimeOrigin::signed(POOR), 1, Full), Error::<Test>::InsufficientBalance);
	});
}

#[test]
fn clear_trust_removes_both_directions_and_returns_the_deposit() {
	run(|| {
		trust(1, 2, Full);
		trust(1, 3, Full);
		assert_ok!(OwnerTrust::clear_trust(RuntimeOrigin::signed(1), 2));
		System::assert_last_event(Event::TrustCleared { truster: 1, target: 2, level: Full }.into());
		assert!(Incoming::<Test>::get(2, 1).is_none());
		assert_eq!(Outgoing::<Test>::get(1).len(), 1);
		assert_eq!(held(1), EDGE_DEPOSIT);
		assert_ok!(OwnerTrust::clear_trust(RuntimeOrigin::signed(1), 3));
		assert!(!Outgoing::<Test>::contains_key(1), "an empty list leaves storage");
		assert_eq!(held(1), 0);
	});
}

#[test]
fn clearing_a_missing_edge_is_refused() {
	run(|| {
		trust(1, 2, Full);
		assert_noop!(OwnerTrust::clear_trust(RuntimeOrigin::signed(1), 3), Error::<Test>::UnknownEdge);
		assert_noop!(OwnerTrust::clear_trust(RuntimeOrigin::signed(2), 1), Error::<Test>::UnknownEdge);
	});
}

#[test]
fn edges_can_be_cleared_after_either_identity_is_forgotten() {
	run(|| {
		trust(1, 2, Full);
		trust(1, 3, Full);
		MockKeyRing::forget(2);
		assert_ok!(OwnerTrust::clear_trust(RuntimeOrigin::signed(1), 2));
		MockKeyRing::forget(1);
		assert_ok!(OwnerTrust::clear_trust(RuntimeOrigin::signed(1), 3));
		assert_eq!(held(1), 0);
	});
}

#[test]
fn incoming_edges_page_through_every_truster_once() {
	run(|| {
		let trusters: Vec<AccountId> = (2..=21).collect();
		trusted_by(&trusters, 1, Marginal);
		let mut seen = Vec::new();
		let mut after = None;
		loop {
			let page = OwnerTrust::api_incoming(&1, after, 6);
			assert!(page.len() <= 6);
			let Some(last) = page.last() else { break };
			after = Some(last.account);
			seen.extend(page.iter().map(|edge| edge.account));
		}
		seen.sort();
		assert_eq!(seen, trusters);
		assert!(OwnerTrust::api_incoming(&2, None, 10).is_empty());
	});
}
