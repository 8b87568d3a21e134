//! The account allow-list: a transaction extension that refuses signed transactions from accounts the consortium
//! has not admitted, before anything else looks at them (it comes first in the runtime's extension tuple).

use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{pallet_prelude::TransactionSource, traits::OriginTrait, weights::Weight, DefaultNoBound};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::InvalidTransaction,
};

use crate::{AdmittedAccounts, Config, WeightInfo};

/// The `InvalidTransaction::Custom` code of a transaction whose signer is not admitted. JSON-RPC clients see it as
/// error 1010 "Invalid Transaction" with data "Custom error: 100"; show it as "account not admitted".
pub const ACCOUNT_NOT_ADMITTED: u8 = 100;

/// Refuses signed transactions from accounts that are not in `AdmittedAccounts`. Unsigned transactions and
/// inherents pass: they are validated by their own pallets.
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckAdmittedAccount<T>(PhantomData<T>);

impl<T> CheckAdmittedAccount<T> {
	/// The extension; it carries no data.
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CheckAdmittedAccount<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckAdmittedAccount")
	}
}

impl<T: Config + Send + Sync> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
	for CheckAdmittedAccount<T>
{
	const IDENTIFIER: &'static str = "CheckAdmittedAccount";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, _: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		<T as Config>::WeightInfo::check_admitted_account()
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		_call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		if let Some(who) = origin.as_signer() {
			if !AdmittedAccounts::<T>::contains_key(who) {
				return Err(InvalidTransaction::Custom(ACCOUNT_NOT_ADMITTED).into());
			}
		}
		Ok((Default::default(), (), origin))
	}

	impl_tx_ext_default!(<T as frame_system::Config>::RuntimeCall; prepare);
}
