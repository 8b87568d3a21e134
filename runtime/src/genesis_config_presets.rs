//! Named genesis presets: `development` (one validator, sudo) and `local_testnet` (four validators).
//!
//! A consortium's own network starts from a chain spec built with its own keys (see `chain-spec/README.md`);
//! these presets only use the well-known development keys and must never secure real value.

use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use crate::{
	currency::UNIT, opaque::SessionKeys, AccountId, BalancesConfig, RuntimeGenesisConfig, SessionConfig, SudoConfig,
};

/// What each endowed development account starts with: a million SGL.
const DEV_ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// A validator at genesis: its account and its session keys.
#[derive(Clone, Debug)]
pub struct GenesisValidator {
	pub account: AccountId,
	pub aura: AuraId,
	pub grandpa: GrandpaId,
}

/// The genesis state of a Sigil chain: validators, endowed accounts and, on test chains, a sudo key.
pub fn sigil_genesis(
	validators: Vec<GenesisValidator>,
	endowed_accounts: Vec<(AccountId, crate::Balance)>,
	sudo: Option<AccountId>,
) -> Value {
	let session_keys: Vec<(AccountId, AccountId, SessionKeys)> = validators
		.into_iter()
		.map(|v| (v.account.clone(), v.account, SessionKeys { aura: v.aura, grandpa: v.grandpa }))
		.collect();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances: endowed_accounts },
		session: SessionConfig { keys: session_keys },
		sudo: SudoConfig { key: sudo },
	})
}

fn dev_validator(sr: Sr25519Keyring, ed: Ed25519Keyring) -> GenesisValidator {
	GenesisValidator { account: sr.to_account_id(), aura: sr.public().into(), grandpa: ed.public().into() }
}

/// The well-known development accounts, each endowed.
fn dev_endowments() -> Vec<(AccountId, crate::Balance)> {
	Sr25519Keyring::well_known().map(|k| (k.to_account_id(), DEV_ENDOWMENT)).collect()
}

/// One validator (Alice), who is also sudo.
pub fn development_config_genesis() -> Value {
	sigil_genesis(
		vec![dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_endowments(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// Four validators: Alice, Bob, Charlie and Dave; Alice is sudo until consortium governance lands.
pub fn local_testnet_genesis() -> Value {
	sigil_genesis(
		vec![
			dev_validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
			dev_validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
			dev_validator(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
			dev_validator(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
		],
		dev_endowments(),
		Some(Sr25519Keyring::Alice.to_account_id()),
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

pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
