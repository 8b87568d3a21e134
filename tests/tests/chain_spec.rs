//! Chain specifications: the committed specs match what the runtime builds, and a consortium's own spec made
//! with `generate-spec` from freshly generated keys starts a network that produces and finalizes blocks.

use std::time::Duration;

use codec::Decode;
use jsonrpsee::{core::client::ClientT, rpc_params};
use serde_json::Value;
use sigil_e2e::*;

/// A subcommand's standard output.
fn node_stdout(args: &[&str]) -> Result<String> {
	Ok(String::from_utf8(node_command(args)?.stdout)?)
}

/// The runtime code's storage key, `:code`.
const CODE_KEY: &str = "0x3a636f6465";

/// Calls a runtime API function of `code` that reads no state.
fn call_runtime(code: &[u8], function: &str) -> Result<Vec<u8>> {
	let executor = sc_executor::WasmExecutor::<sp_io::SubstrateHostFunctions>::builder().build();
	let blob = sc_executor_common::runtime_blob::RuntimeBlob::uncompress_if_needed(code)?;
	let mut externalities = sp_io::TestExternalities::default();
	Ok(executor.uncached_call(blob, &mut externalities.ext(), true, function, &[])?)
}

/// The committed specs' code is, byte for byte, the runtime this checkout builds (`sigil_runtime::WASM_BINARY`,
/// what `scripts/runtime-hash` hashes): the build does not depend on where the checkout is (runtime/build.rs), so
/// anyone who rebuilds the tagged source gets the code the specs' genesis and an upgrade's hash commit to.
#[test]
fn committed_specs_carry_the_code_this_checkout_builds() -> Result<()> {
	let built = sigil_runtime::WASM_BINARY.ok_or("the runtime's wasm was not built")?;
	let hash = |code: &[u8]| format!("0x{}", hex::encode(sp_io::hashing::blake2_256(code)));
	for file in ["dev-raw.json", "local-raw.json"] {
		let path = repository_root().join("chain-spec").join(file);
		let committed: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
		let code = committed["genesis"]["raw"]["top"][CODE_KEY].as_str().ok_or("spec without code")?;
		let code = hex::decode(code.trim_start_matches("0x"))?;
		assert!(
			code == built,
			"{}: its code ({}, {} bytes) is not the runtime built here ({}, {} bytes): regenerate the specs with \
			 `scripts/chain-specs` after a runtime change; with the same sources, compare toolchains \
			 (`scripts/runtime-hash`)",
			path.display(),
			hash(&code),
			code.len(),
			hash(built),
			built.len()
		);
	}
	Ok(())
}

/// A committed spec matches the runtime when its genesis state is the one the runtime builds now, and its code
/// is this runtime: the same version and the same metadata (every call, event, error, storage item and constant).
/// These say what differs when the code does (`committed_specs_carry_the_code_this_checkout_builds`).
#[test]
fn committed_specs_match_the_runtime() -> Result<()> {
	use codec::Encode;
	let metadata = sigil_runtime::Runtime::metadata().encode();
	let version = sigil_runtime::VERSION.encode();
	for (chain, file) in [("dev", "dev-raw.json"), ("local", "local-raw.json")] {
		let mut built: Value = serde_json::from_str(&node_stdout(&["export-chain-spec", "--chain", chain, "--raw"])?)?;
		let path = repository_root().join("chain-spec").join(file);
		let mut committed: Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
		let stale = format!(
			"{} is out of date with the runtime: regenerate it with `scripts/chain-specs` and review the diff",
			path.display()
		);
		let code = committed["genesis"]["raw"]["top"][CODE_KEY].as_str().ok_or("spec without code")?.to_string();
		let code = hex::decode(code.trim_start_matches("0x"))?;
		assert_eq!(call_runtime(&code, "Core_version")?, version, "{stale} (runtime version)");
		let committed_metadata = Vec::<u8>::decode(&mut &call_runtime(&code, "Metadata_metadata")?[..])?;
		assert!(committed_metadata == metadata, "{stale} (metadata)");
		for spec in [&mut built, &mut committed] {
			spec["genesis"]["raw"]["top"].as_object_mut().ok_or("raw spec")?.remove(CODE_KEY);
		}
		assert!(built == committed, "{stale} (genesis state)");
		// Light clients and standard tools read only the standard top-level fields.
		let fields: Vec<&String> = committed.as_object().ok_or("spec is an object")?.keys().collect();
		for field in fields {
			assert!(
				[
					"name",
					"id",
					"chainType",
					"bootNodes",
					"telemetryEndpoints",
					"protocolId",
					"properties",
					"codeSubstitutes",
					"genesis",
					"forkId"
				]
				.contains(&field.as_str()),
				"{file}: non-standard top-level field `{field}`"
			);
		}
		assert_eq!(committed["properties"]["tokenSymbol"], "SGL");
		assert_eq!(committed["properties"]["tokenDecimals"], 12);
		assert_eq!(committed["properties"]["ss58Format"], 42);
	}
	Ok(())
}

/// `key generate` in JSON: the secret phrase and the public key as SS58.
fn generate_key(scheme: &str) -> Result<(String, String)> {
	let json: Value =
		serde_json::from_str(&node_stdout(&["key", "generate", "--scheme", scheme, "--output-type", "json"])?)?;
	let phrase = json["secretPhrase"].as_str().ok_or("no secretPhrase")?.to_string();
	let address = json["ss58PublicKey"].as_str().ok_or("no ss58PublicKey")?.to_string();
	Ok((phrase, address))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_consortium_spec_from_fresh_keys_starts_a_finalizing_chain() -> Result<()> {
	// The operator's side: an account key, an Aura key (sr25519) and a GRANDPA key (ed25519).
	let (_, account) = generate_key("sr25519")?;
	let (aura_phrase, aura) = generate_key("sr25519")?;
	let (grandpa_phrase, grandpa) = generate_key("ed25519")?;

	let dir = tempfile::tempdir()?;
	// A validator on a live chain must have a node key of its own: its peer id is admitted in the spec and goes
	// into other nodes' boot lists.
	let node_key = dir.path().join("node-key");
	let node_key = node_key.to_str().ok_or("path is not UTF-8")?;
	let generated = node_command(&["key", "generate-node-key", "--file", node_key])?;
	let peer_id = String::from_utf8(generated.stderr)?.trim().to_string();
	assert!(peer_id.starts_with("12D3KooW"), "peer id {peer_id}");

	// Whoever writes the spec.
	let spec = dir.path().join("consortium.json");
	let spec_path = spec.to_str().ok_or("path is not UTF-8")?;
	node_stdout(&[
		"generate-spec",
		"--name",
		"Test Consortium",
		"--id",
		"test_consortium",
		"--validator",
		&format!("{account},{aura},{grandpa}"),
		"--account",
		&format!("{account}=1000"),
		"--node",
		&format!("{peer_id}={account}"),
		"--raw",
		"--output",
		spec_path,
	])?;
	let json: Value = serde_json::from_str(&std::fs::read_to_string(&spec)?)?;
	assert_eq!(json["id"], "test_consortium");
	assert_eq!(json["chainType"], "Live");

	// Bad input is refused with a message naming the problem.
	let validator = format!("{account},{aura},{grandpa}");
	let endowment = format!("{account}=1");
	// One member more than the runtime's MAX_MEMBERS.
	let members: Vec<String> =
		(0..33u8).flat_map(|byte| ["--member".to_string(), format!("0x{}", hex::encode([byte; 32]))]).collect();
	let too_many_members: Vec<&str> =
		[&["--validator", validator.as_str()][..], &members.iter().map(String::as_str).collect::<Vec<_>>()].concat();
	for (args, complaint) in [
		(too_many_members, "--member: 33 given, but the runtime allows at most 32".to_string()),
		(vec!["--validator", &format!("{account},{aura}")], "ACCOUNT,AURA_SR25519_KEY,GRANDPA_ED25519_KEY".to_string()),
		(
			vec!["--validator", &validator, "--account", &endowment, "--account", &endowment],
			format!("{account} is endowed twice"),
		),
		(vec!["--validator", &format!("{account},{aura},0x1234")], "is not a 32-byte public key".to_string()),
		(
			vec!["--validator", &validator, "--min-validators", "2"],
			"must be between 1 and the 1 validators".to_string(),
		),
		(
			vec!["--validator", &validator, "--node", &format!("not-a-peer-id={account}")],
			"is not a peer id".to_string(),
		),
		(vec!["--validator", &validator], "admit every node of the network".to_string()),
		(vec!["--validator", &validator, "--session-length", "0"], "a session lasts at least one block".to_string()),
	] {
		let refused = node_command(&[&["generate-spec"][..], &args].concat()).expect_err("bad input refused");
		assert!(refused.to_string().contains(&complaint), "expected `{complaint}` in: {refused}");
	}

	// The validator inserts its keys into its node's keystore and starts.
	let base = tempfile::tempdir()?;
	let base_path = base.path().to_str().ok_or("path is not UTF-8")?;
	for (phrase, scheme, key_type) in [(&aura_phrase, "sr25519", "aura"), (&grandpa_phrase, "ed25519", "gran")] {
		node_stdout(&[
			"key",
			"insert",
			"--base-path",
			base_path,
			"--chain",
			spec_path,
			"--scheme",
			scheme,
			"--suri",
			phrase,
			"--key-type",
			key_type,
		])?;
	}
	let keystore = base.path().join("chains/test_consortium/keystore");
	assert_eq!(std::fs::read_dir(&keystore)?.count(), 2, "two keys in {}", keystore.display());

	let node =
		Node::start_with_base("consortium", base, &["--chain", spec_path, "--validator", "--node-key-file", node_key])?;
	let client = node.client(Duration::from_secs(60)).await?;
	wait_finalized(&client, 3, Duration::from_secs(90)).await.map_err(|e| format!("{e}\n{}", node.log_tail()))?;
	// The spec admitted the node and made the validator's account the only member; there is no sudo.
	let nodes: Value = client.request("consortium_nodes", rpc_params![]).await?;
	assert_eq!(nodes[0]["peerId"], peer_id.as_str(), "{nodes}");
	let members: Value = client.request("consortium_members", rpc_params![]).await?;
	assert_eq!(members["members"], serde_json::json!([account]), "{members}");
	Ok(())
}
