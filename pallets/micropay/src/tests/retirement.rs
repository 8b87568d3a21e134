//! Finished coins leave state `Retention` after they finish, in the order they finished, as spare block weight
//! allows.

use super::*;
use crate::{Coins, Conflicts, Event, RetirementQueue, RetirementQueueBounds, Transfers};
use frame_support::traits::{Get, Hooks};
use frame_support::weights::{RuntimeDbWeight, Weight};

#[test]
fn a_finished_coin_and_its_history_leave_state_after_retention() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Micropay::claim(RuntimeOrigin::signed(CHARLIE), signed(&id, 1, ALICE, CHARLIE)));
		Timestamp::set_timestamp(START + 10);
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(BOB), id));
		Timestamp::set_timestamp(START + 10 + RETENTION - 1);
		Micropay::on_idle(1, Weight::MAX);
		assert!(Coins::<Test>::get(id.broker, id.serial).is_some(), "kept during retention");
		Timestamp::set_timestamp(START + 10 + RETENTION);
		Micropay::on_idle(2, Weight::MAX);
		System::assert_last_event(Event::CoinRetired { coin: id }.into());
		assert!(Coins::<Test>::get(id.broker, id.serial).is_none());
		assert_eq!(Transfers::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(Conflicts::<Test>::iter_prefix(id).count(), 0);
		assert_eq!(RetirementQueueBounds::<Test>::get(), (1, 1));
		assert!(RetirementQueue::<Test>::get(0).is_none());
	});
}

#[test]
fn retirement_follows_finishing_order_and_spare_weight() {
	run(|| {
		let coins: Vec<_> = (0..3).map(|_| buy(ALICE, 10)).collect();
		for (step, id) in coins.iter().enumerate() {
			Timestamp::set_timestamp(START + step as u64);
			assert_ok!(Micropay::redeem(RuntimeOrigin::signed(ALICE), *id));
		}
		Timestamp::set_timestamp(START + 1 + RETENTION);
		let db: RuntimeDbWeight = <Test as frame_system::Config>::DbWeight::get();
		let one = db.reads_writes(2, 1) + <() as crate::WeightInfo>::retire_coin();
		let used = Micropay::on_idle(3, one);
		assert!(used.all_lte(one), "used {used:?} of {one:?}");
		assert!(Coins::<Test>::get(coins[0].broker, coins[0].serial).is_none());
		assert!(Coins::<Test>::get(coins[1].broker, coins[1].serial).is_some(), "no weight left for the second");
		Micropay::on_idle(4, Weight::MAX);
		assert!(Coins::<Test>::get(coins[1].broker, coins[1].serial).is_none());
		assert!(Coins::<Test>::get(coins[2].broker, coins[2].serial).is_some(), "not due yet");
		assert_eq!(Micropay::on_idle(5, Weight::zero()), Weight::zero());
		// Nothing queued: the queue's bounds are read, not written.
		Timestamp::set_timestamp(START + 2 + RETENTION);
		Micropay::on_idle(6, Weight::MAX);
		assert!(Coins::<Test>::get(coins[2].broker, coins[2].serial).is_none());
		assert_eq!(Micropay::on_idle(7, Weight::MAX), db.reads(1));
	});
}

#[test]
fn a_reissued_coin_retires_and_its_successor_stays() {
	run(|| {
		let id = buy(ALICE, 100);
		Timestamp::set_timestamp(START + VALIDITY);
		assert_ok!(Micropay::reissue(RuntimeOrigin::signed(DAVE), id));
		Timestamp::set_timestamp(START + VALIDITY + RETENTION);
		Micropay::on_idle(1, Weight::MAX);
		let new = CoinId { broker: BROKER, serial: 1 };
		assert!(Coins::<Test>::get(id.broker, id.serial).is_none());
		assert_eq!(coin(&new).previous, Some(0), "the link names a retired serial: events keep its story");
		assert_eq!(coins_of(ALICE), vec![new]);
	});
}
