//! Paying off line: the payee claims a transfer the payer signed; double spends are caught and proven.

use super::*;
use crate::{Error, Event, FraudProofs, TransferProof};
use frame_support::assert_noop;
use sigil_primitives::{FirstSpend, RevocationReason};

#[test]
fn a_signed_transfer_is_claimed_by_the_payee() {
	run(|| {
		let id = buy(ALICE, 100);
		let transfer = signed(&id, 1, ALICE, BOB);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), transfer.clone()));
		System::assert_last_event(Event::CoinPaid { coin: id, seq: 1, from: ALICE, to: BOB, offline: true }.into());
		assert_eq!((coin(&id).holder, coin(&id).seq), (BOB, 1));
		let record = crate::Transfers::<Test>::get(id, 1).expect("recorded");
		assert!(matches!(record.proof, TransferProof::OffLine { valid_until, .. } if valid_until == START + 60_000));
		// Bob passes it on, off line too, and anyone may submit it.
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(DAVE), signed(&id, 2, BOB, CHARLIE)));
		assert_eq!(coin(&id).holder, CHARLIE);
	});
}

#[test]
fn a_claim_by_a_key_reported_compromised_pays_nothing() {
	run(|| {
		let id = buy(ALICE, 100);
		let transfer = signed(&id, 1, ALICE, BOB);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Compromised));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), transfer), Error::<Test>::CompromisedKey);
	});
}

#[test]
fn a_transfer_promised_before_its_key_was_superseded_still_pays() {
	run(|| {
		let id = buy(ALICE, 100);
		let transfer = signed(&id, 1, ALICE, BOB);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Superseded));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), transfer));
		assert_eq!(coin(&id).holder, BOB);
		// A window that opens after the revocation is not one the key could promise.
		let later = signed_window(&key(BOB), &id, 2, BOB, CHARLIE, START + 10, START + 1000);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(BOB), key_of(BOB), RevocationReason::Retired));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), later), Error::<Test>::RevokedKey);
	});
}

#[test]
fn a_transfer_is_claimed_only_within_its_window() {
	run(|| {
		let id = buy(ALICE, 100);
		let early = signed_window(&key(ALICE), &id, 1, ALICE, BOB, START + 5, START + 50);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), early), Error::<Test>::TransferNotYetValid);
		let backwards = signed_window(&key(ALICE), &id, 1, ALICE, BOB, START + 50, START + 5);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), backwards), Error::<Test>::InvalidWindow);
		let too_long = signed_window(&key(ALICE), &id, 1, ALICE, BOB, START, START + MAX_WINDOW + 1);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), too_long), Error::<Test>::InvalidWindow);
	});
}

#[test]
fn a_claim_for_an_expired_coin_or_after_valid_until_is_refused() {
	run(|| {
		let id = buy(ALICE, 100);
		let short = signed_by(&key(ALICE), &id, 1, ALICE, BOB, START + 10);
		Timestamp::set_timestamp(START + 11);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), short), Error::<Test>::TransferExpired);
		let late = signed_by(&key(ALICE), &id, 1, ALICE, BOB, START + 10 * VALIDITY);
		Timestamp::set_timestamp(START + VALIDITY);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), late), Error::<Test>::CoinExpired);
	});
}

#[test]
fn signatures_must_be_the_payers_over_this_transfer() {
	run(|| {
		let id = buy(ALICE, 100);
		let mut tampered = signed(&id, 1, ALICE, BOB);
		tampered.transfer.payee = CHARLIE;
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), tampered), Error::<Test>::BadSignature);
		let by_bob = signed_by(&key(BOB), &id, 1, ALICE, BOB, START + 60_000);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), by_bob), Error::<Test>::NotKeyOwner);
		let unknown = signed_by(&ed25519::Pair::from_seed(&[77; 32]), &id, 1, ALICE, BOB, START + 60_000);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), unknown), Error::<Test>::UnknownKey);
	});
}

#[test]
fn only_the_holder_signs_and_only_the_next_sequence_number() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_noop!(
			Micropay::claim(RuntimeOrigin::signed(BOB), signed(&id, 1, BOB, CHARLIE)),
			Error::<Test>::NotHolder
		);
		assert_noop!(
			Micropay::claim(RuntimeOrigin::signed(BOB), signed(&id, 2, ALICE, BOB)),
			Error::<Test>::SeqMismatch
		);
		assert_noop!(
			Micropay::claim(RuntimeOrigin::signed(BOB), signed(&id, 0, ALICE, BOB)),
			Error::<Test>::SeqMismatch
		);
		let transfer = signed(&id, 1, ALICE, BOB);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), transfer.clone()));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), transfer), Error::<Test>::AlreadyClaimed);
		// Seq 1 was Alice's; Charlie never held it.
		assert_noop!(
			Micropay::claim(RuntimeOrigin::signed(BOB), signed(&id, 1, CHARLIE, DAVE)),
			Error::<Test>::NotHolder
		);
	});
}

#[test]
fn a_second_claim_for_the_same_seq_is_refused_but_proves_the_double_spend() {
	run(|| {
		let id = buy(ALICE, 100);
		let to_bob = signed(&id, 1, ALICE, BOB);
		let to_charlie = signed(&id, 1, ALICE, CHARLIE);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		// The call succeeds so that the proof stays; the coin does not move.
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), to_charlie.clone()));
		assert_eq!((coin(&id).holder, coin(&id).seq), (BOB, 1));
		let proofs = FraudProofs::<Test>::get(ALICE);
		assert_eq!(proofs.len(), 1);
		assert!(matches!(&proofs[0].first, FirstSpend::Recorded { to, .. } if *to == BOB));
		assert_eq!(proofs[0].second, *to_charlie);
		let proof_hash = H256(sp_io::hashing::blake2_256(&proofs[0].encode()));
		assert_eq!(MockFraud::reports(), vec![(ALICE, proof_hash)]);
		System::assert_last_event(
			Event::DoubleSpendDetected {
				coin: id,
				seq: 1,
				payer: ALICE,
				refused_payee: CHARLIE,
				proof_hash,
				disputed: false,
			}
			.into(),
		);
	});
}

#[test]
fn a_signed_transfer_against_an_on_line_payment_is_a_double_spend_too() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), signed(&id, 1, ALICE, CHARLIE)));
		let proofs = FraudProofs::<Test>::get(ALICE);
		assert!(
			matches!(&proofs[0].first, FirstSpend::Recorded { to, proof: TransferProof::OnLine, .. } if *to == BOB)
		);
	});
}

#[test]
fn anyone_reports_two_conflicting_signed_transfers() {
	run(|| {
		let id = buy(ALICE, 100);
		let (one, two) = (signed(&id, 1, ALICE, BOB), signed(&id, 1, ALICE, CHARLIE));
		// Evidence stays evidence after the key is retired (not reported compromised).
		Timestamp::set_timestamp(START + 10);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Superseded));
		assert_ok!(Micropay::report_double_spend(RuntimeOrigin::signed(DAVE), one.clone(), two.clone()));
		assert!(matches!(&FraudProofs::<Test>::get(ALICE)[0].first, FirstSpend::Signed(first) if *first == *one));
		assert_eq!(MockFraud::reports().len(), 1);
	});
}

#[test]
fn a_report_must_really_conflict() {
	run(|| {
		let id = buy(ALICE, 100);
		let report = |a, b| Micropay::report_double_spend(RuntimeOrigin::signed(DAVE), a, b);
		assert_noop!(report(signed(&id, 1, ALICE, BOB), signed(&id, 1, ALICE, BOB)), Error::<Test>::NotConflicting);
		assert_noop!(report(signed(&id, 1, ALICE, BOB), signed(&id, 2, ALICE, CHARLIE)), Error::<Test>::NotConflicting);
		let mut forged = signed(&id, 1, ALICE, CHARLIE);
		forged.transfer.valid_until += 1;
		assert_noop!(report(signed(&id, 1, ALICE, BOB), forged), Error::<Test>::BadSignature);
		let unknown = CoinId { broker: BROKER, serial: 42 };
		assert_noop!(
			report(signed(&unknown, 1, ALICE, BOB), signed(&unknown, 1, ALICE, CHARLIE)),
			Error::<Test>::UnknownCoin
		);
	});
}

#[test]
fn proofs_per_account_are_bounded_but_every_double_spend_is_reported() {
	run(|| {
		for payee in [BOB, CHARLIE, DAVE] {
			let id = buy(ALICE, 100);
			assert_ok!(Micropay::report_double_spend(
				RuntimeOrigin::signed(DAVE),
				signed(&id, 1, ALICE, POOR),
				signed(&id, 1, ALICE, payee)
			));
		}
		assert_eq!(FraudProofs::<Test>::get(ALICE).len() as u32, MAX_PROOFS);
		assert_eq!(MockFraud::reports().len(), 3);
	});
}

#[test]
fn an_ordinary_claim_refunds_the_weight_reserved_for_a_double_spend() {
	use crate::weights::WeightInfo;
	run(|| {
		let id = buy(ALICE, 100);
		let post = Micropay::claim(RuntimeOrigin::signed(BOB), signed(&id, 1, ALICE, BOB)).expect("claimed");
		assert_eq!(post.actual_weight, Some(<() as WeightInfo>::claim()));
		assert!(<() as WeightInfo>::claim().all_lt(<() as WeightInfo>::claim_double_spend()));
		// Alice had promised the same seq to Charlie: his claim proves the double spend and pays the full weight.
		let post = Micropay::claim(RuntimeOrigin::signed(CHARLIE), signed(&id, 1, ALICE, CHARLIE)).expect("proven");
		assert_eq!(post.actual_weight, None);
		assert_eq!(FraudProofs::<Test>::get(ALICE).len(), 1);
	});
}
