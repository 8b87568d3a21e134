//! Attestations and their revocation.

use super::*;
use crate::{Attestations, Error, Event};
use frame_support::assert_noop;
use sigil_primitives::RevocationReason;

#[test]
fn an_attestation_records_signer_key_and_time() {
	run(|| {
		let before = held(ALICE);
		assert_ok!(try_attest(ALICE, doc(1)));
		System::assert_last_event(
			Event::DocumentAttested {
				document_hash: doc(1),
				signer: ALICE,
				key_id: key_id(&key(ALICE)),
				signed_at: START,
			}
			.into(),
		);
		let attestation = Attestations::<Test>::get(doc(1), ALICE).expect("stored");
		assert_eq!((attestation.signature.signed_at, attestation.signature.block), (START, 1));
		assert_eq!(held(ALICE) - before, ATTESTATION_DEPOSIT);
	});
}

#[test]
fn attesting_twice_is_refused_even_after_revocation() {
	run(|| {
		assert_ok!(try_attest(ALICE, doc(1)));
		assert_noop!(try_attest(ALICE, doc(1)), Error::<Test>::AlreadyAttested);
		assert_ok!(Documents::revoke_attestation(RuntimeOrigin::signed(ALICE), doc(1), b"mistake".to_vec()));
		assert_noop!(try_attest(ALICE, doc(1)), Error::<Test>::AlreadyAttested);
		// Another document is fine.
		assert_ok!(try_attest(ALICE, doc(2)));
	});
}

/// Anyone may attest a document hash they read from the transaction pool; however many do, the document's own
/// signers can still attest it.
#[test]
fn strangers_cannot_use_up_a_documents_attestations() {
	run(|| {
		for stranger in [BOB, CHARLIE, 5] {
			assert_ok!(try_attest(stranger, doc(1)));
		}
		assert_ok!(try_attest(ALICE, doc(1)));
		assert_eq!(Attestations::<Test>::iter_prefix(doc(1)).count(), 4);
	});
}

#[test]
fn the_attester_needs_an_identity_and_the_deposit() {
	run(|| {
		assert_noop!(try_attest(NOBODY, doc(1)), Error::<Test>::NotRegistered);
		assert_noop!(try_attest(POOR, doc(1)), Error::<Test>::InsufficientBalance);
	});
}

#[test]
fn only_the_signers_active_key_over_this_document_counts() {
	run(|| {
		let alice = key(ALICE);
		let attest = |pair: &ed25519::Pair, signature| {
			Documents::attest(RuntimeOrigin::signed(ALICE), doc(1), key_id(pair), signature)
		};
		// Signed for another document, or for an agreement instead of an attestation.
		assert_noop!(
			attest(&alice, sign(&alice, ALICE, doc(2), SigningContext::Attestation)),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			attest(&alice, sign(&alice, ALICE, doc(1), SigningContext::Agreement(0))),
			Error::<Test>::BadSignature
		);
		// Bob's key, an encryption key, an unknown key.
		let bob = key(BOB);
		assert_noop!(attest(&bob, sign(&bob, ALICE, doc(1), SigningContext::Attestation)), Error::<Test>::NotKeyOwner);
		let encryption = add_key(ALICE, 40, KeyPurpose::Encryption, None);
		assert_noop!(
			attest(&encryption, sign(&encryption, ALICE, doc(1), SigningContext::Attestation)),
			Error::<Test>::NotSigningKey
		);
		let unknown = ed25519::Pair::from_seed(&[41; 32]);
		assert_noop!(
			attest(&unknown, sign(&unknown, ALICE, doc(1), SigningContext::Attestation)),
			Error::<Test>::UnknownKey
		);
		// A revoked key and an expired key.
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&alice), RevocationReason::Compromised));
		assert_noop!(
			attest(&alice, sign(&alice, ALICE, doc(1), SigningContext::Attestation)),
			Error::<Test>::RevokedKey
		);
		let expiring = add_key(ALICE, 42, KeyPurpose::Signing, Some(START + 10));
		Timestamp::set_timestamp(START + 10);
		assert_noop!(
			attest(&expiring, sign(&expiring, ALICE, doc(1), SigningContext::Attestation)),
			Error::<Test>::ExpiredKey
		);
	});
}

#[test]
fn a_revocation_is_recorded_with_its_reason() {
	run(|| {
		assert_ok!(try_attest(ALICE, doc(1)));
		Timestamp::set_timestamp(START + 7);
		assert_ok!(Documents::revoke_attestation(RuntimeOrigin::signed(ALICE), doc(1), b"superseded".to_vec()));
		System::assert_last_event(
			Event::AttestationRevoked { document_hash: doc(1), signer: ALICE, reason: b"superseded".to_vec() }.into(),
		);
		let revocation = Attestations::<Test>::get(doc(1), ALICE).and_then(|a| a.revocation).expect("recorded");
		assert_eq!((revocation.revoked_at, revocation.reason.to_vec()), (START + 7, b"superseded".to_vec()));
	});
}

#[test]
fn revocation_errors_are_named() {
	run(|| {
		assert_noop!(
			Documents::revoke_attestation(RuntimeOrigin::signed(ALICE), doc(1), Vec::new()),
			Error::<Test>::UnknownAttestation
		);
		assert_ok!(try_attest(ALICE, doc(1)));
		assert_noop!(
			Documents::revoke_attestation(RuntimeOrigin::signed(ALICE), doc(1), vec![b'x'; MAX_REASON as usize + 1]),
			Error::<Test>::ReasonTooLong
		);
		assert_ok!(Documents::revoke_attestation(RuntimeOrigin::signed(ALICE), doc(1), Vec::new()));
		assert_noop!(
			Documents::revoke_attestation(RuntimeOrigin::signed(ALICE), doc(1), Vec::new()),
			Error::<Test>::AlreadyRevoked
		);
	});
}
