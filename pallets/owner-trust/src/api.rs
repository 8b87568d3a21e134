//! Answers for the runtime API (see `pallet-owner-trust-runtime-api`).

use crate::{Config, FraudMarks, Incoming, Outgoing, Pallet};
use alloc::vec::Vec;
use frame_support::traits::SortedMembers;
use pallet_owner_trust_runtime_api::{EdgeInfo, FraudMarkInfo, ValidityReport};
use sp_runtime::SaturatedConversion;

impl<T: Config> Pallet<T> {
	/// The edges `who` set, ordered by target: the runtime API's `outgoing`.
	pub fn api_outgoing(who: &T::AccountId) -> Vec<EdgeInfo<T::AccountId>> {
		Outgoing::<T>::get(who)
			.into_iter()
			.map(|edge| EdgeInfo { account: edge.target, level: edge.level, set_at: edge.set_at.saturated_into() })
			.collect()
	}

	/// Up to `limit` (at most `MAX_INCOMING_PAGE`) edges set on `who`, in storage order, starting after the
	/// truster `start_after`: the runtime API's `incoming`.
	pub fn api_incoming(
		who: &T::AccountId,
		start_after: Option<T::AccountId>,
		limit: u32,
	) -> Vec<EdgeInfo<T::AccountId>> {
		let limit = limit.min(pallet_owner_trust_runtime_api::MAX_INCOMING_PAGE) as usize;
		let entries = match start_after {
			Some(after) => Incoming::<T>::iter_prefix_from(who, Incoming::<T>::hashed_key_for(who, after)),
			None => Incoming::<T>::iter_prefix(who),
		};
		entries
			.take(limit)
			.map(|(truster, edge)| EdgeInfo {
				account: truster,
				level: edge.level,
				set_at: edge.set_at.saturated_into(),
			})
			.collect()
	}

	/// The fraud mark on `who`, if any: the runtime API's `fraud_mark`.
	pub fn api_fraud_mark(who: &T::AccountId) -> Option<FraudMarkInfo> {
		FraudMarks::<T>::get(who).map(|mark| FraudMarkInfo {
			marked_at: mark.marked_at.saturated_into(),
			evidence: mark.evidence,
			reports: mark.reports,
		})
	}

	/// How `viewer` sees `target`: [`Self::search`] from `viewer` alone; the runtime API's `validity`.
	pub fn api_validity(viewer: &T::AccountId, target: &T::AccountId) -> ValidityReport<T::AccountId> {
		Self::search(core::slice::from_ref(viewer), target)
	}

	/// How the network sees `target`: [`Self::search`] from the roots (`NetworkRoots`) together; the runtime
	/// API's `network_validity`.
	pub fn api_network_validity(target: &T::AccountId) -> ValidityReport<T::AccountId> {
		Self::search(&T::NetworkRoots::sorted_members(), target)
	}

	/// The network view's roots, `NetworkRoots`' members, sorted: the runtime API's `network_roots`.
	pub fn api_network_roots() -> Vec<T::AccountId> {
		T::NetworkRoots::sorted_members()
	}
}
