#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod extension;
#[cfg(test)]
mod tests;
// Not behind `try-runtime`: the runtime's tests check the genesis presets against these invariants.
mod try_state;
pub mod weights;

pub use extension::{CheckAdmittedAccount, ACCOUNT_NOT_ADMITTED};
pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::SortedMembers};
use frame_system::pallet_prelude::*;
use sp_runtime::traits::{One, Zero};

/// Validators' session index, as pallet-session counts it.
pub type SessionIndex = u32;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config:
		frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ pallet_session::Config<ValidatorId = <Self as frame_system::Config>::AccountId>
	{
		/// The consortium's decision: what every privileged call here requires (a members' vote, or root).
		type GovernanceOrigin: EnsureOrigin<<Self as frame_system::Config>::RuntimeOrigin>;

		/// The consortium's members: they admit accounts within their quota, and their own accounts cannot be
		/// revoked while they are members.
		///
		/// pallet-session leaves a validator without session keys out of the set it queues, whatever this pallet
		/// decided: the runtime keeps the minimum by filtering out `session.purge_keys`.
		type Members: SortedMembers<Self::AccountId>;

		/// The fewest validators when the genesis does not say (GRANDPA finalises with more than two thirds of
		/// them, so four tolerate one down).
		#[pallet::constant]
		type DefaultMinValidators: Get<u32>;

		/// The most validators (the Aura and GRANDPA authority bound).
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// Session length when the genesis does not set one.
		#[pallet::constant]
		type DefaultSessionLength: Get<BlockNumberFor<Self>>;

		/// How many accounts each member may have admitted at once (`admit_as_member`) until governance sets
		/// another quota.
		#[pallet::constant]
		type DefaultAdmissionQuota: Get<u32>;

		/// The highest quota governance may set: with the members' bound, what bounds `AdmittedBy`.
		#[pallet::constant]
		type MaxAdmissionQuota: Get<u32>;

		/// The weights of this pallet's calls and of [`CheckAdmittedAccount`], as its benchmarks measured them.
		type WeightInfo: WeightInfo;
	}

	/// Version 0: what frame stored at genesis for this pallet while it declared no version, so chains that run it
	/// need no migration for the declaration.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// [`SessionLength`] until genesis sets it: `Config::DefaultSessionLength`.
	#[pallet::type_value]
	pub fn DefaultSessionLength<T: Config>() -> BlockNumberFor<T> {
		T::DefaultSessionLength::get()
	}

	/// [`MinValidators`] until genesis sets it: `Config::DefaultMinValidators`.
	#[pallet::type_value]
	pub fn DefaultMinValidators<T: Config>() -> u32 {
		T::DefaultMinValidators::get()
	}

	/// The validator set never shrinks below this many. Set at genesis.
	#[pallet::storage]
	pub type MinValidators<T: Config> = StorageValue<_, u32, ValueQuery, DefaultMinValidators<T>>;

	/// The validator set the consortium decided on, sorted. pallet-session picks it up at the next session
	/// boundary (it is queued there and authors from the session after).
	#[pallet::storage]
	pub type Validators<T: Config> = StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Accounts that may sign transactions, with the block they were admitted at.
	#[pallet::storage]
	pub type AdmittedAccounts<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// [`AdmissionQuota`] until governance sets it: `Config::DefaultAdmissionQuota`.
	#[pallet::type_value]
	pub fn DefaultAdmissionQuota<T: Config>() -> u32 {
		T::DefaultAdmissionQuota::get()
	}

	/// How many accounts each member may have admitted at once by itself (`admit_as_member`).
	#[pallet::storage]
	pub type AdmissionQuota<T: Config> = StorageValue<_, u32, ValueQuery, DefaultAdmissionQuota<T>>;

	/// Accounts a member admitted by itself, with that member: whom it may revoke, and whom it answers for.
	#[pallet::storage]
	pub type AdmittedBy<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, T::AccountId, OptionQuery>;

	/// How many accounts each member has admitted by itself and not seen revoked: what the quota counts.
	#[pallet::storage]
	pub type AdmissionsBy<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// Accounts governance revoked, with the block: a member cannot admit them again by itself, only governance
	/// can (`admit_account`). Written by governance alone, one entry per revocation it voted.
	#[pallet::storage]
	pub type RevokedByGovernance<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// Blocks per session: validator-set changes take effect at these boundaries. Set at genesis.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery, DefaultSessionLength<T>>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The first validators; each must have session keys in pallet-session's genesis. Empty: the session
		/// genesis' validators.
		pub validators: Vec<T::AccountId>,
		/// Accounts admitted from the start (members, validators, the first users).
		pub admitted_accounts: Vec<T::AccountId>,
		/// Blocks per session; `None` keeps `DefaultSessionLength`.
		pub session_length: Option<BlockNumberFor<T>>,
		/// The fewest validators; `None` keeps `DefaultMinValidators`.
		pub min_validators: Option<u32>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// An empty list means pallet-session's genesis validators (built before this pallet's genesis).
			let mut validators = if self.validators.is_empty() {
				pallet_session::Validators::<T>::get()
			} else {
				self.validators.clone()
			};
			validators.sort();
			validators.dedup();
			if let Some(min) = self.min_validators {
				MinValidators::<T>::put(min);
			}
			// (An empty set only happens in a default genesis, which runs no blocks.)
			assert!(
				validators.is_empty() || validators.len() >= MinValidators::<T>::get() as usize,
				"fewer genesis validators than the minimum"
			);
			for validator in &validators {
				assert!(
					pallet_session::NextKeys::<T>::contains_key(validator),
					"a genesis validator has no session keys in the session genesis"
				);
			}
			assert!(validators.len() <= T::MaxValidators::get() as usize, "more genesis validators than MaxValidators");
			let validators = BoundedVec::<_, T::MaxValidators>::truncate_from(validators);
			Validators::<T>::put(validators);
			for account in &self.admitted_accounts {
				AdmittedAccounts::<T>::insert(account, BlockNumberFor::<T>::zero());
			}
			if let Some(length) = self.session_length {
				assert!(!length.is_zero(), "a session must last at least one block");
				SessionLength::<T>::put(length);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `validator` joins the set; it authors from the session after the next boundary.
		ValidatorAdded {
			/// The account added to the decided set.
			validator: T::AccountId,
		},
		/// `validator` leaves the set; it stops authoring from the session after the next boundary.
		ValidatorRemoved {
			/// The account removed from the decided set.
			validator: T::AccountId,
		},
		/// The decided set was handed to pallet-session: it authors from session `session`.
		ValidatorSetQueued {
			/// The index of the first session the set authors in.
			session: SessionIndex,
			/// The set, sorted.
			validators: Vec<T::AccountId>,
		},
		/// `account` may sign transactions.
		AccountAdmitted {
			/// The admitted account.
			account: T::AccountId,
		},
		/// `account`'s transactions are refused from now on.
		AccountRevoked {
			/// The revoked account.
			account: T::AccountId,
		},
		/// `member` admitted `account` within its quota; `admitted` of the quota are now used.
		AccountAdmittedByMember {
			/// The member that admitted the account.
			member: T::AccountId,
			/// The admitted account.
			account: T::AccountId,
			/// How many accounts the member now has admitted by itself, this one included.
			admitted: u32,
		},
		/// `member` revoked `account`, which it had admitted, or which a former member had admitted (`admitter`).
		AccountRevokedByMember {
			/// The member that revoked the account.
			member: T::AccountId,
			/// The revoked account.
			account: T::AccountId,
			/// The member that had admitted the account: `member` itself, or a former member.
			admitter: T::AccountId,
		},
		/// Each member may now have `quota` accounts admitted by itself.
		AdmissionQuotaSet {
			/// The new quota: how many accounts each member may have admitted by itself at once.
			quota: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already in the validator set.
		AlreadyValidator,
		/// The account is not in the validator set.
		NotValidator,
		/// The validator set is full (`MaxValidators`).
		TooManyValidators,
		/// Removing it would leave fewer validators than the minimum (`MinValidators`).
		TooFewValidators,
		/// The account has not set session keys (`session.set_keys`): it could not author or vote.
		NoSessionKeys,
		/// The account is already admitted.
		AlreadyAdmitted,
		/// The account is not admitted.
		NotAdmitted,
		/// The account belongs to a consortium member or a validator: remove it from that role first.
		AccountInUse,
		/// Only consortium members admit and revoke accounts by themselves.
		NotMember,
		/// The member has as many accounts admitted as the quota allows: revoke one, or ask governance for more.
		AdmissionQuotaReached,
		/// The account was admitted by governance or by another member that still is one.
		NotAdmittedByYou,
		/// Governance revoked the account: only governance admits it again.
		RevokedByGovernance,
		/// Higher than `MaxAdmissionQuota`.
		QuotaTooHigh,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Adds `validator` to the set. It must have set its session keys; it is queued at the next session
		/// boundary and authors from the session after.
		///
		/// Emits [`Event::ValidatorAdded`]. Errors: [`BadOrigin`](DispatchError::BadOrigin) unless `GovernanceOrigin`,
		/// [`Error::AlreadyValidator`], [`Error::NoSessionKeys`], [`Error::TooManyValidators`].
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			let position = validators.binary_search(&validator).err().ok_or(Error::<T>::AlreadyValidator)?;
			ensure!(pallet_session::NextKeys::<T>::contains_key(&validator), Error::<T>::NoSessionKeys);
			validators.try_insert(position, validator.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Validators::<T>::put(validators);
			Self::deposit_event(Event::ValidatorAdded { validator });
			Ok(())
		}

		/// Removes `validator` from the set, as long as at least `MinValidators` remain. It stops authoring
		/// from the session after the next boundary.
		///
		/// Emits [`Event::ValidatorRemoved`]. Errors: [`BadOrigin`](DispatchError::BadOrigin) unless
		/// `GovernanceOrigin`, [`Error::NotValidator`], [`Error::TooFewValidators`].
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, validator: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			let position = validators.binary_search(&validator).map_err(|_| Error::<T>::NotValidator)?;
			ensure!(validators.len() > MinValidators::<T>::get() as usize, Error::<T>::TooFewValidators);
			validators.remove(position);
			Validators::<T>::put(validators);
			Self::deposit_event(Event::ValidatorRemoved { validator });
			Ok(())
		}

		/// Lets `account` sign transactions.
		///
		/// Emits [`Event::AccountAdmitted`]. Errors: [`BadOrigin`](DispatchError::BadOrigin) unless `GovernanceOrigin`,
		/// [`Error::AlreadyAdmitted`].
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::admit_account())]
		pub fn admit_account(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(!AdmittedAccounts::<T>::contains_key(&account), Error::<T>::AlreadyAdmitted);
			AdmittedAccounts::<T>::insert(&account, frame_system::Pallet::<T>::block_number());
			RevokedByGovernance::<T>::remove(&account);
			Self::deposit_event(Event::AccountAdmitted { account });
			Ok(())
		}

		/// Refuses `account`'s transactions from now on. Members' and validators' accounts cannot be revoked
		/// while they hold that role.
		///
		/// Emits [`Event::AccountRevoked`]. Errors: [`BadOrigin`](DispatchError::BadOrigin) unless `GovernanceOrigin`,
		/// [`Error::NotAdmitted`], [`Error::AccountInUse`].
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::revoke_account())]
		pub fn revoke_account(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(AdmittedAccounts::<T>::contains_key(&account), Error::<T>::NotAdmitted);
			ensure!(
				!T::Members::contains(&account) && Validators::<T>::get().binary_search(&account).is_err(),
				Error::<T>::AccountInUse
			);
			AdmittedAccounts::<T>::remove(&account);
			if let Some(member) = AdmittedBy::<T>::take(&account) {
				Self::release_admission(&member);
			}
			RevokedByGovernance::<T>::insert(&account, frame_system::Pallet::<T>::block_number());
			Self::deposit_event(Event::AccountRevoked { account });
			Ok(())
		}

		/// Authorises a runtime upgrade to the code with hash `code_hash`; anyone then uploads it with
		/// `system.apply_authorized_upgrade`. The new code must keep the spec name and raise the spec version.
		/// Frame-system emits `UpgradeAuthorized`.
		///
		/// Errors: [`BadOrigin`](DispatchError::BadOrigin) unless `GovernanceOrigin`.
		#[pallet::call_index(4)]
		#[pallet::weight(<T as Config>::WeightInfo::authorize_upgrade())]
		pub fn authorize_upgrade(origin: OriginFor<T>, code_hash: T::Hash) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			frame_system::Pallet::<T>::do_authorize_upgrade(code_hash, true);
			Ok(())
		}

		/// A member lets `account` sign transactions by itself, within its quota (`AdmissionQuota`), so that a
		/// member organisation can onboard its own users without a motion. The chain records which member admitted
		/// whom; that member (or governance) can revoke it. Funding the account is a transfer of the member's own.
		/// An account governance revoked is governance's to admit again.
		///
		/// Emits [`Event::AccountAdmitted`], then [`Event::AccountAdmittedByMember`]. Errors: [`Error::NotMember`],
		/// [`Error::AlreadyAdmitted`], [`Error::RevokedByGovernance`], [`Error::AdmissionQuotaReached`].
		#[pallet::call_index(5)]
		#[pallet::weight(<T as Config>::WeightInfo::admit_as_member())]
		pub fn admit_as_member(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			let member = ensure_signed(origin)?;
			ensure!(T::Members::contains(&member), Error::<T>::NotMember);
			ensure!(!AdmittedAccounts::<T>::contains_key(&account), Error::<T>::AlreadyAdmitted);
			ensure!(!RevokedByGovernance::<T>::contains_key(&account), Error::<T>::RevokedByGovernance);
			let admitted = AdmissionsBy::<T>::get(&member);
			ensure!(admitted < AdmissionQuota::<T>::get(), Error::<T>::AdmissionQuotaReached);
			let admitted = admitted.saturating_add(1);
			AdmittedAccounts::<T>::insert(&account, frame_system::Pallet::<T>::block_number());
			AdmittedBy::<T>::insert(&account, &member);
			AdmissionsBy::<T>::insert(&member, admitted);
			Self::deposit_event(Event::AccountAdmitted { account: account.clone() });
			Self::deposit_event(Event::AccountAdmittedByMember { member, account, admitted });
			Ok(())
		}

		/// A member refuses, from now on, the transactions of an account it admitted itself, or of one a former
		/// member admitted (so that a member's users do not outlive its membership unanswered). Members' and
		/// validators' accounts cannot be revoked while they hold that role.
		///
		/// Emits [`Event::AccountRevoked`], then [`Event::AccountRevokedByMember`]. Errors: [`Error::NotMember`],
		/// [`Error::NotAdmittedByYou`], [`Error::AccountInUse`].
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::revoke_as_member())]
		pub fn revoke_as_member(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			let member = ensure_signed(origin)?;
			ensure!(T::Members::contains(&member), Error::<T>::NotMember);
			let admitter = AdmittedBy::<T>::get(&account).ok_or(Error::<T>::NotAdmittedByYou)?;
			ensure!(admitter == member || !T::Members::contains(&admitter), Error::<T>::NotAdmittedByYou);
			ensure!(
				!T::Members::contains(&account) && Validators::<T>::get().binary_search(&account).is_err(),
				Error::<T>::AccountInUse
			);
			AdmittedAccounts::<T>::remove(&account);
			AdmittedBy::<T>::remove(&account);
			Self::release_admission(&admitter);
			Self::deposit_event(Event::AccountRevoked { account: account.clone() });
			Self::deposit_event(Event::AccountRevokedByMember { member, account, admitter });
			Ok(())
		}

		/// Sets how many accounts each member may have admitted by itself. Lowering it revokes nobody: members
		/// above it admit no more until they are below.
		///
		/// Emits [`Event::AdmissionQuotaSet`]. Errors: [`BadOrigin`](DispatchError::BadOrigin) unless
		/// `GovernanceOrigin`, [`Error::QuotaTooHigh`].
		#[pallet::call_index(7)]
		#[pallet::weight(<T as Config>::WeightInfo::set_admission_quota())]
		pub fn set_admission_quota(origin: OriginFor<T>, quota: u32) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(quota <= T::MaxAdmissionQuota::get(), Error::<T>::QuotaTooHigh);
			AdmissionQuota::<T>::put(quota);
			Self::deposit_event(Event::AdmissionQuotaSet { quota });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `who` may sign transactions.
	pub fn is_admitted(who: &T::AccountId) -> bool {
		AdmittedAccounts::<T>::contains_key(who)
	}

	/// Frees one of `member`'s admissions (an account it admitted was revoked).
	fn release_admission(member: &T::AccountId) {
		AdmissionsBy::<T>::mutate_exists(member, |count| {
			*count = count.and_then(|count| count.checked_sub(1)).filter(|count| *count > 0);
		});
	}

	/// The member that admitted `who` by itself, if one did.
	pub fn admitted_by(who: &T::AccountId) -> Option<T::AccountId> {
		AdmittedBy::<T>::get(who)
	}
}

/// Hands the consortium's decided validator set to pallet-session at each session boundary.
impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		let decided = Validators::<T>::get().into_inner();
		// pallet-session has just made the previously queued set current: nothing to do if it is the decided one.
		if decided == pallet_session::Validators::<T>::get() {
			return None;
		}
		log::info!(target: "runtime::consortium", "validator set for session {new_index}: {} validators", decided.len());
		Self::deposit_event(Event::ValidatorSetQueued { session: new_index, validators: decided.clone() });
		Some(decided)
	}

	// The genesis set comes from pallet-session's own genesis keys.
	fn new_session_genesis(_: SessionIndex) -> Option<Vec<T::AccountId>> {
		None
	}

	fn end_session(_: SessionIndex) {}

	fn start_session(_: SessionIndex) {}
}

/// The session length as a `Get`, for `pallet_session::PeriodicSessions`.
pub struct SessionPeriod<T>(core::marker::PhantomData<T>);

impl<T: Config> Get<BlockNumberFor<T>> for SessionPeriod<T> {
	fn get() -> BlockNumberFor<T> {
		// A zero length would make PeriodicSessions divide by zero; genesis refuses it, this keeps it so.
		SessionLength::<T>::get().max(One::one())
	}
}
