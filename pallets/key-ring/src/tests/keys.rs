//! Adding keys to a ring: proof of possession, uniqueness, bounds, deposits, and the `KeyRing` trait.

use super::*;
use crate::{Error, Event, Keys, KeysOf};
use frame_support::{assert_noop, assert_ok};
use sigil_primitives::{KeyCheckError, KeyRing as _, KeyStatus, RevocationReason};

#[test]
fn add_keys_of_every_scheme_with_valid_proofs() {
	run(|| {
		register(ALICE, "Alice", 1);
		for pair in [TestPair::ed(1), TestPair::sr(2), TestPair::ec(3)] {
			let public = pair.public();
			assert_ok!(try_add_own_key(ALICE, &pair, KeyPurpose::Signing, None));
			System::assert_last_event(
				Event::KeyAdded {
					who: ALICE,
					key_id: public.key_id(),
					short_id: public.short_id(),
					public: public.clone(),
					purpose: KeyPurpose::Signing,
					expires_at: None,
				}
				.into(),
			);
			let record = Keys::<Test>::get(public.key_id()).expect("stored");
			assert_eq!(record.owner, ALICE);
			assert_eq!(record.lifetime.added_at, START);
			assert_eq!(KeyRing::key_id_of_short(&public.short_id()), Some(public.key_id()));
		}
		assert_eq!(KeysOf::<Test>::get(ALICE).len(), 3);
		assert_eq!(KeyRing::identity(&ALICE).expect("registered").live_keys, 3);
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT + 3 * KEY_DEPOSIT);
	});
}

#[test]
fn a_proof_over_the_wallet_wrapped_payload_is_accepted() {
	run(|| {
		register(ALICE, "Alice", 1);
		let pair = TestPair::sr(7);
		let payload =
			KeyPossessionPayload::new(KeyRing::genesis_hash(), ALICE, KeyPurpose::Encryption, pair.public().key_id());
		let proof = pair.sign(&sigil_primitives::key_ring::wrap_bytes(&payload.encode()));
		assert_ok!(try_add_key(ALICE, &pair, KeyPurpose::Encryption, None, proof));
	});
}

#[test]
fn nobody_can_bind_someone_elses_key() {
	run(|| {
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		let alices_key = TestPair::ed(1);
		// Bob presents Alice's key with a proof Alice made for herself: it does not cover Bob's account.
		assert_noop!(
			try_add_key(BOB, &alices_key, KeyPurpose::Signing, None, alices_key.proof(ALICE, KeyPurpose::Signing),),
			Error::<Test>::BadProof
		);
		// A proof by another key, or for another purpose, or of another scheme, fails too.
		let other = TestPair::ed(2);
		for proof in [
			other.proof(ALICE, KeyPurpose::Signing),
			alices_key.proof(ALICE, KeyPurpose::Encryption),
			TestPair::sr(1).proof(ALICE, KeyPurpose::Signing),
		] {
			assert_noop!(try_add_key(ALICE, &alices_key, KeyPurpose::Signing, None, proof), Error::<Test>::BadProof);
		}
	});
}

#[test]
fn a_key_joins_only_one_ring() {
	run(|| {
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		let pair = TestPair::sr(1);
		add_key(ALICE, &pair, KeyPurpose::Signing, None);
		assert_noop!(try_add_own_key(ALICE, &pair, KeyPurpose::Signing, None), Error::<Test>::KeyAlreadyRegistered);
		assert_noop!(try_add_own_key(BOB, &pair, KeyPurpose::Signing, None), Error::<Test>::KeyAlreadyRegistered);
	});
}

#[test]
fn a_short_id_collision_is_refused() {
	run(|| {
		register(ALICE, "Alice", 1);
		let pair = TestPair::ed(9);
		// Another key already took this short id (a 64-bit collision cannot be found by search in a test).
		crate::ShortKeyIds::<Test>::insert(pair.public().short_id(), sp_core::H256::repeat_byte(0xee));
		assert_noop!(try_add_own_key(ALICE, &pair, KeyPurpose::Signing, None), Error::<Test>::ShortIdTaken);
		crate::ShortKeyIds::<Test>::remove(pair.public().short_id());
	});
}

#[test]
fn add_key_errors() {
	run(|| {
		let pair = TestPair::ed(1);
		assert_noop!(try_add_own_key(ALICE, &pair, KeyPurpose::Signing, None), Error::<Test>::NotRegistered);
		register(ALICE, "Alice", 1);
		for expiry in [START - 1, START] {
			assert_noop!(try_add_own_key(ALICE, &pair, KeyPurpose::Signing, Some(expiry)), Error::<Test>::ExpiryInPast);
		}
	});
}

#[test]
fn live_keys_and_history_are_bounded() {
	run(|| {
		register(ALICE, "Alice", 1);
		for seed in 0..MAX_LIVE_KEYS as u8 {
			add_key(ALICE, &TestPair::ed(seed), KeyPurpose::Signing, None);
		}
		let extra = TestPair::ed(100);
		assert_noop!(try_add_own_key(ALICE, &extra, KeyPurpose::Signing, None), Error::<Test>::TooManyKeys);
		// Revoking makes room for live keys, but the history still fills up.
		let first_live = || {
			KeysOf::<Test>::get(ALICE)
				.into_iter()
				.find(|id| Keys::<Test>::get(id).is_some_and(|key| key.lifetime.revoked.is_none()))
				.expect("a live key")
		};
		let mut seed = 50u8;
		while (KeysOf::<Test>::get(ALICE).len() as u32) < MAX_HISTORY {
			assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), first_live(), RevocationReason::Retired));
			add_key(ALICE, &TestPair::ed(seed), KeyPurpose::Signing, None);
			seed += 1;
		}
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), first_live(), RevocationReason::Retired));
		assert_noop!(try_add_own_key(ALICE, &extra, KeyPurpose::Signing, None), Error::<Test>::KeyHistoryFull);
	});
}

#[test]
fn add_key_needs_the_deposit() {
	run(|| {
		use frame_support::traits::fungible::Mutate;
		register(ALICE, "Alice", 1);
		// Leave Alice less than a key deposit above the existential deposit.
		let free = Balances::free_balance(ALICE);
		assert_ok!(Balances::burn_from(
			&ALICE,
			free - 5,
			frame_support::traits::tokens::Preservation::Expendable,
			frame_support::traits::tokens::Precision::Exact,
			frame_support::traits::tokens::Fortitude::Polite
		));
		let pair = TestPair::ed(1);
		assert_noop!(try_add_own_key(ALICE, &pair, KeyPurpose::Signing, None), Error::<Test>::InsufficientBalance);
	});
}

#[test]
fn the_key_ring_trait_reports_ownership_and_status_over_time() {
	run(|| {
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		let signing = TestPair::sr(1);
		let encryption = TestPair::ed(2);
		add_key(ALICE, &signing, KeyPurpose::Signing, Some(START + 10_000));
		add_key(ALICE, &encryption, KeyPurpose::Encryption, None);
		let id = signing.public().key_id();
		let message = b"hello";
		let signature = signing.sign(message);

		assert!(KeyRing::has_identity(&ALICE));
		assert!(!KeyRing::has_identity(&POOR));
		assert_eq!(KeyRing::verify_signature(&ALICE, &id, message, &signature, START), Ok(KeyStatus::Active));
		assert_eq!(
			KeyRing::verify_signature(&ALICE, &id, message, &signature, START - 1),
			Ok(KeyStatus::NotYetAdded { added_at: START })
		);
		assert_eq!(
			KeyRing::verify_signature(&ALICE, &id, message, &signature, START + 10_000),
			Ok(KeyStatus::Expired { expired_at: START + 10_000 })
		);
		assert_eq!(KeyRing::verify_signature(&BOB, &id, message, &signature, START), Err(KeyCheckError::NotKeyOwner));
		assert_eq!(
			KeyRing::verify_signature(&ALICE, &id, b"other", &signature, START),
			Err(KeyCheckError::BadSignature)
		);
		let encryption_id = encryption.public().key_id();
		assert_eq!(
			KeyRing::verify_signature(&ALICE, &encryption_id, message, &encryption.sign(message), START),
			Err(KeyCheckError::NotSigningKey)
		);
		assert_eq!(
			KeyRing::verify_signature(&ALICE, &sp_core::H256::zero(), message, &signature, START),
			Err(KeyCheckError::UnknownKey)
		);

		Timestamp::set_timestamp(START + 5_000);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), id, RevocationReason::Compromised));
		// Before the revocation the key was active; from it on, revoked.
		assert_eq!(KeyRing::status_at(&id, START + 4_999), Some(KeyStatus::Active));
		assert_eq!(
			KeyRing::status_at(&id, START + 5_000),
			Some(KeyStatus::Revoked { revoked_at: START + 5_000, reason: RevocationReason::Compromised })
		);
		// Revocation is reported over expiry.
		assert_eq!(
			KeyRing::status_at(&id, START + 20_000),
			Some(KeyStatus::Revoked { revoked_at: START + 5_000, reason: RevocationReason::Compromised })
		);
	});
}
