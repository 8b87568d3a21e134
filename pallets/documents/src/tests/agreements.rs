//! Agreements: creation, signing, completion and expiry.

use super::*;
use crate::{AgreementStatus, Agreements, Error, Event, ExpiryQueue};
use frame_support::assert_noop;

#[test]
fn three_signers_complete_an_agreement_in_order() {
	run(|| {
		let before = held(ALICE);
		let id = create(doc(1), &[ALICE, BOB, CHARLIE], 10);
		assert_eq!(held(ALICE) - before, AGREEMENT_DEPOSIT);
		assert_eq!(
			last_event(),
			Event::AgreementCreated {
				id,
				document_hash: doc(1),
				creator: ALICE,
				signers: vec![ALICE, BOB, CHARLIE],
				deadline: 10
			}
			.into()
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
		assert_eq!(last_event(), Event::AgreementCompleted { id, document_hash: doc(1) }.into());
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
fn expiries_per_block_and_agreements_per_document_are_bounded() {
	run(|| {
		create(doc(1), &[BOB], 10);
		create(doc(2), &[BOB], 10);
		assert_noop!(
			Documents::create_agreement(RuntimeOrigin::signed(ALICE), doc(3), vec![BOB], 10),
			Error::<Test>::DeadlineBusy
		);
		create(doc(1), &[BOB], 11);
		assert_noop!(
			Documents::create_agreement(RuntimeOrigin::signed(ALICE), doc(1), vec![BOB], 12),
			Error::<Test>::TooManyAgreements
		);
	});
}

#[test]
fn only_listed_signers_sign_and_only_once() {
	run(|| {
		let id = create(doc(1), &[ALICE, BOB], 10);
		assert_noop!(try_sign(CHARLIE, id), Error::<Test>::NotASigner);
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
		assert_eq!(last_event(), Event::AgreementExpired { id, document_hash: doc(1), signed: 2, required: 3 }.into());
		assert_eq!(Agreements::<Test>::get(id).map(|a| a.status), Some(AgreementStatus::Expired { block: 6 }));
		assert_noop!(try_sign(CHARLIE, id), Error::<Test>::AgreementExpired);
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
