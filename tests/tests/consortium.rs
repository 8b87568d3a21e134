//! Consortium governance on the real 4-validator local network (no sudo): an account that is not admitted is
//! refused at the pool; a node that is not admitted gets no blocks; the members vote Eve's node and Eve as a
//! validator in, and she authors after the session change while finality goes on; they vote Dave out and he
//! stops authoring, then remove his node and the others drop it; they vote a runtime upgrade and the running
//! network moves to the next spec version.

use std::time::Duration;

use codec::{Decode, Encode};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use serde_json::Value;
use sigil_e2e::*;
use sigil_runtime::{opaque::SessionKeys, AccountId, RuntimeCall};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::Pair as _, sr25519};
use sp_keyring::Sr25519Keyring::{self, Dave, Eve};
use sp_runtime::{generic::DigestItem, traits::Hash as _};

/// The Aura key that authored block `number`: the slot in its pre-runtime digest, over the authorities of its parent.
async fn block_author(client: &WsClient, number: u32) -> Result<AuraId> {
	let hash: Value = client.request("chain_getBlockHash", rpc_params![number]).await?;
	let header: Value = client.request("chain_getHeader", rpc_params![hash]).await?;
	let slot = header["digest"]["logs"]
		.as_array()
		.ok_or("header without logs")?
		.iter()
		.filter_map(|log| log.as_str().and_then(|hex| hex::decode(hex.trim_start_matches("0x")).ok()))
		.filter_map(|bytes| DigestItem::decode(&mut &bytes[..]).ok())
		.find_map(|item| item.pre_runtime_try_to::<u64>(&sp_consensus_aura::AURA_ENGINE_ID))
		.ok_or("no Aura slot in the header")?;
	let parent = header["parentHash"].as_str().ok_or("parentHash")?;
	let mut key = sp_io::hashing::twox_128(b"Aura").to_vec();
	key.extend(sp_io::hashing::twox_128(b"Authorities"));
	let value: Option<String> =
		client.request("state_getStorage", rpc_params![format!("0x{}", hex::encode(key)), parent]).await?;
	let bytes = hex::decode(value.ok_or("no authorities")?.trim_start_matches("0x"))?;
	let authorities = Vec::<AuraId>::decode(&mut &bytes[..])?;
	let index = (slot % authorities.len() as u64) as usize;
	Ok(authorities[index].clone())
}

/// The authors of the blocks `from..=to`.
async fn authors(client: &WsClient, from: u32, to: u32) -> Result<Vec<AuraId>> {
	let mut authors = Vec::new();
	for number in from..=to {
		authors.push(block_author(client, number).await?);
	}
	Ok(authors)
}

async fn validators(client: &WsClient) -> Result<Value> {
	Ok(client.request("consortium_validators", rpc_params![]).await?)
}

/// Waits until the current validator set (`consortium_validators`) satisfies `check`; returns the best block then.
async fn wait_current_validators(
	client: &WsClient,
	check: impl Fn(&[String]) -> bool,
	timeout: Duration,
) -> Result<u32> {
	let deadline = std::time::Instant::now() + timeout;
	loop {
		let sets = validators(client).await?;
		let current: Vec<String> =
			sets["current"].as_array().ok_or("current")?.iter().filter_map(|v| v.as_str().map(String::from)).collect();
		if check(&current) {
			return best_number(client).await;
		}
		if std::time::Instant::now() > deadline {
			return Err(format!("validator set not as expected within {timeout:?}: {sets}").into());
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
}

fn account(key: Sr25519Keyring) -> String {
	key.to_account_id().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn members_govern_accounts_nodes_validators_and_upgrades() -> Result<()> {
	let (mut nodes, clients) = start_local_network().await?;
	let alice = &clients[0];
	wait_finalized(alice, 3, Duration::from_secs(120)).await.map_err(|e| format!("{e}\n{}", nodes[0].log_tail()))?;

	// The members and nodes from the spec; no sudo.
	let members: Value = alice.request("consortium_members", rpc_params![]).await?;
	assert_eq!(members["members"].as_array().map(Vec::len), Some(4), "{members}");
	assert_eq!(members["ayesNeeded"], 3);
	let admitted_nodes: Value = alice.request("consortium_nodes", rpc_params![]).await?;
	assert_eq!(admitted_nodes.as_array().map(Vec::len), Some(4), "{admitted_nodes}");

	// An account that is not admitted is refused at the pool with the distinct code.
	let mallory = sr25519::Pair::from_string("//Mallory", None).map_err(|e| format!("{e:?}"))?;
	let remark = RuntimeCall::System(frame_system::Call::remark { remark: b"hello".to_vec() });
	let refused = sign(alice, &mallory, remark).await?;
	let error = submit(alice, &refused.encode()).await.expect_err("Mallory is not admitted").to_string();
	assert!(error.contains("1010") && error.contains("Custom error: 100"), "{error}");
	let page: Value =
		alice.request("consortium_account", rpc_params![AccountId::from(mallory.public()).to_string()]).await?;
	assert!(page.is_null());
	let page: Value = alice.request("consortium_accounts", rpc_params![Value::Null, 2]).await?;
	assert!(page["count"].as_u64().is_some_and(|count| count >= 6), "{page}");
	assert_eq!(page["accounts"].as_array().map(Vec::len), Some(2), "{page}");
	let too_many = alice.request::<Value, _>("consortium_accounts", rpc_params![Value::Null, 101]).await;
	assert!(too_many.is_err_and(|e| e.to_string().contains("limit must be 1..=100")));

	// Eve's node, not admitted, gets no blocks although it knows Alice's address.
	let spec = local_spec_path()?;
	let alice_peer: String = alice.request("system_localPeerId", rpc_params![]).await?;
	let bootnode = format!("/ip4/127.0.0.1/tcp/{}/p2p/{alice_peer}", nodes[0].p2p_port);
	let eve_node_key = format!("{:064x}", 5);
	let eve_node =
		Node::start("eve", &["--chain", &spec, "--validator", "--node-key", &eve_node_key, "--bootnodes", &bootnode])?;
	let eve = eve_node.client(Duration::from_secs(60)).await?;
	let alice_before = best_number(alice).await?;
	tokio::time::sleep(Duration::from_secs(20)).await;
	assert!(best_number(alice).await? >= alice_before + 5, "the network goes on");
	assert_eq!(best_number(&eve).await?, 0, "an unadmitted node received blocks\n{}", eve_node.log_tail());
	eprintln!("unadmitted Eve: #0 while Alice went from #{alice_before} to #{}", best_number(alice).await?);

	// Eve generates session keys on her node and sets them (Eve's account is admitted).
	let eve_account = Eve.to_account_id();
	let generated: Value = eve
		.request("author_rotateKeysWithOwner", rpc_params![format!("0x{}", hex::encode(eve_account.encode()))])
		.await?;
	let keys_bytes = hex::decode(generated["keys"].as_str().ok_or("keys")?.trim_start_matches("0x"))?;
	let proof = hex::decode(generated["proof"].as_str().ok_or("proof")?.trim_start_matches("0x"))?;
	let keys = SessionKeys::decode(&mut &keys_bytes[..])?;
	let eve_aura = keys.aura.clone();
	let set_keys = RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof });
	let included = execute(alice, &Eve.pair(), set_keys).await?;
	assert!(included.succeeded(), "set_keys: {:?}", included.failure());

	// The members admit Eve's node: it syncs.
	let eve_peer: String = eve.request("system_localPeerId", rpc_params![]).await?;
	let peer_bytes = bs58::decode(&eve_peer).into_vec()?;
	let add_node = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
		node: sp_core::OpaquePeerId(peer_bytes),
		owner: eve_account.clone().into(),
	});
	assert!(pass_motion(alice, add_node).await?, "add_well_known_node motion");
	let target = best_number(alice).await?;
	let deadline = std::time::Instant::now() + Duration::from_secs(90);
	while best_number(&eve).await? < target {
		if std::time::Instant::now() > deadline {
			return Err(format!("Eve's admitted node does not sync\n{}", eve_node.log_tail()).into());
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}

	// The members vote Eve in as a validator: she authors after the session change and finality goes on.
	let add_eve = RuntimeCall::Consortium(pallet_consortium::Call::add_validator { validator: eve_account.clone() });
	assert!(pass_motion(alice, add_eve).await?, "add_validator motion");
	let sets = validators(alice).await?;
	assert!(sets["decided"].as_array().is_some_and(|d| d.len() == 5), "{sets}");
	let eve_address = account(Eve);
	let from =
		wait_current_validators(alice, |current| current.contains(&eve_address), Duration::from_secs(120)).await?;
	let finalized_then = finalized(alice).await?.0;
	tokio::time::sleep(Duration::from_secs(20)).await;
	let to = best_number(alice).await?;
	let recent = authors(alice, from + 1, to).await?;
	assert!(recent.contains(&eve_aura), "Eve authored none of blocks {from}..={to}\n{}", eve_node.log_tail());
	wait_finalized(alice, to, Duration::from_secs(60)).await.map_err(|e| format!("finality with Eve: {e}"))?;
	assert!(finalized(alice).await?.0 > finalized_then);
	let eve_blocks = recent.iter().filter(|author| **author == eve_aura).count();
	eprintln!(
		"Eve joined the set at block {from}; she authored {eve_blocks} of blocks {}..={to}, all finalized",
		from + 1
	);

	// The members vote Dave out: after the session change he authors no more, and finality goes on.
	let dave_aura: AuraId = Dave.public().into();
	let remove_dave =
		RuntimeCall::Consortium(pallet_consortium::Call::remove_validator { validator: Dave.to_account_id() });
	assert!(pass_motion(alice, remove_dave).await?, "remove_validator motion");
	let dave_address = account(Dave);
	let from =
		wait_current_validators(alice, |current| !current.contains(&dave_address), Duration::from_secs(120)).await?;
	tokio::time::sleep(Duration::from_secs(20)).await;
	let to = best_number(alice).await?;
	let recent = authors(alice, from + 1, to).await?;
	assert!(!recent.contains(&dave_aura), "Dave authored after leaving the set (blocks {from}..={to})");
	assert!(recent.contains(&eve_aura));
	wait_finalized(alice, to, Duration::from_secs(60)).await.map_err(|e| format!("finality without Dave: {e}"))?;
	eprintln!("Dave left the set at block {from}; blocks {}..={to} authored without him and finalized", from + 1);

	// The members remove Dave's node: the others drop it and it stops receiving blocks (libp2p backend).
	let dave_client = &clients[3];
	let dave_peer: String = dave_client.request("system_localPeerId", rpc_params![]).await?;
	let remove_node = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::remove_well_known_node {
		node: sp_core::OpaquePeerId(bs58::decode(&dave_peer).into_vec()?),
	});
	assert!(pass_motion(alice, remove_node).await?, "remove_well_known_node motion");
	// Give the offchain workers a few blocks to apply the new list, then watch.
	tokio::time::sleep(Duration::from_secs(6)).await;
	let (dave_then, alice_then) = (best_number(dave_client).await?, best_number(alice).await?);
	tokio::time::sleep(Duration::from_secs(20)).await;
	let (dave_now, alice_now) = (best_number(dave_client).await?, best_number(alice).await?);
	eprintln!("after removing Dave's node: Dave #{dave_then} -> #{dave_now}, Alice #{alice_then} -> #{alice_now}");
	assert!(alice_now >= alice_then + 5, "the network goes on");
	assert!(dave_now <= dave_then + 1, "Dave's removed node kept receiving blocks\n{}", nodes[3].log_tail());

	// The members authorise a runtime upgrade; anyone admitted uploads the code; every node moves to it.
	let code = sigil_runtime::next_spec_version::WASM_BINARY.ok_or("next-spec-version wasm not built")?.to_vec();
	let code_hash = <sigil_runtime::Runtime as frame_system::Config>::Hashing::hash(&code);
	let authorize = RuntimeCall::Consortium(pallet_consortium::Call::authorize_upgrade { code_hash });
	assert!(pass_motion(alice, authorize).await?, "authorize_upgrade motion");
	let apply = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code });
	let applied = execute(alice, &Sr25519Keyring::Ferdie.pair(), apply).await?;
	assert!(applied.succeeded(), "apply_authorized_upgrade: {:?}", applied.failure());
	let expected = sigil_runtime::VERSION.spec_version + 1;
	// Every admitted node: Dave's was removed above.
	for (name, client) in ["alice", "bob", "charlie"].iter().zip(&clients).chain([(&"eve", &eve)]) {
		let deadline = std::time::Instant::now() + Duration::from_secs(60);
		loop {
			let version: Value = client.request("state_getRuntimeVersion", rpc_params![]).await?;
			if version["specVersion"] == expected {
				break;
			}
			if std::time::Instant::now() > deadline {
				return Err(format!("{name} still runs {version}").into());
			}
			tokio::time::sleep(Duration::from_secs(1)).await;
		}
	}
	let after = best_number(alice).await?;
	wait_finalized(alice, after + 3, Duration::from_secs(60))
		.await
		.map_err(|e| format!("finality after upgrade: {e}"))?;
	eprintln!(
		"spec version {expected} on every admitted node from block {} on; finalized past #{}",
		applied.number,
		after + 3
	);

	drop(eve_node);
	nodes.clear();
	Ok(())
}
