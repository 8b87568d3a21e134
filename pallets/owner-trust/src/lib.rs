#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod search;
#[cfg(test)]
mod tests;
#[cfg(any(test, feature = "try-runtime"))]
mod try_state;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Precision,
		SortedMembers,
	},
};
use frame_system::pallet_prelude::*;
use sigil_primitives::{FraudReporter, KeyRing, TrustLevel, TrustOracle, TrustSummary};
use sp_core::H256;
use sp_runtime::traits::Saturating;

/// The balance type of `Config::Currency`, in which edge deposits are held.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// An [`OutgoingEdge`] as this runtime stores it.
pub type OutgoingEdgeOf<T> = OutgoingEdge<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, BalanceOf<T>>;
/// A truster's edges as [`Outgoing`] keeps them: ordered by target, at most `MaxTrustEdges`.
pub type OutgoingEdgesOf<T> = BoundedVec<OutgoingEdgeOf<T>, <T as Config>::MaxTrustEdges>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Holds the edge deposits.
		type Currency: Mutate<Self::AccountId> + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// Who has an identity: only registered identities set or receive trust, and the search ignores
		/// identities that were forgotten since.
		type KeyRing: KeyRing<Self::AccountId>;

		/// The roots of the network view: the consortium's members.
		type NetworkRoots: SortedMembers<Self::AccountId>;

		/// May clear a fraud mark (governance).
		type FraudClearOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Held from the truster per edge while the edge exists.
		#[pallet::constant]
		type EdgeDeposit: Get<BalanceOf<Self>>;

		/// The most edges one identity may set.
		#[pallet::constant]
		type MaxTrustEdges: Get<u32>;

		/// How many fully trusted valid introducers make a target valid (PGP's `completes_needed`).
		#[pallet::constant]
		type CompletesNeeded: Get<u32>;

		/// How many marginally trusted valid introducers make a target valid (PGP's `marginals_needed`).
		#[pallet::constant]
		type MarginalsNeeded: Get<u32>;

		/// The longest chain of introductions from the viewer to a valid target (PGP's `max_cert_depth`).
		#[pallet::constant]
		type MaxDepth: Get<u32>;

		/// The most identities whose edges one validity search reads.
		#[pallet::constant]
		type MaxVisited: Get<u32>;

		/// The weights of this pallet's calls, as its benchmarks measured them.
		type WeightInfo: WeightInfo;
	}

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A trust edge's deposit.
		TrustEdge,
	}

	/// Key: truster. Value: the edges it set, ordered by target. One read gives the search an introducer's edges.
	/// Blake2_128Concat: accounts are chosen by users.
	#[pallet::storage]
	pub type Outgoing<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, OutgoingEdgesOf<T>, ValueQuery>;

	/// Keys: target, truster. Value: the edge's level and when it was set. The reverse index: who trusts a target
	/// is one prefix read. Bounded by `Outgoing`: every entry mirrors one edge there.
	#[pallet::storage]
	pub type Incoming<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		T::AccountId,
		IncomingEdge<BlockNumberFor<T>>,
	>;

	/// Key: account. Value: its fraud mark. Bounded by the reporting pallet, which reports only proven fraud
	/// by registered identities.
	#[pallet::storage]
	pub type FraudMarks<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, FraudMark<BlockNumberFor<T>>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `truster` set its trust in `target` to `level`; `previous` is the level it replaced, if any.
		TrustSet {
			/// The identity that set the trust.
			truster: T::AccountId,
			/// The identity it trusts.
			target: T::AccountId,
			/// The edge's new level.
			level: TrustLevel,
			/// The level it replaced; `None` for a new edge, for which `EdgeDeposit` was held.
			previous: Option<TrustLevel>,
		},
		/// `truster` removed its edge to `target`, which had `level`.
		TrustCleared {
			/// The identity that had set the edge; its deposit was returned.
			truster: T::AccountId,
			/// The identity the edge was on.
			target: T::AccountId,
			/// The level the edge had.
			level: TrustLevel,
		},
		/// `offender` was marked for a proven fraud (or reported again while marked).
		FraudMarked {
			/// The marked identity.
			offender: T::AccountId,
			/// This report's evidence: identifies the proof the reporting pallet keeps (micropay: the hash of its
			/// double-spend proof). The mark keeps the first report's.
			evidence: H256,
			/// Reports received while marked, this one included.
			reports: u32,
		},
		/// Governance cleared `who`'s fraud mark.
		FraudMarkCleared {
			/// The identity whose mark was cleared.
			who: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller has no registered identity.
		NotRegistered,
		/// The target has no registered identity.
		TargetNotRegistered,
		/// An identity cannot set trust in itself: it trusts itself ultimately.
		SelfTrust,
		/// The edge already has this level.
		NoChange,
		/// The caller has set `MaxTrustEdges` edges; clear one first.
		TooManyEdges,
		/// The caller has no edge to this target.
		UnknownEdge,
		/// The account carries no fraud mark.
		NotMarked,
		/// The caller cannot pay the edge deposit.
		InsufficientBalance,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::CompletesNeeded::get() >= 1, "CompletesNeeded must be at least 1");
			assert!(T::MarginalsNeeded::get() >= 1, "MarginalsNeeded must be at least 1");
			assert!(T::MaxDepth::get() >= 1 && T::MaxDepth::get() <= u8::MAX.into(), "MaxDepth must be 1..=255");
			assert!(T::MaxVisited::get() >= 1, "MaxVisited must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Sets the caller's owner trust in `target` to `level`, holding `EdgeDeposit` for a new edge. Both must
		/// have registered identities.
		///
		/// Emits [`Event::TrustSet`]. Errors: [`Error::NotRegistered`], [`Error::TargetNotRegistered`],
		/// [`Error::SelfTrust`], [`Error::NoChange`], [`Error::TooManyEdges`], [`Error::InsufficientBalance`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_trust())]
		pub fn set_trust(origin: OriginFor<T>, target: T::AccountId, level: TrustLevel) -> DispatchResult {
			let truster = ensure_signed(origin)?;
			ensure!(T::KeyRing::has_identity(&truster), Error::<T>::NotRegistered);
			ensure!(truster != target, Error::<T>::SelfTrust);
			ensure!(T::KeyRing::has_identity(&target), Error::<T>::TargetNotRegistered);

			let now = frame_system::Pallet::<T>::block_number();
			let mut edges = Outgoing::<T>::get(&truster);
			let previous = match edges.binary_search_by(|edge| edge.target.cmp(&target)) {
				Ok(index) => {
					let previous = edges.get(index).map(|edge| edge.level);
					ensure!(previous != Some(level), Error::<T>::NoChange);
					if let Some(edge) = edges.get_mut(index) {
						edge.level = level;
						edge.set_at = now;
					}
					previous
				}
				Err(index) => {
					ensure!((edges.len() as u32) < T::MaxTrustEdges::get(), Error::<T>::TooManyEdges);
					let deposit = T::EdgeDeposit::get();
					let edge = OutgoingEdge { target: target.clone(), level, set_at: now, deposit };
					edges.try_insert(index, edge).map_err(|_| Error::<T>::TooManyEdges)?;
					T::Currency::hold(&HoldReason::TrustEdge.into(), &truster, deposit)
						.map_err(|_| Error::<T>::InsufficientBalance)?;
					None
				}
			};

			Outgoing::<T>::insert(&truster, edges);
			Incoming::<T>::insert(&target, &truster, IncomingEdge { level, set_at: now });
			Self::deposit_event(Event::TrustSet { truster, target, level, previous });
			Ok(())
		}

		/// Removes the caller's edge to `target` and returns its deposit. Works whether or not either identity
		/// is still registered.
		///
		/// Emits [`Event::TrustCleared`]. Errors: [`Error::UnknownEdge`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::clear_trust())]
		pub fn clear_trust(origin: OriginFor<T>, target: T::AccountId) -> DispatchResult {
			let truster = ensure_signed(origin)?;
			let mut edges = Outgoing::<T>::get(&truster);
			let index = edges.binary_search_by(|edge| edge.target.cmp(&target)).map_err(|_| Error::<T>::UnknownEdge)?;
			// `index` came from the search, so it is in bounds.
			let edge = edges.remove(index);

			if edges.is_empty() {
				Outgoing::<T>::remove(&truster);
			} else {
				Outgoing::<T>::insert(&truster, edges);
			}
			Incoming::<T>::remove(&target, &truster);
			Self::release_deposit(&truster, edge.deposit);
			Self::deposit_event(Event::TrustCleared { truster, target, level: edge.level });
			Ok(())
		}

		/// Clears `who`'s fraud mark: its validity and introductions count again.
		///
		/// Emits [`Event::FraudMarkCleared`]. Errors: [`Error::NotMarked`], or [`BadOrigin`](DispatchError::BadOrigin)
		/// if not `FraudClearOrigin`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::clear_fraud_mark())]
		pub fn clear_fraud_mark(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::FraudClearOrigin::ensure_origin(origin)?;
			FraudMarks::<T>::take(&who).ok_or(Error::<T>::NotMarked)?;
			Self::deposit_event(Event::FraudMarkCleared { who });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The validity rule with the runtime's constants.
	pub fn rule() -> search::Rule {
		search::Rule {
			completes_needed: T::CompletesNeeded::get(),
			marginals_needed: T::MarginalsNeeded::get(),
			max_depth: T::MaxDepth::get(),
			max_visited: T::MaxVisited::get(),
		}
	}

	fn release_deposit(who: &T::AccountId, amount: BalanceOf<T>) {
		// Releasing never takes more than is held (`BestEffort`); a shortfall would mean a bug, so log it.
		if let Err(error) = T::Currency::release(&HoldReason::TrustEdge.into(), who, amount, Precision::BestEffort) {
			log::error!(target: "runtime::owner-trust", "releasing {amount:?} held from {who:?}: {error:?}");
		}
	}
}

impl<T: Config> FraudReporter<T::AccountId> for Pallet<T> {
	fn report_fraud(offender: &T::AccountId, evidence: H256) {
		let now = frame_system::Pallet::<T>::block_number();
		let mark = FraudMarks::<T>::mutate(offender, |mark| {
			let mark = mark.get_or_insert(FraudMark { marked_at: now, evidence, reports: 0 });
			mark.reports.saturating_inc();
			*mark
		});
		Self::deposit_event(Event::FraudMarked { offender: offender.clone(), evidence, reports: mark.reports });
	}
}

impl<T: Config> TrustOracle<T::AccountId> for Pallet<T> {
	fn trust(viewer: &T::AccountId, target: &T::AccountId) -> Option<TrustSummary> {
		let report = Self::search(core::slice::from_ref(viewer), target);
		Some(TrustSummary { validity: report.validity, amount: report.amount, complete: report.complete })
	}
}
