//! The answers of the consortium runtime API, gathered from the pallets that keep each part: membership and
//! collective (members, motions), session and pallet-consortium (validators, accounts), node authorization (nodes).

use alloc::vec::Vec;
use codec::{Decode, Encode};
use frame_support::traits::{EstimateNextSessionRotation, Get, GetCallMetadata};
use pallet_consortium_runtime_api::{
	AdmittedAccount, AdmittedNode, MembersInfo, Motion, ValidatorSets, MAX_ACCOUNTS_PAGE,
};

use crate::{
	configs::{ayes_needed, CouncilInstance, MembershipInstance, GOVERNANCE_DENOMINATOR, GOVERNANCE_NUMERATOR},
	AccountId, BlockNumber, Hash, Runtime, System,
};

/// The members, the prime, and the vote threshold with the ayes it takes among today's members.
pub fn members() -> MembersInfo<AccountId> {
	let members = pallet_membership::Members::<Runtime, MembershipInstance>::get().into_inner();
	let count = u32::try_from(members.len()).unwrap_or(u32::MAX);
	MembersInfo {
		members,
		prime: pallet_membership::Prime::<Runtime, MembershipInstance>::get(),
		threshold_numerator: GOVERNANCE_NUMERATOR,
		threshold_denominator: GOVERNANCE_DENOMINATOR,
		ayes_needed: ayes_needed(count),
	}
}

/// The validator sets (decided by the consortium, current, queued for the next session) and the session's timing
/// and bounds.
pub fn validators() -> ValidatorSets<AccountId, BlockNumber> {
	type Rotation = <Runtime as pallet_session::Config>::NextSessionRotation;
	ValidatorSets {
		decided: pallet_consortium::Validators::<Runtime>::get().into_inner(),
		current: pallet_session::Validators::<Runtime>::get(),
		queued: pallet_session::QueuedKeys::<Runtime>::get().into_iter().map(|(validator, _)| validator).collect(),
		session_index: pallet_session::CurrentIndex::<Runtime>::get(),
		session_length: pallet_consortium::SessionLength::<Runtime>::get(),
		next_session_at: Rotation::estimate_next_session_rotation(System::block_number()).0,
		min_validators: pallet_consortium::MinValidators::<Runtime>::get(),
		max_validators: <Runtime as pallet_consortium::Config>::MaxValidators::get(),
	}
}

/// Up to `limit` (at most `MAX_ACCOUNTS_PAGE`) admitted accounts after `start_after`, in storage order, each with the
/// block it was admitted at.
pub fn admitted_accounts(start_after: Option<AccountId>, limit: u32) -> Vec<AdmittedAccount<AccountId, BlockNumber>> {
	let limit = limit.min(MAX_ACCOUNTS_PAGE) as usize;
	let entries = match start_after {
		Some(account) => pallet_consortium::AdmittedAccounts::<Runtime>::iter_from(
			pallet_consortium::AdmittedAccounts::<Runtime>::hashed_key_for(account),
		),
		None => pallet_consortium::AdmittedAccounts::<Runtime>::iter(),
	};
	entries.take(limit).map(|(account, since)| AdmittedAccount { account, since }).collect()
}

/// The admitted nodes: each peer id with the account that owns it, if any.
pub fn nodes() -> Vec<AdmittedNode<AccountId>> {
	pallet_node_authorization::WellKnownNodes::<Runtime>::get()
		.into_iter()
		.map(|peer| AdmittedNode { owner: pallet_node_authorization::Owners::<Runtime>::get(&peer), peer_id: peer.0 })
		.collect()
}

/// pallet-collective keeps a motion's votes in a struct with private fields; this is its encoding.
type VotesEncoding = (u32, u32, Vec<AccountId>, Vec<AccountId>, BlockNumber);

/// The members' open motions: each call with its pallet and function names, its threshold, votes and end block.
pub fn motions() -> Vec<Motion<AccountId, BlockNumber, Hash>> {
	pallet_collective::Proposals::<Runtime, CouncilInstance>::get()
		.into_iter()
		.filter_map(|hash| {
			let call = pallet_collective::ProposalOf::<Runtime, CouncilInstance>::get(hash)?;
			let votes = pallet_collective::Voting::<Runtime, CouncilInstance>::get(hash)?;
			let (index, threshold, ayes, nays, end) = VotesEncoding::decode(&mut &votes.encode()[..]).ok()?;
			let metadata = call.get_call_metadata();
			Some(Motion {
				hash,
				index,
				pallet: metadata.pallet_name.as_bytes().to_vec(),
				function: metadata.function_name.as_bytes().to_vec(),
				call: call.encode(),
				threshold,
				ayes,
				nays,
				end,
			})
		})
		.collect()
}
