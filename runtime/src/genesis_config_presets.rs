//! Named genesis presets: `development` (one validator, sudo) and `local_testnet` (four validators governed by
//! vote, no sudo).
//!
//! A consortium's own network starts from a chain spec built with its own keys (see `chain-spec/README.md`);
//! these presets only use the well-known development keys and must never secure real value.

use alloc::{vec, vec::Vec};
use frame_support::{build_struct_json_patch, BoundedVec};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_core::OpaquePeerId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	currency::UNIT, opaque::SessionKeys, AccountId, BalancesConfig, BlockNumber, ConsortiumConfig,
	ConsortiumMembersConfig, NodeAuthorizationConfig, RuntimeGenesisConfig, SessionConfig, SudoConfig,
};

/// What each endowed development account starts with: a million SGL.
const DEV_ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// A validator at genesis: its account and its session keys.
#[derive(Clone, Debug)]
pub struct GenesisValidator {
	/// The validator's account: its id in the session's validator set; admitted to sign from genesis.
	pub account: AccountId,
	/// Its Aura key (sr25519), which signs the blocks it authors.
	pub aura: AuraId,
	/// Its GRANDPA key (ed25519), which signs its finality votes.
	pub grandpa: GrandpaId,
}

/// Who governs a chain from genesis, and the network's rules.
#[derive(Clone, Debug, Default)]
pub struct ConsortiumGenesis {
	/// The consortium's members: they vote on motions.
	pub members: Vec<AccountId>,
	/// Accounts that may sign transactions besides the members, the validators and the endowed accounts (which
	/// are admitted anyway).
	pub admitted_accounts: Vec<AccountId>,
	/// Admitted nodes: libp2p peer id bytes and the account that runs each.
	pub nodes: Vec<(Vec<u8>, AccountId)>,
	/// Blocks per session (validator-set changes take effect at session boundaries); `None`: five minutes.
	pub session_length: Option<BlockNumber>,
	/// The fewest validators the set may shrink to; `None`: one.
	pub min_validators: Option<u32>,
}

/// The genesis state of a Sigil chain: validators, endowed accounts, the consortium and, on the development
/// chain only, a sudo key.
pub fn sigil_genesis(
	validators: Vec<GenesisValidator>,
	endowed_accounts: Vec<(AccountId, crate::Balance)>,
	consortium: ConsortiumGenesis,
	sudo: Option<AccountId>,
) -> Value {
	let mut admitted: Vec<AccountId> = consortium.members.clone();
	admitted.extend(validators.iter().map(|v| v.account.clone()));
	admitted.extend(endowed_accounts.iter().map(|(account, _)| account.clone()));
	admitted.extend(consortium.admitted_accounts);
	admitted.extend(sudo.clone());
	admitted.sort();
	admitted.dedup();
	let validator_accounts: Vec<AccountId> = validators.iter().map(|v| v.account.clone()).collect();
	let session_keys: Vec<(AccountId, AccountId, SessionKeys)> = validators
		.into_iter()
		.map(|v| (v.account.clone(), v.account, SessionKeys { aura: v.aura, grandpa: v.grandpa }))
		.collect();
	let nodes: Vec<(OpaquePeerId, AccountId)> =
		consortium.nodes.into_iter().map(|(peer, owner)| (OpaquePeerId(peer), owner)).collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed_accounts },
		session: SessionConfig { keys: session_keys },
		consortium_members: ConsortiumMembersConfig { members: BoundedVec::truncate_from(consortium.members) },
		node_authorization: NodeAuthorizationConfig { nodes },
		consortium: ConsortiumConfig {
			validators: validator_accounts,
			admitted_accounts: admitted,
			session_length: consortium.session_length,
			min_validators: consortium.min_validators,
		},
		sudo: SudoConfig { key: sudo },
	})
}

/// The libp2p peer id of a node whose ed25519 node key has this public key (an identity multihash of the
/// protobuf-encoded key).
pub fn ed25519_peer_id(public: [u8; 32]) -> Vec<u8> {
	let mut peer_id = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	peer_id.extend_from_slice(&public);
	peer_id
}

/// The ed25519 public keys of the node keys `0x00..01` to `0x00..04` that the local network's Alice, Bob, Charlie
/// and Dave run with (`--node-key`); the node's tests check them against libp2p.
pub const LOCAL_NODE_KEYS: [[u8; 32]; 4] = [
	sp_core::hex2array!("4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29"),
	sp_core::hex2array!("7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674"),
	sp_core::hex2array!("f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b"),
	sp_core::hex2array!("fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b"),
];

/// Sessions of the local network: 20 seconds, so that validator-set changes show quickly.
const LOCAL_SESSION_LENGTH: BlockNumber = 10;

fn dev_validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> GenesisValidator {
	GenesisValidator { account: sr.to_account_id(), aura: sr.public().into(), grandpa: ed.public().into() }
}

/// The well-known development accounts, each endowed.
fn dev_endowments() -> Vec<(AccountId, crate::Balance)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

/// One validator (Alice), who is also the only member and sudo. Nodes are not restricted.
pub fn development_config_genesis() -> Value {
	let alice = Sr25519Keyring::Alice.to_account_id();
	sigil_genesis(
		vec![dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_endowments(),
		ConsortiumGenesis { members: vec![alice.clone()], ..Default::default() },
		Some(alice),
	)
}

/// Four validators, members and admitted nodes: Alice, Bob, Charlie and Dave. No sudo: the members govern by
/// vote. At least three validators; 20-second sessions.
pub fn local_testnet_genesis() -> Value {
	let organisations = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie, Sr25519Keyring::Dave];
	let grandpa = [Ed25519Keyring::Alice, Ed25519Keyring::Bob, Ed25519Keyring::Charlie, Ed25519Keyring::Dave];
	sigil_genesis(
		organisations.iter().zip(grandpa).map(|(sr, ed)| dev_validator(*sr, ed)).collect(),
		dev_endowments(),
		ConsortiumGenesis {
			members: organisations.iter().map(|k| k.to_account_id()).collect(),
			admitted_accounts: Vec::new(),
			nodes: organisations
				.iter()
				.zip(LOCAL_NODE_KEYS)
				.map(|(owner, public)| (ed25519_peer_id(public), owner.to_account_id()))
				.collect(),
			session_length: Some(LOCAL_SESSION_LENGTH),
			min_validators: Some(3),
		},
		None,
	)
}

/// The JSON patch of the named preset, if there is one.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(|json| json.into_bytes())
}

/// The genesis storage of the named preset: its patch merged into the default config, key by key, as the node's
/// chain-spec builder merges it. For the runtime's tests and the fuzz harness, which start from a preset without a
/// node.
#[cfg(feature = "std")]
pub fn preset_storage(id: &str) -> Result<sp_runtime::Storage, String> {
	use sp_runtime::BuildStorage;
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			}
			(base, patch) => *base = patch,
		}
	}
	let patch = get_preset(&id.into()).ok_or_else(|| format!("no preset named {id:?}"))?;
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).map_err(|error| error.to_string())?;
	merge(&mut config, serde_json::from_slice(&patch).map_err(|error| error.to_string())?);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).map_err(|error| error.to_string())?;
	config.build_storage()
}

/// The presets [`get_preset`] knows: `development` and `local_testnet`.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
