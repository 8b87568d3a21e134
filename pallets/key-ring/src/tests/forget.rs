//! Forgetting an identity: personal fields erased, keys revoked, deposits returned, history kept.

use super::*;
use crate::{Error, Event, IdentityStatus, Keys};
use frame_support::{assert_noop, assert_ok};
use sigil_primitives::{KeyRing as _, KeyStatus, RevocationReason};

#[test]
fn forget_erases_personal_fields_revokes_keys_and_returns_deposits() {
	run(|| {
		register(ALICE, "Alice", 1);
		let a = TestPair::ed(1);
		let b = TestPair::sr(2);
		add_key(ALICE, &a, KeyPurpose::Signing, None);
		add_key(ALICE, &b, KeyPurpose::Encryption, None);
		assert_ok!(KeyRing::revoke_key(
			RuntimeOrigin::signed(ALICE),
			a.public().key_id(),
			RevocationReason::Superseded
		));
		Timestamp::set_timestamp(START + 1_000);

		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		System::assert_last_event(Event::IdentityForgotten { who: ALICE, keys_revoked: 1 }.into());
		System::assert_has_event(
			Event::KeyRevoked {
				who: ALICE,
				key_id: b.public().key_id(),
				reason: RevocationReason::Retired,
				revoked_at: START + 1_000,
			}
			.into(),
		);

		let identity = KeyRing::identity(&ALICE).expect("tombstone kept");
		assert!(identity.display_name.is_empty());
		assert_eq!(identity.email_hash, None);
		assert_eq!(identity.status, IdentityStatus::Forgotten { at: START + 1_000 });
		assert_eq!(held(ALICE), 0);
		assert!(!KeyRing::has_identity(&ALICE));
		assert_eq!(KeyRing::account_by_email_hash(&email(1)), None);

		// History stays: a signature made while the key was active is still reported as such.
		assert_eq!(KeyRing::status_at(&b.public().key_id(), START + 999), Some(KeyStatus::Active));
		assert!(Keys::<Test>::contains_key(a.public().key_id()));
	});
}

#[test]
fn the_email_hash_is_free_for_others_at_once() {
	run(|| {
		register(ALICE, "Alice", 1);
		verify(ALICE, 1);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		// The verification went with the entry: Bob claims the hash, unverified.
		register(BOB, "Bob", 1);
		assert_eq!(holder(1), Some((BOB, None)));
	});
}

#[test]
fn the_owner_may_come_back_with_the_same_email_at_once() {
	run(|| {
		register(ALICE, "Alice", 1);
		let old_key = TestPair::ed(1);
		add_key(ALICE, &old_key, KeyPurpose::Signing, None);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		register(ALICE, "Alice again", 1);
		let identity = KeyRing::identity(&ALICE).expect("registered");
		assert_eq!(identity.status, IdentityStatus::Active);
		assert_eq!(identity.live_keys, 0);
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT);
		// The old key stays revoked; new keys can be added.
		add_key(ALICE, &TestPair::ed(2), KeyPurpose::Signing, None);
		assert_eq!(KeyRing::keys_of(&ALICE).len(), 2);
	});
}

#[test]
fn forget_errors() {
	run(|| {
		assert_noop!(KeyRing::forget(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotRegistered);
		register(ALICE, "Alice", 1);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		assert_noop!(KeyRing::forget(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotRegistered);
	});
}

/// `forget` erases the email hash: no entry links it to the account any more.
#[test]
fn forget_erases_the_email_hash_entry() {
	run(|| {
		register(ALICE, "Alice", 1);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		assert!(!crate::EmailHashOwners::<Test>::contains_key(email(1)));
	});
}
