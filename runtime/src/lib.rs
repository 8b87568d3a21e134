//! # Sigil runtime
//!
//! The state transition function of the Sigil consortium chain: Aura block production and GRANDPA finality over
//! a session-managed validator set, balances and transaction fees, and (in later pallets) key rings, messages,
//! documents, owner trust, micropayments and consortium governance.
//!
//! The crate is split by concern: this file holds the types, version and composition; `configs/` configures
//! each pallet; `apis.rs` implements the runtime APIs; `genesis_config_presets.rs` holds the named genesis presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`'s expansion is deeply recursive.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Before `apis`: the benchmark list macros it defines are used there.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
mod consortium_queries;
pub mod genesis_config_presets;
#[cfg(feature = "std")]
pub mod signing;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256, MultiAddress};
use sp_version::{runtime_version, RuntimeVersion};

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

pub use sigil_primitives::{AccountId, Balance, BlockNumber, Hash, Moment, Nonce, Signature};

/// Opaque types, for the node: it can sync and import blocks without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// The keys a validator holds for its session: Aura to author blocks, GRANDPA to vote on finality.
		pub struct SessionKeys {
			pub aura: Aura,
			pub grandpa: Grandpa,
		}
	}
}

#[cfg(not(feature = "next-spec-version"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("sigil"),
	impl_name: alloc::borrow::Cow::Borrowed("sigil-node"),
	authoring_version: 1,
	// Raise on every change of runtime logic; a node runs the on-chain wasm of the highest version it has.
	spec_version: 109,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	// Raise when the encoding of existing calls or transaction extensions changes.
	transaction_version: 4,
	system_version: 1,
};

/// The same runtime one spec version higher: built (as `next_spec_version::WASM_BINARY`) for the end-to-end test
/// of a runtime upgrade by vote. Never deployed.
#[cfg(feature = "next-spec-version")]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("sigil"),
	impl_name: alloc::borrow::Cow::Borrowed("sigil-node"),
	authoring_version: 1,
	// Raise on every change of runtime logic; a node runs the on-chain wasm of the highest version it has.
	spec_version: 110,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	// Raise when the encoding of existing calls or transaction extensions changes.
	transaction_version: 4,
	system_version: 1,
};

/// The same runtime built with the `next-spec-version` feature: one spec version higher.
#[cfg(feature = "std")]
pub mod next_spec_version {
	include!(concat!(env!("OUT_DIR"), "/wasm_binary_next_spec_version.rs"));
}

/// Time and block arithmetic. Blocks come every two seconds: a consortium's validators sit on a LAN or a private
/// WAN where a block and its GRANDPA votes cross the network in tens of milliseconds, so a 2 s slot leaves ample
/// room for authoring (a quarter of the slot) and import while giving clients a round trip of about 2-4 s to
/// finality. It cannot change once the chain runs: Aura derives slots from it.
pub mod time {
	use super::{BlockNumber, Moment};

	pub const MILLISECS_PER_BLOCK: Moment = 2_000;
	pub const SLOT_DURATION: Moment = MILLISECS_PER_BLOCK;

	pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
	pub const HOURS: BlockNumber = MINUTES * 60;
	pub const DAYS: BlockNumber = HOURS * 24;
}

/// The native token: SGL with 12 decimals. It pays fees and deposits; a consortium does not trade it.
pub mod currency {
	use super::Balance;

	pub const TOKEN_SYMBOL: &str = "SGL";
	pub const TOKEN_DECIMALS: u8 = 12;
	pub const UNIT: Balance = 1_000_000_000_000;
	pub const MILLI_UNIT: Balance = UNIT / 1_000;
	pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
	/// Below this an account is reaped: it keeps state small while letting tiny fee balances exist.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;
}

/// The SS58 address prefix. 42 is the generic Substrate prefix: accounts on a consortium chain are admitted one by
/// one, and every standard wallet shows them without configuration.
pub const SS58_PREFIX: u16 = 42;

/// Address format of extrinsics: an account id, or an index (unused, hence `()`).
pub type Address = MultiAddress<AccountId, ()>;
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions, in the order they run. The account allow-list comes first: a signer the consortium
/// has not admitted is refused before anything else is checked or charged.
pub type TxExtension = (
	pallet_consortium::CheckAdmittedAccount<Runtime>,
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

pub type UncheckedExtrinsic = generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;
/// The payload an account signs: the call and the extensions' implicit data.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations to run on the next runtime upgrade, besides the pallets' own. Each is versioned: it does
/// nothing on a chain whose pallet is already at the target version (as a new chain's genesis is).
type Migrations = (
	pallet_key_ring::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_documents::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_micropay::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_messages::migrations::v2::MigrateV1ToV2<Runtime>,
);

pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Consensus. Session comes before Aura and GRANDPA so that its genesis sets their authorities.
	#[runtime::pallet_index(10)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(11)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(12)]
	pub type Grandpa = pallet_grandpa;

	// Sigil's own pallets.
	#[runtime::pallet_index(20)]
	pub type KeyRing = pallet_key_ring;
	#[runtime::pallet_index(21)]
	pub type OwnerTrust = pallet_owner_trust;
	#[runtime::pallet_index(22)]
	pub type Messages = pallet_messages;
	#[runtime::pallet_index(23)]
	pub type Documents = pallet_documents;
	#[runtime::pallet_index(24)]
	pub type Micropay = pallet_micropay;

	// Privileged calls on development and test chains, until consortium governance takes over.
	#[runtime::pallet_index(30)]
	pub type ConsortiumCouncil = pallet_collective<Instance1>;
	#[runtime::pallet_index(31)]
	pub type ConsortiumMembers = pallet_membership<Instance1>;
	#[runtime::pallet_index(32)]
	pub type NodeAuthorization = pallet_node_authorization;
	#[runtime::pallet_index(33)]
	pub type Consortium = pallet_consortium;

	#[runtime::pallet_index(90)]
	pub type Sudo = pallet_sudo;
}

#[cfg(test)]
mod tests;
