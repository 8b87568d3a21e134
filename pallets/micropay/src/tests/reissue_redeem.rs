//! Reissue after expiry (C -> C' -> C'') and redemption.

use super::*;
use crate::{Brokers, CoinStatus, Error, Event, Transfers};
use frame_support::assert_noop;

#[test]
fn an_expired_coin_is_reissued_by_anyone_and_keeps_its_history_until_retired() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_noop!(Micropay::reissue(RuntimeOrigin::signed(DAVE), id), Error::<Test>::NotExpired);
		Timestamp::set_timestamp(START + VALIDITY);
		assert_ok!(Micropay::reissue(RuntimeOrigin::signed(DAVE), id));
		let new = CoinId { broker: BROKER, serial: 1 };
		System::assert_last_event(
			Event::CoinReissued { old: id, new, holder: BOB, expiry: START + 2 * VALIDITY }.into(),
		);
		assert_eq!(coin(&id).status, CoinStatus::Reissued { into: 1, at: START + VALIDITY });
		assert!(Transfers::<Test>::get(id, 1).is_some(), "history kept for double-spend proofs");
		let record = coin(&new);
		assert_eq!((record.holder, record.owner, record.seq, record.previous), (BOB, ALICE, 0, Some(0)));
		assert_eq!(coins_of(BOB), vec![new]);
		// C can no longer move or be reissued; C' moves.
		assert_noop!(Micropay::pay(RuntimeOrigin::signed(BOB), id, CHARLIE), Error::<Test>::CoinNotActive);
		assert_noop!(Micropay::reissue(RuntimeOrigin::signed(DAVE), id), Error::<Test>::CoinNotActive);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(BOB), new, CHARLIE));
	});
}

#[test]
fn a_coin_reissued_twice_is_redeemed_with_its_backing() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		Timestamp::set_timestamp(START + VALIDITY);
		assert_ok!(Micropay::reissue(RuntimeOrigin::signed(BOB), id));
		let second = CoinId { broker: BROKER, serial: 1 };
		Timestamp::set_timestamp(START + 2 * VALIDITY);
		assert_ok!(Micropay::reissue(RuntimeOrigin::signed(BOB), second));
		let third = CoinId { broker: BROKER, serial: 2 };
		assert_eq!(coin(&third).previous, Some(1));
		assert_eq!(coin(&second).status, CoinStatus::Reissued { into: 2, at: START + 2 * VALIDITY });

		let (bob_before, broker_before) = (free(BOB), free(BROKER));
		assert_noop!(Micropay::redeem(RuntimeOrigin::signed(ALICE), third), Error::<Test>::NotHolder);
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(BOB), third));
		System::assert_last_event(Event::CoinRedeemed { coin: third, holder: BOB, paid: 100 - FEE, fee: FEE }.into());
		assert_eq!((free(BOB), free(BROKER)), (bob_before + 100 - FEE, broker_before + FEE));
		assert_eq!(held(ALICE), 0, "the backing left the buyer");
		assert!(matches!(coin(&third).status, CoinStatus::Redeemed { .. }));
		assert_eq!(Brokers::<Test>::get(BROKER).map(|b| (b.outstanding, b.outstanding_value)), Some((0, 0)));
		assert_noop!(Micropay::redeem(RuntimeOrigin::signed(BOB), third), Error::<Test>::CoinNotActive);
	});
}

#[test]
fn a_broker_issued_coin_redeemed_by_the_broker_releases_its_own_funds() {
	run(|| {
		assert_ok!(Micropay::issue(RuntimeOrigin::signed(BROKER), ALICE, 100));
		let id = CoinId { broker: BROKER, serial: 0 };
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BROKER));
		let before = free(BROKER);
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(BROKER), id));
		assert_eq!((free(BROKER), held(BROKER)), (before + 100, 0));
	});
}
