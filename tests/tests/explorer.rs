//! The explorer (`explorer/`) in a real browser against a chain with something on it: one `--dev` node, populated
//! here through signed extrinsics as the other journeys do, then `npm test --prefix explorer`, whose
//! `populated.test.ts` checks every page against what this population did, through the node's RPC and through a
//! light client in the page that dials the node's WebSocket listener. The same run repeats the explorer's own
//! tests on an empty chain (`basic.test.ts`), so the explorer is tested whenever the workspace's tests run.
//!
//! Who does what:
//! - Alice (the dev chain's validator, only member and sudo key), Bob, Charlie and Dave have identities with names
//!   and email hashes; Alice, a member, verifies Bob's. Alice trusts Bob and Charlie fully, and both trust Dave
//!   marginally; Bob trusts Eve marginally too, so that the trust searches the pages make meet her fraud mark.
//! - Bob and Charlie write to Alice; Charlie signed with a key he then revokes as compromised.
//! - Alice attests a document, and she and Bob sign an agreement over it.
//! - Eve buys a coin from the broker Ferdie and signs it off line to Charlie and to Dave: Dave's claim is refused
//!   and proves her double spend.
//! - Bob's coin from the broker One lasts three blocks; once it has expired he reissues it: C -> C'.
//! - Alice proposes admitting Two, and votes aye; the motion asks for two ayes, more than the dev chain's one
//!   member can give, so it stays open.

use std::{
	path::{Path, PathBuf},
	process::Command,
	time::Duration,
};

use codec::Encode;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use pallet_documents_rpc::DocumentJson;
use pallet_key_ring_rpc::short_id_hex;
use pallet_messages_rpc::{PageJson, ReasonJson};
use pallet_micropay_rpc::{CoinJson, CoinStateJson};
use pallet_owner_trust_rpc::{NetworkReportJson, ValidityJson, ValidityReportJson};
use serde_json::{json, Value};
use sigil_e2e::*;
use sigil_primitives::{
	CoinId, DocumentPayload, KeySignature, MessagePayload, Moment, PublicKey, RevocationReason, SignedTransfer,
	SigningContext, Transfer, TransferPayload, TrustLevel,
};
use sigil_runtime::{currency::UNIT, time::MILLISECS_PER_BLOCK, AccountId, RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie, One, Two};

/// The identities the explorer's identity pages are checked on: account, display name, email address as typed
/// (Bob's in mixed case: the explorer must trim and lower-case it before hashing, as the pallet specifies).
const IDENTITIES: [(Sr25519Keyring, &str, &str); 4] = [
	(Alice, "Alice Example", "alice@example.org"),
	(Bob, "Bob Builder", "Bob@Example.org"),
	(Charlie, "Charlie Example", "charlie@example.org"),
	(Dave, "Dave Example", "dave@example.org"),
];

/// Whose email claim a member (Alice) verifies.
const VERIFIED_EMAIL: Sr25519Keyring = Bob;

/// The trust edges: truster, target, level.
const TRUST: [(Sr25519Keyring, Sr25519Keyring, TrustLevel); 5] = [
	(Alice, Bob, TrustLevel::Full),
	(Alice, Charlie, TrustLevel::Full),
	(Bob, Dave, TrustLevel::Marginal),
	(Charlie, Dave, TrustLevel::Marginal),
	(Bob, Eve, TrustLevel::Marginal),
];

/// How long the broker One's coins last: three blocks, so that one expires while the rest is populated.
const SHORT_VALIDITY: Moment = 3 * MILLISECS_PER_BLOCK;

/// What the population made that the expectations name and the chain cannot tell us back as such.
struct Population {
	alice_key: sr25519::Pair,
	bob_key: sr25519::Pair,
	charlie_compromised: sr25519::Pair,
	charlie_key: sr25519::Pair,
	document: H256,
	document_file: PathBuf,
	double_spent: CoinId<AccountId>,
	/// Bob's coin and the coin it was reissued as.
	reissue_chain: [CoinId<AccountId>; 2],
}

fn ss58(who: Sr25519Keyring) -> String {
	who.to_account_id().to_string()
}

/// The hash an identity claims for an email address: blake2-256 of the trimmed, lower-cased address.
fn email_hash(address: &str) -> H256 {
	H256(sp_io::hashing::blake2_256(address.trim().to_lowercase().as_bytes()))
}

fn key_id(key: &sr25519::Pair) -> H256 {
	PublicKey::Sr25519(key.public()).key_id()
}

fn short_id(key: &sr25519::Pair) -> String {
	short_id_hex(&PublicKey::Sr25519(key.public()).short_id())
}

/// Executes `call` signed by `who`; an error unless it succeeded.
async fn run(client: &WsClient, who: Sr25519Keyring, call: RuntimeCall) -> Result<Included> {
	let what = format!("{call:?}");
	let included = execute(client, &who.pair(), call).await?;
	if !included.succeeded() {
		return Err(format!("{who:?}'s {what} failed: {:?}", included.failure()).into());
	}
	Ok(included)
}

/// The first event of `included` that `pick` takes.
fn event<T>(included: &Included, pick: impl Fn(&RuntimeEvent) -> Option<T>) -> Result<T> {
	included.events.iter().find_map(pick).ok_or_else(|| format!("expected event missing: {:?}", included.events).into())
}

fn sudo(call: RuntimeCall) -> RuntimeCall {
	RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(call) })
}

async fn register(client: &WsClient, who: Sr25519Keyring, name: &str, email: &str) -> Result<()> {
	let call = RuntimeCall::KeyRing(pallet_key_ring::Call::register {
		display_name: name.as_bytes().to_vec(),
		email_hash: email_hash(email),
	});
	run(client, who, call).await.map(drop)
}

/// The display name and email address [`IDENTITIES`] give `who`.
fn identity_of(who: Sr25519Keyring) -> Result<(&'static str, &'static str)> {
	let (_, name, email) = IDENTITIES.iter().find(|(account, ..)| *account == who).ok_or("not in IDENTITIES")?;
	Ok((name, email))
}

/// Registers `who` as [`IDENTITIES`] names it, with a signing key.
async fn identity(client: &WsClient, genesis: H256, who: Sr25519Keyring) -> Result<sr25519::Pair> {
	let (name, email) = identity_of(who)?;
	register(client, who, name, email).await?;
	add_signing_key(client, who, genesis, "explorer").await
}

/// Sets the [`TRUST`] edges `truster` sets.
async fn set_trust(client: &WsClient, truster: Sr25519Keyring) -> Result<()> {
	for (_, target, level) in TRUST.iter().filter(|(from, ..)| *from == truster) {
		let call = RuntimeCall::OwnerTrust(pallet_owner_trust::Call::set_trust {
			target: target.to_account_id(),
			level: *level,
		});
		run(client, truster, call).await?;
	}
	Ok(())
}

/// Sends `body` from `from` to `to`, signed by `key` over the sender's counter (its outbox's total).
async fn send_message(
	client: &WsClient,
	genesis: H256,
	(from, to): (Sr25519Keyring, Sr25519Keyring),
	body: &[u8],
	key: &sr25519::Pair,
) -> Result<()> {
	let outbox: PageJson<AccountId> =
		client.request("messages_outbox", rpc_params![ss58(from), None::<String>, None::<u64>, 1]).await?;
	let payload = MessagePayload::new(genesis, from.to_account_id(), to.to_account_id(), body, outbox.total);
	let call = RuntimeCall::Messages(pallet_messages::Call::send {
		to: to.to_account_id(),
		body: body.to_vec(),
		key_id: key_id(key),
		signature: Box::new(KeySignature::Sr25519(key.sign(&payload.encode()))),
	});
	run(client, from, call).await.map(drop)
}

fn document_signature(
	genesis: H256,
	document: H256,
	who: Sr25519Keyring,
	context: SigningContext,
	key: &sr25519::Pair,
) -> Box<KeySignature> {
	let payload = DocumentPayload::new(genesis, document, who.to_account_id(), context);
	Box::new(KeySignature::Sr25519(key.sign(&payload.encode())))
}

async fn sign_agreement(
	client: &WsClient,
	genesis: H256,
	(id, document): (u64, H256),
	who: Sr25519Keyring,
	key: &sr25519::Pair,
) -> Result<()> {
	let signature = document_signature(genesis, document, who, SigningContext::Agreement(id), key);
	let call = RuntimeCall::Documents(pallet_documents::Call::sign_agreement { id, key_id: key_id(key), signature });
	run(client, who, call).await.map(drop)
}

fn approve_broker(broker: Sr25519Keyring, validity: Moment) -> RuntimeCall {
	let terms = pallet_micropay::BrokerTerms { fee: UNIT / 100, validity, max_value: 10 * UNIT };
	sudo(RuntimeCall::Micropay(pallet_micropay::Call::approve_broker { broker: broker.to_account_id(), terms }))
}

/// Buys a one-SGL coin from `broker`; the coin and the block that issued it.
async fn purchase(client: &WsClient, who: Sr25519Keyring, broker: Sr25519Keyring) -> Result<(CoinId<AccountId>, u32)> {
	let call = RuntimeCall::Micropay(pallet_micropay::Call::purchase { broker: broker.to_account_id(), value: UNIT });
	let bought = run(client, who, call).await?;
	let coin = event(&bought, |event| match event {
		RuntimeEvent::Micropay(pallet_micropay::Event::CoinIssued { coin, .. }) => Some(coin.clone()),
		_ => None,
	})?;
	Ok((coin, bought.number))
}

async fn coin(client: &WsClient, id: &CoinId<AccountId>) -> Result<CoinJson<AccountId>> {
	let found: Option<CoinJson<AccountId>> =
		client.request("micropay_coin", rpc_params![id.broker.to_string(), id.serial]).await?;
	Ok(found.ok_or("coin not found")?)
}

/// What the payer's wallet signs off line: seq 1 of `coin` to `payee`, open for ten minutes from its issue.
fn sign_offline(
	genesis: H256,
	key: &sr25519::Pair,
	(coin, issued_at): (&CoinId<AccountId>, Moment),
	payer: Sr25519Keyring,
	payee: Sr25519Keyring,
) -> RuntimeCall {
	let transfer = Transfer {
		coin: coin.clone(),
		seq: 1,
		payer: payer.to_account_id(),
		payee: payee.to_account_id(),
		valid_from: issued_at,
		valid_until: issued_at + 600_000,
	};
	let signature = KeySignature::Sr25519(key.sign(&TransferPayload::new(genesis, transfer.clone()).encode()));
	let signed = SignedTransfer { transfer, key_id: key_id(key), signature };
	RuntimeCall::Micropay(pallet_micropay::Call::claim { signed: Box::new(signed) })
}

/// Proposes admitting Two with a threshold of two ayes, and votes aye as Alice.
async fn open_motion(client: &WsClient) -> Result<()> {
	type CouncilCall = pallet_collective::Call<sigil_runtime::Runtime, sigil_runtime::configs::CouncilInstance>;
	let admit = RuntimeCall::Consortium(pallet_consortium::Call::admit_account { account: Two.to_account_id() });
	let length_bound = admit.encoded_size() as u32;
	let propose = CouncilCall::propose { threshold: 2, proposal: Box::new(admit), length_bound };
	let proposed = run(client, Alice, RuntimeCall::ConsortiumCouncil(propose)).await?;
	let (index, hash) = event(&proposed, |event| match event {
		RuntimeEvent::ConsortiumCouncil(pallet_collective::Event::Proposed {
			proposal_index, proposal_hash, ..
		}) => Some((*proposal_index, *proposal_hash)),
		_ => None,
	})?;
	let vote = CouncilCall::vote { proposal: hash, index, approve: true };
	run(client, Alice, RuntimeCall::ConsortiumCouncil(vote)).await.map(drop)
}

/// Populates the chain; independent accounts act concurrently, in three rounds of what depends on the last.
async fn populate(client: &WsClient, work: &Path) -> Result<Population> {
	let genesis = genesis_hash(client).await?;

	// Identities and keys, the brokers, Eve's bond for her off-line payments.
	let (alice_key, bob_key, charlie_compromised, (), eve_key) = tokio::try_join!(
		async {
			let key = identity(client, genesis, Alice).await?;
			run(client, Alice, approve_broker(Ferdie, 3_600_000)).await?;
			run(client, Alice, approve_broker(One, SHORT_VALIDITY)).await?;
			Ok::<_, Error>(key)
		},
		identity(client, genesis, Bob),
		identity(client, genesis, Charlie),
		async {
			let (name, email) = identity_of(Dave)?;
			register(client, Dave, name, email).await
		},
		async {
			register(client, Eve, "Eve Example", "eve@example.org").await?;
			let key = add_signing_key(client, Eve, genesis, "explorer").await?;
			run(client, Eve, RuntimeCall::Micropay(pallet_micropay::Call::bond { amount: UNIT })).await?;
			Ok::<_, Error>(key)
		},
	)?;

	let document_file = work.join("contract.txt");
	let contents = b"The parties agree that the explorer shows what the chain holds.\n";
	std::fs::write(&document_file, contents)?;
	let document = H256(sp_io::hashing::blake2_256(contents));

	// Trust, messages, the email verification, the attestation and agreement, the coins; Charlie's key leaks.
	let (agreement, bobs_coin, charlie_key, (double_spent, to_charlie, to_dave)) = tokio::try_join!(
		async {
			let verify = pallet_key_ring::Call::verify_email {
				who: VERIFIED_EMAIL.to_account_id(),
				email_hash: email_hash(identity_of(VERIFIED_EMAIL)?.1),
			};
			run(client, Alice, RuntimeCall::KeyRing(verify)).await?;
			set_trust(client, Alice).await?;
			let signature = document_signature(genesis, document, Alice, SigningContext::Attestation, &alice_key);
			let attest =
				pallet_documents::Call::attest { document_hash: document, key_id: key_id(&alice_key), signature };
			run(client, Alice, RuntimeCall::Documents(attest)).await?;
			let create = pallet_documents::Call::create_agreement {
				document_hash: document,
				signers: vec![Alice.to_account_id(), Bob.to_account_id()],
				deadline: best_number(client).await? + 300,
			};
			let created = run(client, Alice, RuntimeCall::Documents(create)).await?;
			event(&created, |event| match event {
				RuntimeEvent::Documents(pallet_documents::Event::AgreementCreated { id, .. }) => Some(*id),
				_ => None,
			})
		},
		async {
			set_trust(client, Bob).await?;
			send_message(client, genesis, (Bob, Alice), b"Hello Alice, this is Bob.", &bob_key).await?;
			purchase(client, Bob, One).await
		},
		async {
			set_trust(client, Charlie).await?;
			send_message(client, genesis, (Charlie, Alice), b"Hello Alice, Charlie here.", &charlie_compromised)
				.await?;
			let revoke = pallet_key_ring::Call::revoke_key {
				key_id: key_id(&charlie_compromised),
				reason: RevocationReason::Compromised,
			};
			run(client, Charlie, RuntimeCall::KeyRing(revoke)).await?;
			add_signing_key(client, Charlie, genesis, "explorer-new").await
		},
		async {
			let (id, _) = purchase(client, Eve, Ferdie).await?;
			let issued = (&id, coin(client, &id).await?.issued_at);
			let to_charlie = sign_offline(genesis, &eve_key, issued, Eve, Charlie);
			let to_dave = sign_offline(genesis, &eve_key, issued, Eve, Dave);
			Ok::<_, Error>((id, to_charlie, to_dave))
		},
	)?;

	// The agreement's signatures, the open motion, the reissue, the double spend.
	let (bobs_coin, bobs_coin_issued_in) = bobs_coin;
	let ((), reissued, ()) = tokio::try_join!(
		async {
			sign_agreement(client, genesis, (agreement, document), Alice, &alice_key).await?;
			open_motion(client).await
		},
		async {
			sign_agreement(client, genesis, (agreement, document), Bob, &bob_key).await?;
			// Each block is at least a slot later than its parent: from this block on, the coin has expired.
			let expired_after = bobs_coin_issued_in + (SHORT_VALIDITY / MILLISECS_PER_BLOCK) as u32;
			wait_finalized(client, expired_after, Duration::from_secs(60)).await?;
			let reissue = pallet_micropay::Call::reissue { coin: bobs_coin.clone() };
			let reissued = run(client, Bob, RuntimeCall::Micropay(reissue)).await?;
			event(&reissued, |event| match event {
				RuntimeEvent::Micropay(pallet_micropay::Event::CoinReissued { new, .. }) => Some(new.clone()),
				_ => None,
			})
		},
		async {
			run(client, Charlie, to_charlie).await?;
			// The same seq again: refused as a payment, kept as the proof of Eve's double spend.
			let caught = execute(client, &Dave.pair(), to_dave).await?;
			event(&caught, |event| match event {
				RuntimeEvent::Micropay(pallet_micropay::Event::DoubleSpendDetected { .. }) => Some(()),
				_ => None,
			})
		},
	)?;

	Ok(Population {
		alice_key,
		bob_key,
		charlie_compromised,
		charlie_key,
		document,
		document_file,
		double_spent,
		reissue_chain: [bobs_coin, reissued],
	})
}

/// The first word the explorer shows for a validity.
fn validity_word(validity: ValidityJson) -> &'static str {
	match validity {
		ValidityJson::Ultimate => "ultimate",
		ValidityJson::Full => "full",
		ValidityJson::Marginal => "marginal",
		ValidityJson::Unknown => "unknown",
		ValidityJson::Never { .. } => "never",
		ValidityJson::NotRegistered => "not registered",
	}
}

fn reasons(reasons: &[ReasonJson]) -> Vec<String> {
	reasons.iter().map(|reason| format!("{reason:?}")).collect()
}

/// The expectations file's sections (explorer/README.md, "Tests against a populated chain") for everything but
/// the connection: what the population did, and what the node's RPC computes from it (validity, verdicts), after
/// checking that those are what the population meant.
async fn expectations(client: &WsClient, population: &Population) -> Result<Value> {
	let active = |key: &sr25519::Pair| json!({ "shortId": short_id(key), "status": "active" });
	let compromised =
		|key: &sr25519::Pair| json!({ "shortId": short_id(key), "status": "revoked", "reason": "compromised" });
	let mut identities = Vec::new();
	for (who, name, email) in IDENTITIES {
		let network: NetworkReportJson<AccountId> =
			client.request("trust_networkValidity", rpc_params![ss58(who)]).await?;
		let keys = match who {
			Alice => vec![active(&population.alice_key)],
			Bob => vec![active(&population.bob_key)],
			Charlie => vec![compromised(&population.charlie_compromised), active(&population.charlie_key)],
			_ => vec![],
		};
		let trusts: Vec<String> =
			TRUST.iter().filter(|(truster, ..)| *truster == who).map(|(_, target, _)| ss58(*target)).collect();
		let trusted_by: Vec<String> =
			TRUST.iter().filter(|(_, target, _)| *target == who).map(|(truster, ..)| ss58(*truster)).collect();
		// The network's roots are the members: Alice alone on the dev chain; she trusts Bob and Charlie fully, and
		// Dave is introduced by two marginal edges, not enough.
		let network_validity = validity_word(network.report.validity);
		let intended = match who {
			Alice => "ultimate",
			Bob | Charlie => "full",
			_ => "marginal",
		};
		assert_eq!(network_validity, intended, "{who:?} as the network sees it");
		identities.push(json!({
			"account": ss58(who),
			"displayName": name,
			"email": email,
			"emailState": if who == VERIFIED_EMAIL { "verified" } else { "unverified" },
			"keys": keys,
			"trusts": trusts,
			"trustedBy": trusted_by,
			"networkValidity": network_validity,
		}));
	}

	// Alice's view: Bob through her own full edge; Dave through two marginal introducers, not enough.
	let mut validity = Vec::new();
	for (target, expected, amount, paths) in [(Bob, ValidityJson::Full, 120, 1), (Dave, ValidityJson::Marginal, 80, 2)]
	{
		let report: ValidityReportJson<AccountId> =
			client.request("trust_validity", rpc_params![ss58(Alice), ss58(target)]).await?;
		assert_eq!((report.validity, report.amount, report.paths.len()), (expected, amount, paths), "{target:?}");
		validity.push(json!({
			"viewer": ss58(Alice),
			"target": ss58(target),
			"validity": validity_word(report.validity),
			"amount": report.amount,
			"paths": report.paths.len(),
		}));
	}

	// Alice's inbox, verdicts for her: Bob's message verified, Charlie's not (his key was compromised since).
	// Charlie's outbox as Bob reads it, who set no trust on Charlie.
	let mut messages = Vec::new();
	let inbox: PageJson<AccountId> =
		client.request("messages_inbox", rpc_params![ss58(Alice), None::<String>, None::<u64>, None::<u32>]).await?;
	let outbox: PageJson<AccountId> =
		client.request("messages_outbox", rpc_params![ss58(Charlie), ss58(Bob), None::<u64>, None::<u32>]).await?;
	assert_eq!(inbox.messages.len(), 2, "{inbox:?}");
	assert_eq!(outbox.messages.len(), 1, "{outbox:?}");
	for message in &inbox.messages {
		let verdict = &message.verdict;
		if message.from == Bob.to_account_id() {
			assert!(verdict.verified, "{message:?}");
		} else {
			assert!(!verdict.verified && verdict.reasons.contains(&ReasonJson::KeyCompromised), "{message:?}");
		}
		messages.push(json!({
			"account": ss58(Alice),
			"box": "inbox",
			"index": message.inbox_index,
			"verified": verdict.verified,
			"reasons": reasons(&verdict.reasons),
		}));
	}
	for message in &outbox.messages {
		assert!(!message.verdict.verified, "{message:?}");
		messages.push(json!({
			"account": ss58(Charlie),
			"box": "outbox",
			"reader": ss58(Bob),
			"index": message.counter,
			"verified": message.verdict.verified,
			"reasons": reasons(&message.verdict.reasons),
		}));
	}

	let report: DocumentJson<AccountId> = client.request("documents_verify", rpc_params![population.document]).await?;
	let mut signed_by = report.signed_by.clone();
	signed_by.sort();
	let mut signers = vec![Alice.to_account_id(), Bob.to_account_id()];
	signers.sort();
	assert_eq!((signed_by, report.attestations.len(), report.agreements.len()), (signers, 1, 1), "{report:?}");
	let documents = json!([{
		"hash": population.document,
		"file": population.document_file,
		"signedBy": report.signed_by.iter().map(ToString::to_string).collect::<Vec<_>>(),
		"attestations": report.attestations.len(),
		"agreements": report.agreements.len(),
	}]);

	let double_spent = coin(client, &population.double_spent).await?;
	assert_eq!((&double_spent.holder, double_spent.double_spends), (&Charlie.to_account_id(), 1));
	let [reissued, reissued_into] = &population.reissue_chain;
	assert!(
		matches!(coin(client, reissued).await?.state, CoinStateJson::Reissued { into, .. } if into == reissued_into.serial)
	);
	let chain: Vec<u64> = population.reissue_chain.iter().map(|id| id.serial).collect();
	let mut coins = Vec::new();
	for (id, reissue_chain) in [
		(&population.double_spent, vec![population.double_spent.serial]),
		(reissued, chain.clone()),
		(reissued_into, chain),
	] {
		let coin = coin(client, id).await?;
		coins.push(json!({
			"broker": id.broker.to_string(),
			"serial": id.serial,
			"holder": coin.holder.to_string(),
			"state": match coin.state {
				CoinStateJson::Active => "active",
				CoinStateJson::Reissued { .. } => "reissued",
				CoinStateJson::Redeemed { .. } => "redeemed",
			},
			"transfers": coin.history.len(),
			"reissueChain": reissue_chain,
			"doubleSpends": coin.double_spends,
		}));
	}

	let members: Value = client.request("consortium_members", rpc_params![]).await?;
	let accounts: Value = client.request("consortium_accounts", rpc_params![Value::Null, 1]).await?;
	let motions: Value = client.request("consortium_motions", rpc_params![]).await?;
	let motions: Vec<Value> = motions
		.as_array()
		.ok_or("motions")?
		.iter()
		.map(|motion| {
			let call =
				format!("{}.{}", motion["pallet"].as_str().unwrap_or("?"), motion["function"].as_str().unwrap_or("?"));
			json!({ "index": motion["index"], "call": call })
		})
		.collect();
	assert_eq!(motions, vec![json!({ "index": 0, "call": "Consortium.admit_account" })]);
	let governance = json!({
		"members": members["members"],
		"ayesNeeded": members["ayesNeeded"],
		"admittedAccounts": accounts["count"],
		"motions": motions,
	});

	Ok(json!({
		"identities": identities,
		"validity": validity,
		"messages": messages,
		"documents": documents,
		"coins": coins,
		"governance": governance,
	}))
}

/// What `npm test --prefix explorer` needs besides the node; `scripts/setup` installs all of it but Node.js.
fn check_explorer_prerequisites() -> Result<()> {
	const SETUP: &str = "run scripts/setup (it installs Debian's Chromium and the explorer's npm packages)";
	if !Command::new("npm").arg("--version").output().is_ok_and(|output| output.status.success()) {
		return Err(format!("npm not found: install Node.js 20 or newer, then {SETUP}").into());
	}
	let chromium = std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
	if !chromium.exists() {
		return Err(format!("no Chromium at {} (or $CHROMIUM): {SETUP}", chromium.display()).into());
	}
	if !repository_root().join("explorer/node_modules").is_dir() {
		return Err(format!("explorer/node_modules is missing: {SETUP}").into());
	}
	Ok(())
}

/// Runs the explorer's tests against the expectations file; their output is printed if they fail.
fn explorer_tests(expectations: &Path) -> Result<()> {
	let output = Command::new("npm")
		.args(["test", "--prefix", "explorer"])
		.current_dir(repository_root())
		.env("SIGIL_EXPLORER_EXPECTATIONS", expectations)
		.env("SIGIL_NODE", node_binary())
		.output()?;
	if !output.status.success() {
		println!("{}", String::from_utf8_lossy(&output.stdout));
		eprintln!("{}", String::from_utf8_lossy(&output.stderr));
		return Err(format!("npm test --prefix explorer failed ({}): its output is above", output.status).into());
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_explorer_shows_a_populated_chain_in_a_browser_through_rpc_and_a_light_client() -> Result<()> {
	check_explorer_prerequisites()?;
	let work = tempfile::Builder::new().prefix("sigil-explorer-").tempdir()?;

	// The node runs the spec the light client starts from, so that both have the same genesis.
	let spec = work.path().join("dev-raw.json");
	std::fs::write(&spec, node_command(&["build-spec", "--chain", "dev", "--raw"])?.stdout)?;
	let spec_arg = spec.to_str().ok_or("temporary path is not UTF-8")?;
	// A browser's light client reaches nodes over WebSocket only.
	let ws_port = free_port();
	let ws_listen = format!("/ip4/127.0.0.1/tcp/{ws_port}/ws");
	let (node, client) = start_dev_node_with("explorer", &["--chain", spec_arg, "--listen-addr", &ws_listen]).await?;
	let bootnode = format!("{ws_listen}/p2p/{}", local_peer_id(&client).await?);

	let population = populate(&client, work.path()).await.map_err(|e| format!("{e}\n{}", node.log_tail()))?;
	// The explorer reads the latest finalized block.
	wait_finalized(&client, best_number(&client).await?, Duration::from_secs(60)).await?;
	let mut expectations = expectations(&client, &population).await?;
	expectations["rpc"] = json!(node.ws_url());
	expectations["light"] = json!({ "chainSpec": spec, "bootnodes": [bootnode] });
	let expectations = serde_json::to_string_pretty(&expectations)?;
	println!("expectations: {expectations}");
	let file = work.path().join("expectations.json");
	std::fs::write(&file, expectations)?;

	// Minutes of browser tests: off the runtime's worker threads.
	tokio::task::spawn_blocking(move || explorer_tests(&file)).await?
}
