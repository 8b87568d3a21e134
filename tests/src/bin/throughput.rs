//! Throughput under load, measured as a client developer would see it: pre-signed extrinsics submitted over JSON-RPC
//! (several connections), counted when they are in finalized blocks.
//!
//! ```text
//! throughput [dev|local] [N] [--sustained SECONDS [--rate PER_SECOND]]   # N of each kind (default 1000)
//! ```
//!
//! It starts a fresh network: `dev`, one validator (the default), or `local`, the four validators of the committed
//! local spec, which receive the submissions by gossip from the first. It prepares the state (identities with ring keys, a broker
//! approved by sudo on dev or by the members' vote on local, coins), then, one kind at a time, pre-signs N
//! extrinsics, submits them all and follows finality until every one is in (or nothing new lands for 30 s). Per kind
//! it prints: included per second (first submission to last finalization), the most in one block, the share of the
//! block's normal-class weight used (the fullest block, and the median of the blocks that carried the kind), missed
//! slots while the kind ran, the submission-to-finalized latency (median, p90), and the ratio to balance transfers.
//! At the end, the largest resident memory among the nodes; then it stops the first node and times its blocks: how
//! long the author took to build each (its log's "Prepared block ... (N ms)") and how long executing it again takes
//! (`sigil-node benchmark block` on the node's database), reporting per kind the slowest block and its share of the
//! weight it declared.
//!
//! With `--sustained SECONDS`, a last row offers balance transfers at a steady rate (`--rate`, or 95 % of the block
//! capacity the burst measured) for that long, with the node's memory before and after: a pool that never drains,
//! as a busy network's.

use std::{
	cell::{Cell, RefCell},
	collections::HashMap,
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use frame_support::{
	dispatch::{DispatchClass, PerDispatchClass},
	weights::Weight,
};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use serde_json::Value;
use sigil_e2e::*;
use sigil_primitives::{
	CoinId, DocumentPayload, KeySignature, MessagePayload, PublicKey, SignedTransfer, SigningContext, Transfer,
	TransferPayload, TrustLevel,
};
use sigil_runtime::{currency::UNIT, Hash, Runtime, RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{generic::DigestItem, traits::Header as _};

/// Connections the submissions are spread over.
const CONNECTIONS: usize = 4;
/// Submissions in flight at once.
const IN_FLIGHT: usize = 64;
/// How long to wait for the next inclusion before counting the rest as lost.
const STALL: Duration = Duration::from_secs(30);
/// How often a paced submission sends its next chunk.
const TICK: Duration = Duration::from_millis(100);

struct Kind {
	name: &'static str,
	extrinsics: Vec<Vec<u8>>,
	/// Submissions per second, spread over ticks; `None`: all at once.
	rate: Option<f64>,
}

struct Measured {
	name: &'static str,
	submitted: usize,
	included: usize,
	failed: usize,
	per_second: f64,
	most_per_block: usize,
	fullest_normal_share: f64,
	median_normal_share: f64,
	missed_slots: u64,
	/// The finalized blocks that carried the kind.
	blocks: Vec<u32>,
	median_ms: u128,
	p90_ms: u128,
}

#[tokio::main]
async fn main() -> Result<()> {
	let mut args: Vec<String> = std::env::args().skip(1).collect();
	const USAGE: &str = "usage: throughput [dev|local] [N] [--sustained SECONDS [--rate PER_SECOND]]";
	let rate: Option<f64> = match args.iter().position(|arg| arg == "--rate") {
		Some(at) => {
			let rate = args.get(at + 1).and_then(|s| s.parse().ok()).filter(|&r: &f64| r > 0.0);
			let rate = rate.ok_or_else(|| format!("--rate needs a number of transfers per second; {USAGE}"))?;
			args.drain(at..at + 2);
			Some(rate)
		}
		None => None,
	};
	let sustained: Option<u64> = match args.iter().position(|arg| arg == "--sustained") {
		Some(at) => {
			let seconds = args.get(at + 1).and_then(|s| s.parse().ok()).filter(|&s| s > 0);
			let seconds = seconds.ok_or_else(|| format!("--sustained needs a number of seconds; {USAGE}"))?;
			args.drain(at..at + 2);
			Some(seconds)
		}
		None => None,
	};
	if rate.is_some() && sustained.is_none() {
		return Err(format!("--rate goes with --sustained; {USAGE}").into());
	}
	let local = match args.first().map(String::as_str) {
		Some("local") => true,
		Some("dev") => false,
		_ => {
			args.insert(0, "dev".into());
			false
		}
	};
	let n: usize = match args.get(1) {
		Some(arg) => arg.parse().map_err(|_| format!("N must be a number, not {arg:?}; {USAGE}"))?,
		None => 1000,
	};
	let load_args = ["--rpc-max-connections", "1000", "--pool-limit", "100000"];
	// Submissions go to one node, as a client's would: each kind is one account's nonce sequence, and spread over
	// several pools it would wait in their future queues for the gaps that gossip fills. The validators receive the
	// transactions by gossip and include them in their turn.
	let mut nodes = if local {
		start_local_network_with(&load_args).await?.0
	} else {
		vec![Node::start("throughput", &[&["--dev"][..], &load_args].concat())?]
	};
	let mut clients = Vec::new();
	for _ in 0..CONNECTIONS {
		clients.push(nodes[0].client(Duration::from_secs(60)).await?);
	}
	let client = &clients[0];
	wait_finalized(client, 1, Duration::from_secs(60)).await?;
	let genesis = genesis_hash(client).await?;
	eprintln!("throughput: preparing the state (identities, keys, a broker, {} coins)", 2 * n);
	let keys = prepare(client, genesis, local).await?;

	let mut results = Vec::new();
	let transfers = signed(n, Alice, genesis, client, |i| {
		RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Bob.to_account_id().into(),
			value: UNIT / 1000 + i as u128,
		})
	})
	.await?;
	results.push(measure(&clients, Kind { name: "balance transfer", extrinsics: transfers, rate: None }).await?);

	// Bob sends twice: first as any sender does, each deposit held when sent; then with an advance that covers the
	// batch (`messages.set_advance`), as a sender of many messages would keep.
	let mut counters: HashMap<Sr25519Keyring, u64> = HashMap::new();
	for (name, sender, body_len, advance) in [
		("messages.send 64 B", Bob, 64, false),
		("messages.send 64 B, advance", Bob, 64, true),
		("messages.send 1 KiB", Charlie, 1024, false),
	] {
		let key = &keys[&sender];
		let first = *counters.get(&sender).unwrap_or(&0);
		if advance {
			// The sender's earlier messages are still stored and owe their deposits: the advance covers those and
			// this batch.
			let deposit = pallet_messages::Pallet::<Runtime>::deposit_for(body_len);
			let advance = deposit * (first as u128 + n as u128);
			let set = RuntimeCall::Messages(pallet_messages::Call::set_advance { advance });
			let done = execute(client, &sender.pair(), set).await?;
			done.succeeded().then_some(()).ok_or_else(|| format!("set_advance: {:?}", done.failure()))?;
		}
		counters.insert(sender, first + n as u64);
		let extrinsics = signed(n, sender, genesis, client, |i| {
			let mut body = vec![b'x'; body_len];
			body[..8].copy_from_slice(&(i as u64).to_le_bytes());
			let counter = first + i as u64;
			let payload =
				MessagePayload::new(genesis, sender.to_account_id(), Alice.to_account_id(), &body, counter).encode();
			RuntimeCall::Messages(pallet_messages::Call::send {
				to: Alice.to_account_id(),
				body,
				key_id: PublicKey::Sr25519(key.public()).key_id(),
				signature: Box::new(KeySignature::Sr25519(key.sign(&payload))),
			})
		})
		.await?;
		results.push(measure(&clients, Kind { name, extrinsics, rate: None }).await?);
	}

	let alice_key = &keys[&Alice];
	let attestations = signed(n, Alice, genesis, client, |i| {
		let document_hash = Hash::from(sp_io::hashing::blake2_256(&(i as u64).to_le_bytes()));
		let payload =
			DocumentPayload::new(genesis, document_hash, Alice.to_account_id(), SigningContext::Attestation).encode();
		RuntimeCall::Documents(pallet_documents::Call::attest {
			document_hash,
			key_id: PublicKey::Sr25519(alice_key.public()).key_id(),
			signature: Box::new(KeySignature::Sr25519(alice_key.sign(&payload))),
		})
	})
	.await?;
	results.push(measure(&clients, Kind { name: "documents.attest", extrinsics: attestations, rate: None }).await?);

	// Each call changes the edge: Unchanged is refused, so the level alternates.
	let trust = signed(n, Bob, genesis, client, |i| {
		let level = if i % 2 == 0 { TrustLevel::Marginal } else { TrustLevel::Full };
		RuntimeCall::OwnerTrust(pallet_owner_trust::Call::set_trust { target: Alice.to_account_id(), level })
	})
	.await?;
	results.push(measure(&clients, Kind { name: "ownerTrust.setTrust", extrinsics: trust, rate: None }).await?);

	// Eve buys 2N coins from Dave (serials 0..2N), pays N on line to Ferdie, and signs N off-line transfers that
	// Ferdie claims.
	let purchases = signed(2 * n, Eve, genesis, client, |_| {
		RuntimeCall::Micropay(pallet_micropay::Call::purchase { broker: Dave.to_account_id(), value: UNIT / 1000 })
	})
	.await?;
	results.push(measure(&clients, Kind { name: "micropay.purchase", extrinsics: purchases, rate: None }).await?);
	let coin = |serial: usize| CoinId { broker: Dave.to_account_id(), serial: serial as u64 };
	let payments = signed(n, Eve, genesis, client, |i| {
		RuntimeCall::Micropay(pallet_micropay::Call::pay { coin: coin(i), to: Ferdie.to_account_id() })
	})
	.await?;
	results.push(measure(&clients, Kind { name: "micropay.pay", extrinsics: payments, rate: None }).await?);
	let now = chain_time(client).await?;
	let eve_key = &keys[&Eve];
	let claims = signed(n, Ferdie, genesis, client, |i| {
		let transfer = Transfer {
			coin: coin(n + i),
			seq: 1,
			payer: Eve.to_account_id(),
			payee: Ferdie.to_account_id(),
			valid_from: now,
			valid_until: now + 3_600_000,
		};
		let signature = eve_key.sign(&TransferPayload::new(genesis, transfer.clone()).encode());
		RuntimeCall::Micropay(pallet_micropay::Call::claim {
			signed: Box::new(SignedTransfer {
				transfer,
				key_id: PublicKey::Sr25519(eve_key.public()).key_id(),
				signature: KeySignature::Sr25519(signature),
			}),
		})
	})
	.await?;
	results.push(measure(&clients, Kind { name: "micropay.claim", extrinsics: claims, rate: None }).await?);

	// Sustained load: transfers offered at `--rate`, or 95 % of what the burst put in a full block, for `seconds`: do
	// blocks stay full, finality prompt and memory flat when the pool never drains?
	let mut memory_before_sustained = None;
	if let Some(seconds) = sustained {
		let per_block = results[0].most_per_block as f64;
		let rate = rate.unwrap_or(0.95 * per_block * 1000.0 / sigil_runtime::time::MILLISECS_PER_BLOCK as f64);
		let count = (rate * seconds as f64) as usize;
		eprintln!("throughput: sustained: {count} transfers at {rate:.0} per second for {seconds} s");
		let transfers = signed(count, Alice, genesis, client, |i| {
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: Bob.to_account_id().into(),
				value: UNIT / 1000 + i as u128,
			})
		})
		.await?;
		memory_before_sustained = nodes.iter().filter_map(resident_mib).max();
		let kind = Kind { name: "balance transfer, sustained", extrinsics: transfers, rate: Some(rate) };
		results.push(measure(&clients, kind).await?);
	}

	println!("network: {}", if local { "local (4 validators)" } else { "dev (1 validator)" });
	print_table(&results);
	let memory = nodes.iter().filter_map(resident_mib).max().unwrap_or(0);
	println!("largest node resident memory at the end: {memory} MiB");
	if let Some(before) = memory_before_sustained {
		println!("largest node resident memory before the sustained load: {before} MiB");
	}

	drop(clients);
	let built = build_times(&nodes);
	nodes[0].stop()?;
	let chain = if local { local_spec_path()? } else { "dev".to_string() };
	let executed = execution_times(&nodes[0], &chain, &results)?;
	print_block_times(&results, &built, &executed);
	Ok(())
}

/// Identities with an sr25519 signing key for the senders that sign payloads, and Dave approved as a broker. On the
/// local network Alice admits Eve and Ferdie first, unless its genesis did.
async fn prepare(client: &WsClient, genesis: Hash, local: bool) -> Result<HashMap<Sr25519Keyring, sr25519::Pair>> {
	if local {
		for who in [Eve, Ferdie] {
			let admit =
				RuntimeCall::Consortium(pallet_consortium::Call::admit_as_member { account: who.to_account_id() });
			let admitted = execute(client, &Alice.pair(), admit).await?;
			let already =
				|e| matches!(e, sigil_runtime::RuntimeError::Consortium(pallet_consortium::Error::AlreadyAdmitted));
			if !admitted.succeeded() && !admitted.failure().is_some_and(already) {
				return Err(format!("admit {who:?}: {:?}", admitted.failure()).into());
			}
		}
	}
	let mut keys = HashMap::new();
	for who in [Alice, Bob, Charlie, Eve] {
		keys.insert(who, identity_with_key(client, who, genesis, "throughput").await?);
	}
	let terms = pallet_micropay::BrokerTerms { fee: UNIT / 1000, validity: 86_400_000, max_value: UNIT };
	let approve = RuntimeCall::Micropay(pallet_micropay::Call::approve_broker { broker: Dave.to_account_id(), terms });
	let approved = if local {
		pass_motion(client, approve).await?
	} else {
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(approve) });
		execute(client, &Alice.pair(), sudo).await?.succeeded()
	};
	approved.then_some(keys).ok_or_else(|| "the broker was not approved".into())
}

/// `n` extrinsics of `who`, signed in advance with consecutive nonces.
async fn signed(
	n: usize,
	who: Sr25519Keyring,
	genesis: Hash,
	client: &WsClient,
	call: impl Fn(usize) -> RuntimeCall,
) -> Result<Vec<Vec<u8>>> {
	let first = next_nonce(client, &who.to_account_id()).await?;
	Ok((0..n)
		.map(|i| sigil_runtime::signing::sign_extrinsic(&who.pair(), call(i), first + i as u32, genesis).encode())
		.collect())
}

async fn chain_time(client: &WsClient) -> Result<u64> {
	let key = [sp_io::hashing::twox_128(b"Timestamp"), sp_io::hashing::twox_128(b"Now")].concat();
	let bytes = storage_at(client, &key, None).await?.ok_or("no timestamp")?;
	Ok(u64::decode(&mut &bytes[..])?)
}

/// Submits every extrinsic of `kind` (all at once, or at its rate) while following finalized blocks, until all are
/// in, or nothing new lands for `STALL` after the last submission.
async fn measure(clients: &[WsClient], kind: Kind) -> Result<Measured> {
	let client = &clients[0];
	let (start_block, _) = finalized(client).await?;
	let hashes: HashMap<Hash, usize> = kind
		.extrinsics
		.iter()
		.enumerate()
		.map(|(i, extrinsic)| (Hash::from(sp_io::hashing::blake2_256(extrinsic)), i))
		.collect();
	let started = Instant::now();
	// Both halves run in this task, interleaved: the submissions and the finality follower share these.
	let submitted_at = RefCell::new(vec![started; kind.extrinsics.len()]);
	let submit_errors: Cell<Option<usize>> = Cell::new(None);
	let submission = async {
		let mut errors = 0;
		// At a rate, one chunk every tick; otherwise as fast as `IN_FLIGHT` submissions at once allow.
		let chunk = kind.rate.map_or(IN_FLIGHT, |rate| ((rate * TICK.as_secs_f64()).round() as usize).max(1));
		for (chunk_index, batch) in kind.extrinsics.chunks(chunk).enumerate() {
			if kind.rate.is_some() {
				tokio::time::sleep_until((started + TICK * chunk_index as u32).into()).await;
			}
			let futures = batch.iter().enumerate().map(|(j, extrinsic)| {
				let i = chunk_index * chunk + j;
				let client = &clients[i % clients.len()];
				let submitted_at = &submitted_at;
				async move {
					submitted_at.borrow_mut()[i] = Instant::now();
					submit(client, extrinsic).await
				}
			});
			for result in futures::future::join_all(futures).await {
				if let Err(error) = result {
					errors += 1;
					if errors <= 3 {
						eprintln!("throughput: {}: submission refused: {error}", kind.name);
					}
				}
			}
		}
		submit_errors.set(Some(errors));
	};

	let normal_max = <Runtime as frame_system::Config>::BlockWeights::get()
		.get(DispatchClass::Normal)
		.max_total
		.unwrap_or(Weight::MAX);
	let following = async {
		let mut latencies = Vec::new();
		let mut shares = Vec::new();
		let mut blocks = Vec::new();
		let (mut included, mut failed, mut most_per_block, mut fullest, mut missed_slots) = (0, 0, 0, 0f64, 0u64);
		let mut last_slot = None;
		let mut next = start_block + 1;
		let mut last_progress = Instant::now();
		let mut last_final = started;
		loop {
			if let Some(errors) = submit_errors.get() {
				if included + failed >= kind.extrinsics.len() - errors || last_progress.elapsed() >= STALL {
					break;
				}
			} else {
				// Still submitting: no stall yet.
				last_progress = last_progress.max(Instant::now() - TICK);
			}
			let (head, _) = finalized(client).await?;
			if next > head {
				tokio::time::sleep(Duration::from_millis(100)).await;
				continue;
			}
			let seen = Instant::now();
			while next <= head {
				let hash: Hash = client.request("chain_getBlockHash", rpc_params![next]).await?;
				let block: Value = client.request("chain_getBlock", rpc_params![hash]).await?;
				let header: sigil_runtime::Header = serde_json::from_value(block["block"]["header"].clone())?;
				if let Some(slot) = aura_slot(&header) {
					if let Some(last) = last_slot {
						missed_slots += slot.saturating_sub(last).saturating_sub(1);
					}
					last_slot = Some(slot);
				}
				let outcomes = outcomes_at(client, hash).await?;
				let mut in_block = 0;
				for (index, extrinsic) in block["block"]["extrinsics"].as_array().into_iter().flatten().enumerate() {
					let bytes = hex::decode(extrinsic.as_str().unwrap_or("").trim_start_matches("0x"))?;
					let Some(&i) = hashes.get(&Hash::from(sp_io::hashing::blake2_256(&bytes))) else { continue };
					in_block += 1;
					if outcomes.get(&(index as u32)).copied().unwrap_or(false) {
						included += 1;
					} else {
						failed += 1;
					}
					latencies.push(seen.duration_since(submitted_at.borrow()[i]).as_millis());
				}
				if in_block > 0 {
					most_per_block = most_per_block.max(in_block);
					let weight = block_weight(client, hash).await?;
					let normal = weight.get(DispatchClass::Normal);
					let share = normal.ref_time() as f64 / normal_max.ref_time().max(1) as f64;
					fullest = fullest.max(share);
					shares.push(share);
					blocks.push(next);
					last_progress = Instant::now();
					last_final = seen;
				}
				next += 1;
			}
		}
		Ok::<_, Error>((latencies, shares, blocks, included, failed, most_per_block, fullest, missed_slots, last_final))
	};
	let ((), followed) = tokio::join!(submission, following);
	let (mut latencies, mut shares, blocks, included, failed, most_per_block, fullest, missed_slots, last_final) =
		followed?;
	let submit_errors = submit_errors.get().unwrap_or(0);
	latencies.sort_unstable();
	shares.sort_unstable_by(f64::total_cmp);
	let percentile = |p: usize| latencies.get(latencies.len().saturating_sub(1) * p / 100).copied().unwrap_or(0);
	let seconds = last_final.duration_since(started).as_secs_f64().max(0.001);
	let measured = Measured {
		name: kind.name,
		submitted: kind.extrinsics.len() - submit_errors,
		included,
		failed,
		per_second: included as f64 / seconds,
		most_per_block,
		fullest_normal_share: fullest,
		median_normal_share: shares.get(shares.len() / 2).copied().unwrap_or(0.0),
		missed_slots,
		blocks,
		median_ms: percentile(50),
		p90_ms: percentile(90),
	};
	eprintln!(
		"throughput: {}: {} of {} included ({} failed) in {:.1} s",
		kind.name, measured.included, measured.submitted, measured.failed, seconds
	);
	Ok(measured)
}

/// Whether each extrinsic (by index) of the block succeeded.
async fn outcomes_at(client: &WsClient, at: Hash) -> Result<HashMap<u32, bool>> {
	let bytes = storage_at(client, &events_key(), Some(at)).await?.unwrap_or_default();
	let records = Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(&mut &bytes[..])?;
	Ok(records
		.into_iter()
		.filter_map(|record| match (record.phase, record.event) {
			(
				frame_system::Phase::ApplyExtrinsic(i),
				RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }),
			) => Some((i, true)),
			(
				frame_system::Phase::ApplyExtrinsic(i),
				RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { .. }),
			) => Some((i, false)),
			_ => None,
		})
		.collect())
}

async fn block_weight(client: &WsClient, at: Hash) -> Result<PerDispatchClass<Weight>> {
	let key = [sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"BlockWeight")].concat();
	let bytes = storage_at(client, &key, Some(at)).await?.ok_or("no block weight")?;
	Ok(PerDispatchClass::<Weight>::decode(&mut &bytes[..])?)
}

fn aura_slot(header: &sigil_runtime::Header) -> Option<u64> {
	header.digest().logs().iter().find_map(|item| match item {
		DigestItem::PreRuntime(engine, data) if engine.as_slice() == b"aura".as_slice() => {
			u64::decode(&mut &data[..]).ok()
		}
		_ => None,
	})
}

fn resident_mib(node: &Node) -> Option<u64> {
	let status = std::fs::read_to_string(format!("/proc/{}/status", node.pid()?)).ok()?;
	let kib: u64 = status.lines().find(|line| line.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
	Some(kib / 1024)
}

fn print_table(results: &[Measured]) {
	let transfers = results.first().map(|first| first.per_second).unwrap_or(0.0).max(f64::MIN_POSITIVE);
	println!(
		"| kind | included / submitted | per second | ratio to transfers | most per block | normal weight: fullest / median block | missed slots | submit->final median / p90 |"
	);
	println!("|---|---|---|---|---|---|---|---|");
	for result in results {
		println!(
			"| {} | {} / {}{} | {:.0} | {:.2}x | {} | {:.0} % / {:.0} % | {} | {:.1} s / {:.1} s |",
			result.name,
			result.included,
			result.submitted,
			if result.failed > 0 { format!(" ({} failed)", result.failed) } else { String::new() },
			result.per_second,
			result.per_second / transfers,
			result.most_per_block,
			result.fullest_normal_share * 100.0,
			result.median_normal_share * 100.0,
			result.missed_slots,
			result.median_ms as f64 / 1000.0,
			result.p90_ms as f64 / 1000.0
		);
	}
}

/// How long its author took to build each block, from every node's log: "Prepared block for proposing at N (T ms)".
fn build_times(nodes: &[Node]) -> HashMap<u32, u64> {
	let mut times = HashMap::new();
	for node in nodes {
		let log = std::fs::read_to_string(node.log_path()).unwrap_or_default();
		for line in log.lines() {
			let Some(rest) = line.split("Prepared block for proposing at ").nth(1) else { continue };
			let number = rest.split(' ').next().and_then(|n| n.parse::<u32>().ok());
			let ms = rest.split('(').nth(1).and_then(|r| r.split(' ').next()).and_then(|t| t.parse::<u64>().ok());
			if let (Some(number), Some(ms)) = (number, ms) {
				let slowest = times.entry(number).or_insert(0);
				*slowest = ms.max(*slowest);
			}
		}
	}
	times
}

/// Executes again every block that carried a kind, on the stopped `node`'s database (`sigil-node benchmark block`,
/// three times each, the average), and returns for each block its time in ms and the share of its weight that took.
fn execution_times(node: &Node, chain: &str, results: &[Measured]) -> Result<HashMap<u32, (f64, f64)>> {
	let blocks = results.iter().flat_map(|r| r.blocks.iter().copied());
	let (Some(from), Some(to)) = (blocks.clone().min(), blocks.max()) else { return Ok(HashMap::new()) };
	let base = node.base_path().to_str().ok_or("base path is not UTF-8")?.to_string();
	// The first block executed also pays for compiling the runtime: start one block earlier, a block no kind
	// carried, to take that cost.
	let (from, to) = (from.saturating_sub(1).max(1).to_string(), to.to_string());
	let output = node_command(&[
		"benchmark",
		"block",
		"--chain",
		chain,
		"--base-path",
		&base,
		"--from",
		&from,
		"--to",
		&to,
		"--repeat",
		"3",
	])?;
	// "Block 12 with   881 tx used  61.37% of its weight (   230,123,456 of   375,000,000 ns)"
	let log = String::from_utf8_lossy(&output.stderr).into_owned() + &String::from_utf8_lossy(&output.stdout);
	let mut times = HashMap::new();
	for line in log.lines() {
		let Some(rest) = line.split("Block ").nth(1) else { continue };
		let number = rest.split(' ').next().and_then(|n| n.parse::<u32>().ok());
		let share =
			rest.split("used").nth(1).and_then(|r| r.trim_start().split('%').next()).and_then(|p| p.parse().ok());
		let took = rest.split('(').nth(1).and_then(|r| r.trim_start().split(' ').next());
		let took_ms = took.and_then(|t| t.replace(',', "").parse::<f64>().ok()).map(|ns| ns / 1e6);
		if let (Some(number), Some(share), Some(ms)) = (number, share, took_ms) {
			times.insert(number, (ms, share));
		}
	}
	Ok(times)
}

fn print_block_times(results: &[Measured], built: &HashMap<u32, u64>, executed: &HashMap<u32, (f64, f64)>) {
	println!("| kind | blocks | slowest build | slowest execution (benchmark block) | most of its weight the execution took |");
	println!("|---|---|---|---|---|");
	for result in results {
		let build = result.blocks.iter().filter_map(|b| built.get(b)).max();
		let execution = result.blocks.iter().filter_map(|b| executed.get(b));
		let slowest = execution.clone().map(|(ms, _)| *ms).fold(0f64, f64::max);
		let share = execution.map(|(_, share)| *share).fold(0f64, f64::max);
		println!(
			"| {} | {} | {} | {slowest:.0} ms | {share:.0} % |",
			result.name,
			result.blocks.len(),
			build.map(|ms| format!("{ms} ms")).unwrap_or_else(|| "-".into()),
		);
	}
}
