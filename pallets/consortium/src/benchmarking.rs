//! Benchmarks of the consortium's calls and of its transaction extension, each at its worst case (a full validator
//! set to search and shift).

use super::*;
use crate::Pallet as Consortium;
use frame_benchmarking::v2::*;
use frame_support::{
	dispatch::{DispatchInfo, PostDispatchInfo},
	traits::EnsureOrigin,
};
use frame_system::RawOrigin;
use sp_runtime::traits::{DispatchTransaction, Dispatchable, TrailingZeroInput};

fn set_keys<T: Config>(who: &T::AccountId) {
	let keys = <T as pallet_session::Config>::Keys::decode(&mut TrailingZeroInput::zeroes())
		.expect("session keys decode from zeroes");
	pallet_session::NextKeys::<T>::insert(who, keys);
}

/// A consortium member (made one through the members' benchmark hook) with an admission left in its quota.
fn member<T: Config>() -> T::AccountId {
	let member: T::AccountId = account("member", 0, 0);
	T::Members::add(&member);
	if AdmissionQuota::<T>::get() == 0 {
		AdmissionQuota::<T>::put(1);
	}
	member
}

/// A validator set of `n` accounts with keys, none of them `account("new", 0, 0)`.
fn fill_validators<T: Config>(n: u32) {
	let mut validators: Vec<T::AccountId> = (0..n).map(|i| account("validator", i, 0)).collect();
	validators.sort();
	validators.iter().for_each(set_keys::<T>);
	Validators::<T>::put(BoundedVec::truncate_from(validators));
}

#[benchmarks(where
	T: Send + Sync,
	<T as frame_system::Config>::RuntimeCall: Dispatchable<Info = DispatchInfo, PostInfo = PostDispatchInfo>,
)]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		fill_validators::<T>(T::MaxValidators::get().saturating_sub(1));
		let new: T::AccountId = account("new", 0, 0);
		set_keys::<T>(&new);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new.clone());

		assert!(Validators::<T>::get().contains(&new));
		Ok(())
	}

	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		fill_validators::<T>(T::MaxValidators::get());
		let leaving = Validators::<T>::get().first().cloned().ok_or(BenchmarkError::Weightless)?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, leaving.clone());

		assert!(!Validators::<T>::get().contains(&leaving));
		Ok(())
	}

	#[benchmark]
	fn admit_account() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("user", 0, 0);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Consortium::<T>::is_admitted(&who));
		Ok(())
	}

	#[benchmark]
	fn revoke_account() -> Result<(), BenchmarkError> {
		fill_validators::<T>(T::MaxValidators::get());
		// The worst case: a member admitted it, whose count is released too.
		let member = member::<T>();
		let who: T::AccountId = account("user", 0, 0);
		Consortium::<T>::admit_as_member(RawOrigin::Signed(member).into(), who.clone())?;
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Consortium::<T>::is_admitted(&who));
		Ok(())
	}

	#[benchmark]
	fn authorize_upgrade() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let code_hash = T::Hash::default();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, code_hash);

		assert!(frame_system::Pallet::<T>::authorized_upgrade().is_some());
		Ok(())
	}

	#[benchmark]
	fn admit_as_member() -> Result<(), BenchmarkError> {
		let member = member::<T>();
		// One short of the highest quota: the count is read, checked and written as for any other.
		let quota = T::MaxAdmissionQuota::get();
		AdmissionQuota::<T>::put(quota);
		AdmissionsBy::<T>::insert(&member, quota.saturating_sub(1));
		let who: T::AccountId = account("user", 0, 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(member.clone()), who.clone());

		assert_eq!(Consortium::<T>::admitted_by(&who), Some(member));
		Ok(())
	}

	#[benchmark]
	fn revoke_as_member() -> Result<(), BenchmarkError> {
		// A full validator set to search: the account must not be one of them. The worst case: the account's
		// admitter is not the caller, so its membership is checked too.
		fill_validators::<T>(T::MaxValidators::get());
		// A former member admitted it (its admissions as `admit_as_member` left them).
		let admitter: T::AccountId = account("former member", 0, 0);
		let who: T::AccountId = account("user", 0, 0);
		AdmittedAccounts::<T>::insert(&who, BlockNumberFor::<T>::zero());
		AdmittedBy::<T>::insert(&who, &admitter);
		AdmissionsBy::<T>::insert(&admitter, 1);
		let member = member::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(member), who.clone());

		assert!(!Consortium::<T>::is_admitted(&who));
		Ok(())
	}

	#[benchmark]
	fn set_admission_quota() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let quota = T::MaxAdmissionQuota::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, quota);

		assert_eq!(AdmissionQuota::<T>::get(), quota);
		Ok(())
	}

	#[benchmark]
	fn check_admitted_account() -> Result<(), BenchmarkError> {
		let who: T::AccountId = account("user", 0, 0);
		AdmittedAccounts::<T>::insert(&who, BlockNumberFor::<T>::zero());
		let call: <T as frame_system::Config>::RuntimeCall = frame_system::Call::remark { remark: Vec::new() }.into();
		let info = DispatchInfo::default();
		let extension = CheckAdmittedAccount::<T>::new();
		let result;

		#[block]
		{
			result =
				extension.validate_only(RawOrigin::Signed(who).into(), &call, &info, 0, TransactionSource::External, 0);
		}

		assert!(result.is_ok());
		Ok(())
	}

	impl_benchmark_test_suite!(Consortium, crate::tests::new_test_ext(), crate::tests::Test);
}
