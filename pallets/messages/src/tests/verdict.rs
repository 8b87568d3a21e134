//! Verdicts and pages, through the runtime API's entry points.

use super::*;
use pallet_messages_runtime_api::Unverified;
use sigil_primitives::{KeyPurpose::Signing, KeyStatus, RevocationReason};

#[test]
fn a_trusted_senders_message_is_verified() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		MockTrust::trust(BOB, ALICE);
		let view = Messages::api_message(id, None).expect("stored");
		assert_eq!(view.body, b"hello".to_vec());
		let verdict = view.verdict;
		assert!(verdict.verified && verdict.signature_valid && verdict.sender_registered, "{verdict:?}");
		assert_eq!(verdict.key_status_at_sending, Some(KeyStatus::Active));
		assert!(verdict.reasons.is_empty());
		// The sender sees its own message as verified too: it trusts itself ultimately.
		assert!(Messages::api_message(id, Some(&ALICE)).expect("stored").verdict.verified);
	});
}

#[test]
fn an_untrusted_sender_makes_the_message_unverified() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		let verdict = Messages::api_message(id, None).expect("stored").verdict;
		assert!(verdict.signature_valid && !verdict.verified);
		assert_eq!(verdict.reasons, vec![Unverified::SenderNotTrusted]);
	});
}

#[test]
fn without_owner_trust_the_trust_is_unknown() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		MockTrust::absent();
		let verdict = Messages::api_message(id, None).expect("stored").verdict;
		assert_eq!((verdict.sender_trust, verdict.verified), (None, false));
		assert_eq!(verdict.reasons, vec![Unverified::TrustUnknown]);
	});
}

#[test]
fn a_key_revoked_after_sending_shows_as_such_and_the_message_stays_verified() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		MockTrust::trust(BOB, ALICE);
		Timestamp::set_timestamp(START + 5_000);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&key), RevocationReason::Superseded));
		let verdict = Messages::api_message(id, None).expect("stored").verdict;
		assert_eq!(verdict.key_status_at_sending, Some(KeyStatus::Active));
		assert_eq!(
			verdict.key_status_now,
			Some(KeyStatus::Revoked { revoked_at: START + 5_000, reason: RevocationReason::Superseded })
		);
		assert!(verdict.verified, "the key was active when the message was sent");
	});
}

#[test]
fn a_forgotten_sender_is_named() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		MockTrust::trust(BOB, ALICE);
		Timestamp::set_timestamp(START + 1);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		let verdict = Messages::api_message(id, None).expect("stored").verdict;
		assert!(!verdict.verified && verdict.signature_valid);
		assert_eq!(verdict.reasons, vec![Unverified::SenderNotRegistered]);
	});
}

#[test]
fn pages_run_newest_first_and_cleared_slots_stay_empty() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let ids: Vec<u64> = (0..5u8).map(|n| send(ALICE, BOB, &[n], &key)).collect();
		assert_ok!(Messages::clear(RuntimeOrigin::signed(BOB), ids[3]));

		let first = Messages::api_inbox(&BOB, None, None, 2);
		assert_eq!(first.messages.iter().map(|m| m.id).collect::<Vec<_>>(), vec![ids[4]], "slot 3 was cleared");
		assert_eq!((first.total, first.next_before), (5, Some(3)));
		let second = Messages::api_inbox(&BOB, None, first.next_before, 2);
		assert_eq!(second.messages.iter().map(|m| m.id).collect::<Vec<_>>(), vec![ids[2], ids[1]]);
		let last = Messages::api_inbox(&BOB, None, second.next_before, 2);
		assert_eq!((last.messages.len(), last.next_before), (1, None));

		let outbox = Messages::api_outbox(&ALICE, None, None, 100);
		assert_eq!(outbox.messages.iter().map(|m| m.outbox_index).collect::<Vec<_>>(), vec![4, 2, 1, 0]);
		assert!(Messages::api_inbox(&CHARLIE, None, None, 10).messages.is_empty());
		assert!(Messages::api_message(ids[3], None).is_none());
	});
}
