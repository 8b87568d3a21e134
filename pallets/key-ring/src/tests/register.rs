//! Registering and updating identities.

use super::*;
use crate::{Error, Event, IdentityStatus};
use frame_support::{assert_noop, assert_ok};

#[test]
fn register_holds_a_deposit_and_claims_the_email_hash() {
	run(|| {
		assert_ok!(KeyRing::register(RuntimeOrigin::signed(ALICE), b"Alice".to_vec(), email(1)));
		System::assert_last_event(Event::IdentityRegistered { who: ALICE, email_hash: email(1) }.into());
		let identity = KeyRing::identity(&ALICE).expect("registered");
		assert_eq!(identity.display_name.to_vec(), b"Alice".to_vec());
		assert_eq!(identity.email_hash, Some(email(1)));
		assert_eq!(identity.registered_at, START);
		assert_eq!(identity.status, IdentityStatus::Active);
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT);
		assert_eq!(KeyRing::account_by_email_hash(&email(1)), Some(ALICE));
	});
}

#[test]
fn one_identity_per_account() {
	run(|| {
		register(ALICE, "Alice", 1);
		assert_noop!(
			KeyRing::register(RuntimeOrigin::signed(ALICE), b"Again".to_vec(), email(2)),
			Error::<Test>::AlreadyRegistered
		);
	});
}

#[test]
fn one_holder_per_email_hash() {
	run(|| {
		register(ALICE, "Alice", 1);
		// Bob may claim the hash Alice holds unverified, but Alice stays its holder: the claim is pending.
		assert_ok!(KeyRing::register(RuntimeOrigin::signed(BOB), b"Bob".to_vec(), email(1)));
		System::assert_last_event(Event::EmailClaimPending { who: BOB, email_hash: email(1), holder: ALICE }.into());
		assert_eq!(KeyRing::account_by_email_hash(&email(1)), Some(ALICE));
		assert_eq!(KeyRing::identity(&BOB).and_then(|identity| identity.email_hash), Some(email(1)));
		// Once verified for Alice, nobody else can claim it.
		verify(ALICE, 1);
		assert_noop!(
			KeyRing::register(RuntimeOrigin::signed(POOR), b"Poor".to_vec(), email(1)),
			Error::<Test>::EmailHashTaken
		);
	});
}

#[test]
fn names_must_be_non_empty_and_bounded() {
	run(|| {
		assert_noop!(KeyRing::register(RuntimeOrigin::signed(ALICE), vec![], email(1)), Error::<Test>::NameEmpty);
		assert_noop!(
			KeyRing::register(RuntimeOrigin::signed(ALICE), vec![b'x'; MAX_NAME as usize + 1], email(1)),
			Error::<Test>::NameTooLong
		);
		assert_ok!(KeyRing::register(RuntimeOrigin::signed(ALICE), vec![b'x'; MAX_NAME as usize], email(1)));
	});
}

#[test]
fn register_needs_the_deposit() {
	run(|| {
		assert_noop!(
			KeyRing::register(RuntimeOrigin::signed(POOR), b"Poor".to_vec(), email(3)),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn update_changes_name_and_email_and_frees_the_old_email() {
	run(|| {
		register(ALICE, "Alice", 1);
		assert_ok!(KeyRing::update(RuntimeOrigin::signed(ALICE), Some(b"Alice B".to_vec()), Some(email(2))));
		System::assert_last_event(
			Event::IdentityUpdated { who: ALICE, display_name_changed: true, email_hash: Some(email(2)) }.into(),
		);
		let identity = KeyRing::identity(&ALICE).expect("registered");
		assert_eq!(identity.display_name.to_vec(), b"Alice B".to_vec());
		assert_eq!(KeyRing::account_by_email_hash(&email(2)), Some(ALICE));
		assert_eq!(KeyRing::account_by_email_hash(&email(1)), None);
		assert!(!crate::EmailHashOwners::<Test>::contains_key(email(1)));
		// The old hash is free for others at once.
		register(BOB, "Bob", 1);
		assert_eq!(KeyRing::account_by_email_hash(&email(1)), Some(BOB));
	});
}

#[test]
fn update_only_the_name() {
	run(|| {
		register(ALICE, "Alice", 1);
		assert_ok!(KeyRing::update(RuntimeOrigin::signed(ALICE), Some(b"Al".to_vec()), None));
		System::assert_last_event(
			Event::IdentityUpdated { who: ALICE, display_name_changed: true, email_hash: None }.into(),
		);
		assert_eq!(KeyRing::account_by_email_hash(&email(1)), Some(ALICE));
	});
}

#[test]
fn update_errors() {
	run(|| {
		assert_noop!(
			KeyRing::update(RuntimeOrigin::signed(ALICE), Some(b"A".to_vec()), None),
			Error::<Test>::NotRegistered
		);
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		assert_noop!(KeyRing::update(RuntimeOrigin::signed(ALICE), None, None), Error::<Test>::NoChange);
		assert_noop!(
			KeyRing::update(RuntimeOrigin::signed(ALICE), Some(b"Alice".to_vec()), Some(email(1))),
			Error::<Test>::NoChange
		);
		assert_noop!(KeyRing::update(RuntimeOrigin::signed(ALICE), Some(vec![]), None), Error::<Test>::NameEmpty);
		assert_noop!(
			KeyRing::update(RuntimeOrigin::signed(ALICE), Some(vec![b'x'; MAX_NAME as usize + 1]), None),
			Error::<Test>::NameTooLong
		);
		verify(BOB, 2);
		assert_noop!(
			KeyRing::update(RuntimeOrigin::signed(ALICE), None, Some(email(2))),
			Error::<Test>::EmailHashTaken
		);
	});
}

/// An identity holds one email hash entry at a time: cycling `update` through new hashes reserves none of them.
#[test]
fn cycling_update_keeps_one_email_entry_per_identity() {
	run(|| {
		register(ALICE, "Alice", 1);
		for byte in 2..=20 {
			assert_ok!(KeyRing::update(RuntimeOrigin::signed(ALICE), None, Some(email(byte))));
		}
		assert_eq!(crate::EmailHashOwners::<Test>::iter().count(), 1);
		assert_eq!(KeyRing::account_by_email_hash(&email(20)), Some(ALICE));
	});
}
