//! The runtime under fuzzing. An input is read as a sequence of operations, each applied to the real Sigil runtime
//! (native, built with `try-runtime`) over the local network's genesis populated with identities, keys, trust
//! edges, messages, an attestation, a broker and coins:
//!
//! - a call, SCALE-decoded from the input, signed by one of seven accounts (the four members, two admitted
//!   holders, a stranger nobody admitted) and applied as a signed extrinsic, with its transaction extensions and fees;
//! - a message, an attestation, an off-line coin transfer claimed or a double spend of one, each with a valid
//!   signature by a ring key, which raw bytes would never carry;
//! - the end of a block.
//!
//! After each block: every pallet's `try_state` (the runtime's try-runtime invariants), the balances' books (total
//! issuance is the sum of all accounts' funds, and falls only by the fees, the dust and what accounts burn of their
//! own with `Balances::burn`). Before each call: its actual weight (measured by dispatching it in a transaction
//! rolled back) does not exceed its declared weight. A broken check panics, which the fuzzer reports with the input.

use std::sync::OnceLock;

use codec::{DecodeLimit, Encode};
use frame_support::{
	dispatch::GetDispatchInfo,
	storage::{with_transaction, TransactionOutcome},
	traits::{TryState, TryStateSelect},
};
use sigil_primitives::{
	CoinId, DocumentPayload, KeyPossessionPayload, KeyPurpose, KeySignature, MessagePayload, PublicKey, SignedTransfer,
	SigningContext, Transfer, TransferPayload, TrustLevel,
};
use sigil_runtime::{
	currency::UNIT, genesis_config_presets, signing, time::SLOT_DURATION, AccountId, AllPalletsWithSystem, Balance,
	Executive, Header, Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, TimestampCall, UncheckedExtrinsic,
};
use sp_consensus_aura::{Slot, AURA_ENGINE_ID};
use sp_core::{ed25519, sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{
	traits::{Dispatchable, Header as HeaderT},
	Digest, DigestItem, DispatchError,
};

/// How deeply a decoded call may nest (the governance pallets' proposals hold calls).
const MAX_CALL_DEPTH: u32 = 16;
/// Operations read from one input at most: enough for several blocks, few enough to keep each run short.
const MAX_OPERATIONS: usize = 64;
/// When the fuzzed chain starts: 2026-11-01, in milliseconds.
const GENESIS_TIME: u64 = 1_793_491_200_000;

/// Who signs: the local network's four members and validators, two admitted holders, and a stranger.
pub struct Actor {
	pub name: &'static str,
	pub account: sr25519::Pair,
	/// The ed25519 signing key in the actor's ring (the stranger has none).
	pub ring_key: ed25519::Pair,
}

impl Actor {
	fn id(&self) -> AccountId {
		self.account.public().into()
	}

	fn key_id(&self) -> H256 {
		PublicKey::Ed25519(self.ring_key.public()).key_id()
	}

	fn sign(&self, payload: &[u8]) -> Box<KeySignature> {
		Box::new(KeySignature::Ed25519(self.ring_key.sign(payload)))
	}
}

/// The accounts every input may sign with: index 0 to 5 hold identities, 6 is a stranger.
pub fn actors() -> &'static [Actor] {
	static ACTORS: OnceLock<Vec<Actor>> = OnceLock::new();
	ACTORS.get_or_init(|| {
		let known = [
			("alice", Sr25519Keyring::Alice),
			("bob", Sr25519Keyring::Bob),
			("charlie", Sr25519Keyring::Charlie),
			("dave", Sr25519Keyring::Dave),
			("eve", Sr25519Keyring::Eve),
			("ferdie", Sr25519Keyring::Ferdie),
		];
		let mut actors: Vec<Actor> = known
			.iter()
			.enumerate()
			.map(|(i, (name, keyring))| Actor {
				name,
				account: keyring.pair(),
				ring_key: ed25519::Pair::from_seed(&[i as u8 + 1; 32]),
			})
			.collect();
		actors.push(Actor {
			name: "stranger",
			account: sr25519::Pair::from_seed(&[0xEE; 32]),
			ring_key: ed25519::Pair::from_seed(&[0xEE; 32]),
		});
		actors
	})
}

/// The populated genesis: the state after block 1 (raw trie nodes and root) and the chain's position, built once
/// per process.
fn populated() -> &'static (Vec<(Vec<u8>, (Vec<u8>, i32))>, H256, Chain) {
	static STATE: OnceLock<(Vec<(Vec<u8>, (Vec<u8>, i32))>, H256, Chain)> = OnceLock::new();
	STATE.get_or_init(|| {
		let mut ext = sp_io::TestExternalities::new(local_genesis());
		let chain = ext.execute_with(|| {
			let mut chain = Chain::at_genesis();
			chain.start_block();
			populate();
			chain.end_block();
			chain
		});
		ext.commit_all().expect("no open transactions");
		let (nodes, root) = ext.into_raw_snapshot();
		(nodes, root, chain)
	})
}

/// What became of an input's calls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
	/// Calls applied as signed extrinsics.
	pub calls: usize,
	/// Of those, the ones whose dispatch succeeded.
	pub succeeded: usize,
	/// The ones the transaction extensions refused (a stranger, no funds for the fee, a block full).
	pub refused: usize,
}

/// Applies `input` to the populated chain, checking every invariant as it goes; panics on a finding.
///
/// The input is read operation by operation (at most [`MAX_OPERATIONS`]), each starting with a byte whose value
/// modulo 4 says which: 0 ends the block and starts the next; 1 or 2 is a call, `[signer, SCALE-encoded call...]`;
/// 3 is an operation carrying a valid signature by a ring key, `[kind, from, to, length, body...]`, by `kind`
/// modulo 4: 0 a message from `from` to `to`; 1 an attestation by `from` of the body's hash; 2 an off-line coin
/// transfer to `to`, claimed by `to`; 3 a double spend: the same transfer to `to` and to the next actor, both
/// claimed (`kind & 4` clear) or reported together (set). A coin transfer pays the chain's coin number `from`
/// (counting round), signed by its holder for the coin's next sequence number, valid from `(kind >> 3) % 8` slots
/// back for as many minutes as the body is long. Signers are indexes into [`actors`], modulo their number. The input
/// ends at the first operation it cannot complete.
pub fn run(input: &[u8]) -> Outcome {
	let (nodes, root, chain) = populated();
	let mut ext = sp_io::TestExternalities::from_raw_snapshot(nodes.clone(), *root, sp_runtime::StateVersion::V1);
	ext.execute_with(|| {
		let mut chain = chain.clone();
		chain.start_block();
		let mut outcome = Outcome::default();
		let mut data = input;
		for _ in 0..MAX_OPERATIONS {
			let Some((&operation, rest)) = data.split_first() else { break };
			data = rest;
			let actor = |byte: &u8| usize::from(*byte) % actors().len();
			match operation % 4 {
				0 => {
					chain.end_block();
					chain.start_block();
				}
				1 | 2 => {
					let Some((who, rest)) = data.split_first() else { break };
					data = rest;
					let Ok(call) = RuntimeCall::decode_with_depth_limit(MAX_CALL_DEPTH, &mut data) else { break };
					chain.apply(actor(who), call, &mut outcome);
				}
				_ => {
					let [kind, from, to, length, rest @ ..] = data else { break };
					let length = usize::from(*length % 64).min(rest.len());
					let (body, rest) = rest.split_at(length);
					data = rest;
					let (pick, from, to) = (*from, actor(from), actor(to));
					match kind % 4 {
						0 => chain.apply(from, message(from, to, body), &mut outcome),
						1 => chain.apply(from, attestation(from, H256(sp_io::hashing::blake2_256(body))), &mut outcome),
						_ => {
							let ago = (kind >> 3) % 8;
							let minutes = length as u8;
							let Some(first) = coin_transfer(chain.now, pick, to, ago, minutes) else { continue };
							let claim = |signed: SignedTransfer<AccountId>| -> RuntimeCall {
								pallet_micropay::Call::claim { signed: Box::new(signed) }.into()
							};
							if kind % 4 == 2 {
								chain.apply(to, claim(first), &mut outcome);
								continue;
							}
							// The same coin and sequence number to a second payee: a double spend.
							let other = (to + 1) % (actors().len() - 1);
							let Some(second) = coin_transfer(chain.now, pick, other, ago, minutes) else { continue };
							if kind & 4 == 0 {
								chain.apply(to, claim(first), &mut outcome);
								chain.apply(other, claim(second), &mut outcome);
							} else {
								let report = pallet_micropay::Call::report_double_spend {
									first: Box::new(first),
									second: Box::new(second),
								};
								chain.apply(other, report.into(), &mut outcome);
							}
						}
					}
				}
			}
		}
		chain.end_block();
		outcome
	})
}

/// The local network's genesis (four validators and members, no sudo), as the node's chain-spec builder makes it.
fn local_genesis() -> sp_runtime::Storage {
	genesis_config_presets::preset_storage("local_testnet").expect("the local preset builds a genesis")
}

fn email_hash(name: &str) -> H256 {
	H256(sp_io::hashing::blake2_256(format!("{name}@example.org").as_bytes()))
}

fn genesis_hash() -> H256 {
	frame_system::Pallet::<Runtime>::block_hash(0)
}

/// Dispatches `call` as `origin` in the setup block, which must succeed.
fn setup(origin: RuntimeOrigin, call: RuntimeCall) {
	let description = format!("{call:?}");
	if let Err(error) = call.dispatch(origin) {
		panic!("setup: {description}: {:?}", error.error);
	}
}

/// What the fuzzed chain starts from beyond the local network's genesis: identities (Bob's email verified), ring
/// keys, a web of trust, messages, an attestation, an approved and bonded broker, and coins.
fn populate() {
	use pallet_key_ring::Call as KeyRing;
	use pallet_micropay::Call as Micropay;
	use pallet_owner_trust::Call as OwnerTrust;
	let actors = actors();
	let signed = |i: usize| RuntimeOrigin::signed(actors[i].id());
	for (i, actor) in actors[..6].iter().enumerate() {
		setup(
			signed(i),
			KeyRing::register { display_name: actor.name.as_bytes().to_vec(), email_hash: email_hash(actor.name) }
				.into(),
		);
		let public = PublicKey::Ed25519(actor.ring_key.public());
		let payload = KeyPossessionPayload::new(genesis_hash(), actor.id(), KeyPurpose::Signing, public.key_id());
		let proof = actor.sign(&payload.encode());
		setup(signed(i), KeyRing::add_key { public, purpose: KeyPurpose::Signing, expires_at: None, proof }.into());
	}
	setup(signed(0), KeyRing::verify_email { who: actors[1].id(), email_hash: email_hash("bob") }.into());
	for (from, to, level) in [
		(0, 1, TrustLevel::Full),
		(1, 2, TrustLevel::Marginal),
		(2, 3, TrustLevel::Marginal),
		(4, 0, TrustLevel::Full),
		(3, 4, TrustLevel::Never),
	] {
		setup(signed(from), OwnerTrust::set_trust { target: actors[to].id(), level }.into());
	}
	for (from, to) in [(0, 1), (1, 0), (2, 1)] {
		setup(signed(from), message(from, to, b"hello"));
	}
	setup(signed(3), attestation(3, H256::repeat_byte(0xD0)));

	// Eve is a broker: approved by governance, bonded; Alice buys a coin, Eve issues one to Ferdie.
	let terms = pallet_micropay::BrokerTerms { fee: UNIT / 100, validity: 30 * 24 * 3_600_000, max_value: 100 * UNIT };
	setup(RuntimeOrigin::root(), Micropay::approve_broker { broker: actors[4].id(), terms }.into());
	setup(signed(4), Micropay::bond { amount: 1_000 * UNIT }.into());
	setup(signed(0), Micropay::purchase { broker: actors[4].id(), value: 10 * UNIT }.into());
	// Alice bonds, so that her double spends compensate the payees.
	setup(signed(0), Micropay::bond { amount: 50 * UNIT }.into());
	setup(signed(4), Micropay::issue { to: actors[5].id(), value: 5 * UNIT }.into());
}

/// A message from actor `from` to actor `to`, signed by the sender's ring key for the sender's next counter.
fn message(from: usize, to: usize, body: &[u8]) -> RuntimeCall {
	let actors = actors();
	let counter = pallet_messages::Senders::<Runtime>::get(actors[from].id()).sent;
	let payload = MessagePayload::new(genesis_hash(), actors[from].id(), actors[to].id(), body, counter);
	pallet_messages::Call::send {
		to: actors[to].id(),
		body: body.to_vec(),
		key_id: actors[from].key_id(),
		signature: actors[from].sign(&payload.encode()),
	}
	.into()
}

/// An attestation of `document_hash` by actor `signer`, signed by its ring key.
fn attestation(signer: usize, document_hash: H256) -> RuntimeCall {
	let actor = &actors()[signer];
	let payload = DocumentPayload::new(genesis_hash(), document_hash, actor.id(), SigningContext::Attestation);
	pallet_documents::Call::attest { document_hash, key_id: actor.key_id(), signature: actor.sign(&payload.encode()) }
		.into()
}

/// A transfer of one of the chain's coins (number `pick`, counting round) by its holder to actor `payee`, for the
/// coin's next sequence number, valid from `ago` slots before `now` for `minutes`, signed off line by the holder's
/// ring key. `None` when the chain holds no coin or the coin's holder is none of the actors.
fn coin_transfer(now: u64, pick: u8, payee: usize, ago: u8, minutes: u8) -> Option<SignedTransfer<AccountId>> {
	let mut coins: Vec<_> = pallet_micropay::Coins::<Runtime>::iter().collect();
	if coins.is_empty() {
		return None;
	}
	let (broker, serial, coin) = coins.swap_remove(usize::from(pick) % coins.len());
	let payer = actors().iter().find(|actor| actor.id() == coin.holder)?;
	let valid_from = now.saturating_sub(u64::from(ago) * SLOT_DURATION);
	let transfer = Transfer {
		coin: CoinId { broker, serial },
		seq: coin.seq.saturating_add(1),
		payer: payer.id(),
		payee: actors()[payee].id(),
		valid_from,
		valid_until: valid_from + u64::from(minutes) * 60_000,
	};
	let signature = *payer.sign(&TransferPayload::new(genesis_hash(), transfer.clone()).encode());
	Some(SignedTransfer { transfer, key_id: payer.key_id(), signature })
}

/// The chain being fuzzed: block production around the runtime's `Executive`.
#[derive(Clone)]
struct Chain {
	number: u32,
	now: u64,
	parent: H256,
	/// Total issuance when the block started.
	issuance: Balance,
}

impl Chain {
	fn at_genesis() -> Self {
		Self { number: 0, now: GENESIS_TIME, parent: genesis_hash(), issuance: 0 }
	}

	/// Starts the next block: one slot later, with its timestamp inherent.
	fn start_block(&mut self) {
		self.number += 1;
		self.now += SLOT_DURATION;
		let slot = Slot::from(self.now / SLOT_DURATION);
		let digest = Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, slot.encode())] };
		let header = Header::new(self.number, Default::default(), Default::default(), self.parent, digest);
		Executive::initialize_block(&header);
		let timestamp = UncheckedExtrinsic::new_bare(TimestampCall::set { now: self.now }.into());
		let applied = Executive::apply_extrinsic(timestamp).expect("the timestamp inherent is valid");
		assert!(applied.is_ok(), "the timestamp inherent failed: {applied:?}");
		self.issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	}

	/// Signs `call` by actor `who` with its next nonce and applies it, after checking its weight. A refused
	/// transaction (a stranger, a bad nonce, no funds for the fee) and a failed call are outcomes, not findings.
	fn apply(&mut self, who: usize, call: RuntimeCall, outcome: &mut Outcome) {
		let actor = &actors()[who];
		check_weight(&call, actor.id());
		let nonce = frame_system::Pallet::<Runtime>::account_nonce(actor.id());
		let extrinsic = signing::sign_extrinsic(&actor.account, call, nonce, genesis_hash());
		outcome.calls += 1;
		match Executive::apply_extrinsic(extrinsic) {
			Ok(Ok(())) => outcome.succeeded += 1,
			Ok(Err(_)) => {}
			Err(_) => outcome.refused += 1,
		}
	}

	/// Ends the block and checks the invariants over its state.
	fn end_block(&mut self) {
		// What leaves the books: fees (the runtime burns them), dust below the existential deposit, and what an
		// account burns of its own funds (`Balances::burn`, open to every signed account).
		let burned: Balance = frame_system::Pallet::<Runtime>::events()
			.iter()
			.map(|record| match &record.event {
				RuntimeEvent::TransactionPayment(pallet_transaction_payment::Event::TransactionFeePaid {
					actual_fee,
					..
				}) => *actual_fee,
				RuntimeEvent::Balances(pallet_balances::Event::DustLost { amount, .. }) => *amount,
				RuntimeEvent::Balances(pallet_balances::Event::Burned { amount, .. }) => *amount,
				_ => 0,
			})
			.sum();
		let header = Executive::finalize_block();
		self.parent = header.hash();
		check_invariants(self.number, self.issuance, burned);
	}
}

/// The call's actual weight, measured by dispatching it as `origin` in a transaction rolled back, does not exceed
/// its declared weight.
fn check_weight(call: &RuntimeCall, origin: AccountId) {
	let declared = call.get_dispatch_info().call_weight;
	let actual = with_transaction(|| {
		let post = match call.clone().dispatch(RuntimeOrigin::signed(origin)) {
			Ok(post) => post,
			Err(error) => error.post_info,
		};
		TransactionOutcome::Rollback(Ok::<_, DispatchError>(post.actual_weight))
	})
	.expect("a rolled-back transaction");
	if let Some(actual) = actual {
		assert!(actual.all_lte(declared), "{call:?}: actual weight {actual:?} exceeds the declared {declared:?}");
	}
}

/// Every pallet's try-runtime invariants, and the balances' books.
fn check_invariants(number: u32, issuance_before: Balance, burned: Balance) {
	if let Err(error) = AllPalletsWithSystem::try_state(number, TryStateSelect::All) {
		panic!("block {number}: try_state: {error:?}");
	}
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	let funds: Balance =
		frame_system::Account::<Runtime>::iter_values().map(|account| account.data.free + account.data.reserved).sum();
	assert_eq!(issuance, funds, "block {number}: total issuance is not the sum of the accounts' funds");
	assert!(issuance <= issuance_before, "block {number}: issuance grew from {issuance_before} to {issuance}");
	assert_eq!(
		issuance_before - issuance,
		burned,
		"block {number}: issuance fell by more or less than fees, dust and burns"
	);
}

/// Inputs that reach each pallet: the committed corpus's seeds (`tests/corpus.rs` writes them).
pub fn seeds() -> Vec<Vec<u8>> {
	use pallet_key_ring::Call as KeyRing;
	use pallet_micropay::Call as Micropay;
	use pallet_owner_trust::Call as OwnerTrust;
	let actors = actors();
	let raw = |who: u8, call: RuntimeCall| [vec![1, who], call.encode()].concat();
	let bob = actors[1].id();
	let calls: Vec<(u8, RuntimeCall)> = vec![
		(0, sigil_runtime::BalancesCall::transfer_keep_alive { dest: bob.clone().into(), value: UNIT }.into()),
		(2, KeyRing::update { display_name: Some(b"Charles".to_vec()), email_hash: None }.into()),
		(
			1,
			KeyRing::revoke_key { key_id: actors[1].key_id(), reason: sigil_primitives::RevocationReason::Retired }
				.into(),
		),
		(5, KeyRing::forget {}.into()),
		(0, OwnerTrust::set_trust { target: actors[5].id(), level: TrustLevel::Marginal }.into()),
		(1, OwnerTrust::clear_trust { target: actors[2].id() }.into()),
		(1, pallet_messages::Call::clear { from: actors[0].id(), counter: 0 }.into()),
		(0, pallet_messages::Call::set_advance { advance: UNIT }.into()),
		(
			3,
			pallet_documents::Call::revoke_attestation {
				document_hash: H256::repeat_byte(0xD0),
				reason: b"void".to_vec(),
			}
			.into(),
		),
		(0, Micropay::pay { coin: CoinId { broker: actors[4].id(), serial: 0 }, to: bob.clone() }.into()),
		(5, Micropay::redeem { coin: CoinId { broker: actors[4].id(), serial: 1 } }.into()),
		(4, Micropay::unbond {}.into()),
		(6, sigil_runtime::BalancesCall::transfer_keep_alive { dest: bob.into(), value: UNIT }.into()),
	];
	let mut seeds: Vec<Vec<u8>> = calls.into_iter().map(|(who, call)| raw(who, call)).collect();
	// A signed message and an attestation, then a block boundary and a second call in the next block.
	seeds.push(vec![3, 0, 0, 2, 5, b'h', b'e', b'l', b'l', b'o']);
	seeds.push(vec![3, 1, 1, 0, 4, 1, 2, 3, 4]);
	// An off-line coin payment to Bob, claimed; a double spend to Bob and Charlie, claimed both; one reported.
	let window = [30u8; 30];
	seeds.push([&[3, 2, 0, 1, 30][..], &window].concat());
	seeds.push([&[3, 3, 0, 1, 30][..], &window].concat());
	seeds.push([&[3, 7, 1, 1, 30][..], &window].concat());
	seeds.push([seeds[0].clone(), vec![0], seeds[4].clone()].concat());
	seeds
}
