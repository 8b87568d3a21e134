//! Approving, changing, suspending and resuming brokers.

use super::*;
use crate::{Brokers, Error, Event};
use frame_support::assert_noop;
use sp_runtime::DispatchError;

#[test]
fn governance_approves_a_broker_once_with_sound_terms() {
	run(|| {
		assert_ok!(Micropay::approve_broker(RuntimeOrigin::root(), DAVE, terms()));
		System::assert_last_event(Event::BrokerApproved { broker: DAVE, terms: terms() }.into());
		assert_noop!(Micropay::approve_broker(RuntimeOrigin::root(), DAVE, terms()), Error::<Test>::AlreadyBroker);
		assert_noop!(
			Micropay::approve_broker(RuntimeOrigin::signed(ALICE), CHARLIE, terms()),
			DispatchError::BadOrigin
		);
		let no_validity = BrokerTerms { validity: 0, ..terms() };
		assert_noop!(
			Micropay::approve_broker(RuntimeOrigin::root(), CHARLIE, no_validity),
			Error::<Test>::InvalidTerms
		);
		let no_value = BrokerTerms { max_value: 0, ..terms() };
		assert_noop!(Micropay::approve_broker(RuntimeOrigin::root(), CHARLIE, no_value), Error::<Test>::InvalidTerms);
	});
}

#[test]
fn terms_change_for_new_coins_only() {
	run(|| {
		let old = buy(ALICE, 100);
		let longer = BrokerTerms { validity: 5_000, ..terms() };
		assert_ok!(Micropay::set_broker_terms(RuntimeOrigin::root(), BROKER, longer));
		System::assert_last_event(Event::BrokerTermsChanged { broker: BROKER, terms: longer }.into());
		let new = buy(ALICE, 100);
		assert_eq!((coin(&old).expiry, coin(&new).expiry), (START + VALIDITY, START + 5_000));
		assert_noop!(Micropay::set_broker_terms(RuntimeOrigin::root(), DAVE, terms()), Error::<Test>::NotBroker);
	});
}

#[test]
fn a_suspended_broker_issues_nothing_but_its_coins_still_work() {
	run(|| {
		let id = buy(ALICE, 100);
		assert_ok!(Micropay::suspend_broker(RuntimeOrigin::root(), BROKER));
		System::assert_last_event(Event::BrokerSuspended { broker: BROKER }.into());
		assert_noop!(Micropay::suspend_broker(RuntimeOrigin::root(), BROKER), Error::<Test>::AlreadySuspended);
		assert_noop!(Micropay::purchase(RuntimeOrigin::signed(ALICE), BROKER, 10), Error::<Test>::BrokerIsSuspended);
		assert_noop!(Micropay::issue(RuntimeOrigin::signed(BROKER), ALICE, 10), Error::<Test>::BrokerIsSuspended);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(ALICE), id, BOB));
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(BOB), id));
		assert_ok!(Micropay::resume_broker(RuntimeOrigin::root(), BROKER));
		assert_eq!(Brokers::<Test>::get(BROKER).map(|b| b.suspended), Some(false));
		assert_noop!(Micropay::resume_broker(RuntimeOrigin::root(), BROKER), Error::<Test>::NotSuspended);
		assert_noop!(Micropay::suspend_broker(RuntimeOrigin::root(), DAVE), Error::<Test>::NotBroker);
	});
}
