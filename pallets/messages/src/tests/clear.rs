//! Clearing: only the recipient, once; the deposit goes back to the sender.

use super::*;
use crate::{Error, Event, Inbox, Messages as MessageStore, Outbox};
use frame_support::assert_noop;
use sigil_primitives::KeyPurpose::Signing;

#[test]
fn the_recipient_clears_and_the_sender_gets_the_deposit_back() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let held_before = held(ALICE);
		let id = send(ALICE, BOB, b"hello", &key);
		assert_ok!(Messages::clear(RuntimeOrigin::signed(BOB), id));
		assert_eq!(last_event(), Event::MessageCleared { id, from: ALICE, to: BOB }.into());
		assert!(MessageStore::<Test>::get(id).is_none());
		assert_eq!((Inbox::<Test>::get(BOB, 0), Outbox::<Test>::get(ALICE, 0)), (None, None));
		assert_eq!(held(ALICE), held_before);
	});
}

#[test]
fn only_the_recipient_clears_and_only_once() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		assert_noop!(Messages::clear(RuntimeOrigin::signed(ALICE), id), Error::<Test>::NotRecipient);
		assert_noop!(Messages::clear(RuntimeOrigin::signed(CHARLIE), id), Error::<Test>::NotRecipient);
		assert_ok!(Messages::clear(RuntimeOrigin::signed(BOB), id));
		assert_noop!(Messages::clear(RuntimeOrigin::signed(BOB), id), Error::<Test>::UnknownMessage);
		assert_noop!(Messages::clear(RuntimeOrigin::signed(BOB), 42), Error::<Test>::UnknownMessage);
	});
}
