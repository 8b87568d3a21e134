use super::*;
use crate::{CheckAdmittedAccount, ACCOUNT_NOT_ADMITTED};
use frame_support::{assert_ok, dispatch::DispatchInfo, pallet_prelude::TransactionSource, traits::OriginTrait};
use sp_runtime::{
	traits::{DispatchTransaction, TransactionExtension, TxBaseImplication},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
};

fn validate(origin: RuntimeOrigin) -> Result<(), TransactionValidityError> {
	let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
	CheckAdmittedAccount::<Test>::new()
		.validate_only(origin, &call, &DispatchInfo::default(), 0, TransactionSource::External, 0)
		.map(|_| ())
}

#[test]
fn admitted_signers_pass() {
	test(|| {
		assert_ok!(validate(RuntimeOrigin::signed(USER)));
		assert_ok!(validate(RuntimeOrigin::signed(1)));
	});
}

#[test]
fn other_signers_are_refused_with_the_distinct_code() {
	test(|| {
		assert_eq!(
			validate(RuntimeOrigin::signed(STRANGER)),
			Err(InvalidTransaction::Custom(ACCOUNT_NOT_ADMITTED).into())
		);
	});
}

#[test]
fn revoked_signers_are_refused_and_readmitted_ones_pass() {
	test(|| {
		assert_ok!(Consortium::revoke_account(RuntimeOrigin::root(), USER));
		assert_eq!(validate(RuntimeOrigin::signed(USER)), Err(InvalidTransaction::Custom(ACCOUNT_NOT_ADMITTED).into()));
		assert_ok!(Consortium::admit_account(RuntimeOrigin::root(), USER));
		assert_ok!(validate(RuntimeOrigin::signed(USER)));
	});
}

#[test]
fn unsigned_transactions_pass() {
	test(|| {
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		let implication = TxBaseImplication(&call);
		let (_, _, origin) = CheckAdmittedAccount::<Test>::new()
			.validate(
				RuntimeOrigin::none(),
				&call,
				&DispatchInfo::default(),
				0,
				(),
				&implication,
				TransactionSource::External,
			)
			.expect("unsigned passes");
		assert!(origin.into_signer().is_none());
	});
}
