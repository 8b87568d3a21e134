//! What the runtime API reports for a document.

use super::*;
use pallet_documents_runtime_api::{AgreementState, SignatureStatus};
use sigil_primitives::{KeyStatus, RevocationReason};

#[test]
fn the_report_names_valid_signers_and_leaves_out_the_rest() {
	run(|| {
		assert_ok!(try_attest(ALICE, doc(1)));
		assert_ok!(try_attest(BOB, doc(1)));
		assert_ok!(Documents::revoke_attestation(RuntimeOrigin::signed(BOB), doc(1), b"withdrawn".to_vec()));
		let complete = create(doc(1), &[CHARLIE], 10);
		assert_ok!(try_sign(CHARLIE, complete));
		let pending = create(doc(1), &[5, ALICE], 10);
		assert_ok!(try_sign(5, pending));

		let report = Documents::api_verify(doc(1));
		assert_eq!(report.signed_by, vec![ALICE, CHARLIE]);
		let bob = report.attestations.iter().find(|a| a.signer == BOB).expect("Bob's attestation");
		assert!(!bob.valid && bob.signature.signature_valid);
		assert_eq!(bob.revocation.as_ref().map(|r| r.reason.clone()), Some(b"withdrawn".to_vec()));
		assert_eq!(report.agreements.len(), 2);
		assert!(report.agreements[0].valid);
		assert_eq!(report.agreements[1].state, AgreementState::Pending);
		assert!(!report.agreements[1].valid);
		assert_eq!(report.agreements[1].signers[1].signature, None, "Alice has not signed");
		assert!(Documents::api_verify(doc(9)).signed_by.is_empty());
	});
}

#[test]
fn a_key_superseded_after_signing_keeps_the_signature_valid_and_says_so() {
	run(|| {
		assert_ok!(try_attest(ALICE, doc(1)));
		Timestamp::set_timestamp(START + 50);
		assert_ok!(KeyRing::revoke_key(
			RuntimeOrigin::signed(ALICE),
			key_id(&key(ALICE)),
			RevocationReason::Superseded
		));
		let report = Documents::api_verify(doc(1));
		let alice = &report.attestations[0];
		assert!(alice.valid);
		assert_eq!(alice.signature.key_status_at_signing, Some(KeyStatus::Active));
		assert_eq!(
			alice.signature.key_status_now,
			Some(KeyStatus::Revoked { revoked_at: START + 50, reason: RevocationReason::Superseded })
		);
		assert_eq!(alice.signature.status, SignatureStatus::Valid);
		assert_eq!(report.signed_by, vec![ALICE]);
	});
}

#[test]
fn a_key_retired_after_signing_keeps_the_agreement_valid() {
	run(|| {
		let id = create(doc(1), &[ALICE], 10);
		assert_ok!(try_sign(ALICE, id));
		Timestamp::set_timestamp(START + 50);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&key(ALICE)), RevocationReason::Retired));
		assert!(Documents::api_agreement(id).is_some_and(|a| a.valid));
		assert_eq!(Documents::api_verify(doc(1)).signed_by, vec![ALICE]);
	});
}

#[test]
fn a_signer_cannot_disown_an_agreement_by_revoking_its_key_in_the_same_block() {
	run(|| {
		let id = create(doc(1), &[ALICE], 10);
		assert_ok!(try_sign(ALICE, id));
		// The revocation carries the signature's own timestamp; the chain accepted the signature before it.
		assert_ok!(KeyRing::revoke_key(
			RuntimeOrigin::signed(ALICE),
			key_id(&key(ALICE)),
			RevocationReason::Superseded
		));
		let agreement = Documents::api_agreement(id).expect("exists");
		let signature = agreement.signers[0].signature.as_ref().expect("signed");
		assert_eq!(signature.key_status_at_signing, Some(KeyStatus::Active));
		assert_eq!(signature.status, SignatureStatus::Valid);
		assert!(agreement.valid);
	});
}

#[test]
fn one_agreement_by_id() {
	run(|| {
		let id = create(doc(1), &[BOB], 10);
		let agreement = Documents::api_agreement(id).expect("exists");
		assert_eq!((agreement.creator, agreement.deadline, agreement.state), (ALICE, 10, AgreementState::Pending));
		assert!(Documents::api_agreement(id + 1).is_none());
	});
}

#[test]
fn a_key_revoked_as_compromised_after_signing_makes_its_signatures_invalid() {
	run(|| {
		assert_ok!(try_attest(ALICE, doc(1)));
		let id = create(doc(2), &[ALICE, BOB], 10);
		assert_ok!(try_sign(ALICE, id));
		assert_ok!(try_sign(BOB, id));
		assert_ok!(try_attest(BOB, doc(1)));
		Timestamp::set_timestamp(START + 50);
		assert_ok!(KeyRing::revoke_key(
			RuntimeOrigin::signed(ALICE),
			key_id(&key(ALICE)),
			RevocationReason::Compromised
		));
		// Whoever stole the key could have made these signatures before the revocation.
		let report = Documents::api_verify(doc(1));
		let alice = report.attestations.iter().find(|a| a.signer == ALICE).expect("Alice's attestation");
		assert!(alice.signature.signature_valid && !alice.valid);
		assert_eq!(alice.signature.status, SignatureStatus::KeyCompromised { revoked_at: START + 50 });
		assert_eq!(alice.signature.key_status_at_signing, Some(KeyStatus::Active));
		assert_eq!(report.signed_by, vec![BOB], "Bob's own attestation stands");
		let agreement = Documents::api_agreement(id).expect("exists");
		assert!(!agreement.valid);
		let statuses: Vec<_> =
			agreement.signers.iter().filter_map(|s| s.signature.as_ref().map(|sig| sig.status)).collect();
		assert_eq!(statuses, vec![SignatureStatus::KeyCompromised { revoked_at: START + 50 }, SignatureStatus::Valid]);
		assert!(Documents::api_verify(doc(2)).signed_by.is_empty());
	});
}
