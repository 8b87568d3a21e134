//! Deposits held in advance: sends and clears within the advance move no funds and cost less; what the stored
//! messages owe stays held whatever the advance.

use super::*;
use crate::{weights::WeightInfo, Error, Event, Senders};
use frame_support::assert_noop;
use sigil_primitives::KeyPurpose::Signing;

/// The deposit for a body of `len` bytes.
fn deposit(len: Balance) -> Balance {
	DEPOSIT_BASE + len * DEPOSIT_PER_BYTE
}

#[test]
fn sends_and_clears_within_the_advance_move_no_funds_and_refund_the_difference() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let held_before = held(ALICE);
		assert_ok!(Messages::set_advance(RuntimeOrigin::signed(ALICE), deposit(5) * 2));
		System::assert_last_event(
			Event::AdvanceSet { who: ALICE, advance: deposit(5) * 2, held: deposit(5) * 2 }.into(),
		);
		assert_eq!(held(ALICE) - held_before, deposit(5) * 2);

		// Two messages fit in the advance: nothing more is held, and each refunds the hold it did not need.
		let first = try_send(ALICE, BOB, b"hello", &key).expect("sent");
		assert_eq!(first.actual_weight, Some(<() as WeightInfo>::send_within_advance(5)));
		assert_ok!(try_send(ALICE, BOB, b"again", &key));
		assert_eq!(held(ALICE) - held_before, deposit(5) * 2);
		// The third goes beyond it: its deposit is held, and the call keeps its full weight.
		let third = try_send(ALICE, BOB, b"three", &key).expect("sent");
		assert_eq!(third.actual_weight, None);
		assert_eq!(held(ALICE) - held_before, deposit(5) * 3);
		assert_eq!(Senders::<Test>::get(ALICE).owed, deposit(5) * 3);

		// Clearing above the advance releases; clearing within it leaves the advance held.
		let cleared = clear(BOB, (ALICE, 2)).expect("cleared");
		assert_eq!((cleared.actual_weight, held(ALICE) - held_before), (None, deposit(5) * 2));
		let cleared = clear(BOB, (ALICE, 1)).expect("cleared");
		assert_eq!(cleared.actual_weight, Some(<() as WeightInfo>::clear_within_advance()));
		assert_eq!(held(ALICE) - held_before, deposit(5) * 2);
		assert_eq!(Senders::<Test>::get(ALICE).owed, deposit(5));
	});
}

#[test]
fn lowering_the_advance_releases_only_what_no_message_owes() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let held_before = held(ALICE);
		assert_ok!(Messages::set_advance(RuntimeOrigin::signed(ALICE), 100));
		send(ALICE, BOB, b"hello", &key);
		assert_ok!(Messages::set_advance(RuntimeOrigin::signed(ALICE), 0));
		System::assert_last_event(Event::AdvanceSet { who: ALICE, advance: 0, held: deposit(5) }.into());
		assert_eq!(held(ALICE) - held_before, deposit(5));
		// Without an advance, clearing gives the whole deposit back.
		assert_ok!(clear(BOB, (ALICE, 0)));
		assert_eq!(held(ALICE), held_before);
	});
}

#[test]
fn the_advance_needs_an_identity_and_the_funds() {
	run(|| {
		assert_noop!(Messages::set_advance(RuntimeOrigin::signed(99), 10), Error::<Test>::NotRegistered);
		assert_noop!(Messages::set_advance(RuntimeOrigin::signed(POOR), 1_000), Error::<Test>::InsufficientBalance);
		assert_noop!(
			Messages::set_advance(RuntimeOrigin::signed(ALICE), 1_000_000),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn the_counter_outlives_the_advance_and_the_messages() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let signature = sign(&key, ALICE, BOB, b"hi", 0);
		assert_ok!(Messages::set_advance(RuntimeOrigin::signed(ALICE), 50));
		let id = send(ALICE, BOB, b"hi", &key);
		assert_ok!(clear(BOB, id));
		assert_ok!(Messages::set_advance(RuntimeOrigin::signed(ALICE), 0));
		// Nothing is held and nothing is owed, but the counter stays: the first signature cannot be replayed.
		assert_eq!(Senders::<Test>::get(ALICE).sent, 1);
		assert_noop!(
			Messages::send(RuntimeOrigin::signed(ALICE), BOB, b"hi".to_vec(), key_id(&key), Box::new(signature)),
			Error::<Test>::BadSignature
		);
	});
}
