//! Clearing: only the recipient, once; the sender owes the deposit no more.

use super::*;
use crate::{Error, Event, Inbox, Outbox};
use frame_support::assert_noop;
use sigil_primitives::KeyPurpose::Signing;

#[test]
fn the_recipient_clears_and_the_sender_gets_the_deposit_back() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let held_before = held(ALICE);
		let id = send(ALICE, BOB, b"hello", &key);
		assert_ok!(clear(BOB, id));
		System::assert_last_event(Event::MessageCleared { from: ALICE, counter: 0, to: BOB }.into());
		assert!(Inbox::<Test>::get(BOB, 0).is_none() && Outbox::<Test>::get(ALICE, 0).is_none());
		assert_eq!(held(ALICE), held_before);
		assert!(message(id, None).is_none());
	});
}

#[test]
fn only_the_recipient_clears_and_only_once() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		assert_noop!(clear(ALICE, id), Error::<Test>::NotRecipient);
		assert_noop!(clear(CHARLIE, id), Error::<Test>::NotRecipient);
		assert_ok!(clear(BOB, id));
		assert_noop!(clear(BOB, id), Error::<Test>::UnknownMessage);
		assert_noop!(clear(BOB, (ALICE, 42)), Error::<Test>::UnknownMessage);
		assert_noop!(clear(BOB, (CHARLIE, 0)), Error::<Test>::UnknownMessage);
	});
}
