//! Chain specifications: the built-in `dev` and `local` chains, and `generate-spec` for a consortium's own.

use std::{path::PathBuf, str::FromStr};

use sc_network::config::MultiaddrWithPeerId;
use sc_service::{ChainType, Properties};
use sigil_runtime::{
	configs::{MAX_AUTHORITIES, MAX_MEMBERS, MAX_PEER_ID_LENGTH, MAX_WELL_KNOWN_NODES},
	currency::{TOKEN_DECIMALS, TOKEN_SYMBOL, UNIT},
	genesis_config_presets::{sigil_genesis, ConsortiumGenesis, GenesisValidator},
	AccountId, Balance, BlockNumber, SS58_PREFIX, WASM_BINARY,
};
use sp_core::{crypto::Ss58Codec, ByteArray};

/// Sigil's chain specifications carry no extensions: light clients read them without custom fields.
pub type ChainSpec = sc_service::GenericChainSpec;

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "the runtime's wasm was not built (SKIP_WASM_BUILD set?)".to_string())
}

/// What wallets need to show amounts and addresses: token symbol and decimals, SS58 prefix.
pub fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), TOKEN_SYMBOL.into());
	properties.insert("tokenDecimals".into(), TOKEN_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_PREFIX.into());
	properties
}

/// A throw-away single-validator chain (Alice), with sudo and funded development accounts.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Sigil Development")
		.with_id("sigil_dev")
		.with_protocol_id("sigil-dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// Four validators (Alice, Bob, Charlie, Dave) on one machine or a LAN; the committed
/// `chain-spec/local-raw.json` is this spec in raw form.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Sigil Local Testnet")
		.with_id("sigil_local_testnet")
		.with_protocol_id("sigil-local")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// An account, given as SS58 or as 0x-prefixed hex of the 32-byte public key.
fn parse_public<T: Ss58Codec + ByteArray>(text: &str) -> Result<T, String> {
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes = hex::decode(hex).map_err(|e| format!("`{text}` is not hex: {e}"))?;
		return T::from_slice(&bytes).map_err(|()| format!("`{text}` is not a {}-byte public key", T::LEN));
	}
	T::from_ss58check(text).map_err(|e| format!("`{text}` is not an SS58 address: {e:?}"))
}

/// `ACCOUNT,AURA_SR25519,GRANDPA_ED25519`: a validator's account and its two session keys.
#[derive(Debug, Clone)]
pub struct ValidatorArg(GenesisValidator);

impl FromStr for ValidatorArg {
	type Err = String;
	fn from_str(text: &str) -> Result<Self, String> {
		let parts: Vec<&str> = text.split(',').map(str::trim).collect();
		let [account, aura, grandpa] = parts.as_slice() else {
			return Err(format!("`{text}`: expected ACCOUNT,AURA_SR25519_KEY,GRANDPA_ED25519_KEY"));
		};
		Ok(Self(GenesisValidator {
			account: parse_public(account)?,
			aura: parse_public(aura)?,
			grandpa: parse_public(grandpa)?,
		}))
	}
}

/// `ACCOUNT=AMOUNT`: an account endowed at genesis, the amount in whole SGL.
#[derive(Debug, Clone)]
pub struct EndowmentArg(AccountId, Balance);

impl FromStr for EndowmentArg {
	type Err = String;
	fn from_str(text: &str) -> Result<Self, String> {
		let (account, amount) =
			text.split_once('=').ok_or_else(|| format!("`{text}`: expected ACCOUNT=AMOUNT_IN_SGL"))?;
		let whole: Balance =
			amount.trim().parse().map_err(|e| format!("`{amount}` is not a whole amount of SGL: {e}"))?;
		let amount = whole.checked_mul(UNIT).ok_or_else(|| format!("`{amount}` SGL is too large"))?;
		Ok(Self(parse_public(account.trim())?, amount))
	}
}

/// `PEER_ID=ACCOUNT`: an admitted node and the account of the organisation that runs it.
#[derive(Debug, Clone)]
pub struct NodeArg(Vec<u8>, AccountId);

impl FromStr for NodeArg {
	type Err = String;

	fn from_str(text: &str) -> Result<Self, String> {
		let (peer, owner) = text.split_once('=').ok_or_else(|| format!("`{text}`: expected PEER_ID=ACCOUNT"))?;
		let peer_id =
			sc_network::PeerId::from_str(peer.trim()).map_err(|e| format!("`{peer}` is not a peer id: {e}"))?;
		Ok(Self(peer_id.to_bytes(), parse_public(owner.trim())?))
	}
}

/// Refuses a list longer than the runtime's bound `max`, or one that names an entry twice. `entries` are each
/// entry with the text that names it in a complaint.
fn check_list<T: PartialEq>(option: &str, entries: Vec<(T, String)>, max: u32) -> Result<(), String> {
	if entries.len() > max as usize {
		return Err(format!("{option}: {} given, but the runtime allows at most {max}", entries.len()));
	}
	for (index, (entry, name)) in entries.iter().enumerate() {
		if entries.iter().take(index).any(|(other, _)| other == entry) {
			return Err(format!("{option}: {name} is given twice"));
		}
	}
	Ok(())
}

/// Writes the chain specification of a new consortium network.
///
/// Every validator runs `sigil-node key generate` twice (an sr25519 key for Aura, an ed25519 key for GRANDPA)
/// and `sigil-node key generate-node-key` once, and sends the public parts to whoever writes the spec.
#[derive(Debug, Clone, clap::Parser)]
pub struct GenerateSpecCmd {
	/// The network's human-readable name.
	#[arg(long, default_value = "Sigil Consortium")]
	pub name: String,

	/// The network's id: its database directory under `<base-path>/chains/` and its network protocol.
	#[arg(long, default_value = "sigil_consortium")]
	pub id: String,

	/// A genesis validator: `ACCOUNT,AURA_SR25519_KEY,GRANDPA_ED25519_KEY` (SS58 or 0x hex). Repeat per validator.
	#[arg(long = "validator", required = true, value_name = "ACCOUNT,AURA,GRANDPA")]
	pub validators: Vec<ValidatorArg>,

	/// An account funded at genesis: `ACCOUNT=AMOUNT` with the amount in whole SGL. Repeat per account.
	#[arg(long = "account", value_name = "ACCOUNT=AMOUNT")]
	pub accounts: Vec<EndowmentArg>,

	/// A boot node: `/ip4/ADDR/tcp/30333/p2p/PEER_ID`. Repeat per boot node.
	#[arg(long = "bootnode", value_name = "MULTIADDR")]
	pub bootnodes: Vec<MultiaddrWithPeerId>,

	/// A consortium member: members vote on validators, accounts, nodes, brokers and upgrades. Repeat per member;
	/// without any, the validators' accounts are the members.
	#[arg(long = "member", value_name = "ACCOUNT")]
	pub members: Vec<String>,

	/// An account admitted to sign transactions (members, validators and endowed accounts are admitted anyway).
	/// Repeat per account.
	#[arg(long = "admit", value_name = "ACCOUNT")]
	pub admitted: Vec<String>,

	/// An admitted node: `PEER_ID=OWNER_ACCOUNT` (`sigil-node key inspect-node-key` prints the peer id). Repeat
	/// per node; at least one. A node that is not listed gets no blocks, validators' nodes included.
	#[arg(long = "node", value_name = "PEER_ID=ACCOUNT")]
	pub nodes: Vec<NodeArg>,

	/// Blocks per session: validator-set changes take effect at session boundaries. Default: 150 (five minutes).
	#[arg(long)]
	pub session_length: Option<BlockNumber>,

	/// The fewest validators governance may leave. Default: one.
	#[arg(long)]
	pub min_validators: Option<u32>,

	/// Write the raw form (storage keys and values), which nodes of the network should all use.
	#[arg(long)]
	pub raw: bool,

	/// Where to write the spec; standard output if not given.
	#[arg(long, short)]
	pub output: Option<PathBuf>,
}

impl GenerateSpecCmd {
	pub fn build(&self) -> Result<ChainSpec, String> {
		let validators = self.validators.iter().map(|ValidatorArg(validator)| validator.clone()).collect::<Vec<_>>();
		let mut endowed: Vec<(AccountId, Balance)> = Vec::new();
		for EndowmentArg(account, amount) in &self.accounts {
			if endowed.iter().any(|(a, _)| a == account) {
				return Err(format!("account {account} is endowed twice"));
			}
			endowed.push((account.clone(), *amount));
		}
		let parse_accounts = |texts: &[String]| -> Result<Vec<AccountId>, String> {
			texts.iter().map(|text| parse_public::<AccountId>(text)).collect()
		};
		let mut members = parse_accounts(&self.members)?;
		if members.is_empty() {
			members = validators.iter().map(|validator| validator.account.clone()).collect();
		}
		// The runtime bounds these lists; a longer one would be cut short or make the genesis fail to build.
		let named = |accounts: &[AccountId]| accounts.iter().map(|a| (a.clone(), a.to_string())).collect::<Vec<_>>();
		check_list(
			"--validator",
			named(&validators.iter().map(|validator| validator.account.clone()).collect::<Vec<_>>()),
			MAX_AUTHORITIES,
		)?;
		check_list("--member", named(&members), MAX_MEMBERS)?;
		let nodes: Vec<(Vec<u8>, String)> = self
			.nodes
			.iter()
			.map(|NodeArg(peer, _)| {
				let name = sc_network::PeerId::from_bytes(peer).map(|id| id.to_base58()).unwrap_or_default();
				(peer.clone(), name)
			})
			.collect();
		check_list("--node", nodes, MAX_WELL_KNOWN_NODES)?;
		for NodeArg(peer, _) in &self.nodes {
			if peer.len() > MAX_PEER_ID_LENGTH as usize {
				return Err(format!(
					"--node: a peer id of {} bytes is longer than the runtime's limit of {MAX_PEER_ID_LENGTH}",
					peer.len()
				));
			}
		}
		if let Some(min) = self.min_validators {
			if min == 0 || min as usize > validators.len() {
				return Err(format!(
					"--min-validators {min}: must be between 1 and the {} validators",
					validators.len()
				));
			}
		}
		if self.session_length == Some(0) {
			return Err("--session-length 0: a session lasts at least one block".into());
		}
		if self.nodes.is_empty() {
			return Err("--node PEER_ID=ACCOUNT: admit every node of the network (validators' included); a node that \
				is not admitted gets no blocks"
				.into());
		}
		let consortium = ConsortiumGenesis {
			members,
			admitted_accounts: parse_accounts(&self.admitted)?,
			nodes: self.nodes.iter().map(|NodeArg(peer, owner)| (peer.clone(), owner.clone())).collect(),
			session_length: self.session_length,
			min_validators: self.min_validators,
		};
		Ok(ChainSpec::builder(wasm_binary()?, None)
			.with_name(&self.name)
			.with_id(&self.id)
			.with_protocol_id(&self.id)
			.with_chain_type(ChainType::Live)
			.with_boot_nodes(self.bootnodes.clone())
			// No sudo: a consortium's network is governed by its members' votes.
			.with_genesis_config_patch(sigil_genesis(validators, endowed, consortium, None))
			.with_properties(properties())
			.build())
	}

	pub fn run(&self) -> Result<(), String> {
		let spec = self.build()?;
		let json = sc_service::ChainSpec::as_json(&spec, self.raw)?;
		match &self.output {
			Some(path) => std::fs::write(path, json).map_err(|e| format!("{}: {e}", path.display())),
			None => {
				println!("{json}");
				Ok(())
			}
		}
	}
}

#[cfg(test)]
mod tests {
	use clap::Parser;
	use sc_network::config::ed25519;
	use sigil_runtime::genesis_config_presets::{ed25519_peer_id, LOCAL_NODE_KEYS};

	use super::*;

	/// The account (and key) whose 32 bytes are all `byte`, as 0x hex.
	fn key(byte: u8) -> String {
		format!("0x{}", hex::encode([byte; 32]))
	}

	/// The peer id of the node key `0x00..00NN` with `NN` = `index`.
	fn peer(index: u8) -> String {
		let mut secret = [0u8; 32];
		secret[30] = 1;
		secret[31] = index;
		let secret = ed25519::SecretKey::try_from_bytes(&mut secret).expect("32 bytes");
		ed25519::Keypair::from(secret).public().to_peer_id().to_base58()
	}

	/// `generate-spec` with `validators` validators, `members` members and `nodes` nodes, all distinct.
	fn generate(validators: u8, members: u8, nodes: u8) -> Result<ChainSpec, String> {
		let mut args = vec!["generate-spec".to_string()];
		for index in 0..validators {
			args.extend(["--validator".into(), format!("{0},{0},{0}", key(index))]);
		}
		for index in 0..members {
			args.extend(["--member".into(), key(100 + index)]);
		}
		for index in 0..nodes {
			args.extend(["--node".into(), format!("{}={}", peer(index), key(0))]);
		}
		GenerateSpecCmd::try_parse_from(args).map_err(|e| e.to_string())?.build()
	}

	#[test]
	fn generate_spec_refuses_lists_longer_than_the_runtime_allows() {
		let refused = |result: Result<ChainSpec, String>| result.err().unwrap_or_default();
		assert_eq!(refused(generate(1, 33, 1)), "--member: 33 given, but the runtime allows at most 32");
		assert_eq!(refused(generate(33, 0, 1)), "--validator: 33 given, but the runtime allows at most 32");
		assert_eq!(refused(generate(1, 0, 65)), "--node: 65 given, but the runtime allows at most 64");
		// (This one needs the runtime's wasm: it fails under SKIP_WASM_BUILD.)
		assert_eq!(generate(32, 32, 64).err(), None, "the runtime's limits themselves are accepted");
	}

	#[test]
	fn generate_spec_refuses_an_entry_given_twice() {
		let twice = |option: &str, value: String| {
			let mut args: Vec<String> =
				vec!["generate-spec".into(), "--validator".into(), format!("{0},{0},{0}", key(0))];
			args.extend(["--node".into(), format!("{}={}", peer(0), key(0))]);
			args.extend([option.into(), value.clone(), option.into(), value]);
			GenerateSpecCmd::try_parse_from(args).expect("arguments parse").build().err().unwrap_or_default()
		};
		let account = AccountId::from([7u8; 32]);
		assert_eq!(twice("--member", key(7)), format!("--member: {account} is given twice"));
		assert_eq!(twice("--node", format!("{}={}", peer(1), key(0))), format!("--node: {} is given twice", peer(1)));
		assert_eq!(
			twice("--validator", format!("{0},{0},{0}", key(7))),
			format!("--validator: {account} is given twice")
		);
	}

	#[test]
	fn the_local_networks_admitted_nodes_are_node_keys_one_to_four() {
		for (index, public) in LOCAL_NODE_KEYS.iter().enumerate() {
			let mut secret = [0u8; 32];
			secret[31] = index as u8 + 1;
			let secret = ed25519::SecretKey::try_from_bytes(&mut secret).expect("32 bytes");
			let peer_id = ed25519::Keypair::from(secret).public().to_peer_id();
			assert_eq!(peer_id.to_bytes(), ed25519_peer_id(*public), "node key {}", index + 1);
		}
	}
}
