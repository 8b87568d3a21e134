//! Sending: what is stored, and every way a message is refused with nothing stored.

use super::*;
use crate::{Error, Event, Inbox, Outbox, ReceivedCount, Senders};
use frame_support::assert_noop;
use sigil_primitives::{body_hash, KeyPurpose::*, RevocationReason};

#[test]
fn a_signed_message_is_stored_indexed_and_paid_for() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let held_before = held(ALICE);
		let id = send(ALICE, BOB, b"hello, Bob", &key);
		System::assert_last_event(
			Event::MessageSent {
				from: ALICE,
				counter: 0,
				to: BOB,
				body_hash: body_hash(b"hello, Bob"),
				key_id: key_id(&key),
				inbox_index: 0,
			}
			.into(),
		);
		assert_eq!(id, (ALICE, 0));
		let message = Outbox::<Test>::get(ALICE, 0).expect("stored");
		assert_eq!((message.body.to_vec(), message.to, message.sent_at), (b"hello, Bob".to_vec(), BOB, START));
		assert_eq!(Inbox::<Test>::get(BOB, 0), Some(id));
		assert_eq!((Senders::<Test>::get(ALICE).sent, ReceivedCount::<Test>::get(BOB)), (1, 1));
		let deposit = DEPOSIT_BASE + 10 * DEPOSIT_PER_BYTE;
		assert_eq!((held(ALICE) - held_before, Senders::<Test>::get(ALICE).owed), (deposit, deposit));
		// The next message from Alice signs counter 1.
		assert_eq!(send(ALICE, CHARLIE, b"hi", &key), (ALICE, 1));
		assert_eq!(Inbox::<Test>::get(CHARLIE, 0), Some((ALICE, 1)));
	});
}

#[test]
fn a_body_at_the_limit_is_accepted_and_one_byte_more_is_refused() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		assert_ok!(try_send(ALICE, BOB, &[7; MAX_BODY as usize], &key));
		assert_noop!(try_send(ALICE, BOB, &[7; MAX_BODY as usize + 1], &key), Error::<Test>::BodyTooLong);
	});
}

#[test]
fn sender_and_recipient_need_identities() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		assert_noop!(try_send(ALICE, 99, b"hi", &key), Error::<Test>::RecipientNotRegistered);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		assert_noop!(try_send(ALICE, BOB, b"hi", &key), Error::<Test>::NotRegistered);
	});
}

#[test]
fn the_key_must_be_the_senders_own_signing_key() {
	run(|| {
		let bobs = add_key(BOB, 2, Signing, None);
		assert_noop!(try_send(ALICE, CHARLIE, b"hi", &bobs), Error::<Test>::NotKeyOwner);
		let encryption = add_key(ALICE, 3, Encryption, None);
		assert_noop!(try_send(ALICE, BOB, b"hi", &encryption), Error::<Test>::NotSigningKey);
		let unknown = ed25519::Pair::from_seed(&[9; 32]);
		assert_noop!(try_send(ALICE, BOB, b"hi", &unknown), Error::<Test>::UnknownKey);
	});
}

#[test]
fn a_signature_over_anything_else_is_refused() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let other_body = sign(&key, ALICE, BOB, b"something else", 0);
		assert_noop!(
			Messages::send(RuntimeOrigin::signed(ALICE), BOB, b"hi".to_vec(), key_id(&key), Box::new(other_body)),
			Error::<Test>::BadSignature
		);
		let future_counter = sign(&key, ALICE, BOB, b"hi", 1);
		assert_noop!(
			Messages::send(RuntimeOrigin::signed(ALICE), BOB, b"hi".to_vec(), key_id(&key), Box::new(future_counter)),
			Error::<Test>::BadSignature
		);
	});
}

#[test]
fn a_signature_is_good_for_one_message_only() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let signature = sign(&key, ALICE, BOB, b"pay 5", 0);
		let submit = |to: AccountId| {
			Messages::send(
				RuntimeOrigin::signed(ALICE),
				to,
				b"pay 5".to_vec(),
				key_id(&key),
				Box::new(signature.clone()),
			)
		};
		assert_ok!(submit(BOB));
		// The same signature again (counter now 1), and for another recipient: neither matches.
		assert_noop!(submit(BOB), Error::<Test>::BadSignature);
		assert_noop!(submit(CHARLIE), Error::<Test>::BadSignature);
		assert_eq!(Senders::<Test>::get(ALICE).sent, 1);
	});
}

#[test]
fn revoked_and_expired_keys_are_refused() {
	run(|| {
		let revoked = add_key(ALICE, 1, Signing, None);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&revoked), RevocationReason::Compromised));
		assert_noop!(try_send(ALICE, BOB, b"hi", &revoked), Error::<Test>::RevokedKey);
		let expiring = add_key(ALICE, 2, Signing, Some(START + 1_000));
		assert_ok!(try_send(ALICE, BOB, b"before expiry", &expiring));
		Timestamp::set_timestamp(START + 1_000);
		assert_noop!(try_send(ALICE, BOB, b"at expiry", &expiring), Error::<Test>::ExpiredKey);
	});
}

#[test]
fn the_sender_must_afford_the_deposit() {
	run(|| {
		let key = add_key(POOR, 5, Signing, None);
		assert_noop!(try_send(POOR, BOB, &[0; 40], &key), Error::<Test>::InsufficientBalance);
	});
}
