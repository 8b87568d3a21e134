//! Consortium governance. The members (pallet-membership) decide by motion and vote (pallet-collective); a motion
//! carried by more than two thirds of them is `GovernanceOrigin`, which every privileged call in the runtime
//! requires: members, validators, admitted accounts and nodes, micropay brokers, fraud marks, runtime upgrades.
//! Root satisfies it too, which only the development chain's sudo key reaches.

use frame_support::{
	parameter_types,
	traits::{ConstU32, EitherOfDiverse},
	weights::Weight,
};
use frame_system::EnsureRoot;

use super::RuntimeBlockWeights;

use crate::{
	time::{DAYS, MINUTES},
	AccountId, BlockNumber, ConsortiumCouncil, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin,
};

/// The most members the consortium has.
pub const MAX_MEMBERS: u32 = 32;
/// How many accounts each member may have admitted by itself until governance sets another quota: enough for an
/// organisation's first users, few enough that one member's key cannot flood the chain with accounts.
pub const DEFAULT_ADMISSION_QUOTA: u32 = 100;
/// The highest quota governance may set: at most this many live admissions per member (a former member's count
/// only falls, as members or governance revoke what it admitted).
pub const MAX_ADMISSION_QUOTA: u32 = 10_000;
/// The most admitted nodes (pallet-node-authorization's well-known nodes).
pub const MAX_WELL_KNOWN_NODES: u32 = 64;
/// The longest peer id, in bytes: an ed25519 peer id is 38; room for other key types.
pub const MAX_PEER_ID_LENGTH: u32 = 128;

/// A motion passes with more than `GOVERNANCE_NUMERATOR / GOVERNANCE_DENOMINATOR` of the members voting aye.
/// Change both here to change the threshold (a runtime upgrade).
pub const GOVERNANCE_NUMERATOR: u32 = 2;
/// The denominator of the governance threshold: see [`GOVERNANCE_NUMERATOR`].
pub const GOVERNANCE_DENOMINATOR: u32 = 3;

/// The collective the members vote in.
pub type CouncilInstance = pallet_collective::Instance1;
/// The member list that keeps the collective's members.
pub type MembershipInstance = pallet_membership::Instance1;

/// The consortium's decision: a motion carried by more than two thirds of the members, or root (development sudo).
pub type GovernanceOrigin = EitherOfDiverse<
	EnsureRoot<AccountId>,
	pallet_collective::EnsureProportionMoreThan<
		AccountId,
		CouncilInstance,
		GOVERNANCE_NUMERATOR,
		GOVERNANCE_DENOMINATOR,
	>,
>;

/// The fewest aye votes that carry a motion among `members` members.
pub fn ayes_needed(members: u32) -> u32 {
	members
		.saturating_mul(GOVERNANCE_NUMERATOR)
		.checked_div(GOVERNANCE_DENOMINATOR)
		.unwrap_or_default()
		.saturating_add(1)
}

parameter_types! {
	/// A motion may be closed as soon as enough members voted aye; after this it can be closed whatever the votes.
	pub const MotionDuration: BlockNumber = DAYS.saturating_mul(7);
	/// A proposed call may use at most half a block.
	pub MaxProposalWeight: Weight = RuntimeBlockWeights::get().max_block.saturating_div(2);
}

/// How the collective counts the members who did not vote when a motion's period ends: as nays, always.
///
/// pallet-collective's `PrimeDefaultVote` counts them as the prime's vote, so a prime voting aye alone would carry
/// any motion fewer than a third of the members voted against in time, and `MoreThanMajorityThenPrimeDefaultVote` counts them as ayes once a bare
/// majority voted aye (3 of 5 becoming 5 of 5, more than the two thirds governance needs). With this rule a motion
/// carries only with the ayes actually cast, so no member acts alone and the prime has no power: setting one
/// (`consortiumMembers.setPrime`) changes nothing.
pub struct AbstentionsAreNays;

impl pallet_collective::DefaultVote for AbstentionsAreNays {
	fn default_vote(
		_prime_vote: Option<bool>,
		_yes_votes: pallet_collective::MemberCount,
		_no_votes: pallet_collective::MemberCount,
		_len: pallet_collective::MemberCount,
	) -> bool {
		false
	}
}

/// The collective's default vote. The benchmarking build alone keeps the prime's: pallet-collective's
/// `close_approved` benchmark reaches the approved-after-the-period path through the prime's aye, and that path
/// costs the same whatever the default vote. That build's runtime never runs a network (see the README).
#[cfg(not(feature = "runtime-benchmarks"))]
pub type CouncilDefaultVote = AbstentionsAreNays;
/// The collective's default vote in the benchmarking build: the prime's (see the other build's
/// `CouncilDefaultVote`).
#[cfg(feature = "runtime-benchmarks")]
pub type CouncilDefaultVote = pallet_collective::PrimeDefaultVote;

impl pallet_collective::Config<CouncilInstance> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = MotionDuration;
	type MaxProposals = ConstU32<100>;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type DefaultVote = CouncilDefaultVote;
	type WeightInfo = crate::weights::pallet_collective::WeightInfo<Runtime>;
	// Membership keeps the collective's members; setting them directly is root only (development).
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	// Members are known organisations and at most `MaxProposals` motions are open: no deposit.
	type Consideration = ();
}

impl pallet_membership::Config<MembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type PrimeOrigin = GovernanceOrigin;
	type MembershipInitialized = ConsortiumCouncil;
	type MembershipChanged = ConsortiumCouncil;
	type MaxMembers = ConstU32<MAX_MEMBERS>;
	type WeightInfo = crate::weights::pallet_membership::WeightInfo<Runtime>;
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = ConstU32<MAX_WELL_KNOWN_NODES>;
	type MaxPeerIdLength = ConstU32<MAX_PEER_ID_LENGTH>;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type WeightInfo = NodeAuthorizationWeights;
}

/// pallet-node-authorization ships no benchmarks, and its default weights (50 µs a call) count no storage access
/// and no proof size. For the calls governance makes, these add the accesses each one does (read from the
/// pallet's source) and a proof bound from the list's maximum size, so that a motion's call is not under-charged.
/// The owner calls are filtered out (`BaseCallFilter`) and keep the pallet's figures.
pub struct NodeAuthorizationWeights;

/// The pallet's own execution figure for every call.
const NODE_AUTHORIZATION_EXECUTION: u64 = 50_000_000;
/// `WellKnownNodes` at its largest: 64 peer ids of up to 128 bytes with their length prefixes.
const WELL_KNOWN_NODES_PROOF: u64 = 2 + MAX_WELL_KNOWN_NODES as u64 * (2 + MAX_PEER_ID_LENGTH as u64);
/// One `Owners` or `AdditionalConnections` entry (key hash, peer id, account or an empty set).
const NODE_ENTRY_PROOF: u64 = 16 + 2 + MAX_PEER_ID_LENGTH as u64 + 32;

fn node_authorization_weight(reads: u64, writes: u64, entries: u64) -> Weight {
	Weight::from_parts(
		NODE_AUTHORIZATION_EXECUTION,
		WELL_KNOWN_NODES_PROOF.saturating_add(entries.saturating_mul(NODE_ENTRY_PROOF)),
	)
	.saturating_add(<Runtime as frame_system::Config>::DbWeight::get().reads_writes(reads, writes))
}

impl pallet_node_authorization::WeightInfo for NodeAuthorizationWeights {
	// WellKnownNodes read and written, Owners written.
	fn add_well_known_node() -> Weight {
		node_authorization_weight(1, 2, 1)
	}
	// WellKnownNodes read and written, Owners and AdditionalConnections removed.
	fn remove_well_known_node() -> Weight {
		node_authorization_weight(1, 3, 2)
	}
	// WellKnownNodes read and written; Owners and AdditionalConnections swapped (two reads and writes each).
	fn swap_well_known_node() -> Weight {
		node_authorization_weight(5, 5, 4)
	}
	// WellKnownNodes written, and an Owners entry for each of at most 64 nodes.
	fn reset_well_known_nodes() -> Weight {
		node_authorization_weight(0, 65, 64)
	}
	fn claim_node() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::claim_node()
	}
	fn remove_claim() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::remove_claim()
	}
	fn transfer_node() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::transfer_node()
	}
	fn add_connections() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::add_connections()
	}
	fn remove_connections() -> Weight {
		<() as pallet_node_authorization::WeightInfo>::remove_connections()
	}
}

parameter_types! {
	/// Five-minute sessions unless the chain spec sets another length.
	pub const DefaultSessionLength: BlockNumber = 5 * MINUTES;
}

impl pallet_consortium::Config for Runtime {
	type GovernanceOrigin = GovernanceOrigin;
	type Members = crate::ConsortiumMembers;
	type DefaultMinValidators = ConstU32<1>;
	type MaxValidators = ConstU32<{ super::MAX_AUTHORITIES }>;
	type DefaultSessionLength = DefaultSessionLength;
	type DefaultAdmissionQuota = ConstU32<DEFAULT_ADMISSION_QUOTA>;
	type MaxAdmissionQuota = ConstU32<MAX_ADMISSION_QUOTA>;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
