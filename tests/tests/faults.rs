//! Faults on the 4-validator local network, with real `sigil-node` processes: validators killed (SIGKILL) under a
//! steady load of transfers and messages, one at a time and then all four at once; a validator paused for longer
//! than a session; two of the four down; a validator started twice with the same keys. And a node whose disk fills
//! up, and one whose RPC port another process holds. What a client saw finalized must stay in the chain with its
//! effect, and every recovery must need no manual step: the nodes are restarted on their own databases with the
//! arguments they had.

use std::{
	collections::HashMap,
	path::Path,
	process::Command,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use pallet_messages_rpc::{MessageJson, PageJson};
use serde_json::Value;
use sigil_e2e::*;
use sigil_primitives::{KeySignature, MessagePayload, PublicKey};
use sigil_runtime::{currency::UNIT, AccountId, Balance, Hash, Runtime, RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave};
use tempfile::TempDir;

/// The local network's slot.
const SLOT: Duration = Duration::from_secs(2);
/// The local network's session: 10 blocks.
const SESSION: Duration = Duration::from_secs(20);
/// How long a restarted or resumed node may take to catch up with the others' finality.
const CATCH_UP: Duration = Duration::from_secs(120);

/// The validators' clients by index in `LOCAL_VALIDATORS`, `None` while that validator is down. The load and the
/// watcher turn through the live ones, as a client with several endpoints would.
#[derive(Clone)]
struct Clients(Arc<Mutex<Vec<Option<Arc<WsClient>>>>>);

impl Clients {
	fn new(clients: Vec<WsClient>) -> Self {
		Self(Arc::new(Mutex::new(clients.into_iter().map(|client| Some(Arc::new(client))).collect())))
	}

	fn set(&self, validator: usize, client: Option<WsClient>) {
		self.0.lock().expect("no task panics holding the clients")[validator] = client.map(Arc::new);
	}

	fn get(&self, validator: usize) -> Result<Arc<WsClient>> {
		let clients = self.0.lock().expect("no task panics holding the clients");
		Ok(clients[validator].clone().ok_or_else(|| format!("{} is down", LOCAL_VALIDATORS[validator]))?)
	}

	/// The first live client from validator `turn` on (counting round).
	fn live(&self, turn: usize) -> Option<Arc<WsClient>> {
		let clients = self.0.lock().expect("no task panics holding the clients");
		(0..clients.len()).find_map(|k| clients[(turn + k) % clients.len()].clone())
	}
}

/// What a transaction of the load does once it is in the chain.
#[derive(Clone, Debug)]
enum Effect {
	/// `amount` arrives at `to`, a fresh account that receives nothing else.
	Transfer { to: AccountId, amount: Balance },
	/// A message with `body` from `from` is stored (under the counter its `MessageSent` names).
	Message { from: AccountId, body: Vec<u8> },
}

/// Where a client saw a transaction finalized, and the events it emitted there.
#[derive(Clone, Debug)]
struct Seen {
	number: u32,
	block: Hash,
	index: u32,
	events: Vec<RuntimeEvent>,
}

impl Seen {
	fn succeeded(&self) -> bool {
		self.events.iter().any(|e| matches!(e, RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })))
	}
}

/// The load's record: every transaction submitted, by the 0x-hex of its encoding (as blocks list them), and those a
/// client saw in a finalized block.
#[derive(Default)]
struct Ledger {
	submitted: HashMap<String, Effect>,
	seen: HashMap<String, Seen>,
	/// Submissions that failed, by reason: the node was down or went down, or refused the transaction (a nonce
	/// already used in the block it had, or taken by one in its pool).
	failed_submissions: HashMap<String, u64>,
}

type SharedLedger = Arc<Mutex<Ledger>>;

fn lock(ledger: &SharedLedger) -> std::sync::MutexGuard<'_, Ledger> {
	ledger.lock().expect("no task panics holding the ledger")
}

/// An account's nonce in the node's best state (not counting its pool).
async fn chain_nonce(client: &WsClient, who: &AccountId) -> Result<u32> {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who);
	let bytes = storage_at(client, &key, None).await?.ok_or("the sender has no account")?;
	Ok(frame_system::AccountInfo::<u32, pallet_balances::AccountData<Balance>>::decode(&mut &bytes[..])?.nonce)
}

/// Signs `call` by `sender` with its nonce in the node's best state, records it with its effect, submits it, and
/// waits (at most a few slots) for the nonce to move on. A transaction lost with a killed node is replaced by the
/// next one, which takes its nonce.
async fn submit_one(
	client: &WsClient,
	genesis: Hash,
	sender: Sr25519Keyring,
	call: RuntimeCall,
	effect: Effect,
	ledger: &SharedLedger,
) -> Result<()> {
	let who = sender.to_account_id();
	let nonce = chain_nonce(client, &who).await?;
	let extrinsic = sigil_runtime::signing::sign_extrinsic(&sender.pair(), call, nonce, genesis).encode();
	lock(ledger).submitted.insert(format!("0x{}", hex::encode(&extrinsic)), effect);
	submit(client, &extrinsic).await?;
	let deadline = Instant::now() + 4 * SLOT;
	while chain_nonce(client, &who).await? <= nonce {
		if Instant::now() > deadline {
			return Err("not in a block after four slots".into());
		}
		tokio::time::sleep(SLOT / 4).await;
	}
	Ok(())
}

/// What the load runs with.
#[derive(Clone)]
struct Load {
	clients: Clients,
	genesis: Hash,
	ledger: SharedLedger,
	stop: Arc<AtomicBool>,
}

impl Load {
	fn stopped(&self) -> bool {
		self.stop.load(Ordering::Relaxed)
	}

	/// Counts a failed submission and waits a moment: the next node may not have the block with the sender's last
	/// transaction yet, and would refuse its nonce again.
	async fn failed(&self, error: Error) {
		// The error without what varies (hashes, numbers), to count alike failures together.
		let text = error.to_string();
		let words: Vec<&str> =
			text.split_whitespace().map(|w| if w.contains(|c: char| c.is_ascii_digit()) { "#" } else { w }).collect();
		let reason: String = words.join(" ").chars().take(100).collect();
		*lock(&self.ledger).failed_submissions.entry(reason).or_default() += 1;
		tokio::time::sleep(SLOT / 2).await;
	}

	/// Sends `sender`'s transactions one at a time until the load stops, each through the next live validator:
	/// `next` makes the call of a turn (reading what it needs from that validator) and says what it will do.
	async fn send<Next, Call>(self, sender: Sr25519Keyring, mut next: Next)
	where
		Next: FnMut(usize, Arc<WsClient>) -> Call,
		Call: std::future::Future<Output = Result<(RuntimeCall, Effect)>>,
	{
		let mut turn = 0;
		while !self.stopped() {
			turn += 1;
			let Some(client) = self.clients.live(turn) else {
				tokio::time::sleep(SLOT).await;
				continue;
			};
			let outcome = async {
				let (call, effect) = next(turn, client.clone()).await?;
				submit_one(&client, self.genesis, sender, call, effect, &self.ledger).await
			};
			if let Err(error) = outcome.await {
				self.failed(error).await;
			}
		}
	}

	/// Transfers from `sender` to fresh accounts.
	async fn transfers(self, sender: Sr25519Keyring) {
		self.send(sender, |turn, _| async move {
			let to = AccountId::from(
				sr25519::Pair::from_string(&format!("//{sender:?}//faults//{turn}"), None)
					.map_err(|e| format!("{e:?}"))?
					.public(),
			);
			let amount = UNIT + turn as Balance;
			let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: to.clone().into(),
				value: amount,
			});
			Ok((call, Effect::Transfer { to, amount }))
		})
		.await
	}

	/// Messages from `from` (with ring key `key`) to `to`; each signature covers the sender's counter in the best
	/// state of the validator it goes to.
	async fn messages(self, from: Sr25519Keyring, to: Sr25519Keyring, key: sr25519::Pair) {
		let genesis = self.genesis;
		self.send(from, move |turn, client| {
			let key = key.clone();
			async move {
				let outbox: PageJson<AccountId> = client
					.request(
						"messages_outbox",
						rpc_params![from.to_account_id().to_string(), None::<String>, None::<u64>, 1],
					)
					.await?;
				let body = format!("message {turn} of the fault test").into_bytes();
				let payload =
					MessagePayload::new(genesis, from.to_account_id(), to.to_account_id(), &body, outbox.total);
				let call = RuntimeCall::Messages(pallet_messages::Call::send {
					to: to.to_account_id(),
					body: body.clone(),
					key_id: PublicKey::Sr25519(key.public()).key_id(),
					signature: Box::new(KeySignature::Sr25519(key.sign(&payload.encode()))),
				});
				Ok((call, Effect::Message { from: from.to_account_id(), body }))
			}
		})
		.await
	}

	/// Follows the finalized chain through the live validators and records every transaction of the load it sees
	/// there; after `stop`, scans once more up to `until` and returns.
	async fn watch(self, until: Arc<Mutex<u32>>) {
		let mut next = 1;
		let mut turn = 0;
		loop {
			let stopping = self.stopped();
			turn += 1;
			if let Some(client) = self.clients.live(turn) {
				// An error (the node went down mid-scan) leaves `next` where the scan got to: another node goes on.
				let _ = self.scan(&client, &mut next).await;
			}
			if stopping && next > *until.lock().expect("no task panics holding it") {
				return;
			}
			tokio::time::sleep(SLOT / 4).await;
		}
	}

	async fn scan(&self, client: &WsClient, next: &mut u32) -> Result<()> {
		let (head, _) = finalized(client).await?;
		while *next <= head {
			let block = block_hash(client, *next).await?;
			let extrinsics = block_extrinsics(client, block).await?;
			let ours: Vec<(u32, String)> = {
				let ledger = lock(&self.ledger);
				(0u32..).zip(extrinsics).filter(|(_, extrinsic)| ledger.submitted.contains_key(extrinsic)).collect()
			};
			for (index, extrinsic) in ours {
				let events = extrinsic_events(client, block, index).await?;
				lock(&self.ledger).seen.insert(extrinsic, Seen { number: *next, block, index, events });
			}
			*next += 1;
		}
		Ok(())
	}
}

/// The highest finalized block among `clients`, by number.
async fn highest_finalized(clients: &[Arc<WsClient>]) -> Result<(u32, Hash)> {
	let mut highest = (0, Hash::zero());
	for client in clients {
		highest = highest.max(finalized(client).await?);
	}
	Ok(highest)
}

/// Kills validator `i` (SIGKILL), checks that the others go on finalizing, restarts it on its database and waits
/// until it has caught up; it must come back with at least the finality it had (no resync from genesis).
async fn crash_and_restart(nodes: &mut [Node], clients: &Clients, i: usize) -> Result<()> {
	let (before, _) = finalized(&*clients.get(i)?).await?;
	clients.set(i, None);
	nodes[i].kill()?;
	let other = clients.live(i + 1).ok_or("another validator is up")?;
	let (at_kill, _) = finalized(&other).await?;
	wait_finalized(&other, at_kill + 3, Duration::from_secs(60))
		.await
		.map_err(|e| format!("the others with {} down: {e}", nodes[i].name))?;
	nodes[i].restart()?;
	let client = nodes[i].client(Duration::from_secs(60)).await?;
	let (at_restart, _) = finalized(&client).await?;
	if at_restart < before {
		return Err(format!("{} came back at finalized #{at_restart}, below #{before}", nodes[i].name).into());
	}
	let (target, _) = finalized(&other).await?;
	wait_finalized(&client, target, CATCH_UP)
		.await
		.map_err(|e| format!("{}: {e}\n{}", nodes[i].name, nodes[i].log_tail()))?;
	clients.set(i, Some(client));
	Ok(())
}

/// Every transaction the load saw finalized is, on `client`'s node, in the same block at the same place, with the
/// same events, and its effect is in the state.
async fn check_seen(client: &WsClient, seen: &[(String, Seen, Effect)]) -> Result<()> {
	let (_, head) = finalized(client).await?;
	for (extrinsic, seen, effect) in seen {
		let block = block_hash(client, seen.number).await?;
		if block != seen.block {
			return Err(format!("#{} is {block:?}, where {:?} was finalized", seen.number, seen.block).into());
		}
		if block_extrinsics(client, block).await?.get(seen.index as usize) != Some(extrinsic) {
			return Err(format!("#{} no longer holds the transaction at {}", seen.number, seen.index).into());
		}
		if extrinsic_events(client, block, seen.index).await? != seen.events {
			return Err(format!("the events of #{}'s transaction {} changed", seen.number, seen.index).into());
		}
		if !seen.succeeded() {
			continue;
		}
		match effect {
			Effect::Transfer { to, amount } => {
				let balance = free_balance(client, to, Some(head)).await?;
				if balance != *amount {
					return Err(format!("{to} holds {balance}, not the {amount} sent in #{}", seen.number).into());
				}
			}
			Effect::Message { from, body } => {
				let counter = seen
					.events
					.iter()
					.find_map(|event| match event {
						RuntimeEvent::Messages(pallet_messages::Event::MessageSent { counter, .. }) => Some(*counter),
						_ => None,
					})
					.ok_or("a message sent without MessageSent")?;
				let message: Option<MessageJson<AccountId>> =
					client.request("messages_message", rpc_params![from.to_string(), counter]).await?;
				if message.map(|m| m.body.0) != Some(body.clone()) {
					return Err(
						format!("message {counter} of {from} is not the one finalized in #{}", seen.number).into()
					);
				}
			}
		}
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn validators_killed_under_load_lose_nothing_a_client_saw_finalized() -> Result<()> {
	let (mut nodes, clients) = start_local_network().await?;
	for (node, client) in nodes.iter().zip(&clients) {
		wait_finalized(client, 3, CATCH_UP).await.map_err(|e| format!("{}: {e}\n{}", node.name, node.log_tail()))?;
	}
	let genesis = genesis_hash(&clients[0]).await?;
	let key = step("Charlie and Dave register; Charlie adds a ring key to sign messages with", async {
		identity_with_key(&clients[3], Dave, genesis, "faults").await?;
		identity_with_key(&clients[2], Charlie, genesis, "faults").await
	})
	.await?;

	let clients = Clients::new(clients);
	let load = Load { clients: clients.clone(), genesis, ledger: Default::default(), stop: Default::default() };
	let until = Arc::new(Mutex::new(u32::MAX));
	let senders = vec![
		tokio::spawn(load.clone().transfers(Alice)),
		tokio::spawn(load.clone().transfers(Bob)),
		tokio::spawn(load.clone().messages(Charlie, Dave, key)),
	];
	let watcher = tokio::spawn(load.clone().watch(until.clone()));
	tokio::time::sleep(5 * SLOT).await;

	for (i, name) in LOCAL_VALIDATORS.iter().enumerate() {
		step(&format!("kill -9 {name} under load; the others finalize; restarted, it catches up"), async {
			crash_and_restart(&mut nodes, &clients, i).await
		})
		.await?;
		tokio::time::sleep(2 * SLOT).await;
	}

	step("kill -9 all four at once under load; restarted, the chain goes on from its last finalized block", async {
		let all: Vec<Arc<WsClient>> = (0..nodes.len()).map(|i| clients.get(i)).collect::<Result<_>>()?;
		let mut before = Vec::new();
		for client in &all {
			before.push(finalized(client).await?.0);
		}
		let (last, last_hash) = highest_finalized(&all).await?;
		drop(all);
		for i in 0..nodes.len() {
			clients.set(i, None);
		}
		for node in nodes.iter_mut() {
			node.kill()?;
		}
		for node in nodes.iter_mut() {
			node.restart()?;
		}
		let mut all = Vec::new();
		for (node, before) in nodes.iter().zip(before) {
			let client = Arc::new(node.client(Duration::from_secs(60)).await?);
			let (at_restart, _) = finalized(&client).await?;
			if at_restart < before {
				return Err(format!("{} came back at finalized #{at_restart}, below #{before}", node.name).into());
			}
			all.push(client);
		}
		for (node, client) in nodes.iter().zip(&all) {
			wait_finalized(client, last + 5, CATCH_UP)
				.await
				.map_err(|e| format!("{} after the restart: {e}\n{}", node.name, node.log_tail()))?;
			if block_hash(client, last).await? != last_hash {
				return Err(format!("{} no longer has #{last} {last_hash:?}", node.name).into());
			}
		}
		drop(all);
		for (i, node) in nodes.iter().enumerate() {
			clients.set(i, Some(node.client(Duration::from_secs(10)).await?));
		}
		Ok(())
	})
	.await?;

	tokio::time::sleep(5 * SLOT).await;
	load.stop.store(true, Ordering::Relaxed);
	for sender in senders {
		sender.await?;
	}
	// Every transaction in a block by now gets finalized; the watcher reads up to there and stops.
	let alice = clients.get(0)?;
	let best = best_number(&alice).await?;
	wait_finalized(&alice, best, CATCH_UP).await?;
	*until.lock().expect("no task panics holding it") = best;
	tokio::time::timeout(Duration::from_secs(60), watcher).await??;

	let (seen, failed, submitted) = {
		let ledger = lock(&load.ledger);
		let seen: Vec<(String, Seen, Effect)> = ledger
			.seen
			.iter()
			.map(|(extrinsic, seen)| (extrinsic.clone(), seen.clone(), ledger.submitted[extrinsic].clone()))
			.collect();
		(seen, ledger.failed_submissions.clone(), ledger.submitted.len())
	};
	let succeeded = |transfer: bool| {
		seen.iter().filter(|(_, s, e)| s.succeeded() && matches!(e, Effect::Transfer { .. }) == transfer).count()
	};
	let (transfers, messages) = (succeeded(true), succeeded(false));
	eprintln!(
		"load: {submitted} transactions submitted, {} seen finalized ({transfers} transfers and {messages} messages \
		 that succeeded); submissions that failed: {failed:#?}",
		seen.len()
	);
	// The load must have been a load: two senders of transfers and one of messages for over two minutes.
	if transfers < 40 || messages < 15 {
		return Err(format!("too little load was finalized: {transfers} transfers, {messages} messages").into());
	}
	for (i, node) in nodes.iter().enumerate() {
		step(&format!("{}: every transaction seen finalized is there with its effect", node.name), async {
			check_seen(&*clients.get(i)?, &seen).await
		})
		.await?;
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_validator_paused_for_longer_than_a_session_catches_up() -> Result<()> {
	let (nodes, clients) = start_local_network().await?;
	for (node, client) in nodes.iter().zip(&clients) {
		wait_finalized(client, 3, CATCH_UP).await.map_err(|e| format!("{}: {e}\n{}", node.name, node.log_tail()))?;
	}
	let paused_at = finalized(&clients[0]).await?.0;
	step("SIGSTOP Dave for 1.5 sessions: the other three keep finalizing", async {
		nodes[3].pause()?;
		let started = Instant::now();
		for client in &clients[..3] {
			wait_finalized(client, paused_at + 10, 3 * SESSION).await?;
		}
		tokio::time::sleep((SESSION * 3 / 2).saturating_sub(started.elapsed())).await;
		Ok(())
	})
	.await?;
	step("SIGCONT Dave: he catches up with their finality", async {
		nodes[3].resume()?;
		let (target, _) = finalized(&clients[0]).await?;
		wait_finalized(&clients[3], target, CATCH_UP).await.map_err(|e| format!("{e}\n{}", nodes[3].log_tail()))?;
		// And finalizes with them from then on.
		wait_finalized(&clients[3], target + 5, CATCH_UP).await?;
		Ok(())
	})
	.await
}

#[tokio::test(flavor = "multi_thread")]
async fn with_two_of_four_down_finality_stops_and_blocks_go_on_until_one_returns() -> Result<()> {
	let (mut nodes, mut clients) = start_local_network().await?;
	for (node, client) in nodes.iter().zip(&clients) {
		wait_finalized(client, 3, CATCH_UP).await.map_err(|e| format!("{}: {e}\n{}", node.name, node.log_tail()))?;
	}
	let made_meanwhile = step("kill Charlie and Dave: Alice and Bob author, nothing more finalizes", async {
		clients.truncate(2);
		nodes[2].kill()?;
		nodes[3].kill()?;
		// A round the four were in may still conclude; then GRANDPA (more than two thirds: 3 of 4) must stop.
		tokio::time::sleep(3 * SLOT).await;
		let (stalled_at, _) = finalized(&clients[0]).await?;
		let best_at_stall = best_number(&clients[0]).await?;
		tokio::time::sleep(SESSION).await;
		for client in &clients {
			let (now, _) = finalized(client).await?;
			if now != stalled_at {
				return Err(format!("finality moved from #{stalled_at} to #{now} with two of four validators").into());
			}
		}
		// Two of four author their slots: about one block in two slots.
		let best = best_number(&clients[0]).await?;
		if best < best_at_stall + 3 {
			return Err(format!("blocks stopped too: best went from #{best_at_stall} to #{best}").into());
		}
		eprintln!("finalized stays at #{stalled_at} while the best block goes from #{best_at_stall} to #{best}");
		Ok(best)
	})
	.await?;
	step("restart Charlie: finality resumes and reaches the blocks made meanwhile", async {
		nodes[2].restart()?;
		let charlie = nodes[2].client(Duration::from_secs(60)).await?;
		for client in clients.iter().chain([&charlie]) {
			wait_finalized(client, made_meanwhile, CATCH_UP)
				.await
				.map_err(|e| format!("{e}\n{}", nodes[2].log_tail()))?;
		}
		clients.push(charlie);
		Ok(())
	})
	.await?;
	step("restart Dave: he catches up", async {
		nodes[3].restart()?;
		let dave = nodes[3].client(Duration::from_secs(60)).await?;
		let (target, _) = finalized(&clients[0]).await?;
		wait_finalized(&dave, target, CATCH_UP).await.map_err(|e| format!("{e}\n{}", nodes[3].log_tail()))?;
		Ok(())
	})
	.await
}

/// Lines of the nodes' logs that tell of an equivocation: Aura's import (`Slot author is equivocating`) and
/// GRANDPA's voter (`Detected prevote equivocation`, `... precommit ...`).
fn equivocation_lines(nodes: &[&Node]) -> Vec<String> {
	nodes
		.iter()
		.flat_map(|node| {
			let log = std::fs::read_to_string(node.log_path()).unwrap_or_default();
			log.lines()
				.filter(|line| line.to_lowercase().contains("equivocat"))
				.map(|line| format!("{}: {line}", node.name))
				.collect::<Vec<_>>()
		})
		.collect()
}

/// The blocks a node authored, as its log tells them (`Pre-sealed block for proposal at N. Hash now 0x...`).
fn authored(node: &Node) -> Vec<Hash> {
	let log = std::fs::read_to_string(node.log_path()).unwrap_or_default();
	log.lines()
		.filter_map(|line| {
			let rest = line.split("Pre-sealed block for proposal at ").nth(1)?;
			let hex = rest.split("Hash now 0x").nth(1)?.get(..64)?;
			Some(Hash::from_slice(&hex::decode(hex).ok()?))
		})
		.collect()
}

/// The Aura slot in the header of block `hash` (which the node has, on its best chain or not).
async fn aura_slot(client: &WsClient, hash: Hash) -> Result<u64> {
	let header: Value = client.request("chain_getHeader", rpc_params![format!("{hash:?}")]).await?;
	for log in header["digest"]["logs"].as_array().ok_or_else(|| format!("no header {hash:?}"))? {
		let bytes = hex::decode(log.as_str().ok_or("a digest item is not a string")?.trim_start_matches("0x"))?;
		let item = sp_runtime::DigestItem::decode(&mut &bytes[..])?;
		if let Some(slot) = item.pre_runtime_try_to::<sp_consensus_aura::Slot>(&sp_consensus_aura::AURA_ENGINE_ID) {
			return Ok(*slot);
		}
	}
	Err(format!("{hash:?} has no Aura slot").into())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_validator_started_twice_equivocates_visibly_and_the_network_finalizes() -> Result<()> {
	let (nodes, clients) = start_local_network().await?;
	for (node, client) in nodes.iter().zip(&clients) {
		wait_finalized(client, 3, CATCH_UP).await.map_err(|e| format!("{}: {e}\n{}", node.name, node.log_tail()))?;
	}
	let bootnode = nodes[0].p2p_address(&local_peer_id(&clients[0]).await?);
	let spec = local_spec_path()?;
	// A second Dave: the same session keys and node key on another machine, say a standby an operator started
	// while the first still ran.
	let twin = Node::start(
		"dave-twin",
		&["--chain", &spec, "--dave", "--validator", "--node-key", &node_key(4), "--bootnodes", &bootnode],
	)?;
	let twin_client = twin.client(Duration::from_secs(60)).await?;
	let everyone: Vec<&Node> = nodes.iter().chain([&twin]).collect();
	let daves = [(&nodes[3], &clients[3]), (&twin, &twin_client)];
	step("the equivocation shows in the logs: two blocks for one slot, or GRANDPA's double vote", async {
		let deadline = Instant::now() + 5 * SESSION;
		let mut slots = HashMap::new();
		loop {
			let lines = equivocation_lines(&everyone);
			if let Some(line) = lines.first() {
				eprintln!("GRANDPA's double vote, in {} log lines; the first: {line}", lines.len());
				return Ok(());
			}
			// Each Dave logs the blocks it authors; two of them for one Aura slot are the equivocation.
			let mut by_slot: HashMap<u64, Vec<(String, Hash)>> = HashMap::new();
			for (node, client) in daves {
				for block in authored(node) {
					// A block the node no longer has (pruned as a fork) is read no more.
					if let std::collections::hash_map::Entry::Vacant(entry) = slots.entry(block) {
						if let Ok(slot) = aura_slot(client, block).await {
							entry.insert(slot);
						}
					}
					if let Some(slot) = slots.get(&block) {
						by_slot.entry(*slot).or_default().push((node.name.clone(), block));
					}
				}
			}
			if let Some((slot, blocks)) = by_slot.into_iter().find(|(_, blocks)| blocks.len() > 1) {
				eprintln!("two blocks authored by Dave's key for slot {slot}, each pre-sealed in a log: {blocks:?}");
				return Ok(());
			}
			if Instant::now() > deadline {
				return Err(format!("no equivocation in the logs\n{}\n{}", nodes[3].log_tail(), twin.log_tail()).into());
			}
			tokio::time::sleep(SLOT).await;
		}
	})
	.await?;
	step("the network goes on finalizing with both Daves running", async {
		let (now, _) = finalized(&clients[0]).await?;
		for client in &clients[..3] {
			wait_finalized(client, now + 10, CATCH_UP).await?;
		}
		Ok(())
	})
	.await
}

/// A small tmpfs, mounted on a temporary directory for the length of a test.
struct Tmpfs(TempDir);

impl Tmpfs {
	fn mount(size: &str) -> Result<Tmpfs> {
		let dir = tempfile::Builder::new().prefix("sigil-tmpfs-").tempdir()?;
		let output = Command::new("mount")
			.args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
			.arg(dir.path())
			.output()?;
		if !output.status.success() {
			return Err(format!(
				"mount -t tmpfs failed (the full-disk test makes a small filesystem: it needs root): {}",
				String::from_utf8_lossy(&output.stderr)
			)
			.into());
		}
		Ok(Tmpfs(dir))
	}

	fn path(&self) -> &Path {
		self.0.path()
	}
}

impl Drop for Tmpfs {
	fn drop(&mut self) {
		// Lazily, in case a node still holds files there; the directory is removed after.
		let _ = Command::new("umount").arg("-l").arg(self.0.path()).status();
	}
}

/// Writes `mib` MiB of zeros to `path`, or less if its filesystem fills up first; returns how much it wrote.
fn fill(path: &Path, mib: u64) -> Result<u64> {
	use std::io::Write;
	let mut file = std::fs::File::create(path)?;
	let chunk = vec![0u8; 1 << 20];
	let mut written = 0;
	while written < mib << 20 {
		match file.write(&chunk) {
			Ok(0) => break,
			Ok(n) => written += n as u64,
			Err(e) if e.kind() == std::io::ErrorKind::StorageFull => break,
			Err(e) => return Err(e.into()),
		}
	}
	Ok(written)
}

/// The space left on `path`'s filesystem, in MiB, as `df` tells it.
fn free_mib(path: &Path) -> Result<u64> {
	let output = Command::new("df").args(["--output=avail", "-m"]).arg(path).output()?;
	let text = String::from_utf8(output.stdout)?;
	Ok(text.lines().nth(1).ok_or("df printed no figure")?.trim().parse()?)
}

/// Waits until the node's process has exited, for at most `timeout`.
async fn wait_exit(node: &mut Node, timeout: Duration) -> Result<()> {
	let deadline = Instant::now() + timeout;
	while node.is_running() {
		if Instant::now() > deadline {
			return Err(format!("{} still runs after {timeout:?}\n{}", node.name, node.log_tail()).into());
		}
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
	Ok(())
}

/// How many lines the node's log has: a mark for `expect_log`.
fn log_length(node: &Node) -> usize {
	std::fs::read_to_string(node.log_path()).map(|log| log.lines().count()).unwrap_or(0)
}

/// The node's log has a line with `text` after line `mark`.
fn expect_log(node: &Node, mark: usize, text: &str) -> Result<()> {
	let log = std::fs::read_to_string(node.log_path())?;
	let since: Vec<&str> = log.lines().skip(mark).collect();
	if !since.iter().any(|line| line.contains(text)) {
		return Err(format!("no `{text}` in the log:\n{}", since.join("\n")).into());
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_node_whose_disk_fills_stops_with_a_clear_error_and_goes_on_once_space_is_freed() -> Result<()> {
	// The database on a 64 MiB filesystem of its own (`chains` links to it); the log stays outside, to tell.
	let disk = Tmpfs::mount("64m")?;
	let base = tempfile::Builder::new().prefix("sigil-full-disk-").tempdir()?;
	std::os::unix::fs::symlink(disk.path(), base.path().join("chains"))?;
	// The storage monitor stops the node below 16 MiB free, looking every second.
	let watched = ["--dev", "--db-storage-threshold", "16", "--db-storage-polling-period", "1"];
	let mut node = Node::start_with_base("full-disk", base, &watched)?;
	let client = node.client(Duration::from_secs(120)).await?;
	wait_finalized(&client, 3, Duration::from_secs(60)).await.map_err(|e| format!("{e}\n{}", node.log_tail()))?;
	drop(client);
	let filler = disk.path().join("filler");

	let (last, last_hash) = step("the disk runs low: the storage monitor stops the node, saying why", async {
		let client = node.client(Duration::from_secs(10)).await?;
		let last = finalized(&client).await?;
		drop(client);
		let mark = log_length(&node);
		// 8 MiB left: below the threshold, and room for the database to go on writing.
		let written = fill(&filler, free_mib(disk.path())?.saturating_sub(8))?;
		eprintln!("filled {} MiB, {} MiB left", written >> 20, free_mib(disk.path())?);
		wait_exit(&mut node, Duration::from_secs(30)).await?;
		expect_log(&node, mark, "dropped below threshold")?;
		Ok(last)
	})
	.await?;

	step("restarted on the low disk, it refuses to start, saying why", async {
		let mark = log_length(&node);
		node.restart()?;
		wait_exit(&mut node, Duration::from_secs(60)).await?;
		expect_log(&node, mark, "Out of storage space")
	})
	.await?;

	step("unwatched, the disk filled to the last byte: a database write fails and the node stops", async {
		std::fs::remove_file(&filler)?;
		node.set_args(&["--dev", "--db-storage-threshold", "0"]);
		node.restart()?;
		let client = node.client(Duration::from_secs(60)).await?;
		let (now, _) = finalized(&client).await?;
		wait_finalized(&client, now + 2, Duration::from_secs(60)).await?;
		drop(client);
		let mark = log_length(&node);
		fill(&filler, u64::MAX)?;
		wait_exit(&mut node, Duration::from_secs(30)).await?;
		expect_log(&node, mark, "No space left on device")
	})
	.await?;

	step("space freed and restarted: it goes on from its database, which kept every finalized block", async {
		std::fs::remove_file(&filler)?;
		node.set_args(&watched);
		node.restart()?;
		let client = node.client(Duration::from_secs(60)).await?;
		let (at_restart, _) = finalized(&client).await?;
		if at_restart < last {
			return Err(format!("finalized #{at_restart} after the restart, below #{last}").into());
		}
		if block_hash(&client, last).await? != last_hash {
			return Err(format!("#{last} is no longer {last_hash:?}").into());
		}
		wait_finalized(&client, at_restart + 5, Duration::from_secs(60))
			.await
			.map_err(|e| format!("{e}\n{}", node.log_tail()))?;
		Ok(())
	})
	.await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_node_whose_rpc_or_key_server_port_is_taken_refuses_to_start_and_says_why() -> Result<()> {
	let (mut node, client) = start_dev_node("rpc-port-taken").await?;
	drop(client);
	node.stop()?;
	let port = node.rpc_port;

	step(&format!("another process holds {port}: the node, asked for it with --rpc-port, does not start"), async {
		let squatter = std::net::TcpListener::bind(("127.0.0.1", port))?;
		let mark = log_length(&node);
		node.restart()?;
		// Substrate alone would serve on a random port and run on: wait_exit would time out.
		wait_exit(&mut node, Duration::from_secs(60)).await?;
		expect_log(
			&node,
			mark,
			&format!("the RPC server cannot listen on 127.0.0.1:{port}: another process holds the port"),
		)?;
		drop(squatter);
		Ok(())
	})
	.await?;

	step("another process holds the key server's port (--hkp-port): the node does not start", async {
		let squatter = std::net::TcpListener::bind(("127.0.0.1", 0))?;
		let hkp = squatter.local_addr()?.port().to_string();
		node.set_args(&["--dev", "--hkp-port", &hkp]);
		let mark = log_length(&node);
		node.restart()?;
		wait_exit(&mut node, Duration::from_secs(60)).await?;
		expect_log(&node, mark, &format!("--hkp-port: cannot listen on 127.0.0.1:{hkp}"))?;
		node.set_args(&["--dev"]);
		Ok(())
	})
	.await?;

	step(&format!("{port} free again: the node starts on its database and serves there"), async {
		node.restart()?;
		let client = node.client(Duration::from_secs(60)).await?;
		let (now, _) = finalized(&client).await?;
		wait_finalized(&client, now + 1, Duration::from_secs(60))
			.await
			.map_err(|e| format!("{e}\n{}", node.log_tail()))?;
		Ok(())
	})
	.await
}
