//! Bad input at the network's edge: every Sigil JSON-RPC method (`keyRing_*`, `trust_*`, `messages_*`,
//! `documents_*`, `micropay_*`, `consortium_*`, as the node's `rpc_methods` lists them) is called over real
//! JSON-RPC with random parameters: JSON of every type, wrong parameter counts, huge, negative and fractional
//! numbers, long and odd strings, malformed and well-formed addresses, hashes and key ids, unknown block hashes.
//! Each answer must be a result or a JSON-RPC error object within the client's timeout (30 s), never a dropped
//! connection or a hang; afterwards the node still produces and finalizes blocks and answers on the same connection.
//!
//! The inputs come from a seeded generator: a failure prints the seed and the call, and `SIGIL_RPC_FUZZ_SEED=<seed>`
//! repeats the run; `SIGIL_RPC_FUZZ_CALLS` sets the calls per method (default 60).

use std::time::{Duration, Instant};

use jsonrpsee::{
	core::{client::ClientT, params::ArrayParams, ClientError},
	rpc_params,
};
use serde_json::{json, Map, Value};
use sigil_e2e::*;
use sp_keyring::Sr25519Keyring;

/// The namespaces of Sigil's own RPC methods.
const SIGIL_PREFIXES: [&str; 6] = ["keyRing_", "trust_", "messages_", "documents_", "micropay_", "consortium_"];

/// The fuzz inputs, from a seeded generator, so that a failing run can be repeated from its seed.
struct Inputs(SplitMix64);

impl Inputs {
	/// A number in `0..n` (`n` > 0).
	fn below(&mut self, n: u64) -> u64 {
		self.0.below(n as usize) as u64
	}

	fn bytes(&mut self, len: usize) -> Vec<u8> {
		(0..len).map(|_| self.0.next_u64() as u8).collect()
	}

	fn hex(&mut self, len: usize) -> String {
		format!("0x{}", hex::encode(self.bytes(len)))
	}

	/// A parameter: sometimes of the type a method expects (so that calls get past parsing into the runtime),
	/// often not.
	fn value(&mut self, depth: u32) -> Value {
		let accounts = [Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Ferdie];
		match self.below(if depth > 2 { 17 } else { 19 }) {
			0 => Value::Null,
			1 => json!(self.below(2) == 1),
			2 => json!(self.below(100)),
			3 => json!(u64::MAX - self.below(3)),
			4 => json!(-(self.below(1 << 40) as i64) - 1),
			5 => json!(1e300 * (self.below(3) as f64 - 1.0)),
			6 => json!(0.5 + self.below(1000) as f64),
			7 => json!(self.hex(32)),
			8 => json!(self.hex(8)),
			9 => {
				let len = self.below(80) as usize;
				json!(self.hex(len))
			}
			10 => json!(format!("0x{}", "zz".repeat(self.below(40) as usize))),
			11 => json!(accounts[self.below(3) as usize].to_account_id().to_string()),
			12 => {
				// A well-formed address with one character changed: its checksum fails.
				let mut address = accounts[self.below(3) as usize].to_account_id().to_string().into_bytes();
				let at = self.below(address.len() as u64) as usize;
				address[at] = if address[at] == b'A' { b'B' } else { b'A' };
				json!(String::from_utf8_lossy(&address))
			}
			13 => {
				let len = self.below(64) as usize;
				json!(String::from_utf8_lossy(&self.bytes(len)).into_owned())
			}
			14 => json!("x".repeat(64 * 1024 + self.below(1024) as usize)),
			15 => json!("\u{202e}\u{0}\u{ffff}𝕊igil\n\t\"\\"),
			16 => json!(""),
			17 => Value::Array((0..self.below(5)).map(|_| self.value(depth + 1)).collect()),
			_ => {
				let mut object = Map::new();
				for i in 0..self.below(4) {
					object.insert(format!("k{i}"), self.value(depth + 1));
				}
				Value::Object(object)
			}
		}
	}

	/// A parameter list of 0 to 6 values.
	fn params(&mut self) -> Vec<Value> {
		(0..self.below(7)).map(|_| self.value(0)).collect()
	}
}

fn env_number(name: &str, default: u64) -> Result<u64> {
	match std::env::var(name) {
		Ok(text) => Ok(text.parse().map_err(|e| format!("{name} `{text}`: {e}"))?),
		Err(_) => Ok(default),
	}
}

#[tokio::test(flavor = "multi_thread")]
async fn every_sigil_rpc_method_answers_random_parameters_with_a_result_or_an_error() -> Result<()> {
	let seed = env_number(
		"SIGIL_RPC_FUZZ_SEED",
		std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_nanos() as u64,
	)?;
	let calls_per_method = env_number("SIGIL_RPC_FUZZ_CALLS", 60)?;
	let (node, client) = start_dev_node("rpc-fuzz").await?;

	let listed: Value = client.request("rpc_methods", rpc_params![]).await?;
	let methods: Vec<String> = listed["methods"]
		.as_array()
		.ok_or("rpc_methods lists methods")?
		.iter()
		.filter_map(Value::as_str)
		.filter(|method| SIGIL_PREFIXES.iter().any(|prefix| method.starts_with(prefix)))
		.map(str::to_owned)
		.collect();
	assert!(methods.len() >= 20, "the node serves Sigil's RPC methods: {methods:?}");

	let mut inputs = Inputs(SplitMix64(seed));
	let (mut results, mut errors, mut slowest) = (0u64, 0u64, (Duration::ZERO, String::new()));
	let started = Instant::now();
	for method in &methods {
		for _ in 0..calls_per_method {
			let values = inputs.params();
			let mut params = ArrayParams::new();
			for value in &values {
				params.insert(value)?;
			}
			let call = Instant::now();
			let answer = client.request::<Value, _>(method, params).await;
			let took = call.elapsed();
			if took > slowest.0 {
				slowest = (took, method.clone());
			}
			match answer {
				Ok(_) => results += 1,
				Err(ClientError::Call(_)) => errors += 1,
				Err(other) => {
					let shown: Vec<String> = values.iter().map(|v| v.to_string().chars().take(200).collect()).collect();
					return Err(format!(
						"seed {seed}: {method}({}) got neither a result nor an error object: {other}\n{}",
						shown.join(", "),
						node.log_tail()
					)
					.into());
				}
			}
		}
	}
	println!(
		"{} calls to {} methods in {:.1} s (seed {seed}): {results} results, {errors} errors; slowest {:?} ({})",
		results + errors,
		methods.len(),
		started.elapsed().as_secs_f64(),
		slowest.0,
		slowest.1
	);

	// The node is none the worse: same connection, new blocks, finality.
	let (finalized_before, _) = finalized(&client).await?;
	wait_finalized(&client, finalized_before + 2, Duration::from_secs(30))
		.await
		.map_err(|e| format!("seed {seed}: the node stopped finalizing after the calls: {e}\n{}", node.log_tail()))?;
	Ok(())
}
