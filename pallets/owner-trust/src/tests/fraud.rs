//! Fraud marks: set through `FraudReporter`, cleared by governance.

use super::*;
use crate::{Error, Event, FraudMarks};
use frame_support::assert_noop;
use sigil_primitives::{FraudReporter, NeverReason, TrustLevel::Full, TrustOracle, TrustSummary, Validity};
use sp_core::H256;
use sp_runtime::DispatchError;

#[test]
fn a_report_marks_the_offender_and_repeated_reports_are_counted() {
	run(|| {
		OwnerTrust::report_fraud(&4, H256::repeat_byte(1));
		System::assert_last_event(
			Event::FraudMarked { offender: 4, evidence: H256::repeat_byte(1), reports: 1 }.into(),
		);
		System::set_block_number(9);
		OwnerTrust::report_fraud(&4, H256::repeat_byte(2));
		let mark = FraudMarks::<Test>::get(4).expect("marked");
		assert_eq!((mark.marked_at, mark.evidence, mark.reports), (1, H256::repeat_byte(1), 2));
		let info = OwnerTrust::api_fraud_mark(&4).expect("reported by the API");
		assert_eq!((info.marked_at, info.reports), (1, 2));
	});
}

#[test]
fn governance_clears_a_mark() {
	run(|| {
		OwnerTrust::report_fraud(&4, H256::repeat_byte(1));
		assert_ok!(OwnerTrust::clear_fraud_mark(RuntimeOrigin::root(), 4));
		System::assert_last_event(Event::FraudMarkCleared { who: 4 }.into());
		assert!(OwnerTrust::api_fraud_mark(&4).is_none());
	});
}

#[test]
fn only_governance_clears_and_only_existing_marks() {
	run(|| {
		OwnerTrust::report_fraud(&4, H256::repeat_byte(1));
		assert_noop!(OwnerTrust::clear_fraud_mark(RuntimeOrigin::signed(4), 4), DispatchError::BadOrigin);
		assert_noop!(OwnerTrust::clear_fraud_mark(RuntimeOrigin::root(), 5), Error::<Test>::NotMarked);
	});
}

#[test]
fn the_oracle_answers_with_the_search() {
	run(|| {
		trust(1, 2, Full);
		assert_eq!(
			<OwnerTrust as TrustOracle<AccountId>>::trust(&1, &2),
			Some(TrustSummary { validity: Validity::Full, amount: 120, complete: true })
		);
		OwnerTrust::report_fraud(&2, H256::zero());
		assert_eq!(
			<OwnerTrust as TrustOracle<AccountId>>::trust(&1, &2).map(|summary| summary.validity),
			Some(Validity::Never(NeverReason::FraudMark))
		);
	});
}
