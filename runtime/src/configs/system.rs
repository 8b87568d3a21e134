//! frame-system and timestamp: block limits, accounts, the chain's identity.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::Contains,
	weights::{constants::WEIGHT_REF_TIME_PER_MILLIS, Weight},
};
use frame_system::limits::BlockWeights;
use sp_runtime::Perbill;

use crate::{
	time::SLOT_DURATION,
	weights::{
		block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight,
		rocksdb_weights::constants::RocksDbWeight,
	},
	AccountId, Aura, Balance, Block, Hash, Moment, Nonce, PalletInfo, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, RuntimeTask, SS58_PREFIX, VERSION,
};

/// Three quarters of a block are for ordinary transactions; the rest is kept for operational ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Execution time per 2-second block: the author builds within this, the other validators import within as much
/// again, and both fit in the slot with 0.4 s left for the network and GRANDPA's votes, even were every call to
/// take all of its weight. Measured, a full block is built and imported in well under this (see the README's
/// throughput section); the proof size is not limited, as a solochain has no relay chain to send proofs to.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(800 * WEIGHT_REF_TIME_PER_MILLIS, u64::MAX);

/// The share of `weight` ordinary transactions may use. `Perbill`'s product with a weight saturates, so the
/// operator cannot overflow (clippy cannot tell).
#[allow(clippy::arithmetic_side_effects)]
fn normal_share(weight: Weight) -> Weight {
	NORMAL_DISPATCH_RATIO * weight
}

parameter_types! {
	/// Block hashes kept in state for mortal transactions: about 80 minutes at 2 s blocks.
	pub const BlockHashCount: u32 = 2400;
	/// The runtime's version, [`VERSION`], as frame-system reports it and `CheckSpecVersion` and `CheckTxVersion`
	/// check it.
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// The block's limits, priced with the base weights measured on the validators' hardware
	/// (`scripts/benchmark-base-weights`) rather than polkadot-sdk's defaults.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| class.base_extrinsic = ExtrinsicBaseWeight::get())
		.for_class(DispatchClass::Normal, |class| class.max_total = Some(normal_share(MAXIMUM_BLOCK_WEIGHT)))
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational calls (governance's) always find room, however full ordinary transactions made the block.
			class.reserved = Some(MAXIMUM_BLOCK_WEIGHT.saturating_sub(normal_share(MAXIMUM_BLOCK_WEIGHT)));
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build_or_panic();
	/// A block's length: at most 5 MiB of encoded extrinsics, three quarters of it for ordinary transactions.
	pub RuntimeBlockLength: frame_system::limits::BlockLength =
		frame_system::limits::BlockLength::builder()
			.max_length(5 * 1024 * 1024)
			.modify_max_length_for_class(frame_support::dispatch::DispatchClass::Normal, |m| {
				*m = NORMAL_DISPATCH_RATIO.mul_floor(*m)
			})
			.build();
	/// The address prefix, [`SS58_PREFIX`], in the metadata for wallets to read.
	pub const SS58Prefix: u16 = SS58_PREFIX;
}

/// Every call but these:
/// - `session.purge_keys`: pallet-session would drop a validator without keys from the set behind the consortium's
///   back (and below its minimum). Validators change keys with `set_keys`; one that leaves is voted out.
/// - pallet-node-authorization's owner calls (`claim_node`, `remove_claim`, `transfer_node`, `add_connections`,
///   `remove_connections`): they would let any admitted account write unbounded, deposit-free node records and
///   open an admitted node to peers nobody voted on. Which nodes take part is the members' decision alone.
pub struct BaseCallFilter;

impl Contains<RuntimeCall> for BaseCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_node_authorization::Call as NodeCall;
		!matches!(
			call,
			RuntimeCall::Session(pallet_session::Call::purge_keys { .. })
				| RuntimeCall::NodeAuthorization(
					NodeCall::claim_node { .. }
						| NodeCall::remove_claim { .. }
						| NodeCall::transfer_node { .. }
						| NodeCall::add_connections { .. }
						| NodeCall::remove_connections { .. }
				)
		)
	}
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = BaseCallFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	type DbWeight = RocksDbWeight;
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = frame_support::traits::ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = Moment;
	type OnTimestampSet = Aura;
	/// Aura's slot duration is twice this.
	type MinimumPeriod = frame_support::traits::ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}
