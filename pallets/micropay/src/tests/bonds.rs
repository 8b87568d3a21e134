//! A payer's bond: set aside, asked back with notice, and spent on the payees of its proven double spends.

use super::*;
use crate::{Bonds, Error, Event};
use frame_support::assert_noop;

#[test]
fn a_bond_is_held_and_grows() {
	run(|| {
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 60));
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 40));
		System::assert_last_event(Event::Bonded { who: ALICE, total: 100 }.into());
		assert_eq!(bonded(ALICE), 100);
		assert_noop!(Micropay::bond(RuntimeOrigin::signed(ALICE), 0), Error::<Test>::ZeroValue);
		assert_noop!(Micropay::bond(RuntimeOrigin::signed(POOR), FUNDS), Error::<Test>::InsufficientBalance);
	});
}

#[test]
fn a_bond_comes_back_only_after_its_notice() {
	run(|| {
		assert_noop!(Micropay::unbond(RuntimeOrigin::signed(ALICE)), Error::<Test>::NoBond);
		assert_noop!(Micropay::withdraw_bond(RuntimeOrigin::signed(ALICE)), Error::<Test>::NoBond);
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 100));
		assert_noop!(Micropay::withdraw_bond(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotUnbonding);
		assert_ok!(Micropay::unbond(RuntimeOrigin::signed(ALICE)));
		System::assert_last_event(Event::UnbondingStarted { who: ALICE, unlocks_at: START + BOND_NOTICE }.into());
		assert_noop!(Micropay::unbond(RuntimeOrigin::signed(ALICE)), Error::<Test>::AlreadyUnbonding);
		Timestamp::set_timestamp(START + BOND_NOTICE - 1);
		assert_noop!(Micropay::withdraw_bond(RuntimeOrigin::signed(ALICE)), Error::<Test>::BondLocked);
		Timestamp::set_timestamp(START + BOND_NOTICE);
		let before = free(ALICE);
		assert_ok!(Micropay::withdraw_bond(RuntimeOrigin::signed(ALICE)));
		System::assert_last_event(Event::BondWithdrawn { who: ALICE, amount: 100 }.into());
		assert_eq!((free(ALICE), bonded(ALICE)), (before + 100, 0));
		assert!(Bonds::<Test>::get(ALICE).is_none());
	});
}

#[test]
fn bonding_again_cancels_an_unbonding() {
	run(|| {
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 100));
		assert_ok!(Micropay::unbond(RuntimeOrigin::signed(ALICE)));
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 1));
		assert_eq!(Bonds::<Test>::get(ALICE).and_then(|bond| bond.unlocks_at), None);
		Timestamp::set_timestamp(START + BOND_NOTICE);
		assert_noop!(Micropay::withdraw_bond(RuntimeOrigin::signed(ALICE)), Error::<Test>::NotUnbonding);
	});
}

#[test]
fn an_unbonding_bond_still_compensates_first_claimed_first_paid() {
	run(|| {
		assert_ok!(Micropay::bond(RuntimeOrigin::signed(ALICE), 130));
		assert_ok!(Micropay::unbond(RuntimeOrigin::signed(ALICE)));
		let (one, two) = (buy(ALICE, 100), buy(ALICE, 100));
		let promises = [signed(&one, 1, ALICE, BOB), signed(&two, 1, ALICE, CHARLIE)];
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), one, DAVE));
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), two, DAVE));
		let (bob, charlie) = (free(BOB), free(CHARLIE));
		let [to_bob, to_charlie] = promises;
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(BOB), to_bob));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), to_charlie));
		// First come, first paid, up to each coin's value: Bob 100, Charlie the 30 that is left.
		assert_eq!((free(BOB), free(CHARLIE), bonded(ALICE)), (bob + 100, charlie + 30, 0));
	});
}
