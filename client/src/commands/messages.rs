//! Messages, the paper's flow: `send` seals the body to the recipient's encryption key and signs it with the
//! sender's ring key; `inbox` and `read` decrypt and show the chain's verdict; `clear` removes one.

use std::{collections::BTreeMap, path::PathBuf};

use anyhow::{bail, Context as _, Result};
use clap::Args;
use codec::Encode;
use serde_json::{json, Value};
use sigil_primitives::{KeyPurpose, KeyStatus, MessagePayload};
use subxt::utils::Static;

use super::{identity::status_name, trust::validity_name, Context};
use crate::{
	chain::{api, AccountId, Chain},
	keyring::Purpose,
	output::{hex0x, safe, safe_multiline, time},
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
	/// Show messages older than this message id (the next page).
	#[arg(long)]
	before: Option<u64>,
}

#[derive(Args)]
pub struct ReadArgs {
	/// The message id.
	id: u64,
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
	let counter = at.storage().fetch(api::storage().messages().sent_count(), (from.clone(),)).await?.decode()?;
	let payload =
		MessagePayload::new(chain.genesis_hash(), wallet.account_id32(), wallet::runtime_account(&to), &body, counter);
	let signature = wallet::sign(signing_key, &payload.encode());
	let key_id = wallet::key_id(signing_key);
	let call = api::tx().messages().send(to.clone(), body, crate::chain::h256(key_id), Static(signature));
	let done = chain.submit(&call, &wallet.signer(), "send").await?;
	let id = done
		.events
		.find_first::<api::messages::events::MessageSent>()
		.transpose()?
		.map(|event| event.id)
		.context("the message was sent but its event is missing")?;
	ctx.out.emit(
		json!({ "id": id, "to": to.to_string(), "encryptedTo": sealed_to.map(hex0x), "block": done.block_number }),
		|| {
			format!(
				"Sent message #{id} to {to} ({}), final in block #{}",
				match sealed_to {
					Some(key) => format!("encrypted to key {}", hex::encode(&key[24..])),
					None => "not encrypted".into(),
				},
				done.block_number
			)
		},
	);
	Ok(())
}

/// The recipient's newest active encryption key: its id and ed25519 public key.
async fn encryption_key(chain: &Chain, who: &AccountId) -> Result<Option<([u8; 32], [u8; 32])>> {
	let keys = chain.query(api::runtime_apis().key_ring_api().keys_of(who.clone())).await?;
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
		"id": message.id,
		"from": message.from.to_string(),
		"fromName": names.get(&message.from),
		"to": message.to.to_string(),
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

fn message_text(message: &MessageView, body: &Body, names: &BTreeMap<AccountId, String>, full: bool) -> String {
	let sender = match names.get(&message.from) {
		Some(name) => format!("{} ({})", safe(name), message.from),
		None => message.from.to_string(),
	};
	let mut text = format!("#{}  from {sender}\n     sent {}\n", message.id, time(message.sent_at));
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

/// Display names of the senders, for showing who wrote.
async fn names(chain: &Chain, messages: &[MessageView]) -> Result<BTreeMap<AccountId, String>> {
	let mut names = BTreeMap::new();
	for message in messages {
		if names.contains_key(&message.from) {
			continue;
		}
		if let Some(identity) = chain.query(api::runtime_apis().key_ring_api().identity(message.from.clone())).await? {
			names.insert(message.from.clone(), String::from_utf8_lossy(&identity.display_name).into_owned());
		}
	}
	Ok(names)
}

pub async fn inbox(ctx: &Context, args: InboxArgs) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let me = wallet.account_id();
	let page =
		chain.query(api::runtime_apis().messages_api().inbox(me.clone(), Some(me.clone()), args.before, PAGE)).await?;
	let names = names(&chain, &page.messages).await?;
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
				text.push_str(&message_text(message, body, &names, false));
			}
			text.push_str(&format!("\nUnverified ({})\n", unverified.len()));
			for (message, body) in &unverified {
				text.push_str(&message_text(message, body, &names, false));
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
	let message = chain
		.query(api::runtime_apis().messages_api().message(args.id, Some(me.clone())))
		.await?
		.with_context(|| format!("no message #{}", args.id))?;
	let body = open_body(&wallet, &message);
	let names = names(&chain, std::slice::from_ref(&message)).await?;
	ctx.out.emit(message_json(&message, &body, &names), || {
		// The verdict comes first: nothing in the body, printed after it, can pass for the verdict.
		let verdict = if message.verdict.verified { "VERIFIED" } else { "UNVERIFIED" };
		format!("{verdict}\n{}", message_text(&message, &body, &names, true))
	});
	Ok(())
}

pub async fn clear(ctx: &Context, args: ReadArgs) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let done = chain.submit(&api::tx().messages().clear(args.id), &wallet.signer(), "clear").await?;
	ctx.out.emit(json!({ "cleared": args.id, "block": done.block_number }), || {
		format!("Cleared message #{} (block #{})", args.id, done.block_number)
	});
	Ok(())
}
