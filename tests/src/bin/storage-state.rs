//! Writes a raw chain spec whose genesis holds a state of realistic size, for `sigil-node benchmark storage`
//! (see `scripts/bench-storage`): the cost of a database read or write grows with the trie's depth, so measuring it on
//! the dev chain's few hundred keys would price every access too low.
//!
//! The entries sit under the runtime's real storage keys (so the trie has the shape a grown chain has), with values
//! of the size their records have on chain. The contents are pseudo-random bytes: the benchmark never decodes them,
//! and a chain's records (account ids, key material, signatures) hardly compress either. Nothing here runs on a
//! network; the spec exists for the benchmark's database only.
//!
//! ```text
//! storage-state BASE_RAW_SPEC OUT_SPEC [SCALE]
//! ```
//!
//! SCALE (default 1.0) multiplies every count: at 1.0 the state has 100,000 identities (each with an account, a
//! signing key and its short id, a trust edge both ways and message counters), 1,000,000 messages (each in an outbox
//! and an inbox) and 100,000 coins (each with its holder entry and first transfer), about 4.3 million keys.

use std::{fs::File, io::BufWriter, process::ExitCode};

use codec::Encode;
use sigil_runtime::Runtime;
use sp_core::{crypto::AccountId32, H256};
use sp_io::hashing::blake2_256;

const IDENTITIES: f64 = 100_000.0;
const MESSAGES: f64 = 1_000_000.0;
const COINS: f64 = 100_000.0;

/// Approximate encoded sizes of typical records, from their layouts (a message with a 64-byte body).
const ACCOUNT_INFO_BYTES: usize = 80;
const IDENTITY_BYTES: usize = 120;
const KEY_RECORD_BYTES: usize = 180;
const MESSAGE_BYTES: usize = 290;
const COIN_BYTES: usize = 150;
const TRANSFER_BYTES: usize = 110;
const OUTGOING_EDGES_BYTES: usize = 50;
const INCOMING_EDGE_BYTES: usize = 12;

fn main() -> ExitCode {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let (base, out, scale) = match args.as_slice() {
		[base, out] => (base, out, 1.0),
		[base, out, scale] => match scale.parse::<f64>() {
			Ok(s) if s > 0.0 && s <= 10.0 => (base, out, s),
			_ => return usage(&format!("SCALE must be a number in (0, 10], not {scale:?}")),
		},
		_ => return usage("expected BASE_RAW_SPEC OUT_SPEC [SCALE]"),
	};
	match run(base, out, scale) {
		Ok(keys) => {
			println!("storage-state: wrote {out} with {keys} added keys");
			ExitCode::SUCCESS
		}
		Err(e) => {
			eprintln!("storage-state: {e}");
			ExitCode::FAILURE
		}
	}
}

fn usage(problem: &str) -> ExitCode {
	eprintln!("storage-state: {problem}\nusage: storage-state BASE_RAW_SPEC OUT_SPEC [SCALE]");
	ExitCode::from(2)
}

fn run(base: &str, out: &str, scale: f64) -> Result<usize, String> {
	let file = File::open(base).map_err(|e| format!("cannot open {base}: {e}"))?;
	let mut spec: serde_json::Value =
		serde_json::from_reader(std::io::BufReader::new(file)).map_err(|e| format!("{base} is not JSON: {e}"))?;
	let top = spec
		.pointer_mut("/genesis/raw/top")
		.and_then(|t| t.as_object_mut())
		.ok_or_else(|| format!("{base} is not a raw chain spec (no genesis.raw.top)"))?;
	let before = top.len();
	let mut filler = Filler::default();
	let mut add = |key: Vec<u8>, bytes: usize, filler: &mut Filler| {
		top.insert(format!("0x{}", hex::encode(key)), serde_json::Value::String(filler.hex(bytes)));
	};

	let identities = (IDENTITIES * scale) as u64;
	let messages = (MESSAGES * scale) as u64;
	let coins = (COINS * scale) as u64;
	let account = |i: u64| AccountId32::new(blake2_256(&(b"storage-state/account", i).encode()));

	for i in 0..identities {
		let who = account(i);
		let key_id = H256(blake2_256(&(b"storage-state/key", i).encode()));
		let short = sigil_primitives::key_ring::ShortKeyId::from(&key_id);
		let trusted = account((i + 1) % identities);
		add(frame_system::Account::<Runtime>::hashed_key_for(&who), ACCOUNT_INFO_BYTES, &mut filler);
		add(pallet_key_ring::Identities::<Runtime>::hashed_key_for(&who), IDENTITY_BYTES, &mut filler);
		add(pallet_key_ring::Keys::<Runtime>::hashed_key_for(key_id), KEY_RECORD_BYTES, &mut filler);
		add(pallet_key_ring::ShortKeyIds::<Runtime>::hashed_key_for(short), 32, &mut filler);
		add(pallet_owner_trust::Outgoing::<Runtime>::hashed_key_for(&who), OUTGOING_EDGES_BYTES, &mut filler);
		add(pallet_owner_trust::Incoming::<Runtime>::hashed_key_for(&trusted, &who), INCOMING_EDGE_BYTES, &mut filler);
		add(pallet_messages::Senders::<Runtime>::hashed_key_for(&who), 40, &mut filler);
		add(pallet_messages::ReceivedCount::<Runtime>::hashed_key_for(&who), 8, &mut filler);
	}
	let per_sender = messages.div_ceil(identities.max(1));
	for id in 0..messages {
		let (from, to) = (account(id / per_sender), account((id * 7919) % identities.max(1)));
		add(pallet_messages::Outbox::<Runtime>::hashed_key_for(&from, id % per_sender), MESSAGE_BYTES, &mut filler);
		add(pallet_messages::Inbox::<Runtime>::hashed_key_for(&to, id), 40, &mut filler);
	}
	let broker = account(identities);
	for serial in 0..coins {
		let coin = sigil_primitives::micropay::CoinId { broker: broker.clone(), serial };
		add(pallet_micropay::Coins::<Runtime>::hashed_key_for(&broker, serial), COIN_BYTES, &mut filler);
		add(
			pallet_micropay::CoinsOf::<Runtime>::hashed_key_for(account(serial % identities.max(1)), &coin),
			0,
			&mut filler,
		);
		add(pallet_micropay::Transfers::<Runtime>::hashed_key_for(&coin, 1u32), TRANSFER_BYTES, &mut filler);
	}
	let added = top.len() - before;

	let file = File::create(out).map_err(|e| format!("cannot create {out}: {e}"))?;
	serde_json::to_writer(BufWriter::new(file), &spec).map_err(|e| format!("cannot write {out}: {e}"))?;
	Ok(added)
}

/// Pseudo-random bytes (xorshift64*): fast, and as incompressible to the database as signatures and keys are.
struct Filler(u64);

impl Default for Filler {
	fn default() -> Self {
		Filler(0x9E37_79B9_7F4A_7C15)
	}
}

impl Filler {
	fn hex(&mut self, bytes: usize) -> String {
		let mut data = Vec::with_capacity(bytes + 8);
		while data.len() < bytes {
			self.0 ^= self.0 >> 12;
			self.0 ^= self.0 << 25;
			self.0 ^= self.0 >> 27;
			data.extend_from_slice(&self.0.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
		}
		data.truncate(bytes);
		format!("0x{}", hex::encode(data))
	}
}
