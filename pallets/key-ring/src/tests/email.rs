//! Email hashes: holders, pending claims, verification by a verifier, and its withdrawal.

use super::*;
use crate::{Error, Event};
use frame_support::{assert_noop, assert_ok};
use pallet_key_ring_runtime_api::EmailClaimInfo;
use sigil_primitives::KeyRing as _;
use sp_runtime::DispatchError;

#[test]
fn a_verifier_verifies_an_identitys_email_hash() {
	run(|| {
		register(ALICE, "Alice", 1);
		assert_eq!(holder(1), Some((ALICE, None)));
		assert_ok!(KeyRing::verify_email(RuntimeOrigin::signed(VERIFIER), ALICE, email(1)));
		System::assert_last_event(Event::EmailVerified { who: ALICE, email_hash: email(1), verifier: VERIFIER }.into());
		assert_eq!(holder(1), Some((ALICE, Some(VERIFIER))));
		assert_eq!(
			KeyRing::api_email_claim(&email(1)),
			Some(EmailClaimInfo { account: ALICE, verified_by: Some(VERIFIER) })
		);
		assert_eq!(KeyRing::api_email_claim(&email(2)), None);
	});
}

/// Bob squats Alice's address first; Alice's claim is pending until a verifier verifies it, which drops Bob's.
#[test]
fn a_squatter_cannot_block_the_addresss_owner() {
	run(|| {
		register(BOB, "Squatter", 1);
		register(ALICE, "Alice", 1);
		assert_eq!(KeyRing::account_by_email_hash(&email(1)), Some(BOB));

		verify(ALICE, 1);
		System::assert_has_event(
			Event::EmailClaimDropped { who: BOB, email_hash: email(1), verified_for: ALICE }.into(),
		);
		System::assert_last_event(Event::EmailVerified { who: ALICE, email_hash: email(1), verifier: VERIFIER }.into());
		assert_eq!(holder(1), Some((ALICE, Some(VERIFIER))));
		assert_eq!(KeyRing::identity(&BOB).and_then(|identity| identity.email_hash), None);
		assert!(KeyRing::has_identity(&BOB));

		// Bob cannot take it back, but may claim another hash.
		assert_noop!(KeyRing::update(RuntimeOrigin::signed(BOB), None, Some(email(1))), Error::<Test>::EmailHashTaken);
		assert_ok!(KeyRing::update(RuntimeOrigin::signed(BOB), None, Some(email(2))));
		assert_eq!(holder(2), Some((BOB, None)));
	});
}

#[test]
fn verify_email_errors() {
	run(|| {
		register(ALICE, "Alice", 1);
		assert_noop!(KeyRing::verify_email(RuntimeOrigin::signed(BOB), ALICE, email(1)), DispatchError::BadOrigin);
		assert_noop!(
			KeyRing::verify_email(RuntimeOrigin::signed(VERIFIER), BOB, email(2)),
			Error::<Test>::NotRegistered
		);
		assert_noop!(
			KeyRing::verify_email(RuntimeOrigin::signed(VERIFIER), ALICE, email(2)),
			Error::<Test>::EmailHashMismatch
		);
		// A verifier cannot vouch for itself.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), VERIFIER, 1_000));
		register(VERIFIER, "Verifier", 9);
		assert_noop!(
			KeyRing::verify_email(RuntimeOrigin::signed(VERIFIER), VERIFIER, email(9)),
			Error::<Test>::SelfVerification
		);
		// Bob's claim is pending behind Alice's; once Alice's is verified, Bob's cannot be.
		register(BOB, "Bob", 1);
		verify(ALICE, 1);
		assert_noop!(
			KeyRing::verify_email(RuntimeOrigin::signed(VERIFIER), ALICE, email(1)),
			Error::<Test>::AlreadyVerified
		);
		assert_noop!(
			KeyRing::verify_email(RuntimeOrigin::signed(OTHER_VERIFIER), BOB, email(1)),
			Error::<Test>::EmailHashTaken
		);
	});
}

/// A verifier checks the address it was shown; if the identity changed its hash since, the verification fails.
#[test]
fn a_stale_claim_cannot_be_verified() {
	run(|| {
		register(ALICE, "Alice", 1);
		assert_ok!(KeyRing::update(RuntimeOrigin::signed(ALICE), None, Some(email(2))));
		assert_noop!(
			KeyRing::verify_email(RuntimeOrigin::signed(VERIFIER), ALICE, email(1)),
			Error::<Test>::EmailHashMismatch
		);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		assert_noop!(
			KeyRing::verify_email(RuntimeOrigin::signed(VERIFIER), ALICE, email(2)),
			Error::<Test>::NotRegistered
		);
	});
}

#[test]
fn changing_the_email_hash_drops_the_verification_and_a_new_name_keeps_it() {
	run(|| {
		register(ALICE, "Alice", 1);
		verify(ALICE, 1);
		assert_ok!(KeyRing::update(RuntimeOrigin::signed(ALICE), Some(b"Alice B".to_vec()), None));
		assert_eq!(holder(1), Some((ALICE, Some(VERIFIER))));
		assert_ok!(KeyRing::update(RuntimeOrigin::signed(ALICE), None, Some(email(2))));
		assert_eq!(holder(1), None);
		assert_eq!(holder(2), Some((ALICE, None)));
		// Coming back to the old hash does not bring the verification back.
		assert_ok!(KeyRing::update(RuntimeOrigin::signed(ALICE), None, Some(email(1))));
		assert_eq!(holder(1), Some((ALICE, None)));
	});
}

#[test]
fn any_verifier_may_withdraw_a_verification() {
	run(|| {
		register(ALICE, "Alice", 1);
		verify(ALICE, 1);
		assert_ok!(KeyRing::withdraw_email_verification(RuntimeOrigin::signed(OTHER_VERIFIER), ALICE, email(1)));
		System::assert_last_event(
			Event::EmailVerificationWithdrawn { who: ALICE, email_hash: email(1), verifier: OTHER_VERIFIER }.into(),
		);
		assert_eq!(holder(1), Some((ALICE, None)));
		// Alice holds it unverified again: a verified claim by Bob now displaces her.
		register(BOB, "Bob", 1);
		verify(BOB, 1);
		assert_eq!(holder(1), Some((BOB, Some(VERIFIER))));
		assert_eq!(KeyRing::identity(&ALICE).and_then(|identity| identity.email_hash), None);
	});
}

#[test]
fn withdraw_email_verification_errors() {
	run(|| {
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		assert_noop!(
			KeyRing::withdraw_email_verification(RuntimeOrigin::signed(VERIFIER), ALICE, email(1)),
			Error::<Test>::NotVerified
		);
		verify(ALICE, 1);
		assert_noop!(
			KeyRing::withdraw_email_verification(RuntimeOrigin::signed(ALICE), ALICE, email(1)),
			DispatchError::BadOrigin
		);
		// The hash is verified, but for Alice, not Bob; and an unknown hash has nobody's verification.
		assert_noop!(
			KeyRing::withdraw_email_verification(RuntimeOrigin::signed(VERIFIER), BOB, email(1)),
			Error::<Test>::NotVerified
		);
		assert_noop!(
			KeyRing::withdraw_email_verification(RuntimeOrigin::signed(VERIFIER), ALICE, email(3)),
			Error::<Test>::NotVerified
		);
	});
}

/// A pending claim whose holder let go of the hash becomes the holder by claiming it again, without a verifier.
#[test]
fn a_pending_claim_takes_a_hash_its_holder_let_go_of() {
	run(|| {
		register(BOB, "Bob", 1);
		register(ALICE, "Alice", 1);
		assert_noop!(KeyRing::update(RuntimeOrigin::signed(ALICE), None, Some(email(1))), Error::<Test>::NoChange);
		// A pending claimant forgetting its identity leaves the holder alone.
		let carol = 4;
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), carol, 1_000));
		register(carol, "Carol", 1);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(carol)));
		assert_eq!(holder(1), Some((BOB, None)));

		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(BOB)));
		assert_eq!(holder(1), None);
		assert_ok!(KeyRing::update(RuntimeOrigin::signed(ALICE), None, Some(email(1))));
		System::assert_last_event(
			Event::IdentityUpdated { who: ALICE, display_name_changed: false, email_hash: Some(email(1)) }.into(),
		);
		assert_eq!(holder(1), Some((ALICE, None)));
	});
}
