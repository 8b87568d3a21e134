//! A harness for end-to-end tests: starts real `sigil-node` processes on free 127.0.0.1 ports with temporary
//! base paths, and talks to them over JSON-RPC (jsonrpsee) with the runtime's own types for encoding.
//!
//! The node binary is found next to the test executable's directory (`<target>/<profile>/sigil-node`), where
//! `cargo build -p sigil-node` puts it with the same profile, or at `$SIGIL_NODE` if that is set.

#![deny(missing_docs)]

use std::{
	collections::BTreeSet,
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	sync::{Mutex, PoisonError},
	time::{Duration, Instant},
};

use codec::{Decode, Encode};
use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value;
use sigil_runtime::{AccountId, Balance, Hash, Runtime, RuntimeCall, RuntimeEvent, UncheckedExtrinsic};
use sp_core::sr25519;
use tempfile::TempDir;

/// Any error of the harness or a test, boxed.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// A result with the harness's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// Where the `sigil-node` binary is.
pub fn node_binary() -> PathBuf {
	workspace_binary("sigil-node", "SIGIL_NODE", "sigil-node")
}

/// Where the `sigil` client binary is (`$SIGIL_CLIENT` if set).
pub fn client_binary() -> PathBuf {
	workspace_binary("sigil", "SIGIL_CLIENT", "sigil-client")
}

/// A binary of the workspace, next to the test executable's directory (`<target>/<profile>/<name>`), where `cargo
/// build` puts it with the same profile, or at `$variable` if that is set.
fn workspace_binary(name: &str, variable: &str, package: &str) -> PathBuf {
	if let Some(path) = std::env::var_os(variable) {
		return PathBuf::from(path);
	}
	let exe = std::env::current_exe().expect("the test knows its own path");
	// <target>/<profile>/deps/<test> -> <target>/<profile>/<name>
	let profile_dir = exe.parent().and_then(Path::parent).expect("test binaries live in <target>/<profile>/deps");
	let binary = profile_dir.join(name);
	assert!(
		binary.exists(),
		"{} does not exist: build it first with the same profile (`cargo build --release -p {package}`) or set \
		 {variable}",
		binary.display()
	);
	binary
}

/// Runs a `sigil-node` subcommand to completion; its output if it succeeded, its stderr as the error otherwise.
pub fn node_command(args: &[&str]) -> Result<std::process::Output> {
	let output = Command::new(node_binary()).args(args).output()?;
	if !output.status.success() {
		return Err(format!("sigil-node {args:?} failed: {}", String::from_utf8_lossy(&output.stderr)).into());
	}
	Ok(output)
}

/// The repository's root, to find committed files such as `chain-spec/local-raw.json`.
pub fn repository_root() -> PathBuf {
	Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is inside the repository").to_path_buf()
}

/// A port nobody listens on right now and that this test process has not handed out before.
///
/// The OS may give the same port to two probes once the first probe's socket is closed, and a node that has not
/// bound its ports yet does not stop it: two nodes of one test would then share a port. When a node's RPC port is
/// taken, Substrate quietly serves RPC on a random port instead, and the test talks to whatever holds the port.
pub fn free_port() -> u16 {
	static HANDED_OUT: Mutex<BTreeSet<u16>> = Mutex::new(BTreeSet::new());
	let mut handed_out = HANDED_OUT.lock().unwrap_or_else(PoisonError::into_inner);
	loop {
		let port = TcpListener::bind("127.0.0.1:0")
			.and_then(|listener| listener.local_addr())
			.map(|addr| addr.port())
			.expect("the OS hands out a free port");
		if handed_out.insert(port) {
			return port;
		}
	}
}

/// A running (or stopped) `sigil-node` process with its own base path and ports.
pub struct Node {
	/// The node's name: its `--name`, the prefix of its base path's directory, and what the harness's messages call it.
	pub name: String,
	args: Vec<String>,
	base: TempDir,
	/// The port of its JSON-RPC server (`--rpc-port`).
	pub rpc_port: u16,
	/// The port it listens on for peers, on 127.0.0.1.
	pub p2p_port: u16,
	/// The port of its Prometheus metrics (`--prometheus-port`).
	pub prometheus_port: u16,
	child: Option<Child>,
}

impl Node {
	/// Starts a node with `args` (besides base path, ports and logging, which the harness sets).
	pub fn start(name: &str, args: &[&str]) -> Result<Node> {
		let base = tempfile::Builder::new().prefix(&format!("sigil-{name}-")).tempdir()?;
		Self::start_with_base(name, base, args)
	}

	/// Starts a node on a base path prepared beforehand (a keystore with inserted keys, say).
	pub fn start_with_base(name: &str, base: TempDir, args: &[&str]) -> Result<Node> {
		let mut node = Node {
			name: name.to_string(),
			args: args.iter().map(|a| a.to_string()).collect(),
			base,
			rpc_port: free_port(),
			p2p_port: free_port(),
			prometheus_port: free_port(),
			child: None,
		};
		node.spawn()?;
		Ok(node)
	}

	/// The process id, while the node runs.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(Child::id)
	}

	/// The node's base path (database, keystore, log): a temporary directory, removed when the `Node` is dropped.
	pub fn base_path(&self) -> &Path {
		self.base.path()
	}

	/// The node's log, for a failing test to show.
	pub fn log_path(&self) -> PathBuf {
		self.base.path().join("node.log")
	}

	fn spawn(&mut self) -> Result<()> {
		let log = File::options().create(true).append(true).open(self.log_path())?;
		let child = Command::new(node_binary())
			.args(&self.args)
			.arg("--base-path")
			.arg(self.base.path())
			.args(["--rpc-port", &self.rpc_port.to_string()])
			.args(["--listen-addr", &format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port)])
			.args(["--prometheus-port", &self.prometheus_port.to_string()])
			.args(["--no-telemetry", "--no-mdns"])
			.args(["--name", &self.name])
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()?;
		self.child = Some(child);
		Ok(())
	}

	/// The WebSocket URL of its JSON-RPC server.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// Connects once the RPC server answers (within `timeout`).
	pub async fn client(&self, timeout: Duration) -> Result<WsClient> {
		let deadline = Instant::now() + timeout;
		loop {
			match WsClientBuilder::default().request_timeout(Duration::from_secs(30)).build(self.ws_url()).await {
				Ok(client) => return Ok(client),
				Err(_) if !self.process_alive() => {
					return Err(format!("{} exited before its RPC came up\n{}", self.name, self.log_tail()).into())
				}
				Err(_) if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(200)).await,
				Err(e) => {
					return Err(format!("{}: RPC not up after {timeout:?}: {e}\n{}", self.name, self.log_tail()).into())
				}
			}
		}
	}

	/// Whether the process exists and has not exited (a zombie waiting to be reaped counts as exited).
	fn process_alive(&self) -> bool {
		let Some(child) = &self.child else { return false };
		std::fs::read_to_string(format!("/proc/{}/stat", child.id()))
			.map(|stat| stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().next()) != Some("Z"))
			.unwrap_or(false)
	}

	/// Stops the node the way an operator does (SIGTERM), waiting for it to exit so its database is closed.
	pub fn stop(&mut self) -> Result<()> {
		if let Some(mut child) = self.child.take() {
			// SIGTERM lets the node flush and close RocksDB; kill() would be SIGKILL.
			Command::new("kill").args(["-TERM", &child.id().to_string()]).status()?;
			let deadline = Instant::now() + Duration::from_secs(30);
			while child.try_wait()?.is_none() {
				if Instant::now() > deadline {
					child.kill()?;
					child.wait()?;
					return Err(format!("{} did not stop within 30 s of SIGTERM", self.name).into());
				}
				std::thread::sleep(Duration::from_millis(100));
			}
		}
		Ok(())
	}

	/// Kills the process at once (SIGKILL), as a crash or power loss would.
	pub fn kill(&mut self) -> Result<()> {
		if let Some(mut child) = self.child.take() {
			child.kill()?;
			child.wait()?;
		}
		Ok(())
	}

	/// Pauses the process (SIGSTOP), as a machine that hangs or a VM that is suspended would; `resume` lets it go on.
	pub fn pause(&self) -> Result<()> {
		self.signal("STOP")
	}

	/// Lets a paused process go on (SIGCONT).
	pub fn resume(&self) -> Result<()> {
		self.signal("CONT")
	}

	fn signal(&self, signal: &str) -> Result<()> {
		let pid = self.pid().ok_or_else(|| format!("{} is not running", self.name))?;
		let status = Command::new("kill").args([&format!("-{signal}"), &pid.to_string()]).status()?;
		status.success().then_some(()).ok_or_else(|| format!("kill -{signal} {} ({}) failed", pid, self.name).into())
	}

	/// Starts the node again on the same base path and ports.
	pub fn restart(&mut self) -> Result<()> {
		if let Some(child) = &mut self.child {
			// A node that exited by itself (a fault it stopped on) may be restarted; a running one may not.
			if child.try_wait()?.is_none() {
				return Err(format!("{} is still running", self.name).into());
			}
		}
		self.spawn()
	}

	/// Replaces the arguments that the next `restart` starts the node with (base path, ports and logging stay).
	pub fn set_args(&mut self, args: &[&str]) {
		self.args = args.iter().map(|a| a.to_string()).collect();
	}

	/// The node's p2p address with its peer id, as `--bootnodes` and `--reserved-nodes` take it.
	pub fn p2p_address(&self, peer_id: &str) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{peer_id}", self.p2p_port)
	}

	/// Whether the process is still alive.
	pub fn is_running(&mut self) -> bool {
		matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
	}

	/// The last lines of the node's log.
	pub fn log_tail(&self) -> String {
		let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
		let lines: Vec<&str> = text.lines().collect();
		let start = lines.len().saturating_sub(40);
		format!("--- last log lines of {} ---\n{}", self.name, lines[start..].join("\n"))
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		let _ = self.kill();
	}
}

/// Fetches the node's Prometheus metrics (plain HTTP on 127.0.0.1).
pub fn metrics(node: &Node) -> Result<String> {
	use std::io::{Read, Write};
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", node.prometheus_port))?;
	stream.set_read_timeout(Some(Duration::from_secs(10)))?;
	stream.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
	let mut response = String::new();
	stream.read_to_string(&mut response)?;
	Ok(response)
}

/// Reads a number from a header's `number` field (hex in JSON).
fn header_number(header: &Value) -> Result<u32> {
	let text = header["number"].as_str().ok_or("header without number")?;
	Ok(u32::from_str_radix(text.trim_start_matches("0x"), 16)?)
}

fn parse_hash(value: &Value) -> Result<Hash> {
	let text = value.as_str().ok_or("expected a hash string")?;
	let bytes = hex::decode(text.trim_start_matches("0x"))?;
	Ok(Hash::from_slice(&bytes))
}

/// The hash of the block numbered `number` on the node's best chain (the finalized chain, below its finalized head).
pub async fn block_hash(client: &WsClient, number: u32) -> Result<Hash> {
	let hash: Value = client.request("chain_getBlockHash", rpc_params![number]).await?;
	if hash.is_null() {
		return Err(format!("no block #{number}").into());
	}
	parse_hash(&hash)
}

/// The extrinsics of block `at`, each as the 0x-hex of its encoding (the form `author_submitExtrinsic` takes).
pub async fn block_extrinsics(client: &WsClient, at: Hash) -> Result<Vec<String>> {
	let block: Value = client.request("chain_getBlock", rpc_params![format!("{at:?}")]).await?;
	let extrinsics = block["block"]["extrinsics"].as_array().ok_or_else(|| format!("no block {at:?}"))?;
	extrinsics.iter().map(|x| Ok(x.as_str().ok_or("an extrinsic is not a string")?.to_string())).collect()
}

/// The best block's number.
pub async fn best_number(client: &WsClient) -> Result<u32> {
	let header: Value = client.request("chain_getHeader", rpc_params![]).await?;
	header_number(&header)
}

/// The node's own peer id (base58).
pub async fn local_peer_id(client: &WsClient) -> Result<String> {
	Ok(client.request("system_localPeerId", rpc_params![]).await?)
}

/// The peer ids of the node's sync peers (`system_peers`: the peers it exchanges blocks with).
pub async fn sync_peers(client: &WsClient) -> Result<Vec<String>> {
	let peers: Vec<Value> = client.request("system_peers", rpc_params![]).await?;
	Ok(peers.iter().filter_map(|peer| peer["peerId"].as_str().map(str::to_string)).collect())
}

/// The last finalized block's number and hash.
pub async fn finalized(client: &WsClient) -> Result<(u32, Hash)> {
	let hash: Value = client.request("chain_getFinalizedHead", rpc_params![]).await?;
	let header: Value = client.request("chain_getHeader", rpc_params![hash.clone()]).await?;
	Ok((header_number(&header)?, parse_hash(&hash)?))
}

/// The genesis block's hash, which signed transactions and proofs of possession bind to.
pub async fn genesis_hash(client: &WsClient) -> Result<Hash> {
	block_hash(client, 0).await
}

/// How often [`wait_until`] looks at the chain again.
const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Waits until `check` finds what `what` describes, looking every 250 ms for at most `timeout`. `check` returns
/// `Ok(value)` once it holds and `Err(seen)`, what it found instead, while it does not; an error of its own (an RPC
/// failure, or a state from which the awaited one can no longer come) ends the wait at once.
pub async fn wait_until<T>(
	what: &str,
	timeout: Duration,
	mut check: impl AsyncFnMut() -> Result<std::result::Result<T, String>>,
) -> Result<T> {
	let deadline = Instant::now() + timeout;
	loop {
		match check().await? {
			Ok(value) => return Ok(value),
			Err(seen) if Instant::now() > deadline => {
				return Err(format!("waited {timeout:?} for {what}; found {seen}").into())
			}
			Err(_) => tokio::time::sleep(POLL_INTERVAL).await,
		}
	}
}

/// Waits until the finalized block is `#at_least` or later; returns its number.
pub async fn wait_finalized(client: &WsClient, at_least: u32, timeout: Duration) -> Result<u32> {
	wait_until(&format!("finalized #{at_least}"), timeout, async || {
		let (number, _) = finalized(client).await?;
		Ok(if number >= at_least { Ok(number) } else { Err(format!("finalized #{number}")) })
	})
	.await
}

/// Waits until the best block is `#at_least` or later; returns its number.
pub async fn wait_best(client: &WsClient, at_least: u32, timeout: Duration) -> Result<u32> {
	wait_until(&format!("best block #{at_least}"), timeout, async || {
		let number = best_number(client).await?;
		Ok(if number >= at_least { Ok(number) } else { Err(format!("best #{number}")) })
	})
	.await
}

/// The raw storage value at `key` in the block `at` (the best block if `None`).
pub async fn storage_at(client: &WsClient, key: &[u8], at: Option<Hash>) -> Result<Option<Vec<u8>>> {
	let key = format!("0x{}", hex::encode(key));
	let value: Option<String> = match at {
		Some(at) => client.request("state_getStorage", rpc_params![key, at]).await?,
		None => client.request("state_getStorage", rpc_params![key]).await?,
	};
	value.map(|v| Ok(hex::decode(v.trim_start_matches("0x"))?)).transpose()
}

/// The storage key of `System::Events`: twox128("System") ++ twox128("Events").
pub fn events_key() -> Vec<u8> {
	[sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat()
}

/// The events of the block `at`.
pub async fn events_at(client: &WsClient, at: Hash) -> Result<Vec<RuntimeEvent>> {
	let key = events_key();
	let Some(bytes) = storage_at(client, &key, Some(at)).await? else {
		return Ok(vec![]);
	};
	let records = Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(&mut &bytes[..])?;
	Ok(records.into_iter().map(|r| r.event).collect())
}

/// An account's free balance at `at` (the best block if `None`).
pub async fn free_balance(client: &WsClient, who: &AccountId, at: Option<Hash>) -> Result<Balance> {
	let key = frame_system::Account::<Runtime>::hashed_key_for(who);
	let Some(bytes) = storage_at(client, &key, at).await? else {
		return Ok(0);
	};
	let info = frame_system::AccountInfo::<sigil_runtime::Nonce, pallet_balances::AccountData<Balance>>::decode(
		&mut &bytes[..],
	)?;
	Ok(info.data.free)
}

/// An account's next nonce, counting transactions in the pool.
pub async fn next_nonce(client: &WsClient, who: &AccountId) -> Result<u32> {
	Ok(client.request("system_accountNextIndex", rpc_params![who.to_string()]).await?)
}

/// Signs `call` by `signer` for the chain the client is connected to.
pub async fn sign(client: &WsClient, signer: &sr25519::Pair, call: RuntimeCall) -> Result<UncheckedExtrinsic> {
	let who = AccountId::from(sp_core::Pair::public(signer));
	let nonce = next_nonce(client, &who).await?;
	Ok(sigil_runtime::signing::sign_extrinsic(signer, call, nonce, genesis_hash(client).await?))
}

/// Submits an encoded extrinsic; returns its hash or the node's error.
pub async fn submit(client: &WsClient, extrinsic: &[u8]) -> Result<Hash> {
	let hash: Value =
		client.request("author_submitExtrinsic", rpc_params![format!("0x{}", hex::encode(extrinsic))]).await?;
	parse_hash(&hash)
}

/// Finds the block (searching back from the best one, at most `depth` blocks) that includes `extrinsic`.
pub async fn find_inclusion(client: &WsClient, extrinsic: &[u8], depth: u32) -> Result<Option<(u32, Hash)>> {
	let encoded = format!("0x{}", hex::encode(extrinsic));
	let mut hash: Value = client.request("chain_getBlockHash", ArrayParams::new()).await?;
	for _ in 0..depth {
		let block: Value = client.request("chain_getBlock", rpc_params![hash.clone()]).await?;
		let extrinsics = block["block"]["extrinsics"].as_array().ok_or("block without extrinsics")?;
		if extrinsics.iter().any(|x| x.as_str() == Some(encoded.as_str())) {
			return Ok(Some((header_number(&block["block"]["header"])?, parse_hash(&hash)?)));
		}
		let number = header_number(&block["block"]["header"])?;
		if number == 0 {
			break;
		}
		hash = block["block"]["header"]["parentHash"].clone();
	}
	Ok(None)
}

/// Waits until `extrinsic` is in a finalized block; returns that block.
pub async fn wait_finalized_inclusion(client: &WsClient, extrinsic: &[u8], timeout: Duration) -> Result<(u32, Hash)> {
	let deadline = Instant::now() + timeout;
	loop {
		if let Some((number, hash)) = find_inclusion(client, extrinsic, 20).await? {
			wait_finalized(client, number, deadline.saturating_duration_since(Instant::now())).await?;
			if block_hash(client, number).await? == hash {
				return Ok((number, hash));
			}
		}
		if Instant::now() > deadline {
			return Err(format!("extrinsic not finalized within {timeout:?}").into());
		}
		tokio::time::sleep(Duration::from_millis(100)).await;
	}
}

/// The committed raw chain spec of the 4-validator local network.
pub fn local_spec_path() -> Result<String> {
	let spec = repository_root().join("chain-spec/local-raw.json");
	Ok(spec.to_str().ok_or("chain spec path is not UTF-8")?.to_string())
}

/// The local network's validators, in the order of the spec's authorities.
pub const LOCAL_VALIDATORS: [&str; 4] = ["alice", "bob", "charlie", "dave"];

/// A node key as `--node-key` takes it: 32 bytes holding the number `n`. Validators of a non-development chain need
/// one of their own; the local spec admits the nodes with keys 1 to 4 (Alice's to Dave's).
pub fn node_key(n: u64) -> String {
	format!("{n:064x}")
}

/// How long a starting node may take to answer RPC: it builds its genesis state first, which for a large spec
/// takes a while.
const RPC_START_TIMEOUT: Duration = Duration::from_secs(120);

/// How long a started chain may take to finalize its first block.
const FIRST_FINALITY_TIMEOUT: Duration = Duration::from_secs(60);

/// Starts a node with `args`, connects a client to it and waits until it has finalized block #1: the start-up
/// every test on a single node shares. A failure carries the node's log.
pub async fn start_node(name: &str, args: &[&str]) -> Result<(Node, WsClient)> {
	let node = Node::start(name, args)?;
	let client = node.client(RPC_START_TIMEOUT).await?;
	wait_finalized(&client, 1, FIRST_FINALITY_TIMEOUT)
		.await
		.map_err(|e| format!("{name} does not finalize: {e}\n{}", node.log_tail()))?;
	Ok((node, client))
}

/// Starts a development node (`--dev`: Alice authors, finalizes, holds sudo and is the consortium's member; the
/// keyring's accounts are endowed and admitted) as [`start_node`] does.
pub async fn start_dev_node(name: &str) -> Result<(Node, WsClient)> {
	start_dev_node_with(name, &[]).await
}

/// `start_dev_node`, with `extra` arguments.
pub async fn start_dev_node_with(name: &str, extra: &[&str]) -> Result<(Node, WsClient)> {
	start_node(name, &[&["--dev"][..], extra].concat()).await
}

/// Starts the four validators of the local network from the committed spec (Alice first; the others use her as
/// boot node) and connects a client to each.
pub async fn start_local_network() -> Result<(Vec<Node>, Vec<WsClient>)> {
	start_local_network_with(&[]).await
}

/// `start_local_network`, with `extra` arguments for every node.
pub async fn start_local_network_with(extra: &[&str]) -> Result<(Vec<Node>, Vec<WsClient>)> {
	start_local_validators(LOCAL_VALIDATORS.len(), extra).await
}

/// Starts the first `count` validators of the local network (`LOCAL_VALIDATORS`, Alice at least) from the
/// committed spec, each with its admitted node key and `extra` arguments, Alice first and the others with her as
/// boot node, and connects a client to each. It does not wait for blocks: fewer than three do not finalize.
pub async fn start_local_validators(count: usize, extra: &[&str]) -> Result<(Vec<Node>, Vec<WsClient>)> {
	let spec = local_spec_path()?;
	let start = |i: usize, bootnode: &[&str]| {
		let name = LOCAL_VALIDATORS[i];
		let (flag, key) = (format!("--{name}"), node_key(i as u64 + 1));
		let args = ["--chain", spec.as_str(), &flag, "--validator", "--node-key", &key];
		Node::start(name, &[&args[..], bootnode, extra].concat())
	};
	let alice = start(0, &[])?;
	let alice_client = alice.client(RPC_START_TIMEOUT).await?;
	let bootnode = alice.p2p_address(&local_peer_id(&alice_client).await?);
	let mut nodes = vec![alice];
	for i in 1..count.min(LOCAL_VALIDATORS.len()) {
		nodes.push(start(i, &["--bootnodes", &bootnode])?);
	}
	let mut clients = vec![alice_client];
	for node in &nodes[1..] {
		clients.push(node.client(RPC_START_TIMEOUT).await?);
	}
	Ok((nodes, clients))
}

/// Runs one step of a scenario: says on stderr what the step checks and how long it took, and names the step in
/// its failure, an error or a panic, so that a failing test says which step failed.
pub async fn step<T>(name: &str, body: impl std::future::Future<Output = Result<T>>) -> Result<T> {
	use futures::FutureExt;
	eprintln!("step: {name} ...");
	let started = Instant::now();
	let outcome = std::panic::AssertUnwindSafe(body).catch_unwind().await;
	let took = started.elapsed().as_secs_f64();
	match outcome {
		Ok(Ok(value)) => {
			eprintln!("step: {name}: passed in {took:.1} s");
			Ok(value)
		}
		Ok(Err(error)) => Err(format!("step \"{name}\" failed after {took:.1} s: {error}").into()),
		Err(panic) => {
			eprintln!("step \"{name}\" failed after {took:.1} s (the panic above)");
			std::panic::resume_unwind(panic)
		}
	}
}

/// Proposes `call` as Alice asking for the ayes governance needs, has Alice, Bob and Charlie vote aye, closes it,
/// and returns whether the call succeeded when the motion executed it.
pub async fn pass_motion(client: &WsClient, call: RuntimeCall) -> Result<bool> {
	use frame_support::dispatch::GetDispatchInfo;
	use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};
	use sp_runtime::traits::Hash as _;
	type CouncilCall = pallet_collective::Call<sigil_runtime::Runtime, sigil_runtime::configs::CouncilInstance>;
	let members: Value = client.request("consortium_members", rpc_params![]).await?;
	let threshold = members["ayesNeeded"].as_u64().ok_or("ayesNeeded")? as u32;
	let length_bound = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <sigil_runtime::Runtime as frame_system::Config>::Hashing::hash_of(&call);
	let propose = CouncilCall::propose { threshold, proposal: Box::new(call), length_bound };
	let proposed = execute(client, &Alice.pair(), RuntimeCall::ConsortiumCouncil(propose)).await?;
	let index = proposed
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::ConsortiumCouncil(pallet_collective::Event::Proposed { proposal_index, .. }) => {
				Some(*proposal_index)
			}
			_ => None,
		})
		.ok_or_else(|| format!("not proposed: {:?}", proposed.failure()))?;
	let motions: Value = client.request("consortium_motions", rpc_params![]).await?;
	if !motions.as_array().is_some_and(|m| m.iter().any(|m| m["index"] == index)) {
		return Err(format!("motion {index} is not listed as open: {motions}").into());
	}
	for member in [Alice, Bob, Charlie] {
		let vote = CouncilCall::vote { proposal: hash, index, approve: true };
		let voted = execute(client, &member.pair(), RuntimeCall::ConsortiumCouncil(vote)).await?;
		voted.succeeded().then_some(()).ok_or_else(|| format!("{member:?}'s vote: {:?}", voted.failure()))?;
	}
	let close = CouncilCall::close { proposal_hash: hash, index, proposal_weight_bound: weight, length_bound };
	let closed = execute(client, &Alice.pair(), RuntimeCall::ConsortiumCouncil(close)).await?;
	closed
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::ConsortiumCouncil(pallet_collective::Event::Executed { result, .. }) => Some(result.is_ok()),
			_ => None,
		})
		.ok_or_else(|| format!("motion not executed: {:?}", closed.failure()).into())
}

/// An extrinsic in a block, with the events it emitted.
pub struct Included {
	/// The hash of the block that includes the extrinsic.
	pub block_hash: Hash,
	/// That block's number.
	pub number: u32,
	/// The events the extrinsic emitted (those of its `ApplyExtrinsic` phase), in order.
	pub events: Vec<RuntimeEvent>,
}

impl Included {
	/// The module error the extrinsic failed with, if it failed.
	pub fn failure(&self) -> Option<sigil_runtime::RuntimeError> {
		self.events.iter().find_map(|event| match event {
			RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) => {
				sigil_runtime::RuntimeError::from_dispatch_error(*dispatch_error)
			}
			_ => None,
		})
	}

	/// Whether the extrinsic succeeded: `ExtrinsicSuccess` is among its events.
	pub fn succeeded(&self) -> bool {
		self.events
			.iter()
			.any(|event| matches!(event, RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. })))
	}
}

/// Submits an extrinsic, waits until it is in a block (finalized, if `finalized`), and returns its events.
pub async fn submit_and_watch(client: &WsClient, extrinsic: &[u8], finalized: bool) -> Result<Included> {
	use jsonrpsee::core::client::{Subscription, SubscriptionClientT};
	let hex = format!("0x{}", hex::encode(extrinsic));
	let mut watch: Subscription<Value> =
		client.subscribe("author_submitAndWatchExtrinsic", rpc_params![hex.clone()], "author_unwatchExtrinsic").await?;
	let block_hash = loop {
		let status = tokio::time::timeout(Duration::from_secs(60), watch.next())
			.await
			.map_err(|_| "no status for 60 s")?
			.ok_or("the watch subscription ended")??;
		let wanted = if finalized { "finalized" } else { "inBlock" };
		if let Some(hash) = status.get(wanted) {
			break parse_hash(hash)?;
		}
		if ["dropped", "invalid", "usurped"].iter().any(|s| status.get(*s).is_some() || status.as_str() == Some(*s)) {
			return Err(format!("extrinsic not included: {status}").into());
		}
	};
	let block: Value = client.request("chain_getBlock", rpc_params![format!("{block_hash:?}")]).await?;
	let extrinsics = block["block"]["extrinsics"].as_array().ok_or("block without extrinsics")?;
	let index = extrinsics.iter().position(|x| x.as_str() == Some(hex.as_str())).ok_or("extrinsic not in its block")?;
	let events = extrinsic_events(client, block_hash, index as u32).await?;
	Ok(Included { block_hash, number: header_number(&block["block"]["header"])?, events })
}

/// The events the extrinsic at `index` in block `at` emitted (those of its `ApplyExtrinsic` phase), in order.
pub async fn extrinsic_events(client: &WsClient, at: Hash, index: u32) -> Result<Vec<RuntimeEvent>> {
	let bytes = storage_at(client, &events_key(), Some(at)).await?.unwrap_or_default();
	let records = Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(&mut &bytes[..])?;
	Ok(records.into_iter().filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index)).map(|r| r.event).collect())
}

/// Signs `call` by `signer`, submits it and waits for it to be in a block.
pub async fn execute(client: &WsClient, signer: &sr25519::Pair, call: RuntimeCall) -> Result<Included> {
	let extrinsic = sign(client, signer, call).await?;
	submit_and_watch(client, &extrinsic.encode(), false).await
}

/// Registers `who` (display name: its keyring name) and adds a fresh sr25519 signing key, derived as
/// `//<Name>//<purpose>`, to its ring; returns the key.
pub async fn identity_with_key(
	client: &WsClient,
	who: sp_keyring::Sr25519Keyring,
	genesis: Hash,
	purpose: &str,
) -> Result<sr25519::Pair> {
	let register = RuntimeCall::KeyRing(pallet_key_ring::Call::register {
		display_name: format!("{who:?}").into_bytes(),
		email_hash: Hash::from(sp_io::hashing::blake2_256(format!("{who:?}@example.org").as_bytes())),
	});
	let included = execute(client, &who.pair(), register).await?;
	included.succeeded().then_some(()).ok_or_else(|| format!("register {who:?}: {:?}", included.failure()))?;
	add_signing_key(client, who, genesis, purpose).await
}

/// Adds a fresh sr25519 signing key, derived as `//<Name>//<purpose>`, to the ring of `who` (registered), with its
/// proof of possession; returns the key.
pub async fn add_signing_key(
	client: &WsClient,
	who: sp_keyring::Sr25519Keyring,
	genesis: Hash,
	purpose: &str,
) -> Result<sr25519::Pair> {
	use sigil_primitives::{KeyPossessionPayload, KeyPurpose, KeySignature, PublicKey};
	use sp_core::Pair;
	let key = sr25519::Pair::from_string(&format!("//{who:?}//{purpose}"), None).map_err(|e| format!("{e:?}"))?;
	let public = PublicKey::Sr25519(key.public());
	let payload = KeyPossessionPayload::new(genesis, who.to_account_id(), KeyPurpose::Signing, public.key_id());
	let proof = KeySignature::Sr25519(key.sign(&payload.encode()));
	let add = RuntimeCall::KeyRing(pallet_key_ring::Call::add_key {
		public,
		purpose: KeyPurpose::Signing,
		expires_at: None,
		proof: Box::new(proof),
	});
	let included = execute(client, &who.pair(), add).await?;
	included.succeeded().then_some(key).ok_or_else(|| format!("add key {who:?}: {:?}", included.failure()).into())
}

/// SplitMix64: a small deterministic generator, so that a seed gives the same inputs on every machine (a benchmark's
/// graph, a fuzz run's parameters) and a failing run can be repeated from its seed.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
	/// The next 64 random bits.
	pub fn next_u64(&mut self) -> u64 {
		self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
		let mut z = self.0;
		z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
		z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
		z ^ (z >> 31)
	}

	/// A number in `0..bound` (`bound` > 0).
	pub fn below(&mut self, bound: usize) -> usize {
		(self.next_u64() % bound as u64) as usize
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[tokio::test]
	async fn a_failing_step_is_named_in_its_error() {
		let error = step("the answer", async { Err::<(), Error>("41".into()) }).await.expect_err("the step failed");
		let error = error.to_string();
		assert!(error.starts_with("step \"the answer\" failed after ") && error.ends_with(": 41"), "{error}");
	}

	#[tokio::test]
	#[should_panic(expected = "not the answer")]
	async fn a_panicking_step_panics_on() {
		let _ = step::<()>("the answer", async { panic!("not the answer") }).await;
	}

	#[tokio::test]
	async fn a_wait_that_times_out_says_what_it_awaited_and_found() {
		let timeout = Duration::from_millis(10);
		let error = wait_until("the answer", timeout, async || Ok(Err::<(), _>("41".to_string())))
			.await
			.expect_err("41 is never the answer");
		assert_eq!(error.to_string(), "waited 10ms for the answer; found 41");
	}
}
