//! Verdicts and pages, through the runtime API's entry points.

use super::*;
use pallet_messages_runtime_api::{Unverified, MAX_TRUST_SEARCHES};
use sigil_primitives::{KeyPurpose::Signing, KeyStatus, RevocationReason};

#[test]
fn a_trusted_senders_message_is_verified() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		MockTrust::trust(BOB, ALICE);
		let view = message(id, None).expect("stored");
		assert_eq!(view.body, b"hello".to_vec());
		let verdict = view.verdict;
		assert!(verdict.verified && verdict.signature_valid && verdict.sender_registered, "{verdict:?}");
		assert_eq!(verdict.key_status_at_sending, Some(KeyStatus::Active));
		assert!(verdict.reasons.is_empty());
		// The sender sees its own message as verified too: it trusts itself ultimately.
		assert!(message(id, Some(&ALICE)).expect("stored").verdict.verified);
	});
}

#[test]
fn an_untrusted_sender_makes_the_message_unverified() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		let verdict = message(id, None).expect("stored").verdict;
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
		let verdict = message(id, None).expect("stored").verdict;
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
		let verdict = message(id, None).expect("stored").verdict;
		assert_eq!(verdict.key_status_at_sending, Some(KeyStatus::Active));
		assert_eq!(
			verdict.key_status_now,
			Some(KeyStatus::Revoked { revoked_at: START + 5_000, reason: RevocationReason::Superseded })
		);
		assert!(verdict.verified, "the key was active when the message was sent");
	});
}

#[test]
fn a_key_revoked_in_the_block_that_sent_the_message_was_active_when_it_signed() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		MockTrust::trust(BOB, ALICE);
		// Same block, same timestamp: the chain would have refused the message after the revocation, so the
		// sender cannot disown it as sent with a revoked key.
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&key), RevocationReason::Superseded));
		let verdict = message(id, None).expect("stored").verdict;
		assert_eq!(verdict.key_status_at_sending, Some(KeyStatus::Active));
		assert_eq!(
			verdict.key_status_now,
			Some(KeyStatus::Revoked { revoked_at: START, reason: RevocationReason::Superseded })
		);
		assert!(verdict.verified, "{verdict:?}");
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
		let verdict = message(id, None).expect("stored").verdict;
		assert!(!verdict.verified && verdict.signature_valid);
		assert_eq!(verdict.reasons, vec![Unverified::SenderNotRegistered]);
	});
}

#[test]
fn pages_run_newest_first_and_cleared_slots_stay_empty() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let ids: Vec<MessageId> = (0..5u8).map(|n| send(ALICE, BOB, &[n], &key)).collect();
		assert_ok!(clear(BOB, ids[3]));

		let first = Messages::api_inbox(&BOB, None, None, 2);
		assert_eq!(
			first.messages.iter().map(|m| (m.from, m.counter)).collect::<Vec<_>>(),
			vec![ids[4]],
			"slot 3 was cleared"
		);
		assert_eq!((first.total, first.next_before), (5, Some(3)));
		let second = Messages::api_inbox(&BOB, None, first.next_before, 2);
		assert_eq!(second.messages.iter().map(|m| (m.from, m.counter)).collect::<Vec<_>>(), vec![ids[2], ids[1]]);
		let last = Messages::api_inbox(&BOB, None, second.next_before, 2);
		assert_eq!((last.messages.len(), last.next_before), (1, None));

		let outbox = Messages::api_outbox(&ALICE, None, None, 100);
		assert_eq!(outbox.messages.iter().map(|m| m.outbox_index).collect::<Vec<_>>(), vec![4, 2, 1, 0]);
		assert!(Messages::api_inbox(&CHARLIE, None, None, 10).messages.is_empty());
		assert!(message(ids[3], None).is_none());
	});
}

#[test]
fn a_key_revoked_as_compromised_after_sending_unverifies_the_message() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		MockTrust::trust(BOB, ALICE);
		Timestamp::set_timestamp(START + 5_000);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&key), RevocationReason::Compromised));
		let verdict = message(id, None).expect("stored").verdict;
		assert_eq!(verdict.key_status_at_sending, Some(KeyStatus::Active));
		assert!(verdict.signature_valid);
		assert!(!verdict.verified, "whoever stole the key could have signed it before the revocation");
		assert_eq!(verdict.reasons, vec![Unverified::KeyCompromised]);
	});
}

#[test]
fn a_key_retired_after_sending_keeps_the_message_verified() {
	run(|| {
		let key = add_key(ALICE, 1, Signing, None);
		let id = send(ALICE, BOB, b"hello", &key);
		MockTrust::trust(BOB, ALICE);
		Timestamp::set_timestamp(START + 5_000);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&key), RevocationReason::Retired));
		let verdict = message(id, None).expect("stored").verdict;
		assert!(verdict.verified && verdict.reasons.is_empty(), "{verdict:?}");
	});
}

#[test]
fn a_page_searches_trust_once_per_sender() {
	run(|| {
		let alice = add_key(ALICE, 1, Signing, None);
		let charlie = add_key(CHARLIE, 3, Signing, None);
		for n in 0..10u8 {
			send(ALICE, BOB, &[n], &alice);
			send(CHARLIE, BOB, &[n], &charlie);
		}
		MockTrust::trust(BOB, ALICE);
		MockTrust::take_searches();
		// A caller-chosen reader, and the recipient as reader: either way one search per sender.
		let page = Messages::api_inbox(&BOB, Some(&CHARLIE), None, 100);
		assert_eq!((page.messages.len(), MockTrust::take_searches()), (20, 2));
		let page = Messages::api_inbox(&BOB, None, None, 100);
		assert_eq!((page.messages.len(), MockTrust::take_searches()), (20, 2));
		// The cached answer is each sender's own: Alice's messages verified for Bob, Charlie's not.
		assert!(page.messages.iter().all(|m| m.verdict.verified == (m.from == ALICE)));
	});
}

#[test]
fn a_page_ends_at_its_bound_of_trust_searches_and_the_next_page_goes_on() {
	run(|| {
		let senders = [ALICE, CHARLIE, 5, 6, 7, 8];
		for who in senders {
			if who > POOR {
				register(who);
			}
			let key = add_key(who, who as u8, Signing, None);
			send(who, BOB, b"hi", &key);
			send(who, BOB, b"again", &key);
		}
		MockTrust::take_searches();
		let mut before = None;
		let mut seen = Vec::new();
		let mut pages = 0;
		loop {
			let page = Messages::api_inbox(&BOB, Some(&ALICE), before, 100);
			assert!(MockTrust::take_searches() <= MAX_TRUST_SEARCHES, "one page searched more than its bound");
			assert!(!page.messages.is_empty(), "every page moves on");
			seen.extend(page.messages.iter().map(|m| m.inbox_index));
			pages += 1;
			match page.next_before {
				Some(next) => before = Some(next),
				None => break,
			}
		}
		// Every message was read exactly once, newest first, over two pages: four senders', then two senders'.
		assert_eq!(seen, (0..12).rev().collect::<Vec<u64>>());
		assert_eq!(pages, 2);
	});
}
