//! Paying on line.

use super::*;
use crate::{Error, Event, TransferProof, Transfers};
use frame_support::assert_noop;

#[test]
fn the_holder_pays_and_the_sequence_number_rises() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		System::assert_last_event(Event::CoinPaid { coin: id, seq: 1, from: ALICE, to: BOB, offline: false }.into());
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(BOB), id, CHARLIE));
		let record = coin(&id);
		assert_eq!((record.holder, record.seq, record.owner), (CHARLIE, 2, ALICE));
		assert_eq!(
			Transfers::<Test>::get(id, 1).map(|t| (t.from, t.to, t.proof)),
			Some((ALICE, BOB, TransferProof::OnLine))
		);
		assert!(coins_of(ALICE).is_empty() && coins_of(BOB).is_empty());
		assert_eq!(coins_of(CHARLIE), vec![id]);
		// The backing stays where it was.
		assert_eq!(held(ALICE), 100);
	});
}

#[test]
fn only_the_holder_pays_an_active_unexpired_coin_to_someone_else() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_noop!(Micropay::pay(RuntimeOrigin::signed(BOB), id, CHARLIE), Error::<Test>::NotHolder);
		assert_noop!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, ALICE), Error::<Test>::SelfPayment);
		let unknown = CoinId { broker: BROKER, serial: 99 };
		assert_noop!(Micropay::pay(RuntimeOrigin::signed(ALICE), unknown, BOB), Error::<Test>::UnknownCoin);
		Timestamp::set_timestamp(START + VALIDITY);
		assert_noop!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB), Error::<Test>::CoinExpired);
	});
}

#[test]
fn a_coin_moves_at_most_max_transfers_times() {
	run(|| {
		let id = buy(ALICE, 100);
		let route = [ALICE, BOB, CHARLIE, DAVE];
		for pair in route.windows(2) {
			assert_ok!(Micropay::pay(RuntimeOrigin::signed(pair[0]), id, pair[1]));
		}
		assert_eq!(coin(&id).seq, MAX_TRANSFERS);
		assert_noop!(Micropay::pay(RuntimeOrigin::signed(DAVE), id, ALICE), Error::<Test>::TransferLimitReached);
	});
}
