//! The pallet's invariants, checked by `try_state` under try-runtime, after every unit test and by the runtime's
//! tests of its genesis presets.

use crate::{
	AdmissionQuota, AdmissionsBy, AdmittedAccounts, AdmittedBy, Config, MinValidators, Pallet, SessionLength,
	Validators,
};
use alloc::collections::BTreeMap;
use frame_support::{ensure, pallet_prelude::Get};
use sp_runtime::traits::Zero;

impl<T: Config> Pallet<T> {
	/// Invariants: the validator set is sorted, without duplicates, and at least `MinValidators` long; the
	/// admitted-account counter counts the map; a session lasts at least one block; every account a member admitted
	/// is admitted, and each member's admission count is the number of accounts it admitted; the quota is at most
	/// `MaxAdmissionQuota`.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		ensure!(
			validators.iter().zip(validators.iter().skip(1)).all(|(a, b)| a < b),
			"validators are not sorted and unique"
		);
		ensure!(validators.len() >= MinValidators::<T>::get() as usize, "fewer validators than MinValidators");
		ensure!(
			AdmittedAccounts::<T>::iter_keys().count() == AdmittedAccounts::<T>::count() as usize,
			"admitted-account counter is off"
		);
		ensure!(!SessionLength::<T>::get().is_zero(), "a session lasts at least one block");
		let mut counted: BTreeMap<T::AccountId, u32> = Default::default();
		for (account, member) in AdmittedBy::<T>::iter() {
			ensure!(AdmittedAccounts::<T>::contains_key(&account), "an account admitted by a member is not admitted");
			let count = counted.entry(member).or_default();
			*count = count.saturating_add(1);
		}
		ensure!(
			AdmissionsBy::<T>::iter().all(|(member, count)| counted.get(&member) == Some(&count))
				&& counted.len() == AdmissionsBy::<T>::iter_keys().count(),
			"a member's admission count is not the number of accounts it admitted"
		);
		ensure!(AdmissionQuota::<T>::get() <= T::MaxAdmissionQuota::get(), "the admission quota is above its maximum");
		Ok(())
	}
}
