//! Every second spend of a signed off-line transfer is caught and provable, and no honest payer is framed.
//!
//! The payer, Alice, signs a transfer of her coin to Bob and is paid in goods; then she spends the same seq some
//! other way. Whatever she does, Bob's claim proves it, and her bond compensates him.

use super::*;
use crate::{Conflicts, Error, Event, FraudProofs, TransferProof};
use frame_support::{assert_noop, traits::Hooks, weights::Weight};
use sigil_primitives::{FirstSpend, RevocationReason};

/// Alice, with a bond of `bond`, buys a coin of 100 and signs seq 1 of it to Bob.
fn alice_promises_bob(bond: Balance) -> (CoinId<AccountId>, Box<SignedTransfer<AccountId>>) {
	if bond > 0 {
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), bond));
	}
	let id = buy(ALICE, 100);
	let to_bob = signed(&id, 1, ALICE, BOB);
	(id, to_bob)
}

fn marked(who: AccountId) -> usize {
	MockFraud::reports().iter().filter(|(offender, _)| *offender == who).count()
}

/// The hash of `who`'s proof at `index`, as `DoubleSpendDetected` reports it.
fn proof_hash(who: AccountId, index: usize) -> H256 {
	H256(sp_io::hashing::blake2_256(&FraudProofs::<Test>::get(who)[index].encode()))
}

#[test]
fn redeeming_a_promised_coin_is_proven_and_the_payee_compensated() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(100);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(ALICE), id));
		let bob_before = free(BOB);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob.clone()));
		let proofs = FraudProofs::<Test>::get(ALICE);
		assert_eq!(proofs.len(), 1);
		assert_eq!(proofs[0].first, FirstSpend::Redeemed { at: START + 10 });
		assert_eq!((proofs[0].second.clone(), proofs[0].disputed), (*to_bob, false));
		assert_eq!(marked(ALICE), 1);
		assert_eq!(free(BOB), bob_before + 100, "Bob gets the coin's value from Alice's bond");
		assert_eq!(bonded(ALICE), 0);
		System::assert_has_event(Event::VictimCompensated { coin: id, payer: ALICE, victim: BOB, amount: 100 }.into());
		assert_eq!(coin(&id).double_spends, 1);
	});
}

#[test]
fn paying_a_promised_coin_to_oneself_and_redeeming_it_is_proven() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(100);
		// Dave stands for an account of Alice's own.
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(DAVE), id));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		let proofs = FraudProofs::<Test>::get(ALICE);
		assert!(matches!(
			&proofs[0].first,
			FirstSpend::Recorded { to, proof: TransferProof::OnLine, .. } if *to == DAVE
		));
		assert_eq!(marked(ALICE), 1);
		assert_eq!(bonded(ALICE), 0, "the bond paid Bob");
	});
}

#[test]
fn revoking_the_key_after_double_spending_does_not_escape() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(100);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Superseded));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert_eq!(marked(ALICE), 1);
		assert!(!FraudProofs::<Test>::get(ALICE)[0].disputed);
	});
}

#[test]
fn a_cheat_who_reports_her_key_compromised_after_double_spending_is_upheld_by_governance() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(100);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Compromised));
		let bob_before = free(BOB);
		// The chain cannot tell her from a thief: the proof is kept, disputed, and marks no one yet.
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert!(FraudProofs::<Test>::get(ALICE)[0].disputed);
		assert_eq!((marked(ALICE), free(BOB), bonded(ALICE)), (0, bob_before, 100));
		// The members hear both sides and uphold it: she is marked and Bob compensated.
		let disputed = proof_hash(ALICE, 0);
		assert_noop!(
			Micropay::uphold_double_spend(RuntimeOrigin::signed(DAVE), ALICE, disputed),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Micropay::uphold_double_spend(RuntimeOrigin::root(), ALICE, H256::repeat_byte(1)),
			Error::<Test>::UnknownProof
		);
		assert_noop!(Micropay::uphold_double_spend(RuntimeOrigin::root(), BOB, disputed), Error::<Test>::UnknownProof);
		assert_ok!(Micropay::uphold_double_spend(RuntimeOrigin::root(), ALICE, disputed));
		assert_eq!((marked(ALICE), free(BOB), bonded(ALICE)), (1, bob_before + 100, 0));
		assert_eq!(MockFraud::reports()[0].1, disputed, "the mark names the proof DoubleSpendDetected named");
		assert!(!FraudProofs::<Test>::get(ALICE)[0].disputed);
		let upheld = proof_hash(ALICE, 0);
		assert_noop!(Micropay::uphold_double_spend(RuntimeOrigin::root(), ALICE, upheld), Error::<Test>::NotDisputed);
	});
}

#[test]
fn a_thief_with_a_key_reported_compromised_frames_no_one() {
	run(|| {
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 100));
		let id = buy(ALICE, 100);
		Timestamp::set_timestamp(START + 10);
		// Alice honestly pays Bob on line; then her key leaks and she reports it.
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Compromised));
		// The thief signs a transfer of seq 1 to an accomplice, with a window around her payment.
		let forged = signed(&id, 1, ALICE, CHARLIE);
		let charlie_before = free(CHARLIE);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), forged));
		assert_eq!((marked(ALICE), free(CHARLIE), bonded(ALICE)), (0, charlie_before, 100));
		System::assert_last_event(
			Event::DoubleSpendDetected {
				coin: id,
				seq: 1,
				payer: ALICE,
				refused_payee: CHARLIE,
				proof_hash: H256(sp_io::hashing::blake2_256(&FraudProofs::<Test>::get(ALICE)[0].encode())),
				disputed: true,
			}
			.into(),
		);
		// Nor can the thief pay with her coins any more.
		let new = buy(ALICE, 10);
		assert_noop!(
			Micropay::claim(RuntimeOrigin::signed(CHARLIE), signed(&new, 1, ALICE, CHARLIE)),
			Error::<Test>::CompromisedKey
		);
	});
}

#[test]
fn a_proof_that_reached_the_chain_before_the_key_was_reported_stands() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(0);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob.clone()));
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Compromised));
		assert_eq!(marked(ALICE), 1);
		assert!(!FraudProofs::<Test>::get(ALICE)[0].disputed);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob.clone()), Error::<Test>::AlreadyProven);
		// Evidence is judged when it first arrived: once Alice bonds, Bob, on record, is compensated, undisputed.
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 100));
		let bob_before = free(BOB);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert_eq!((free(BOB), marked(ALICE)), (bob_before + 100, 1));
		assert_eq!(FraudProofs::<Test>::get(ALICE).len(), 1);
	});
}

#[test]
fn a_lapsed_transfer_frames_no_one() {
	run(|| {
		let id = buy(ALICE, 100);
		// Bob lets his transfer lapse; Alice, seeing seq 1 still free, honestly pays Charlie with it.
		let lapsed = signed_by(&key(ALICE), &id, 1, ALICE, BOB, START + 10);
		Timestamp::set_timestamp(START + 20);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, CHARLIE));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), lapsed.clone()), Error::<Test>::LapsedBeforeSpend);
		// Two promises of the same seq whose windows do not overlap are no double spend either.
		let later = signed_window(&key(ALICE), &id, 1, ALICE, CHARLIE, START + 11, START + 60);
		assert_noop!(
			Micropay::report_double_spend(RuntimeOrigin::signed(BOB), lapsed, later),
			Error::<Test>::WindowsDisjoint
		);
		assert_eq!(marked(ALICE), 0);
		assert!(FraudProofs::<Test>::get(ALICE).is_empty());
	});
}

#[test]
fn a_transfer_that_outlived_the_coin_frames_no_one() {
	run(|| {
		let id = buy(ALICE, 100);
		// The window runs past the coin's expiry; the coin is reissued after it (which uses up seq 1).
		let late = signed_by(&key(ALICE), &id, 1, ALICE, BOB, START + 2 * VALIDITY);
		Timestamp::set_timestamp(START + VALIDITY);
		assert_ok!(Micropay::reissue(RuntimeOrigin::signed(DAVE), id));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), late), Error::<Test>::LapsedBeforeSpend);
		assert_eq!(marked(ALICE), 0);
	});
}

#[test]
fn the_payer_must_have_held_the_coin_at_that_seq() {
	run(|| {
		let id = buy(ALICE, 100);
		let report = |a, b| Micropay::report_double_spend(RuntimeOrigin::signed(DAVE), a, b);
		// Charlie never held Alice's coin: his own two signatures prove nothing about it.
		assert_noop!(report(signed(&id, 1, CHARLIE, BOB), signed(&id, 1, CHARLIE, DAVE)), Error::<Test>::NotHolder);
		// Nor did Alice hold it at seq 3 (it is at seq 0).
		assert_noop!(report(signed(&id, 3, ALICE, BOB), signed(&id, 3, ALICE, DAVE)), Error::<Test>::NotHolder);
		// After Alice paid Bob, seq 1 was Alice's to spend and seq 2 Bob's.
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_noop!(report(signed(&id, 2, ALICE, CHARLIE), signed(&id, 2, ALICE, DAVE)), Error::<Test>::NotHolder);
		assert_ok!(report(signed(&id, 2, BOB, CHARLIE), signed(&id, 2, BOB, DAVE)));
		assert_eq!((marked(ALICE), marked(BOB)), (0, 1));
	});
}

#[test]
fn the_same_evidence_twice_is_one_proof_and_a_seq_marks_its_payer_once() {
	run(|| {
		let id = buy(ALICE, 100);
		let (to_bob, to_charlie) = (signed(&id, 1, ALICE, BOB), signed(&id, 1, ALICE, CHARLIE));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob.clone()));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), to_charlie.clone()));
		assert_eq!((marked(ALICE), FraudProofs::<Test>::get(ALICE).len()), (1, 1));
		// The evidence the chain has seen, whichever way it comes again, adds nothing: a mark governance cleared
		// is not set again by it.
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), to_charlie.clone()), Error::<Test>::AlreadyProven);
		assert_noop!(
			Micropay::report_double_spend(RuntimeOrigin::signed(DAVE), to_charlie.clone(), to_bob.clone()),
			Error::<Test>::AlreadyProven
		);
		assert_noop!(
			Micropay::report_double_spend(RuntimeOrigin::signed(DAVE), to_bob, to_charlie),
			Error::<Test>::AlreadyProven
		);
		// A third payee of the same seq is kept as evidence, but the seq has marked Alice already.
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(DAVE), signed(&id, 1, ALICE, DAVE)));
		assert_eq!((marked(ALICE), FraudProofs::<Test>::get(ALICE).len()), (1, 2));
		assert_eq!(coin(&id).double_spends, 1);
		let payees: Vec<_> = Conflicts::<Test>::get(id, 1).expect("recorded").iter().map(|p| p.payee).collect();
		assert_eq!(payees, vec![CHARLIE, DAVE]);
	});
}

#[test]
fn a_payee_refused_after_a_report_is_still_compensated_once() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(100);
		let to_charlie = signed(&id, 1, ALICE, CHARLIE);
		// Someone reports the two promises before either is claimed: Alice is marked, nobody was refused yet.
		assert_ok!(Micropay::report_double_spend(RuntimeOrigin::signed(DAVE), to_bob.clone(), to_charlie.clone()));
		assert_eq!((marked(ALICE), bonded(ALICE)), (1, 100));
		// Bob's claim still pays (the seq was free); Charlie's is refused and compensated, without a second mark.
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		let charlie_before = free(CHARLIE);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), to_charlie.clone()));
		assert_eq!((marked(ALICE), free(CHARLIE), bonded(ALICE)), (1, charlie_before + 100, 0));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), to_charlie), Error::<Test>::AlreadyProven);
		assert_eq!(Conflicts::<Test>::iter_prefix(id).count(), 1);
	});
}

#[test]
fn a_refused_payee_the_bond_could_not_pay_may_claim_again() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(0);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob.clone()));
		assert_eq!(marked(ALICE), 1);
		// Alice has no bond: nothing to pay Bob from, and the same claim again changes nothing.
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob.clone()), Error::<Test>::AlreadyProven);
		// Once she has one, Bob is paid, once, and she is not marked again.
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 500));
		let bob_before = free(BOB);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob.clone()));
		assert_eq!((free(BOB), bonded(ALICE), marked(ALICE)), (bob_before + 100, 400, 1));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob), Error::<Test>::AlreadyProven);
	});
}

#[test]
fn a_payee_of_a_double_spent_seq_cannot_be_the_payer() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(100);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		// Alice's promise of the seq to herself would take her own bond back ahead of Bob.
		let to_herself = signed(&id, 1, ALICE, ALICE);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(ALICE), to_herself.clone()), Error::<Test>::SelfPayment);
		assert_noop!(
			Micropay::report_double_spend(RuntimeOrigin::signed(ALICE), to_bob.clone(), to_herself),
			Error::<Test>::SelfPayment
		);
		let bob_before = free(BOB);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert_eq!(free(BOB), bob_before + 100);
	});
}

#[test]
fn a_disputed_proof_blocks_neither_the_real_payees_claim_nor_its_compensation() {
	run(|| {
		// Alice has a spare key, and promises seq 1 to Bob with her usual one.
		let spare = add_key(ALICE, 50, KeyPurpose::Signing, None);
		let (id, to_bob) = alice_promises_bob(100);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		// She reports the spare key compromised and signs the same seq to Bob, and to others, with it: disputed
		// proofs, which mark no one and fill her proof list.
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&spare), RevocationReason::Compromised));
		let with_spare = |payee| signed_by(&spare, &id, 1, ALICE, payee, START + 60_000);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(ALICE), with_spare(BOB)));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(ALICE), with_spare(BOB)), Error::<Test>::AlreadyProven);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(ALICE), with_spare(CHARLIE)));
		assert_eq!(FraudProofs::<Test>::get(ALICE).len(), MAX_PROOFS as usize);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(ALICE), with_spare(POOR)), Error::<Test>::ProofListFull);
		assert_eq!((marked(ALICE), bonded(ALICE)), (0, 100));
		// Bob's own transfer, by a key in good standing, proves the double spend at once and is compensated.
		let bob_before = free(BOB);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert_eq!((marked(ALICE), free(BOB), bonded(ALICE)), (1, bob_before + 100, 0));
		System::assert_has_event(
			Event::DoubleSpendDetected {
				coin: id,
				seq: 1,
				payer: ALICE,
				refused_payee: BOB,
				proof_hash: MockFraud::reports()[0].1,
				disputed: false,
			}
			.into(),
		);
	});
}

#[test]
fn a_disputed_report_and_a_disputed_claim_are_upheld_separately() {
	run(|| {
		let (id, to_bob) = alice_promises_bob(100);
		let to_charlie = signed(&id, 1, ALICE, CHARLIE);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Compromised));
		// A report of the two promises, then Bob's refused claim: two disputed proofs.
		assert_ok!(Micropay::report_double_spend(RuntimeOrigin::signed(DAVE), to_bob.clone(), to_charlie));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert_eq!((marked(ALICE), FraudProofs::<Test>::get(ALICE).len()), (0, 2));
		// Upholding the report marks Alice; it refused no one, so it pays no one.
		let bob_before = free(BOB);
		let (report, claim) = (proof_hash(ALICE, 0), proof_hash(ALICE, 1));
		assert_ok!(Micropay::uphold_double_spend(RuntimeOrigin::root(), ALICE, report));
		assert_eq!((marked(ALICE), free(BOB), bonded(ALICE)), (1, bob_before, 100));
		// Upholding Bob's claim compensates him, without marking Alice again for the same seq.
		assert_ok!(Micropay::uphold_double_spend(RuntimeOrigin::root(), ALICE, claim));
		assert_eq!((marked(ALICE), free(BOB), bonded(ALICE)), (1, bob_before + 100, 0));
		System::assert_last_event(Event::VictimCompensated { coin: id, payer: ALICE, victim: BOB, amount: 100 }.into());
	});
}

#[test]
fn a_key_out_of_use_when_the_window_opened_frames_no_one() {
	run(|| {
		let id = buy(ALICE, 100);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		// Alice retires her key; long after, its secret leaks, and someone signs seq 1 with it, dated after.
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Superseded));
		let forged = |payee| signed_window(&key(ALICE), &id, 1, ALICE, payee, START + 20, START + 60_000);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(BOB), forged(BOB)), Error::<Test>::RevokedKey);
		assert_noop!(
			Micropay::report_double_spend(RuntimeOrigin::signed(BOB), forged(BOB), forged(CHARLIE)),
			Error::<Test>::RevokedKey
		);
		assert_eq!(marked(ALICE), 0);
	});
}

#[test]
fn a_seq_keeps_a_bounded_number_of_refused_payees() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		// A report refuses no one: it marks Alice and records no payee.
		assert_ok!(Micropay::report_double_spend(
			RuntimeOrigin::signed(DAVE),
			signed(&id, 1, ALICE, BOB),
			signed(&id, 1, ALICE, CHARLIE)
		));
		assert_eq!(Conflicts::<Test>::get(id, 1).map(|payees| payees.len()), Some(0));
		for payee in [BOB, CHARLIE, POOR] {
			assert_ok!(Micropay::claim(RuntimeOrigin::signed(payee), signed(&id, 1, ALICE, payee)));
		}
		assert_eq!(Conflicts::<Test>::get(id, 1).map(|payees| payees.len()), Some(MAX_PAYEES_PER_CONFLICT as usize));
		assert_noop!(
			Micropay::claim(RuntimeOrigin::signed(BROKER), signed(&id, 1, ALICE, BROKER)),
			Error::<Test>::TooManyPayees
		);
		assert_eq!((coin(&id).double_spends, marked(ALICE)), (1, 1));
	});
}

#[test]
fn a_double_spend_is_provable_until_the_coin_is_retired() {
	run(|| {
		let id = buy(ALICE, 100);
		let (to_bob, to_charlie) = (signed(&id, 1, ALICE, BOB), signed(&id, 1, ALICE, CHARLIE));
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(ALICE), id));
		// Until the last moment of its retention, a promise of the redeemed coin proves the double spend.
		Timestamp::set_timestamp(START + RETENTION - 1);
		Micropay::on_idle(1, Weight::MAX);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert_eq!(marked(ALICE), 1);
		Timestamp::set_timestamp(START + RETENTION);
		Micropay::on_idle(2, Weight::MAX);
		assert!(crate::Coins::<Test>::get(id.broker, id.serial).is_none());
		assert_eq!(Conflicts::<Test>::iter_prefix(id).count(), 0);
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), to_charlie), Error::<Test>::UnknownCoin);
	});
}

#[test]
fn a_window_dated_before_the_payer_held_the_coin_proves_nothing() {
	run(|| {
		let id = buy(CHARLIE, 100);
		// Alice retires her key, then receives Charlie's coin and spends it on line.
		Timestamp::set_timestamp(START + 10);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Superseded));
		Timestamp::set_timestamp(START + 50);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(CHARLIE), id, ALICE));
		Timestamp::set_timestamp(START + 60);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		// Her old key leaks. A promise of seq 2 dated to when the key was in use, before she had the coin: its
		// window reaches into her holding, but her key was out of use by then.
		let backdated = |payee, until| signed_window(&key(ALICE), &id, 2, ALICE, payee, START, until);
		assert_noop!(
			Micropay::claim(RuntimeOrigin::signed(BOB), backdated(BOB, START + 900)),
			Error::<Test>::RevokedKey
		);
		assert_noop!(
			Micropay::report_double_spend(
				RuntimeOrigin::signed(BOB),
				backdated(BOB, START + 900),
				backdated(POOR, START + 900)
			),
			Error::<Test>::RevokedKey
		);
		// Windows that closed before she received the coin are no promises of hers at all.
		assert_noop!(
			Micropay::report_double_spend(
				RuntimeOrigin::signed(BOB),
				backdated(BOB, START + 40),
				backdated(POOR, START + 40)
			),
			Error::<Test>::NotHolder
		);
		assert_eq!(marked(ALICE), 0);
	});
}

#[test]
fn governance_dismisses_a_proof_and_frees_its_place() {
	run(|| {
		let spare = add_key(ALICE, 50, KeyPurpose::Signing, None);
		let id = buy(ALICE, 100);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, DAVE));
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&spare), RevocationReason::Compromised));
		let with_spare = |payee| signed_by(&spare, &id, 1, ALICE, payee, START + 60_000);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), with_spare(BOB)));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), with_spare(CHARLIE)));
		assert_noop!(Micropay::claim(RuntimeOrigin::signed(POOR), with_spare(POOR)), Error::<Test>::ProofListFull);
		// The members find the first a forgery and dismiss it: the list has room again, and no one is marked.
		let forged = proof_hash(ALICE, 0);
		assert_noop!(
			Micropay::dismiss_proof(RuntimeOrigin::signed(DAVE), ALICE, forged),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Micropay::dismiss_proof(RuntimeOrigin::root(), ALICE, forged));
		System::assert_last_event(Event::ProofDismissed { payer: ALICE, proof_hash: forged, disputed: true }.into());
		assert_noop!(Micropay::dismiss_proof(RuntimeOrigin::root(), ALICE, forged), Error::<Test>::UnknownProof);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(POOR), with_spare(POOR)));
		assert_eq!((FraudProofs::<Test>::get(ALICE).len(), marked(ALICE)), (2, 0));
	});
}

#[test]
fn upholding_a_retired_coins_proof_marks_once_per_seq() {
	run(|| {
		let spare = add_key(ALICE, 50, KeyPurpose::Signing, None);
		let id = buy(ALICE, 100);
		let to_bob = signed(&id, 1, ALICE, BOB);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(ALICE), id));
		// Bob's claim proves the double spend; a promise by the spare key, reported compromised, is disputed.
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_id(&spare), RevocationReason::Compromised));
		let to_charlie = signed_by(&spare, &id, 1, ALICE, CHARLIE, START + 60_000);
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), to_charlie));
		let (proven, disputed) = (proof_hash(ALICE, 0), proof_hash(ALICE, 1));
		// The coin is retired with its records; upholding the disputed proof then does not mark Alice again.
		Timestamp::set_timestamp(START + 10 + RETENTION);
		Micropay::on_idle(1, Weight::MAX);
		assert!(crate::Coins::<Test>::get(id.broker, id.serial).is_none());
		assert_ok!(Micropay::uphold_double_spend(RuntimeOrigin::root(), ALICE, disputed));
		assert_eq!(MockFraud::reports(), vec![(ALICE, proven)]);
	});
}

#[test]
fn upholding_a_retired_coins_only_proof_marks() {
	run(|| {
		let id = buy(ALICE, 100);
		let to_bob = signed(&id, 1, ALICE, BOB);
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(ALICE), id));
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), key_of(ALICE), RevocationReason::Compromised));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		let disputed = proof_hash(ALICE, 0);
		Timestamp::set_timestamp(START + 10 + RETENTION);
		Micropay::on_idle(1, Weight::MAX);
		assert!(crate::Coins::<Test>::get(id.broker, id.serial).is_none());
		assert_ok!(Micropay::uphold_double_spend(RuntimeOrigin::root(), ALICE, disputed));
		assert_eq!(MockFraud::reports(), vec![(ALICE, disputed)]);
	});
}
