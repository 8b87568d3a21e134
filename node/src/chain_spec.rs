//! Chain specifications: the built-in `dev` and `local` chains, and `generate-spec` for a consortium's own.

use std::{path::PathBuf, str::FromStr};

use sc_network::config::MultiaddrWithPeerId;
use sc_service::{ChainType, Properties};
use sigil_runtime::{
	currency::{TOKEN_DECIMALS, TOKEN_SYMBOL, UNIT},
	genesis_config_presets::{sigil_genesis, GenesisValidator},
	AccountId, Balance, SS58_PREFIX, WASM_BINARY,
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

	/// An account that may dispatch privileged calls (sudo). Leave out for a network that must have none.
	#[arg(long)]
	pub sudo: Option<String>,

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
		let sudo = self.sudo.as_deref().map(parse_public::<AccountId>).transpose()?;
		Ok(ChainSpec::builder(wasm_binary()?, None)
			.with_name(&self.name)
			.with_id(&self.id)
			.with_protocol_id(&self.id)
			.with_chain_type(ChainType::Live)
			.with_boot_nodes(self.bootnodes.clone())
			.with_genesis_config_patch(sigil_genesis(validators, endowed, sudo))
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
