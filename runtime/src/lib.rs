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
// Missing docs are allowed at the crate root, and denied again on each module of our own below, because macros
// expand here into public items they leave undocumented: `#[frame_support::runtime]` (the `Runtime` struct,
// `RuntimeGenesisConfig` and its fields, each pallet's `<Pallet>Config` alias, the variants of `RuntimeCall`,
// `RuntimeEvent` and the other outer enums) and the wasm builder's `wasm_binary.rs` (`WASM_BINARY` and its
// siblings, here and in `next_spec_version`). A lint level reaches what a macro generates only through the module
// the output lands in, and for these that is the crate root. The root's own items are documented all the same.
#![allow(missing_docs)]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Before `apis`: the benchmark list macros it defines are used there.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
// No `deny(missing_docs)`: `apis` holds `impl_runtime_apis!` alone, which expands into undocumented public items
// (`RuntimeApi`, `RuntimeApiImpl`, `RUNTIME_API_VERSIONS`, the `api` module of wasm exports).
pub mod apis;
#[deny(missing_docs)]
pub mod configs;
mod consortium_queries;
#[deny(missing_docs)]
pub mod genesis_config_presets;
#[cfg(feature = "std")]
#[deny(missing_docs)]
pub mod signing;
#[deny(missing_docs)]
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
#[deny(missing_docs)]
pub mod opaque {
	use super::*;

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// A block header: the same as the runtime's [`Header`](super::Header).
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// A block whose extrinsics are opaque bytes: what the node imports and gossips.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// A block named by its hash or its number.
	pub type BlockId = generic::BlockId<Block>;

	impl_opaque_keys! {
		/// The keys a validator holds for its session: Aura to author blocks, GRANDPA to vote on finality.
		pub struct SessionKeys {
			/// The sr25519 key that signs the blocks the validator authors in its Aura slots.
			pub aura: Aura,
			/// The ed25519 key that signs the validator's GRANDPA finality votes.
			pub grandpa: Grandpa,
		}
	}
}

/// The runtime's version: the spec name and version tell nodes and clients which runtime they talk to (an upgrade
/// keeps the name and raises the version), the transaction version tells wallets whether their encoding of calls and
/// extensions still holds, and `apis` lists the runtime APIs with their versions.
#[cfg(not(feature = "next-spec-version"))]
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("sigil"),
	impl_name: alloc::borrow::Cow::Borrowed("sigil-node"),
	authoring_version: 1,
	// Raise on every change of runtime logic; a node runs the on-chain wasm of the highest version it has.
	spec_version: 115,
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
	spec_version: 116,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	// Raise when the encoding of existing calls or transaction extensions changes.
	transaction_version: 4,
	system_version: 1,
};

/// The same runtime built with the `next-spec-version` feature: one spec version higher. Its `WASM_BINARY` and
/// siblings are the wasm builder's, undocumented (see the crate root's `allow(missing_docs)`).
#[cfg(feature = "std")]
pub mod next_spec_version {
	include!(concat!(env!("OUT_DIR"), "/wasm_binary_next_spec_version.rs"));
}

/// Time and block arithmetic. Blocks come every two seconds: a consortium's validators sit on a LAN or a private
/// WAN where a block and its GRANDPA votes cross the network in tens of milliseconds, so a 2 s slot leaves ample
/// room for authoring (a quarter of the slot) and import while giving clients a round trip of about 2-4 s to
/// finality. It cannot change once the chain runs: Aura derives slots from it.
#[deny(missing_docs)]
pub mod time {
	use super::{BlockNumber, Moment};

	/// The target time between blocks, in milliseconds.
	pub const MILLISECS_PER_BLOCK: Moment = 2_000;
	/// The length of an Aura slot, in milliseconds: one block per slot.
	pub const SLOT_DURATION: Moment = MILLISECS_PER_BLOCK;

	/// Blocks in a minute (30).
	pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
	/// Blocks in an hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks in a day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

/// The native token: SGL with 12 decimals. It pays fees and deposits; a consortium does not trade it.
#[deny(missing_docs)]
pub mod currency {
	use super::Balance;

	/// The token's symbol, as wallets show it (the chain spec's `tokenSymbol` property).
	pub const TOKEN_SYMBOL: &str = "SGL";
	/// How many decimals wallets show (the chain spec's `tokenDecimals`): one SGL is 10^12 of the smallest unit.
	pub const TOKEN_DECIMALS: u8 = 12;
	/// One SGL, in the smallest unit.
	pub const UNIT: Balance = 1_000_000_000_000;
	/// A thousandth of an SGL.
	pub const MILLI_UNIT: Balance = UNIT / 1_000;
	/// A millionth of an SGL.
	pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
	/// Below this an account is reaped: it keeps state small while letting tiny fee balances exist.
	pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;
}

/// The SS58 address prefix. 42 is the generic Substrate prefix: accounts on a consortium chain are admitted one by
/// one, and every standard wallet shows them without configuration.
pub const SS58_PREFIX: u16 = 42;

/// Address format of extrinsics: an account id, or an index (unused, hence `()`).
pub type Address = MultiAddress<AccountId, ()>;
/// A block header: parent hash, number, state and extrinsics roots, digest (Aura's slot and seal, GRANDPA's
/// authority changes); blake2-256 hashes.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
/// A block: its header and its extrinsics, decoded.
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

/// An extrinsic as it travels and sits in a block: the call, and for a signed transaction the signer's address,
/// its signature and the extensions' data ([`TxExtension`]).
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

/// Runs blocks and transactions: initialises and finalises each block, applies its extrinsics through the
/// pallets, runs `Migrations` and the pallets' own on a runtime upgrade, and validates pool transactions.
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

	/// frame-system: accounts and their nonces, the block number, events, and the runtime code
	/// (`apply_authorized_upgrade` of the code governance authorised).
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	/// The block's timestamp, set by the author in each block: the chain's clock (milliseconds since the Unix
	/// epoch) for key lifetimes, messages, documents and coins.
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	/// SGL balances, and the holds that keep deposits and coins' backing.
	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;
	/// Transaction fees: by weight and length, at a fixed multiplier.
	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Consensus. Session comes before Aura and GRANDPA so that its genesis sets their authorities.
	/// Validators' session keys, and the validator set pallet-consortium decides, changed at session boundaries.
	#[runtime::pallet_index(10)]
	pub type Session = pallet_session;
	/// Block authoring: the session's validators take turns, one block per 2-second slot.
	#[runtime::pallet_index(11)]
	pub type Aura = pallet_aura;
	/// GRANDPA finality: the session's validators vote blocks final.
	#[runtime::pallet_index(12)]
	pub type Grandpa = pallet_grandpa;

	// Sigil's own pallets.
	/// Identities and their public key rings.
	#[runtime::pallet_index(20)]
	pub type KeyRing = pallet_key_ring;
	/// Owner trust between identities, validity as each viewer sees it, and fraud marks.
	#[runtime::pallet_index(21)]
	pub type OwnerTrust = pallet_owner_trust;
	/// Signed messages between identities, in paged inboxes and outboxes.
	#[runtime::pallet_index(22)]
	pub type Messages = pallet_messages;
	/// Document attestations and multi-party agreements, signed with ring keys.
	#[runtime::pallet_index(23)]
	pub type Documents = pallet_documents;
	/// PPay micropayment coins: brokers, on-line and off-line payment, double-spend proofs, reissue and redemption.
	#[runtime::pallet_index(24)]
	pub type Micropay = pallet_micropay;

	// Consortium governance: the members vote (`GovernanceOrigin` in `configs/governance.rs`) on everything
	// privileged.
	/// The members' collective: motions and votes.
	#[runtime::pallet_index(30)]
	pub type ConsortiumCouncil = pallet_collective<Instance1>;
	/// The consortium's member list; the collective's members follow it.
	#[runtime::pallet_index(31)]
	pub type ConsortiumMembers = pallet_membership<Instance1>;
	/// The admitted nodes (peer ids and their owners): a Sigil node takes only these as peers on a chain that lists
	/// any.
	#[runtime::pallet_index(32)]
	pub type NodeAuthorization = pallet_node_authorization;
	/// The decided validator set, the accounts admitted to sign transactions, and runtime-upgrade authorisation.
	#[runtime::pallet_index(33)]
	pub type Consortium = pallet_consortium;

	/// Root calls by one key, on the development chain only: its genesis sets the key; the local testnet and a
	/// consortium's own network have none.
	#[runtime::pallet_index(90)]
	pub type Sudo = pallet_sudo;
}

#[cfg(test)]
mod tests;
