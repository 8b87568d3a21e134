//! Identity and keys: `account`, `transfer`, `register`, `whois`, `key add|revoke|list|import-gpg`, `forget`.

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand, ValueEnum};
use codec::Encode;
use serde_json::{json, Value};
use sigil_primitives::{KeyPossessionPayload, KeyPurpose, KeyStatus, RevocationReason};
use subxt::utils::Static;

use super::Context;
use crate::{
	chain::{api, was_refused, AccountId},
	keyring::{Purpose, Scheme},
	output::{amount, hex0x, parse_amount, parse_duration, safe, time},
	resolve,
	wallet::{self, purpose_name},
};

#[derive(Args)]
pub struct TransferArgs {
	/// Who receives the tokens (account, email address or key id).
	to: String,
	/// How much, in SGL (e.g. 1.5).
	amount: String,
}

#[derive(Args)]
pub struct RegisterArgs {
	/// The name others see.
	#[arg(long)]
	name: String,
	/// Your email address: only its hash goes on chain (trimmed and lower-cased first, here).
	#[arg(long)]
	email: String,
}

#[derive(Args)]
pub struct WhoisArgs {
	/// An account (SS58 or 0x hex), an email address, or a key id (full or the 16-digit short id).
	who: String,
	/// Whose trust to show besides the network's (default: your key ring's account, if you have one).
	#[arg(long = "as")]
	viewer: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PurposeArg {
	Signing,
	Encryption,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SchemeArg {
	Ed25519,
	Sr25519,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReasonArg {
	/// Replaced by a newer key: signatures made before stay good.
	Superseded,
	/// The private key leaked: signatures made before are suspect too.
	Compromised,
	/// No longer used.
	Retired,
}

#[derive(Subcommand)]
pub enum KeyCommand {
	/// Generate a ring key, prove its possession and publish it in your identity.
	Add {
		#[arg(long, value_enum)]
		purpose: PurposeArg,
		/// Signature scheme (signing keys; encryption keys are always ed25519).
		#[arg(long, value_enum, default_value = "ed25519")]
		scheme: SchemeArg,
		/// The key expires this long from now (e.g. 365d, 52w).
		#[arg(long)]
		expires: Option<String>,
	},
	/// Revoke one of your keys (its full or short id).
	Revoke {
		key_id: String,
		#[arg(long, value_enum)]
		reason: ReasonArg,
		/// For a gpg key: its revocation certificate (`gpg --gen-revoke`, or the one gpg keeps in
		/// $GNUPGHOME/openpgp-revocs.d), kept on chain so that `gpg --refresh-keys` learns of the revocation.
		#[arg(long, value_name = "FILE")]
		revocation: Option<std::path::PathBuf>,
	},
	/// Bind an Ed25519 key of your gpg keyring to your identity: gpg signs the proof of possession, so its
	/// private key stays with gpg.
	ImportGpg {
		/// The key's fingerprint, as `gpg --list-keys` shows it.
		fingerprint: String,
		/// Publish its public key (`gpg --export`) with its user IDs, for key servers to serve.
		#[arg(long)]
		publish: bool,
		/// The key expires on chain this long from now (e.g. 365d).
		#[arg(long)]
		expires: Option<String>,
	},
	/// Your keys as the chain sees them.
	List,
}

pub async fn account(ctx: &Context) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let who = wallet.account_id();
	let at = chain.at_finalized().await?;
	let info = at.storage().fetch(api::storage().system().account(), (who,)).await?.decode()?;
	let admitted = chain.query(api::runtime_apis().consortium_api().admission(who)).await?.is_some();
	let identity = chain.query(api::runtime_apis().key_ring_api().identity(who)).await?;
	ctx.out.emit(
		json!({
			"account": who.to_string(),
			"free": info.data.free.to_string(),
			"reserved": info.data.reserved.to_string(),
			"admitted": admitted,
			"registered": identity.as_ref().is_some_and(|identity| identity.forgotten_at.is_none()),
		}),
		|| {
			format!(
				"Account  {who}\nBalance  {} free, {} held\nAdmitted {}\nIdentity {}",
				amount(info.data.free),
				amount(info.data.reserved),
				if admitted { "yes" } else { "no: a consortium member must admit the account" },
				match &identity {
					Some(identity) if identity.forgotten_at.is_none() =>
						safe(&String::from_utf8_lossy(&identity.display_name)),
					_ => "not registered (`sigil register`)".into(),
				}
			)
		},
	);
	Ok(())
}

pub async fn transfer(ctx: &Context, args: TransferArgs) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let to = ctx.target(&chain, &args.to).await?;
	let value = parse_amount(&args.amount)?;
	let call = api::tx().balances().transfer_keep_alive(subxt::utils::MultiAddress::Id(to), value);
	let done = chain.submit(&call, &wallet.signer(), "transfer").await?;
	ctx.out.emit(json!({ "to": to.to_string(), "amount": value.to_string(), "block": done.block_number }), || {
		format!("Sent {} to {to} (block #{})", amount(value), done.block_number)
	});
	Ok(())
}

pub async fn register(ctx: &Context, args: RegisterArgs) -> Result<()> {
	if !args.email.contains('@') {
		bail!("{:?} is not an email address", args.email);
	}
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let email_hash = resolve::email_hash(&args.email);
	let call = api::tx().key_ring().register(args.name.clone().into_bytes(), email_hash);
	let done = chain.submit(&call, &wallet.signer(), "register").await?;
	ctx.out.emit(
		json!({ "account": wallet.account_id().to_string(), "name": args.name, "emailHash": hex0x(email_hash.0),
			"block": done.block_number }),
		|| {
			format!(
				"Registered {} as {:?} (block #{}).\nNext: `sigil key add --purpose signing` and `sigil key add --purpose \
				 encryption`.",
				wallet.account_id(),
				args.name,
				done.block_number
			)
		},
	);
	Ok(())
}

type KeyInfo = api::runtime_types::pallet_key_ring_runtime_api::KeyInfo<AccountId>;
type Verification = api::runtime_types::pallet_key_ring_runtime_api::Verification<AccountId>;

/// What is wrong with a signature the key ring checked as `signer`'s, if anything.
pub fn verification_problem(verification: &Verification, signer: &AccountId) -> Option<String> {
	match verification {
		Verification::UnknownKey => Some("the signing key is not on the chain".into()),
		Verification::MalformedSignature => Some("the signature is malformed".into()),
		Verification::Checked { key, signature_valid, status_at, .. } => {
			if key.owner != *signer {
				Some(format!("the signing key belongs to {}, not to the signer", key.owner))
			} else if key.purpose.0 != KeyPurpose::Signing {
				Some("the key is not a signing key".into())
			} else if !signature_valid {
				Some("the signature does not verify".into())
			} else if !status_at.0.is_active() {
				Some(format!("the key was {} when it signed", status_name(&status_at.0)))
			} else {
				None
			}
		}
	}
}

pub fn key_json(key: &KeyInfo) -> Value {
	json!({
		"keyId": hex0x(key.key_id.0),
		"shortId": hex::encode(key.short_id.0 .0),
		"type": format!("{:?}", key.public.key_type()).to_lowercase(),
		"purpose": format!("{:?}", key.purpose.0).to_lowercase(),
		"addedAt": key.added_at,
		"expiresAt": key.expires_at,
		"revoked": key.revoked.as_ref().map(|(at, reason)| json!({ "at": at, "reason": format!("{:?}", reason.0).to_lowercase() })),
		"status": status_name(&key.status.0),
	})
}

/// A key's status in a word or two.
pub fn status_name(status: &KeyStatus) -> String {
	match status {
		KeyStatus::Active => "active".into(),
		KeyStatus::NotYetAdded { .. } => "not yet added".into(),
		KeyStatus::Expired { .. } => "expired".into(),
		KeyStatus::Revoked { reason, .. } => format!("revoked ({})", format!("{reason:?}").to_lowercase()),
	}
}

/// A key's life as lines: added, expiry, revocation.
fn key_history(key: &KeyInfo) -> String {
	let mut text = format!(
		"  {}  {} {:<10} {}\n     {}\n     added {}",
		hex::encode(key.short_id.0 .0),
		format!("{:?}", key.public.key_type()).to_lowercase(),
		format!("{:?}", key.purpose.0).to_lowercase(),
		status_name(&key.status.0),
		hex0x(key.key_id.0),
		time(key.added_at)
	);
	if let Some(expires_at) = key.expires_at {
		text.push_str(&format!(", expires {}", time(expires_at)));
	}
	if let Some((revoked_at, reason)) = &key.revoked {
		text.push_str(&format!(", revoked {} ({})", time(*revoked_at), format!("{:?}", reason.0).to_lowercase()));
	}
	text.push('\n');
	text
}

pub async fn whois(ctx: &Context, args: WhoisArgs) -> Result<()> {
	let chain = ctx.chain().await?;
	let who = ctx.lookup(&chain, &args.who).await?;
	let viewer = match &args.viewer {
		Some(viewer) => Some(ctx.lookup(&chain, viewer).await?),
		None if ctx.keyring_path.exists() => Some(ctx.wallet()?.account_id()),
		None => None,
	};
	let apis = api::runtime_apis();
	let identity = chain.query(apis.key_ring_api().identity(who)).await?;
	let keys = chain.query(apis.key_ring_api().keys_of(who)).await?;
	let email_verified = match identity.as_ref().and_then(|identity| identity.email_hash) {
		Some(hash) => chain
			.query(apis.key_ring_api().email_claim(hash))
			.await?
			.filter(|claim| claim.account == who)
			.and_then(|claim| claim.verified_by),
		None => None,
	};
	let network = chain.query(apis.owner_trust_api().network_validity(who)).await?;
	let mine = match &viewer {
		Some(viewer) => Some(chain.query(apis.owner_trust_api().validity(*viewer, who)).await?),
		None => None,
	};
	let json = json!({
		"account": who.to_string(),
		"identity": identity.as_ref().map(|identity| json!({
			"name": String::from_utf8_lossy(&identity.display_name),
			"emailHash": identity.email_hash.map(|hash| hex0x(hash.0)),
			"emailVerifiedBy": email_verified.as_ref().map(ToString::to_string),
			"registeredAt": identity.registered_at,
			"forgottenAt": identity.forgotten_at,
		})),
		"keys": keys.iter().map(key_json).collect::<Vec<_>>(),
		"network": super::trust::report_json(&network),
		"viewer": viewer.as_ref().map(ToString::to_string),
		"fromViewer": mine.as_ref().map(super::trust::report_json),
	});
	ctx.out.emit(json, || {
		let mut text = format!("Account   {who}\n");
		match &identity {
			None => text.push_str("Identity  none registered\n"),
			Some(identity) => {
				text.push_str(&format!("Name      {}\n", safe(&String::from_utf8_lossy(&identity.display_name))));
				if let Some(hash) = identity.email_hash {
					let verified = match &email_verified {
						Some(member) => format!("verified by {member}"),
						None => "not verified".into(),
					};
					text.push_str(&format!("Email     hash {} ({verified})\n", hex0x(hash.0)));
				}
				text.push_str(&format!("Since     {}\n", time(identity.registered_at)));
				if let Some(forgotten_at) = identity.forgotten_at {
					text.push_str(&format!("Forgotten {}\n", time(forgotten_at)));
				}
			}
		}
		text.push_str(&format!("Keys      {}\n", keys.len()));
		for key in &keys {
			text.push_str(&key_history(key));
		}
		text.push_str(&format!("Network   {}\n", super::trust::report_line(&network)));
		text.push_str(&super::trust::paths_text(&network));
		if let (Some(viewer), Some(mine)) = (&viewer, &mine) {
			text.push_str(&format!("You ({viewer})\n          {}\n", super::trust::report_line(mine)));
			text.push_str(&super::trust::paths_text(mine));
		}
		text
	});
	Ok(())
}

pub async fn key(ctx: &Context, command: KeyCommand) -> Result<()> {
	match command {
		KeyCommand::Add { purpose, scheme, expires } => add_key(ctx, purpose, scheme, expires).await,
		KeyCommand::Revoke { key_id, reason, revocation } => {
			revoke_key(ctx, &key_id, reason, revocation.as_deref()).await
		}
		KeyCommand::ImportGpg { fingerprint, publish, expires } => {
			super::gpg::import(ctx, &fingerprint, publish, expires).await
		}
		KeyCommand::List => {
			let mut wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let keys = chain.query(api::runtime_apis().key_ring_api().keys_of(wallet.account_id())).await?;
			let on_chain: Vec<[u8; 32]> = keys.iter().map(|key| key.key_id.0).collect();
			let (settled, dropped) = settle(&mut wallet, &on_chain);
			if settled + dropped > 0 {
				wallet.save()?;
			}
			ctx.out.emit(json!({ "keys": keys.iter().map(key_json).collect::<Vec<_>>() }), || {
				let mut text = String::new();
				for key in &keys {
					let held = wallet.keyring.keys.iter().any(|ring| ring.key_id == key.key_id.0);
					text.push_str(&key_history(key));
					if !held {
						text.push_str("     (its private key is not in this key ring)\n");
					}
				}
				if keys.is_empty() {
					text.push_str("No keys on chain yet: `sigil key add --purpose signing`.");
				}
				text
			});
			Ok(())
		}
	}
}

/// How long a submitted key may stay pending before it is given up: far longer than a transaction lives (subxt makes
/// them mortal for 32 blocks, about a minute).
const PENDING_KEY_LIFETIME_SECS: u64 = 600;

/// Settles pending ring keys: those the chain holds (`on_chain`) are settled, those it does not hold long after their
/// transaction could have landed are dropped. How many of each.
fn settle(wallet: &mut crate::wallet::Wallet, on_chain: &[[u8; 32]]) -> (usize, usize) {
	let now = wallet::unix_now();
	let (mut settled, before) = (0, wallet.keyring.keys.len());
	for key in wallet.keyring.keys.iter_mut().filter(|key| key.pending && on_chain.contains(&key.key_id)) {
		key.pending = false;
		settled += 1;
	}
	wallet.keyring.keys.retain(|key| {
		!key.pending || on_chain.contains(&key.key_id) || now.saturating_sub(key.created_at) < PENDING_KEY_LIFETIME_SECS
	});
	(settled, before - wallet.keyring.keys.len())
}

async fn add_key(ctx: &Context, purpose: PurposeArg, scheme: SchemeArg, expires: Option<String>) -> Result<()> {
	let (purpose, on_chain_purpose) = match purpose {
		PurposeArg::Signing => (Purpose::Signing, KeyPurpose::Signing),
		PurposeArg::Encryption => (Purpose::Encryption, KeyPurpose::Encryption),
	};
	let scheme = match scheme {
		SchemeArg::Ed25519 => Scheme::Ed25519,
		SchemeArg::Sr25519 => Scheme::Sr25519,
	};
	let lifetime = expires.as_deref().map(parse_duration).transpose()?;
	let mut wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let key = wallet::generate(scheme, purpose)?;
	let public = wallet::public_key(&key);
	let payload =
		KeyPossessionPayload::new(chain.genesis_hash(), wallet.account_id32(), on_chain_purpose, public.key_id());
	let proof = wallet::sign(&key, &payload.encode());
	let expires_at = match lifetime {
		Some(lifetime) => Some(chain.now().await?.checked_add(lifetime).context("the expiry is too far away")?),
		None => None,
	};
	let call =
		api::tx().key_ring().add_key(Static(public.clone()), Static(on_chain_purpose), expires_at, Static(proof));
	// The key is saved, marked pending, before it is submitted: if the connection is lost after the chain took it,
	// its private half must not be lost with it. A refusal removes it again; finality settles it.
	let key_id = key.key_id;
	let mut key = key;
	key.pending = true;
	wallet.keyring.push_key(key);
	wallet.save().context("nothing was submitted: the key ring could not be saved")?;
	let done = match chain.submit(&call, &wallet.signer(), "key add").await {
		Ok(done) => done,
		Err(error) if was_refused(&error) => {
			wallet.keyring.keys.retain(|key| key.key_id != key_id);
			wallet.save().context("the key was refused, and the key ring could not be saved without it")?;
			return Err(error);
		}
		Err(error) => {
			return Err(error.context(format!(
				"key {} is kept in the key ring as pending: `sigil key list` settles it once the chain says whether \
				 it was added",
				hex::encode(&key_id[24..])
			)))
		}
	};
	if let Some(added) = wallet.keyring.keys.iter_mut().find(|key| key.key_id == key_id) {
		added.pending = false;
	}
	wallet.save().context("the key is on chain but the key ring could not be saved")?;
	ctx.out.emit(
		json!({ "keyId": hex0x(key_id), "shortId": hex::encode(&key_id[24..]), "purpose": purpose,
			"scheme": scheme, "expiresAt": expires_at, "block": done.block_number }),
		|| {
			format!(
				"Added {} key {} ({}) in block #{}{}",
				purpose_name(purpose),
				hex::encode(&key_id[24..]),
				hex0x(key_id),
				done.block_number,
				expires_at.map(|at| format!(", expires {}", time(at))).unwrap_or_default()
			)
		},
	);
	Ok(())
}

async fn revoke_key(
	ctx: &Context,
	key_id: &str,
	reason: ReasonArg,
	revocation: Option<&std::path::Path>,
) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let key_ref =
		resolve::parse_key_ref(key_id).with_context(|| format!("{key_id:?} is not a key id (64 or 16 hex digits)"))?;
	let info = chain
		.query(api::runtime_apis().key_ring_api().key(resolve::key_lookup(&key_ref)))
		.await?
		.with_context(|| format!("no key {key_id} on the chain"))?;
	if info.owner != wallet.account_id() {
		bail!("key {key_id} belongs to {}, not to you", info.owner);
	}
	let reason = match reason {
		ReasonArg::Superseded => RevocationReason::Superseded,
		ReasonArg::Compromised => RevocationReason::Compromised,
		ReasonArg::Retired => RevocationReason::Retired,
	};
	let done = match revocation {
		Some(path) => {
			let certificate = super::gpg::revocation_certificate(path)?;
			let call = api::tx().key_ring().revoke_openpgp_key(info.key_id, Static(reason), certificate);
			chain.submit(&call, &wallet.signer(), "key revoke").await?
		}
		None => {
			let call = api::tx().key_ring().revoke_key(info.key_id, Static(reason));
			chain.submit(&call, &wallet.signer(), "key revoke").await?
		}
	};
	// A revoked signing key can sign nothing that counts any more: its private half leaves the key ring, so that an
	// off-line transfer never picks it. Encryption keys stay, to read what was sealed to them before.
	let mut wallet = wallet;
	let before = wallet.keyring.keys.len();
	wallet.keyring.keys.retain(|key| !(key.key_id == info.key_id.0 && key.purpose == Purpose::Signing));
	if wallet.keyring.keys.len() != before {
		wallet.save().context("the key is revoked on chain but the key ring could not be saved")?;
	}
	ctx.out.emit(
		json!({ "keyId": hex0x(info.key_id.0), "reason": format!("{reason:?}").to_lowercase(), "block": done.block_number }),
		|| {
			format!(
				"Revoked key {} ({}) in block #{}",
				hex::encode(info.short_id.0 .0),
				format!("{reason:?}").to_lowercase(),
				done.block_number
			)
		},
	);
	Ok(())
}

pub async fn forget(ctx: &Context) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let done = chain.submit(&api::tx().key_ring().forget(), &wallet.signer(), "forget").await?;
	ctx.out.emit(json!({ "account": wallet.account_id().to_string(), "block": done.block_number }), || {
		format!(
			"Your identity is forgotten (block #{}): its name and email hash are erased and its keys revoked.",
			done.block_number
		)
	});
	Ok(())
}
