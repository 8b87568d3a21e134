//! Coins bought from a broker and coins a broker issues.

use super::*;
use crate::{CoinStatus, Error, Event};
use frame_support::assert_noop;

#[test]
fn a_purchase_pays_the_fee_and_holds_the_value_as_backing() {
	run(|| {
		let (alice_before, broker_before) = (free(ALICE), free(BROKER));
		let first = buy(ALICE, 100);
		System::assert_last_event(
			Event::CoinIssued { coin: first, owner: ALICE, backer: ALICE, value: 100, expiry: START + VALIDITY }.into(),
		);
		assert_eq!((free(ALICE), held(ALICE)), (alice_before - 100 - FEE, 100));
		assert_eq!(free(BROKER), broker_before + FEE);
		let record = coin(&first);
		assert_eq!((record.owner, record.holder, record.seq, record.status), (ALICE, ALICE, 0, CoinStatus::Active));
		let second = buy(BOB, 50);
		assert_eq!((first.serial, second.serial), (0, 1), "serials increase per broker");
		assert_eq!(coins_of(ALICE), vec![first]);
	});
}

#[test]
fn a_broker_issues_against_its_own_funds() {
	run(|| {
		assert_ok!(Micropay::issue(RuntimeOrigin::signed(BROKER), BOB, 200));
		let id = CoinId { broker: BROKER, serial: 0 };
		assert_eq!((coin(&id).holder, coin(&id).backer), (BOB, BROKER));
		assert_eq!(held(BROKER), 200);
		assert_noop!(Micropay::issue(RuntimeOrigin::signed(ALICE), BOB, 10), Error::<Test>::NotBroker);
	});
}

#[test]
fn coin_values_are_checked() {
	run(|| {
		assert_noop!(Micropay::purchase(RuntimeOrigin::signed(ALICE), BROKER, 0), Error::<Test>::ZeroValue);
		assert_noop!(
			Micropay::purchase(RuntimeOrigin::signed(ALICE), BROKER, MAX_VALUE + 1),
			Error::<Test>::ValueTooHigh
		);
		assert_noop!(Micropay::purchase(RuntimeOrigin::signed(ALICE), DAVE, 10), Error::<Test>::NotBroker);
		assert_noop!(Micropay::purchase(RuntimeOrigin::signed(POOR), BROKER, 100), Error::<Test>::InsufficientBalance);
		assert_noop!(Micropay::issue(RuntimeOrigin::signed(BROKER), ALICE, FUNDS), Error::<Test>::ValueTooHigh);
	});
}

#[test]
fn nobody_can_fill_a_holders_coins() {
	run(|| {
		// Under v1 a holder kept at most a few coins: anyone could fill a merchant's list with dust. Now every
		// coin is an entry of its own.
		for _ in 0..20 {
			assert_ok!(Micropay::issue(RuntimeOrigin::signed(BROKER), BOB, 1));
		}
		assert_eq!(coins_of(BOB).len(), 20);
		let id = buy(ALICE, 10);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_eq!(coins_of(BOB).len(), 21);
	});
}
