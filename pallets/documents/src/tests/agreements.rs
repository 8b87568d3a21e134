//! Agreements: creation, signing, completion and expiry.

use super::*;
use crate::{AgreementStatus, Agreements, DocumentAgreements, Error, Event, ExpiryQueue};
use frame_support::assert_noop;
use pallet_documents_runtime_api::AgreementState;

#[test]
fn three_signers_complete_an_agreement_in_order() {
	run(|| {
		let before = held(ALICE);
		let id = create(doc(1), &[ALICE, BOB, CHARLIE], 10);
		assert_eq!(held(ALICE) - before, AGREEMENT_DEPOSIT);
		System::assert_last_event(
			Event::AgreementCreated {
				id,
				document_hash: doc(1),
				creator: ALICE,
				signers: vec![ALICE, BOB, CHARLIE],
				deadline: 10,
			}
			.into(),
		);
		assert_ok!(try_sign(BOB, id));
		assert_ok!(try_sign(ALICE, id));
		assert_eq!(Agreements::<Test>::get(id).map(|a| a.status), Some(AgreementStatus::Pending));
		assert_ok!(try_sign(CHARLIE, id));
		assert_eq!(
			Agreements::<Test>::get(id).map(|a| a.status),
			Some(AgreementStatus::Completed { at: START, block: 1 })
		);
		let signed: Vec<_> = events()
			.into_iter()
			.filter_map(|event| match event {
				RuntimeEvent::Documents(Event::AgreementSigned { signer, signed, required, .. }) => {
					Some((signer, signed, required))
				}
				_ => None,
			})
			.collect();
		assert_eq!(signed, vec![(BOB, 1, 3), (ALICE, 2, 3), (CHARLIE, 3, 3)]);
		System::assert_last_event(Event::AgreementCompleted { id, document_hash: doc(1) }.into());
	});
}

#[test]
fn creation_checks_the_signer_list() {
	run(|| {
		let create =
			|signers: Vec<AccountId>| Documents::create_agreement(RuntimeOrigin::signed(ALICE), doc(1), signers, 10);
		assert_noop!(create(vec![]), Error::<Test>::NoSigners);
		assert_noop!(create(vec![ALICE, BOB, CHARLIE, 5]), Error::<Test>::TooManySigners);
		assert_noop!(create(vec![ALICE, BOB, ALICE]), Error::<Test>::DuplicateSigner);
		assert_noop!(create(vec![ALICE, NOBODY]), Error::<Test>::SignerNotRegistered);
		assert_noop!(
			Documents::create_agreement(RuntimeOrigin::signed(NOBODY), doc(1), vec![ALICE], 10),
			Error::<Test>::NotRegistered
		);
		assert_noop!(
			Documents::create_agreement(RuntimeOrigin::signed(POOR), doc(1), vec![ALICE], 10),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn creation_checks_the_deadline() {
	run(|| {
		let create = |deadline| Documents::create_agreement(RuntimeOrigin::signed(ALICE), doc(1), vec![BOB], deadline);
		assert_noop!(create(1), Error::<Test>::DeadlineInPast);
		assert_noop!(create(1 + MAX_DURATION + 1), Error::<Test>::DeadlineTooFar);
		assert_ok!(create(1 + MAX_DURATION));
	});
}

#[test]
fn expiries_per_block_and_agreements_per_creator_and_document_are_bounded() {
	run(|| {
		create(doc(1), &[BOB], 10);
		create(doc(2), &[BOB], 10);
		assert_noop!(
			Documents::create_agreement(RuntimeOrigin::signed(ALICE), doc(3), vec![BOB], 10),
			Error::<Test>::DeadlineBusy
		);
		let completed = create(doc(1), &[BOB], 11);
		assert_ok!(try_sign(BOB, completed));
		// Alice's two agreements over doc(1), one pending and one completed, fill her slots for it.
		assert_noop!(
			Documents::create_agreement(RuntimeOrigin::signed(ALICE), doc(1), vec![BOB], 12),
			Error::<Test>::TooManyAgreements
		);
		assert_eq!(DocumentAgreements::<Test>::get(doc(1), ALICE).into_inner(), vec![0, 2]);
	});
}

#[test]
fn only_listed_signers_sign_and_only_once() {
	run(|| {
		let id = create(doc(1), &[ALICE, BOB], 10);
		assert_noop!(try_sign(CHARLIE, id), Error::<Test>::NotSigner);
		assert_ok!(try_sign(BOB, id));
		assert_noop!(try_sign(BOB, id), Error::<Test>::AlreadySigned);
		assert_noop!(try_sign(BOB, 77), Error::<Test>::UnknownAgreement);
	});
}

#[test]
fn a_signature_for_anything_else_is_refused() {
	run(|| {
		let id = create(doc(1), &[ALICE, BOB], 10);
		let other = create(doc(1), &[ALICE, BOB], 11);
		let bob = key(BOB);
		let sign_with = |signature| Documents::sign_agreement(RuntimeOrigin::signed(BOB), id, key_id(&bob), signature);
		assert_noop!(sign_with(sign(&bob, BOB, doc(1), SigningContext::Agreement(other))), Error::<Test>::BadSignature);
		assert_noop!(sign_with(sign(&bob, BOB, doc(1), SigningContext::Attestation)), Error::<Test>::BadSignature);
		assert_noop!(sign_with(sign(&bob, BOB, doc(2), SigningContext::Agreement(id))), Error::<Test>::BadSignature);
		assert_noop!(sign_with(sign(&bob, ALICE, doc(1), SigningContext::Agreement(id))), Error::<Test>::BadSignature);
	});
}

#[test]
fn signatures_count_up_to_the_deadline_block_and_not_after() {
	run(|| {
		let id = create(doc(1), &[ALICE, BOB, CHARLIE], 5);
		run_to_block(5);
		assert_ok!(try_sign(ALICE, id));
		assert_ok!(try_sign(BOB, id));
		run_to_block(6);
		System::assert_last_event(Event::AgreementExpired { id, document_hash: doc(1), signed: 2, required: 3 }.into());
		assert_eq!(Agreements::<Test>::get(id).map(|a| a.status), Some(AgreementStatus::Expired { block: 6 }));
		assert_noop!(try_sign(CHARLIE, id), Error::<Test>::AgreementPastDeadline);
		assert!(ExpiryQueue::<Test>::get(6).is_empty());
	});
}

#[test]
fn a_completed_agreement_does_not_expire() {
	run(|| {
		let id = create(doc(1), &[BOB], 3);
		assert_ok!(try_sign(BOB, id));
		System::reset_events();
		run_to_block(10);
		assert!(events().is_empty(), "{:?}", events());
		assert!(matches!(Agreements::<Test>::get(id).map(|a| a.status), Some(AgreementStatus::Completed { .. })));
	});
}

/// The attack of issue 14: a stranger reads the document hash from the transaction pool and creates as many
/// agreements over it as it may, which then expire unsigned (or complete among its own accounts). The document's
/// owner still creates its agreement.
#[test]
fn a_strangers_agreements_do_not_block_the_owners() {
	run(|| {
		for deadline in 5..5 + u64::from(MAX_AGREEMENTS) {
			assert_ok!(Documents::create_agreement(RuntimeOrigin::signed(5), doc(1), vec![5], deadline));
		}
		let completed = crate::NextAgreementId::<Test>::get();
		assert_ok!(Documents::create_agreement(RuntimeOrigin::signed(CHARLIE), doc(1), vec![CHARLIE], 20));
		assert_ok!(try_sign(CHARLIE, completed));
		assert_ok!(Documents::create_agreement(RuntimeOrigin::signed(CHARLIE), doc(1), vec![CHARLIE], 21));
		let owners = create(doc(1), &[ALICE, BOB], 30);
		assert_ok!(try_sign(ALICE, owners));
		assert_ok!(try_sign(BOB, owners));
		assert_eq!(Documents::api_verify(doc(1)).signed_by, vec![CHARLIE, ALICE, BOB]);
	});
}

#[test]
fn an_expired_agreement_frees_its_creators_slot_and_keeps_its_record() {
	run(|| {
		let first = create(doc(1), &[BOB], 5);
		create(doc(1), &[BOB], 6);
		assert_noop!(
			Documents::create_agreement(RuntimeOrigin::signed(ALICE), doc(1), vec![BOB], 10),
			Error::<Test>::TooManyAgreements
		);
		run_to_block(6);
		assert_eq!(Agreements::<Test>::get(first).map(|a| a.status), Some(AgreementStatus::Expired { block: 6 }));
		assert_eq!(DocumentAgreements::<Test>::get(doc(1), ALICE).into_inner(), vec![first + 1]);
		assert_ok!(Documents::create_agreement(RuntimeOrigin::signed(ALICE), doc(1), vec![BOB], 10));
		assert!(Documents::api_agreement(first).is_some_and(|a| a.state == AgreementState::Expired { block: 6 }));
		run_to_block(7);
		assert_eq!(DocumentAgreements::<Test>::get(doc(1), ALICE).into_inner(), vec![first + 2]);
		run_to_block(11);
		assert!(!DocumentAgreements::<Test>::contains_key(doc(1), ALICE), "an empty list leaves state");
		assert!(Documents::api_verify(doc(1)).agreements.is_empty());
	});
}
