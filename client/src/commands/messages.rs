//! Messages, the paper's flow: `send` seals the body to the recipient's encryption key and signs it with the
//! sender's ring key; `inbox` and `read` decrypt and show the chain's verdict; `clear` removes one; `advance` keeps a
//! deposit held for the messages one sends.
//!
//! On chain a message is named by its sender and the sender's counter (how many messages the sender sent before
//! it). A reader names the messages of their own inbox by their position in it (`#N` in `sigil inbox`), which the
//! client looks up as (sender, counter); a sender names their own by the counter `send` printed (`read --sent`).

use std::{collections::BTreeMap, path::PathBuf};

use anyhow::{bail, Context as _, Result};
use clap::Args;
use codec::Encode;
use serde_json::{json, Value};
use sigil_primitives::{KeyPurpose, KeyStatus, MessagePayload};
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockT},
	utils::Static,
};

use super::{identity::status_name, trust::validity_name, Context};
use crate::{
	chain::{api, AccountId, Chain, Config},
	keyring::Purpose,
	output::{amount, hex0x, parse_amount, safe, safe_multiline, time},
	seal,
	wallet::{self, Wallet},
};

type MessageView = api::runtime_types::pallet_messages_runtime_api::MessageView<AccountId>;
type Unverified = api::runtime_types::pallet_messages_runtime_api::Unverified;

/// The most messages `inbox` shows at once.
const PAGE: u32 = 50;

#[derive(Args)]
pub struct SendArgs {
	/// The recipient: account, email address or key id.
	to: String,
	/// The message (or --file).
	text: Option<String>,
	/// Send the contents of FILE instead.
	#[arg(long, conflicts_with = "text")]
	file: Option<PathBuf>,
	/// Send without encryption when the recipient has no encryption key (anyone can read it on chain).
	#[arg(long)]
	plaintext: bool,
	/// Sign with this signing key (default: your newest).
	#[arg(long)]
	key: Option<String>,
}

#[derive(Args)]
pub struct InboxArgs {
	/// Show messages older than this inbox position (the next page).
	#[arg(long)]
	before: Option<u64>,
}

#[derive(Args)]
pub struct ReadArgs {
	/// The message's position in your inbox (`#N` in `sigil inbox`).
	number: u64,
	/// Read a message you sent instead: NUMBER is its counter, as `sigil send` printed it.
	#[arg(long)]
	sent: bool,
}

#[derive(Args)]
pub struct ClearArgs {
	/// The message's position in your inbox (`#N` in `sigil inbox`).
	number: u64,
}

#[derive(Args)]
pub struct AdvanceArgs {
	/// The SGL to keep held for your messages' deposits (0: hold only what your stored messages owe).
	amount: String,
}

pub async fn send(ctx: &Context, args: SendArgs) -> Result<()> {
	let body = match (&args.text, &args.file) {
		(Some(text), None) => text.clone().into_bytes(),
		(None, Some(file)) => std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?,
		_ => bail!("give the message as text or with --file"),
	};
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let signing_key = wallet.signing_key(&chain, args.key.as_deref()).await?;
	let to = ctx.target(&chain, &args.to).await?;
	let from = wallet.account_id();
	let recipient_key = encryption_key(&chain, &to).await?;
	let (body, sealed_to) = match recipient_key {
		Some((key_id, public)) => (seal::seal(&public, &body, &associated_data(&from, &to))?, Some(key_id)),
		None if args.plaintext => (body, None),
		None => bail!(
			"{to} has no active encryption key, so the message cannot be encrypted to them; nothing was sent (use \
			 --plaintext to send it readable by anyone)"
		),
	};
	let max = chain.constant(api::constants().messages().max_body_length()).await?;
	if body.len() > max as usize {
		bail!(
			"the message is {} bytes{}, more than the chain's {max}",
			body.len(),
			if sealed_to.is_some() { " encrypted" } else { "" }
		);
	}
	let at = chain.at_finalized().await?;
	let counter = at.storage().fetch(api::storage().messages().senders(), (from,)).await?.decode()?.sent;
	let payload =
		MessagePayload::new(chain.genesis_hash(), wallet.account_id32(), wallet::runtime_account(&to), &body, counter);
	let signature = wallet::sign(signing_key, &payload.encode());
	let key_id = wallet::key_id(signing_key);
	let call = api::tx().messages().send(to, body, crate::chain::h256(key_id), Static(signature));
	let done = chain.submit(&call, &wallet.signer(), "send").await?;
	let sent = done
		.events
		.find_first::<api::messages::events::MessageSent>()
		.transpose()?
		.context("the message was sent but its event is missing")?;
	ctx.out.emit(
		json!({ "from": from.to_string(), "counter": sent.counter, "to": to.to_string(), "inboxIndex": sent.inbox_index,
			"encryptedTo": sealed_to.map(hex0x), "block": done.block_number }),
		|| {
			format!(
				"Sent message #{} to {to} ({}), final in block #{}; it is #{} in their inbox",
				sent.counter,
				match sealed_to {
					Some(key) => format!("encrypted to key {}", hex::encode(&key[24..])),
					None => "not encrypted".into(),
				},
				done.block_number,
				sent.inbox_index
			)
		},
	);
	Ok(())
}

/// The recipient's newest active encryption key: its id and ed25519 public key.
async fn encryption_key(chain: &Chain, who: &AccountId) -> Result<Option<([u8; 32], [u8; 32])>> {
	let keys = chain.query(api::runtime_apis().key_ring_api().keys_of(*who)).await?;
	Ok(keys
		.iter()
		.filter(|key| key.purpose.0 == KeyPurpose::Encryption && key.status.0 == KeyStatus::Active)
		.filter_map(|key| match &key.public.0 {
			sigil_primitives::PublicKey::Ed25519(public) => Some((key.added_at, key.key_id.0, public.0)),
			_ => None,
		})
		.max_by_key(|(added_at, _, _)| *added_at)
		.map(|(_, key_id, public)| (key_id, public)))
}

/// What a sealed body is bound to besides the recipient's key: sender and recipient, so that it cannot be passed
/// off between other parties.
fn associated_data(from: &AccountId, to: &AccountId) -> Vec<u8> {
	[from.0.as_slice(), to.0.as_slice()].concat()
}

/// The body as the reader sees it: decrypted with one of the reader's encryption keys, or as sent.
enum Body {
	Decrypted(String),
	Plain(String),
	/// Sealed to a key this key ring does not hold.
	Unreadable,
}

fn open_body(wallet: &Wallet, message: &MessageView) -> Body {
	let aad = associated_data(&message.from, &message.to);
	if seal::is_sealed(&message.body) {
		for key in wallet.ring_keys(Purpose::Encryption) {
			if let Ok(plain) = seal::open(&key.seed, &message.body, &aad) {
				return Body::Decrypted(String::from_utf8_lossy(&plain).into_owned());
			}
		}
	}
	// Not sealed, or sealed to none of our keys: a plaintext body may start like a sealed one.
	match std::str::from_utf8(&message.body) {
		Ok(text) => Body::Plain(text.to_string()),
		Err(_) => Body::Unreadable,
	}
}

fn reason_text(reason: &Unverified, message: &MessageView) -> String {
	match reason {
		Unverified::BadSignature => "the signature does not verify".into(),
		Unverified::KeyNotActiveWhenSent => format!(
			"the sender's key was not active when it was sent ({})",
			message.verdict.key_status_at_sending.as_ref().map(|status| status_name(&status.0)).unwrap_or_default()
		),
		Unverified::SenderNotRegistered => "the sender has no registered identity".into(),
		Unverified::SenderNotTrusted => format!(
			"you do not trust the sender enough (validity {})",
			message.verdict.sender_trust.as_ref().map(|trust| validity_name(&trust.validity.0)).unwrap_or("unknown")
		),
		Unverified::TrustUnknown => "the trust search was cut short before it found the sender".into(),
		Unverified::KeyCompromised => "the sender's key was revoked as compromised".into(),
	}
}

/// Notes that do not unverify a message but that its reader should see.
fn notes(message: &MessageView) -> Vec<String> {
	let mut notes = Vec::new();
	if let (Some(Static(KeyStatus::Active)), Some(Static(KeyStatus::Revoked { revoked_at, reason }))) =
		(&message.verdict.key_status_at_sending, &message.verdict.key_status_now)
	{
		notes.push(format!(
			"the key was revoked after sending ({}, {})",
			format!("{reason:?}").to_lowercase(),
			time(*revoked_at)
		));
	}
	notes
}

fn message_json(message: &MessageView, body: &Body, names: &BTreeMap<AccountId, String>) -> Value {
	let (text, state) = match body {
		Body::Decrypted(text) => (Some(text.clone()), "decrypted"),
		Body::Plain(text) => (Some(text.clone()), "plaintext"),
		Body::Unreadable => (None, "unreadable"),
	};
	json!({
		"inboxIndex": message.inbox_index,
		"from": message.from.to_string(),
		"fromName": names.get(&message.from),
		"counter": message.counter,
		"to": message.to.to_string(),
		"toName": names.get(&message.to),
		"sentAt": message.sent_at,
		"keyId": hex0x(message.key_id.0),
		"verified": message.verdict.verified,
		"reasons": message.verdict.reasons.iter().map(|reason| reason_text(reason, message)).collect::<Vec<_>>(),
		"notes": notes(message),
		"body": text,
		"bodyState": state,
		"ciphertext": if matches!(body, Body::Decrypted(_) | Body::Unreadable) { Some(hex0x(&message.body)) } else { None },
	})
}

/// How a message is named to the person shown it.
#[derive(Clone, Copy)]
enum Seen {
	/// In their inbox: by its position there, with its sender.
	Received,
	/// Among the messages they sent: by its counter, with its recipient.
	Sent,
}

fn message_text(
	message: &MessageView,
	body: &Body,
	names: &BTreeMap<AccountId, String>,
	seen: Seen,
	full: bool,
) -> String {
	let named = |who: &AccountId| match names.get(who) {
		Some(name) => format!("{} ({who})", safe(name)),
		None => who.to_string(),
	};
	let mut text = match seen {
		Seen::Received => format!("#{}  from {}\n", message.inbox_index, named(&message.from)),
		Seen::Sent => format!("your message #{}  to {}\n", message.counter, named(&message.to)),
	};
	text.push_str(&format!("     sent {}\n", time(message.sent_at)));
	for reason in &message.verdict.reasons {
		text.push_str(&format!("     unverified: {}\n", reason_text(reason, message)));
	}
	for note in notes(message) {
		text.push_str(&format!("     note: {note}\n"));
	}
	let shown = match body {
		Body::Decrypted(text) | Body::Plain(text) => text.clone(),
		Body::Unreadable => "(encrypted to a key this key ring does not hold)".into(),
	};
	if full {
		text.push_str(&format!("\n{}\n", safe_multiline(&shown)));
	} else {
		let first: String = shown.lines().next().unwrap_or("").chars().take(100).collect();
		let more = if first.len() < shown.len() { " ..." } else { "" };
		text.push_str(&format!("     {}{more}\n", safe(&first)));
	}
	text
}

/// Display names of `accounts` (the senders, for showing who wrote; the recipients, for one's own messages).
async fn names(chain: &Chain, accounts: impl IntoIterator<Item = &AccountId>) -> Result<BTreeMap<AccountId, String>> {
	let mut names = BTreeMap::new();
	let mut looked_up = std::collections::BTreeSet::new();
	for who in accounts {
		if !looked_up.insert(*who) {
			continue;
		}
		if let Some(identity) = chain.query(api::runtime_apis().key_ring_api().identity(*who)).await? {
			names.insert(*who, String::from_utf8_lossy(&identity.display_name).into_owned());
		}
	}
	Ok(names)
}

pub async fn inbox(ctx: &Context, args: InboxArgs) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let me = wallet.account_id();
	let page = chain.query(api::runtime_apis().messages_api().inbox(me, Some(me), args.before, PAGE)).await?;
	let names = names(&chain, page.messages.iter().map(|message| &message.from).chain([&me])).await?;
	let bodies: Vec<Body> = page.messages.iter().map(|message| open_body(&wallet, message)).collect();
	let (verified, unverified): (Vec<_>, Vec<_>) =
		page.messages.iter().zip(&bodies).partition(|(message, _)| message.verdict.verified);
	ctx.out.emit(
		json!({
			// How many messages the inbox ever received (cleared ones included).
			"received": page.total,
			"nextBefore": page.next_before,
			"verified": verified.iter().map(|(message, body)| message_json(message, body, &names)).collect::<Vec<_>>(),
			"unverified": unverified.iter().map(|(message, body)| message_json(message, body, &names)).collect::<Vec<_>>(),
		}),
		|| {
			let mut text = format!("Inbox of {me} ({} received in all)\n", page.total);
			text.push_str(&format!("\nVerified ({})\n", verified.len()));
			for (message, body) in &verified {
				text.push_str(&message_text(message, body, &names, Seen::Received, false));
			}
			text.push_str(&format!("\nUnverified ({})\n", unverified.len()));
			for (message, body) in &unverified {
				text.push_str(&message_text(message, body, &names, Seen::Received, false));
			}
			if let Some(before) = page.next_before {
				text.push_str(&format!("\nOlder messages: `sigil inbox --before {before}`\n"));
			}
			text
		},
	);
	Ok(())
}

pub async fn read(ctx: &Context, args: ReadArgs) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let me = wallet.account_id();
	let at = chain.at_finalized().await?;
	let (from, counter, seen) = if args.sent {
		(me, args.number, Seen::Sent)
	} else {
		let (from, counter) = inbox_slot(&at, &me, args.number).await?;
		(from, counter, Seen::Received)
	};
	let message = at
		.runtime_apis()
		.call(api::runtime_apis().messages_api().message(from, counter, Some(me)))
		.await
		.context("the node could not answer the query")?;
	let message = match (message, seen) {
		(Some(message), _) => message,
		(None, Seen::Received) => bail!("message #{} of your inbox was cleared", args.number),
		(None, Seen::Sent) => {
			let sent = at.storage().fetch(api::storage().messages().senders(), (me,)).await?.decode()?.sent;
			if args.number < sent {
				bail!("your message #{} was cleared by its recipient", args.number)
			}
			bail!("you have not sent a message #{}: {}", args.number, numbered("you sent", sent))
		}
	};
	let body = open_body(&wallet, &message);
	let names = names(&chain, [&message.from, &message.to]).await?;
	ctx.out.emit(message_json(&message, &body, &names), || {
		// The verdict comes first: nothing in the body, printed after it, can pass for the verdict.
		let verdict = if message.verdict.verified { "VERIFIED" } else { "UNVERIFIED" };
		format!("{verdict}\n{}", message_text(&message, &body, &names, seen, true))
	});
	Ok(())
}

pub async fn clear(ctx: &Context, args: ClearArgs) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let me = wallet.account_id();
	let at = chain.at_finalized().await?;
	let (from, counter) = inbox_slot(&at, &me, args.number).await?;
	let done = chain.submit(&api::tx().messages().clear(from, counter), &wallet.signer(), "clear").await?;
	ctx.out.emit(
		json!({ "inboxIndex": args.number, "from": from.to_string(), "counter": counter, "block": done.block_number }),
		|| {
			format!(
				"Cleared message #{} from {from} (block #{}); the sender owes its deposit no more",
				args.number, done.block_number
			)
		},
	);
	Ok(())
}

pub async fn advance(ctx: &Context, args: AdvanceArgs) -> Result<()> {
	let value = parse_amount(&args.amount)?;
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let done = chain.submit(&api::tx().messages().set_advance(value), &wallet.signer(), "advance").await?;
	let set = done
		.events
		.find_first::<api::messages::events::AdvanceSet>()
		.transpose()?
		.context("the advance was set but its event is missing")?;
	ctx.out.emit(
		json!({ "advance": set.advance.to_string(), "held": set.held.to_string(), "block": done.block_number }),
		|| {
			format!(
				"Keeping {} in advance for your messages' deposits; {} held for messages now (block #{})",
				amount(set.advance),
				amount(set.held),
				done.block_number
			)
		},
	);
	Ok(())
}

/// The sender and counter of the message at position `index` of `me`'s inbox; an error naming why there is none.
async fn inbox_slot(
	at: &ClientAtBlock<Config, impl OnlineClientAtBlockT<Config>>,
	me: &AccountId,
	index: u64,
) -> Result<(AccountId, u64)> {
	if let Some(slot) = at.storage().try_fetch(api::storage().messages().inbox(), (*me, index)).await? {
		return Ok(slot.decode()?);
	}
	let received = at.storage().fetch(api::storage().messages().received_count(), (*me,)).await?.decode()?;
	if index < received {
		bail!("message #{index} of your inbox was cleared");
	}
	bail!("there is no message #{index} in your inbox: {}", numbered("it received", received))
}

/// `what` and how many messages, numbered from #0: "it received 2 (#0 to #1)".
fn numbered(what: &str, count: u64) -> String {
	match count {
		0 => format!("{what} none"),
		1 => format!("{what} 1 (#0)"),
		_ => format!("{what} {count} (#0 to #{})", count - 1),
	}
}
