//! Sigil's RPC methods under load on a real node: many concurrent worst-case queries (exhaustive trust searches,
//! inbox pages whose every message comes from a different untrusted sender, read for a viewer) over several
//! connections, while the chain must keep producing a block every slot and finalizing it.
//!
//! The node runs the development chain with a large trust graph added to its genesis state, built natively with
//! the runtime's own calls: `SIGIL_LOAD_IDENTITIES` identities (default 1,000) that each trust 100 others fully
//! (the most an identity may), so that a search from any of them reads every edge list. A hundred more identities,
//! whom nobody trusts, each send one message to a recipient. Run with `--nocapture` to see each method's time on
//! that state (the figures in the README's "RPC cost" section).

use std::{
	path::{Path, PathBuf},
	sync::{
		atomic::{AtomicBool, AtomicU64, Ordering},
		Arc,
	},
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use frame_support::traits::fungible::Mutate;
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::{json, Value};
use sigil_e2e::*;
use sigil_primitives::{KeyPossessionPayload, KeyPurpose, KeySignature, MessagePayload, PublicKey, TrustLevel};
use sigil_runtime::{AccountId, Runtime, RuntimeCall, RuntimeOrigin};
use sp_core::{sr25519, Pair, H256};

/// Edges per identity: `MaxTrustEdges`, the most the runtime allows.
const EDGES_EACH: usize = 100;
/// Senders of the recipient's messages: one inbox page (100) from as many distinct senders.
const SENDERS: usize = 100;
/// Connections the load uses, and calls each keeps in flight.
const CONNECTIONS: usize = 4;
const IN_FLIGHT: usize = 4;
/// How long the load runs.
const LOAD: Duration = Duration::from_secs(40);
/// The development chain's slot.
const SLOT: Duration = Duration::from_secs(2);

fn identities() -> Result<usize> {
	match std::env::var("SIGIL_LOAD_IDENTITIES") {
		Ok(text) => Ok(text.parse().map_err(|e| format!("SIGIL_LOAD_IDENTITIES `{text}`: {e}"))?),
		Err(_) => Ok(1_000),
	}
}

/// The account of user `i`: `//user<i>`.
fn user(i: usize) -> Result<sr25519::Pair> {
	Ok(sr25519::Pair::from_string(&format!("//user{i}"), None).map_err(|e| format!("{e:?}"))?)
}

/// The messaging key of user `i`, apart from its account key.
fn user_key(i: usize) -> Result<sr25519::Pair> {
	Ok(sr25519::Pair::from_string(&format!("//user{i}//messages"), None).map_err(|e| format!("{e:?}"))?)
}

fn account(pair: &sr25519::Pair) -> AccountId {
	AccountId::from(pair.public())
}

/// splitmix64, so that every run builds the same graph.
struct Random(u64);

impl Random {
	fn below(&mut self, bound: usize) -> usize {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		((z ^ (z >> 31)) % bound as u64) as usize
	}
}

/// The development chain's raw spec with `graph` identities in a dense full-trust graph, plus `SENDERS` untrusted
/// identities and the recipient (user `graph + SENDERS`), all funded and admitted, written to `dir`.
fn heavy_spec(dir: &Path, graph: usize) -> Result<PathBuf> {
	let output = node_command(&["export-chain-spec", "--chain", "dev", "--raw"])?;
	let mut spec: Value = serde_json::from_slice(&output.stdout)?;
	let top = spec["genesis"]["raw"]["top"].as_object().ok_or("the raw spec has no genesis.raw.top")?.clone();
	let mut storage = sp_core::storage::Storage::default();
	for (key, value) in &top {
		let value = value.as_str().ok_or("a raw value is not a string")?;
		storage.top.insert(hex::decode(key.trim_start_matches("0x"))?, hex::decode(value.trim_start_matches("0x"))?);
	}
	let mut ext = sp_io::TestExternalities::new(storage);
	let users: Vec<AccountId> =
		(0..=graph + SENDERS).map(|i| user(i).map(|pair| account(&pair))).collect::<Result<_>>()?;
	ext.execute_with(|| -> Result<()> {
		// At block 0, as genesis: the calls deposit no events.
		for (i, who) in users.iter().enumerate() {
			pallet_balances::Pallet::<Runtime>::mint_into(who, 1_000 * sigil_runtime::currency::UNIT)
				.map_err(|e| format!("fund {i}: {e:?}"))?;
			pallet_consortium::Pallet::<Runtime>::admit_account(RuntimeOrigin::root(), who.clone())
				.map_err(|e| format!("admit {i}: {e:?}"))?;
			pallet_key_ring::Pallet::<Runtime>::register(
				RuntimeOrigin::signed(who.clone()),
				format!("user {i}").into_bytes(),
				H256(sp_io::hashing::blake2_256(format!("user{i}@example.org").as_bytes())),
			)
			.map_err(|e| format!("register {i}: {e:?}"))?;
		}
		let mut random = Random(1);
		for (i, truster) in users.iter().take(graph).enumerate() {
			let mut set = 0;
			while set < EDGES_EACH.min(graph - 1) {
				let target = (i + 1 + random.below(graph - 1)) % graph;
				let call = pallet_owner_trust::Pallet::<Runtime>::set_trust(
					RuntimeOrigin::signed(truster.clone()),
					users[target].clone(),
					TrustLevel::Full,
				);
				// A target drawn twice is `Unchanged`: draw again.
				set += usize::from(call.is_ok());
			}
		}
		Ok(())
	})?;
	ext.commit_all()?;
	let mut pairs = ext.execute_with(|| {
		let mut pairs = serde_json::Map::new();
		let mut key = Vec::new();
		while let Some(next) = sp_io::storage::next_key(&key) {
			let value = sp_io::storage::get(&next).unwrap_or_default();
			pairs.insert(format!("0x{}", hex::encode(&next)), Value::String(format!("0x{}", hex::encode(&value))));
			key = next;
		}
		pairs
	});
	// `TestExternalities::new` stores an empty `:code` of its own: put the node's runtime back.
	let code = "0x3a636f6465";
	pairs.insert(code.into(), top.get(code).cloned().ok_or("the raw spec has no runtime code")?);
	spec["genesis"]["raw"]["top"] = Value::Object(pairs);
	let path = dir.join("heavy-dev.json");
	std::fs::write(&path, serde_json::to_vec(&spec)?)?;
	Ok(path)
}

fn params(values: &[Value]) -> Result<ArrayParams> {
	let mut params = ArrayParams::new();
	for value in values {
		params.insert(value)?;
	}
	Ok(params)
}

/// The slot of a block, from its Aura pre-runtime digest.
async fn slot_of(client: &WsClient, number: u32) -> Result<u64> {
	let hash: Value = client.request("chain_getBlockHash", rpc_params![number]).await?;
	let header: Value = client.request("chain_getHeader", rpc_params![hash]).await?;
	let logs = header["digest"]["logs"].as_array().ok_or("a header without digest logs")?;
	for log in logs {
		let bytes = hex::decode(log.as_str().unwrap_or_default().trim_start_matches("0x"))?;
		if let Ok(sp_runtime::DigestItem::PreRuntime(engine, data)) = sp_runtime::DigestItem::decode(&mut &bytes[..]) {
			if engine == *b"aura" {
				return Ok(u64::decode(&mut &data[..])?);
			}
		}
	}
	Err(format!("block #{number} has no Aura slot").into())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_chain_keeps_producing_and_finalizing_every_block_under_worst_case_rpc_load() -> Result<()> {
	let graph = identities()?;
	let dir = tempfile::tempdir()?;
	let started = Instant::now();
	let spec = heavy_spec(dir.path(), graph)?;
	let spec = spec.to_str().ok_or("a spec path that is not UTF-8")?.to_string();
	println!(
		"genesis: {graph} identities x {EDGES_EACH} full-trust edges, {SENDERS} untrusted senders, built in {:.1} s",
		started.elapsed().as_secs_f64()
	);

	let (node, client) = start_node(
		"rpc-load",
		&["--chain", &spec, "--alice", "--validator", "--force-authoring", "--node-key", &node_key(1)],
	)
	.await?;
	let genesis = genesis_hash(&client).await?;

	// Each sender adds a messaging key and sends the recipient one message.
	let recipient = account(&user(graph + SENDERS)?);
	for i in graph..graph + SENDERS {
		let (who, key) = (user(i)?, user_key(i)?);
		let public = PublicKey::Sr25519(key.public());
		let payload = KeyPossessionPayload::new(genesis, account(&who), KeyPurpose::Signing, public.key_id());
		let add = RuntimeCall::KeyRing(pallet_key_ring::Call::add_key {
			public: public.clone(),
			purpose: KeyPurpose::Signing,
			expires_at: None,
			proof: Box::new(KeySignature::Sr25519(key.sign(&payload.encode()))),
		});
		submit(&client, &sign(&client, &who, add).await?.encode()).await?;
		let body = format!("message {i}").into_bytes();
		let payload = MessagePayload::new(genesis, account(&who), recipient.clone(), &body, 0);
		let send = RuntimeCall::Messages(pallet_messages::Call::send {
			to: recipient.clone(),
			body,
			key_id: public.key_id(),
			signature: Box::new(KeySignature::Sr25519(key.sign(&payload.encode()))),
		});
		submit(&client, &sign(&client, &who, send).await?.encode()).await?;
	}
	let (viewer, untrusted) = (account(&user(0)?).to_string(), account(&user(graph)?).to_string());
	let recipient = recipient.to_string();
	// The newest message, named by its sender and the sender's counter.
	let (newest_from, newest_counter) =
		wait_until(&format!("the {SENDERS} messages in the inbox"), Duration::from_secs(120), async || {
			let page: Value =
				client.request("messages_inbox", rpc_params![&recipient, Value::Null, Value::Null, 100]).await?;
			if page["total"].as_u64() != Some(SENDERS as u64) {
				return Ok(Err(format!("{page}")));
			}
			let newest = &page["messages"][0];
			match (newest["from"].as_str(), newest["counter"].as_u64()) {
				(Some(from), Some(counter)) => Ok(Ok((from.to_string(), counter))),
				_ => Err(format!("a page without a message's sender and counter: {page}").into()),
			}
		})
		.await
		.map_err(|e| format!("{e}\n{}", node.log_tail()))?;

	// Each method alone, five times: its time on this state (the first call of a kind also compiles nothing:
	// the node compiled the runtime at start-up).
	let key_id = format!("0x{}", hex::encode(PublicKey::Sr25519(user_key(graph)?.public()).key_id()));
	let signature = format!("0x{}", hex::encode([0u8; 64]));
	let zero = format!("{:?}", H256::zero());
	let methods: Vec<(&str, Vec<Value>)> = vec![
		("trust_validity", vec![json!(viewer), json!(untrusted)]),
		("trust_networkValidity", vec![json!(untrusted)]),
		("trust_edges", vec![json!(viewer)]),
		("messages_inbox", vec![json!(recipient), json!(viewer), Value::Null, json!(100)]),
		("messages_outbox", vec![json!(untrusted), json!(viewer), Value::Null, json!(100)]),
		("messages_message", vec![json!(newest_from), json!(newest_counter), json!(viewer)]),
		("keyRing_identity", vec![json!(viewer)]),
		("keyRing_keys", vec![json!(untrusted)]),
		("keyRing_key", vec![json!(key_id)]),
		("keyRing_verify", vec![json!(key_id), json!("0x00"), json!(signature)]),
		("documents_verify", vec![json!(zero)]),
		("micropay_coinsOf", vec![json!(viewer)]),
		("consortium_members", vec![]),
		("consortium_accounts", vec![Value::Null, json!(100)]),
	];
	println!("| method | median | worst (5 calls, one at a time) |");
	let mut worst_inbox = Duration::ZERO;
	for (method, arguments) in &methods {
		let mut times = Vec::new();
		for _ in 0..5 {
			let call = Instant::now();
			let _: Value = client.request(method, params(arguments)?).await.map_err(|e| format!("{method}: {e}"))?;
			times.push(call.elapsed());
		}
		times.sort();
		println!("| `{method}` | {:.1} ms | {:.1} ms |", times[2].as_secs_f64() * 1e3, times[4].as_secs_f64() * 1e3);
		if *method == "messages_inbox" {
			worst_inbox = times[4];
		}
	}

	// The load: CONNECTIONS connections, each with IN_FLIGHT calls at all times, alternating the two most
	// expensive queries.
	let stop = Arc::new(AtomicBool::new(false));
	let (answered, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
	let mut workers = Vec::new();
	for _ in 0..CONNECTIONS {
		let connection =
			Arc::new(WsClientBuilder::default().request_timeout(Duration::from_secs(600)).build(node.ws_url()).await?);
		for lane in 0..IN_FLIGHT {
			let (connection, stop, answered, failed) =
				(connection.clone(), stop.clone(), answered.clone(), failed.clone());
			let (inbox, validity) = (methods[3].1.clone(), methods[0].1.clone());
			workers.push(tokio::spawn(async move {
				let mut turn = lane;
				while !stop.load(Ordering::SeqCst) {
					let (method, arguments) =
						if turn % 2 == 0 { ("messages_inbox", &inbox) } else { ("trust_validity", &validity) };
					turn += 1;
					let Ok(arguments) = params(arguments) else { break };
					match connection.request::<Value, _>(method, arguments).await {
						Ok(_) => answered.fetch_add(1, Ordering::SeqCst),
						Err(_) => failed.fetch_add(1, Ordering::SeqCst),
					};
				}
			}));
		}
	}

	// Meanwhile, over a connection of its own: the best and finalized numbers every second.
	let load_started = Instant::now();
	let first = best_number(&client).await?;
	let mut worst_lag = 0;
	while load_started.elapsed() < LOAD {
		// A sampling period, not a wait: the load runs for LOAD whatever the chain does, and the lag is read as it goes.
		tokio::time::sleep(Duration::from_secs(1)).await;
		let best = best_number(&client).await?;
		let (finalized, _) = finalized(&client).await?;
		worst_lag = worst_lag.max(best.saturating_sub(finalized));
	}
	let last = best_number(&client).await?;
	stop.store(true, Ordering::SeqCst);
	let load_took = load_started.elapsed();
	let (answered_in_load, failed_in_load) = (answered.load(Ordering::SeqCst), failed.load(Ordering::SeqCst));
	for worker in workers {
		worker.await?;
	}
	println!(
		"load: {CONNECTIONS} connections x {IN_FLIGHT} calls in flight for {:.0} s: {answered_in_load} answered, \
		 {failed_in_load} failed; blocks #{first}..#{last}, worst best-to-finalized lag {worst_lag}",
		load_took.as_secs_f64()
	);

	// Every slot got its block: no two consecutive blocks more than two slots apart (one missed slot tolerated, for
	// the machine's other work), and about one block per slot overall.
	let mut slots = Vec::new();
	for number in first..=last {
		slots.push(slot_of(&client, number).await?);
	}
	let widest = slots.windows(2).map(|pair| pair[1].saturating_sub(pair[0])).max().unwrap_or(0);
	let expected = (load_took.as_secs_f64() / SLOT.as_secs_f64()) as u32;
	println!("slots: widest step {widest}, {} blocks for about {expected} slots", last - first);
	assert!(answered_in_load >= CONNECTIONS as u64, "the load ran: {answered_in_load} answered");
	assert_eq!(failed_in_load, 0, "no call failed");
	assert!(widest <= 2, "a gap of {widest} slots in block production under RPC load");
	assert!(last - first + 3 >= expected, "{} blocks in {expected} slots", last - first);
	// Finality followed: never more than 3 blocks behind the best (GRANDPA on one validator finalizes each block
	// within its slot), and everything produced under load is finalized right after.
	assert!(worst_lag <= 3, "finality fell {worst_lag} blocks behind under RPC load");
	wait_finalized(&client, last, Duration::from_secs(10)).await?;
	println!("inbox page worst alone: {:.0} ms", worst_inbox.as_secs_f64() * 1e3);
	Ok(())
}
