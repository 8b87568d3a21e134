//! Consortium governance on the real 4-validator local network (no sudo): an account that is not admitted is
//! refused at the pool; a node that is not admitted gets no blocks; the members vote Eve's node and Eve as a
//! validator in, and she authors after the session change while finality goes on; they vote Dave out and he
//! stops authoring, then remove his node and the others drop it; they vote a runtime upgrade and the running
//! network moves to the next spec version.
//!
//! Each step waits on the chain (a block number, a validator set, a peer list, a runtime version) rather than for a
//! fixed time, and says which step it is, so that a failure names the step and what it awaited.

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

/// The blocks a step watches the network for: two rounds of five validators (more of four), so that every validator
/// had two slots or more (at 2 s a slot, the 20 s the test used to sleep).
const WATCH: u32 = 10;

/// How long `WATCH` blocks may take, missed slots included.
const WATCH_TIMEOUT: Duration = Duration::from_secs(60);

async fn validators(client: &WsClient) -> Result<Value> {
	Ok(client.request("consortium_validators", rpc_params![]).await?)
}

/// Waits until the current validator set (`consortium_validators`) satisfies `check`, described by `what`; returns
/// the best block then.
async fn wait_current_validators(client: &WsClient, what: &str, check: impl Fn(&[String]) -> bool) -> Result<u32> {
	// The decided set is queued at the next session change and current from the one after: within two sessions of
	// 10 blocks.
	wait_until(what, Duration::from_secs(120), async || {
		let sets = validators(client).await?;
		let current: Vec<String> =
			sets["current"].as_array().ok_or("current")?.iter().filter_map(|v| v.as_str().map(String::from)).collect();
		Ok(if check(&current) { Ok(best_number(client).await?) } else { Err(format!("{sets}")) })
	})
	.await
}

fn account(key: Sr25519Keyring) -> String {
	key.to_account_id().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn members_govern_accounts_nodes_validators_and_upgrades() -> Result<()> {
	let (nodes, clients) = step("the four validators of the local spec start and finalize", start_network()).await?;
	let alice = &clients[0];
	step("the spec lists four members and four admitted nodes", spec_members_and_nodes(alice)).await?;
	step("an account that is not admitted is refused at the pool", unadmitted_account_is_refused(alice)).await?;
	let (eve_node, eve) =
		step("Eve's node, not admitted, gets no blocks", unadmitted_node_gets_no_blocks(&nodes[0], alice)).await?;
	let eve_aura = step("Eve sets session keys generated on her node", eve_sets_session_keys(alice, &eve)).await?;
	step("the members admit Eve's node and it syncs", members_admit_eves_node(alice, &eve_node, &eve)).await?;
	step(
		"the members vote Eve in: she authors after the session change and finality goes on",
		members_vote_eve_in(alice, &eve_node, &eve_aura),
	)
	.await?;
	step(
		"the members vote Dave out: he authors no more after the session change and finality goes on",
		members_vote_dave_out(alice, &eve_aura),
	)
	.await?;
	step(
		"the members remove Dave's node: the others drop it and it gets no more blocks",
		members_remove_daves_node(&nodes, &clients, &eve),
	)
	.await?;
	step(
		"the members authorise a runtime upgrade: every admitted node moves to the next spec version",
		members_upgrade_the_runtime(&clients, &eve),
	)
	.await?;
	Ok(())
}

async fn start_network() -> Result<(Vec<Node>, Vec<WsClient>)> {
	let (nodes, clients) = start_local_network().await?;
	wait_finalized(&clients[0], 3, Duration::from_secs(120))
		.await
		.map_err(|e| format!("{e}\n{}", nodes[0].log_tail()))?;
	Ok((nodes, clients))
}

/// The members and nodes from the spec.
async fn spec_members_and_nodes(alice: &WsClient) -> Result<()> {
	let members: Value = alice.request("consortium_members", rpc_params![]).await?;
	assert_eq!(members["members"].as_array().map(Vec::len), Some(4), "{members}");
	assert_eq!(members["ayesNeeded"], 3);
	let admitted_nodes: Value = alice.request("consortium_nodes", rpc_params![]).await?;
	assert_eq!(admitted_nodes.as_array().map(Vec::len), Some(4), "{admitted_nodes}");
	Ok(())
}

/// Mallory is refused with the distinct code; the account pages do not list her and refuse a page too long.
async fn unadmitted_account_is_refused(alice: &WsClient) -> Result<()> {
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
	Ok(())
}

/// Eve's node, not admitted, knows Alice's address; it stays at genesis while the network produces `WATCH` blocks.
async fn unadmitted_node_gets_no_blocks(alice_node: &Node, alice: &WsClient) -> Result<(Node, WsClient)> {
	let spec = local_spec_path()?;
	let bootnode = alice_node.p2p_address(&local_peer_id(alice).await?);
	let eve_node =
		Node::start("eve", &["--chain", &spec, "--validator", "--node-key", &node_key(5), "--bootnodes", &bootnode])?;
	let eve = eve_node.client(Duration::from_secs(60)).await?;
	let alice_before = best_number(alice).await?;
	let alice_after =
		wait_best(alice, alice_before + WATCH, WATCH_TIMEOUT).await.map_err(|e| format!("the network goes on: {e}"))?;
	assert_eq!(best_number(&eve).await?, 0, "an unadmitted node received blocks\n{}", eve_node.log_tail());
	eprintln!("unadmitted Eve: #0 while Alice went from #{alice_before} to #{alice_after}");
	Ok((eve_node, eve))
}

/// Eve generates session keys on her node and sets them (Eve's account is admitted); her Aura key.
async fn eve_sets_session_keys(alice: &WsClient, eve: &WsClient) -> Result<AuraId> {
	let generated: Value = eve
		.request("author_rotateKeysWithOwner", rpc_params![format!("0x{}", hex::encode(Eve.to_account_id().encode()))])
		.await?;
	let keys_bytes = hex::decode(generated["keys"].as_str().ok_or("keys")?.trim_start_matches("0x"))?;
	let proof = hex::decode(generated["proof"].as_str().ok_or("proof")?.trim_start_matches("0x"))?;
	let keys = SessionKeys::decode(&mut &keys_bytes[..])?;
	let eve_aura = keys.aura.clone();
	let set_keys = RuntimeCall::Session(pallet_session::Call::set_keys { keys, proof });
	let included = execute(alice, &Eve.pair(), set_keys).await?;
	assert!(included.succeeded(), "set_keys: {:?}", included.failure());
	Ok(eve_aura)
}

/// The members admit Eve's node: it syncs to the block Alice had when the motion passed.
async fn members_admit_eves_node(alice: &WsClient, eve_node: &Node, eve: &WsClient) -> Result<()> {
	let eve_peer = local_peer_id(eve).await?;
	let peer_bytes = bs58::decode(&eve_peer).into_vec()?;
	let add_node = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::add_well_known_node {
		node: sp_core::OpaquePeerId(peer_bytes),
		owner: Eve.to_account_id().into(),
	});
	assert!(pass_motion(alice, add_node).await?, "add_well_known_node motion");
	let target = best_number(alice).await?;
	wait_best(eve, target, Duration::from_secs(90))
		.await
		.map_err(|e| format!("Eve's admitted node does not sync: {e}\n{}", eve_node.log_tail()))?;
	Ok(())
}

/// The members vote Eve in as a validator: once the set changes she authors within `WATCH` blocks (she has had two
/// slots by then), and the network finalizes her block.
async fn members_vote_eve_in(alice: &WsClient, eve_node: &Node, eve_aura: &AuraId) -> Result<()> {
	let add_eve = RuntimeCall::Consortium(pallet_consortium::Call::add_validator { validator: Eve.to_account_id() });
	assert!(pass_motion(alice, add_eve).await?, "add_validator motion");
	let sets = validators(alice).await?;
	assert!(sets["decided"].as_array().is_some_and(|d| d.len() == 5), "{sets}");
	let eve_address = account(Eve);
	let from =
		wait_current_validators(alice, "Eve in the current set", |current| current.contains(&eve_address)).await?;
	let finalized_then = finalized(alice).await?.0;
	let last = from + WATCH;
	let (to, recent) =
		wait_until(&format!("a block by Eve among #{}..=#{last}", from + 1), WATCH_TIMEOUT, async || {
			let best = best_number(alice).await?.min(last);
			let recent = authors(alice, from + 1, best).await?;
			if recent.contains(eve_aura) {
				return Ok(Ok((best, recent)));
			}
			if best == last {
				let log = eve_node.log_tail();
				return Err(format!("Eve authored none of blocks #{}..=#{last}\n{log}", from + 1).into());
			}
			Ok(Err(format!("none up to #{best}")))
		})
		.await?;
	wait_finalized(alice, to.max(finalized_then + 1), Duration::from_secs(60))
		.await
		.map_err(|e| format!("finality with Eve: {e}"))?;
	assert!(finalized(alice).await?.0 > finalized_then);
	let eve_blocks = recent.iter().filter(|author| *author == eve_aura).count();
	eprintln!(
		"Eve joined the set at block {from}; she authored {eve_blocks} of blocks {}..={to}, all finalized",
		from + 1
	);
	Ok(())
}

/// The members vote Dave out: in the `WATCH` blocks after the set changes, over two rounds of the four left, he
/// authors none, Eve does, and the network finalizes them.
async fn members_vote_dave_out(alice: &WsClient, eve_aura: &AuraId) -> Result<()> {
	let dave_aura: AuraId = Dave.public().into();
	let remove_dave =
		RuntimeCall::Consortium(pallet_consortium::Call::remove_validator { validator: Dave.to_account_id() });
	assert!(pass_motion(alice, remove_dave).await?, "remove_validator motion");
	let dave_address = account(Dave);
	let from =
		wait_current_validators(alice, "Dave out of the current set", |current| !current.contains(&dave_address))
			.await?;
	let to = wait_best(alice, from + WATCH, WATCH_TIMEOUT).await?;
	let recent = authors(alice, from + 1, to).await?;
	assert!(!recent.contains(&dave_aura), "Dave authored after leaving the set (blocks {from}..={to})");
	assert!(recent.contains(eve_aura));
	wait_finalized(alice, to, Duration::from_secs(60)).await.map_err(|e| format!("finality without Dave: {e}"))?;
	eprintln!("Dave left the set at block {from}; blocks {}..={to} authored without him and finalized", from + 1);
	Ok(())
}

/// The members remove Dave's node: every admitted node drops it as it imports the block (libp2p backend), and while
/// the network produces `WATCH` blocks Dave's node gets at most the one it may have had in flight.
async fn members_remove_daves_node(nodes: &[Node], clients: &[WsClient], eve: &WsClient) -> Result<()> {
	let (alice, dave) = (&clients[0], &clients[3]);
	let dave_peer = local_peer_id(dave).await?;
	let remove_node = RuntimeCall::NodeAuthorization(pallet_node_authorization::Call::remove_well_known_node {
		node: sp_core::OpaquePeerId(bs58::decode(&dave_peer).into_vec()?),
	});
	assert!(pass_motion(alice, remove_node).await?, "remove_well_known_node motion");
	let admitted = [("Alice", alice), ("Bob", &clients[1]), ("Charlie", &clients[2]), ("Eve", eve)];
	wait_until("the admitted nodes and Dave's to part", Duration::from_secs(60), async || {
		for (name, client) in admitted {
			if sync_peers(client).await?.contains(&dave_peer) {
				return Ok(Err(format!("{name} still syncs with Dave")));
			}
		}
		let left = sync_peers(dave).await?;
		Ok(if left.is_empty() { Ok(()) } else { Err(format!("Dave still syncs with {left:?}")) })
	})
	.await?;
	let (dave_then, alice_then) = (best_number(dave).await?, best_number(alice).await?);
	let alice_now =
		wait_best(alice, alice_then + WATCH, WATCH_TIMEOUT).await.map_err(|e| format!("the network goes on: {e}"))?;
	let dave_now = best_number(dave).await?;
	eprintln!("after removing Dave's node: Dave #{dave_then} -> #{dave_now}, Alice #{alice_then} -> #{alice_now}");
	assert!(dave_now <= dave_then + 1, "Dave's removed node kept receiving blocks\n{}", nodes[3].log_tail());
	Ok(())
}

/// The members authorise a runtime upgrade; anyone admitted uploads the code; every admitted node (Dave's was
/// removed) moves to it, and finality goes on.
async fn members_upgrade_the_runtime(clients: &[WsClient], eve: &WsClient) -> Result<()> {
	let alice = &clients[0];
	let code = sigil_runtime::next_spec_version::WASM_BINARY.ok_or("next-spec-version wasm not built")?.to_vec();
	let code_hash = <sigil_runtime::Runtime as frame_system::Config>::Hashing::hash(&code);
	let authorize = RuntimeCall::Consortium(pallet_consortium::Call::authorize_upgrade { code_hash });
	assert!(pass_motion(alice, authorize).await?, "authorize_upgrade motion");
	let apply = RuntimeCall::System(frame_system::Call::apply_authorized_upgrade { code });
	let applied = execute(alice, &Sr25519Keyring::Ferdie.pair(), apply).await?;
	assert!(applied.succeeded(), "apply_authorized_upgrade: {:?}", applied.failure());
	let expected = sigil_runtime::VERSION.spec_version + 1;
	for (name, client) in ["alice", "bob", "charlie"].iter().zip(clients).chain([(&"eve", eve)]) {
		wait_until(&format!("{name} to run spec version {expected}"), Duration::from_secs(60), async || {
			let version: Value = client.request("state_getRuntimeVersion", rpc_params![]).await?;
			Ok(if version["specVersion"] == expected { Ok(()) } else { Err(format!("{version}")) })
		})
		.await?;
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
	Ok(())
}
