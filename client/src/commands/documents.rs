//! Documents: `doc sign|verify` and `doc agreement create|sign|status`. Files are hashed here; only the hash goes
//! on chain.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use clap::Subcommand;
use codec::Encode;
use serde_json::{json, Value};
use sha2::Digest;
use sigil_primitives::{
	DocumentPayload, KeyLifetime, KeyStatus, PublicKey, RevocationReason, ShortKeyId, SigningContext,
};
use subxt::utils::Static;

use super::{identity::status_name, Context};
use crate::{
	chain::{api, h256, AccountId, Chain, H256},
	output::{hex0x, parse_duration, safe, time},
	resolve::{key_lookup, KeyRef},
	wallet,
};

type SignatureInfo = api::runtime_types::pallet_documents_runtime_api::SignatureInfo;
type SignatureStatus = api::runtime_types::pallet_documents_runtime_api::SignatureStatus;
type AgreementInfo = api::runtime_types::pallet_documents_runtime_api::AgreementInfo<AccountId>;
type AgreementState = api::runtime_types::pallet_documents_runtime_api::AgreementState;

#[derive(Subcommand)]
pub enum DocCommand {
	/// Sign a file: its hash, attested with your signing key.
	Sign {
		file: PathBuf,
		/// Hash with SHA-256 instead of blake2-256 (if the parties agreed on it).
		#[arg(long)]
		sha256: bool,
		/// Sign with this signing key (default: your newest).
		#[arg(long)]
		key: Option<String>,
	},
	/// Who signed a file, when, and the status of their keys then and now; with --sig, a detached OpenPGP
	/// signature (`gpg --detach-sign`, binary or armored) checked against the signer's OpenPGP key on chain.
	Verify {
		file: PathBuf,
		/// A detached OpenPGP signature of FILE, made by `gpg` with a key bound on chain.
		#[arg(long, value_name = "SIG")]
		sig: Option<PathBuf>,
	},
	/// Agreements: documents a set of people must all sign before a deadline.
	#[command(subcommand)]
	Agreement(AgreementCommand),
}

#[derive(Subcommand)]
pub enum AgreementCommand {
	/// Ask the signers to sign FILE before the deadline.
	Create {
		file: PathBuf,
		/// A signer (account, email address or key id); repeat for each.
		#[arg(long = "signer", required = true)]
		signers: Vec<String>,
		/// How long the signers have (e.g. 7d).
		#[arg(long)]
		deadline: String,
		#[arg(long)]
		sha256: bool,
	},
	/// Sign agreement ID (you must be one of its signers).
	Sign {
		id: u64,
		#[arg(long)]
		key: Option<String>,
	},
	/// Who has signed agreement ID and who has not.
	Status { id: u64 },
}

/// The blake2-256 and SHA-256 hashes of a file (documents may be attested under either).
fn file_hashes(file: &Path) -> Result<(H256, H256)> {
	let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
	Ok((H256(sp_crypto_hashing::blake2_256(&bytes)), H256(sha2::Sha256::digest(&bytes).into())))
}

fn chosen_hash(file: &Path, sha256: bool) -> Result<H256> {
	let (blake2, sha) = file_hashes(file)?;
	Ok(if sha256 { sha } else { blake2 })
}

pub async fn run(ctx: &Context, command: DocCommand) -> Result<()> {
	match command {
		DocCommand::Sign { file, sha256, key } => sign(ctx, &file, sha256, key.as_deref()).await,
		DocCommand::Verify { file, sig: None } => verify(ctx, &file).await,
		DocCommand::Verify { file, sig: Some(sig) } => verify_openpgp(ctx, &file, &sig).await,
		DocCommand::Agreement(AgreementCommand::Create { file, signers, deadline, sha256 }) => {
			create_agreement(ctx, &file, &signers, &deadline, sha256).await
		}
		DocCommand::Agreement(AgreementCommand::Sign { id, key }) => sign_agreement(ctx, id, key.as_deref()).await,
		DocCommand::Agreement(AgreementCommand::Status { id }) => {
			let chain = ctx.chain().await?;
			let agreement = agreement(&chain, id).await?;
			ctx.out.emit(agreement_json(&agreement), || agreement_text(&agreement));
			Ok(())
		}
	}
}

async fn sign(ctx: &Context, file: &Path, sha256: bool, key: Option<&str>) -> Result<()> {
	let document_hash = chosen_hash(file, sha256)?;
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let signing_key = wallet.signing_key(&chain, key).await?;
	let payload = DocumentPayload::new(
		chain.genesis_hash(),
		sp_core::H256(document_hash.0),
		wallet.account_id32(),
		SigningContext::Attestation,
	);
	let signature = wallet::sign(signing_key, &payload.encode());
	let call = api::tx().documents().attest(document_hash, h256(wallet::key_id(signing_key)), Static(signature));
	let done = chain.submit(&call, &wallet.signer(), "doc sign").await?;
	ctx.out.emit(
		json!({ "file": file, "documentHash": hex0x(document_hash.0), "hash": if sha256 { "sha256" } else { "blake2-256" },
			"block": done.block_number }),
		|| format!("Signed {} ({}) in block #{}", file.display(), hex0x(document_hash.0), done.block_number),
	);
	Ok(())
}

/// `doc verify FILE --sig SIG`: the signature checked with rpgp against the OpenPGP key its issuer subpackets name,
/// as the chain holds it, and the key's status when the signature says it was made and now. The creation time is
/// the signer's claim (the chain did not see the signature), so a key revoked as compromised makes every signature
/// suspect: whoever stole it can backdate.
async fn verify_openpgp(ctx: &Context, file: &Path, sig: &Path) -> Result<()> {
	let data = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
	let signature = read_detached_signature(sig)?;
	let issuer = openpgp_issuer(&signature.signature)
		.with_context(|| format!("{} names no issuer key (no issuer fingerprint or key id)", sig.display()))?;
	let created = signature.signature.created().map(|time| u64::from(time.as_secs()) * 1000);
	let chain = ctx.chain().await?;
	let key = chain.query(api::runtime_apis().key_ring_api().key(key_lookup(&issuer))).await?;
	let issuer_text = match &issuer {
		KeyRef::Full(id) => hex::encode(&id.0[12..]).to_uppercase(),
		KeyRef::Short(short) => hex::encode(short.0).to_uppercase(),
	};
	let Some(key) = key else {
		let verdict = format!("UNKNOWN KEY: made with key {issuer_text}, which the chain does not know");
		ctx.out.emit(
			json!({ "file": file, "signature": sig, "issuer": issuer_text, "valid": false, "verdict": verdict }),
			|| verdict.clone(),
		);
		return Err(anyhow::Error::new(NotValid));
	};
	let PublicKey::OpenPgp(openpgp) = key.public.0 else {
		bail!("key {issuer_text} on the chain is not an OpenPGP key");
	};
	let rpgp_key = match pgp::packet::PacketParser::new(&openpgp.packet()[..]).next() {
		Some(Ok(pgp::packet::Packet::PublicKey(key))) => key,
		_ => bail!("the chain's key {issuer_text} does not read as an OpenPGP key"),
	};
	let signature_valid = signature.signature.verify(&rpgp_key, &data[..]).is_ok();
	let lifetime = KeyLifetime {
		added_at: key.added_at,
		expires_at: key.expires_at,
		revoked: key.revoked.as_ref().map(|(at, reason)| (*at, reason.0)),
	};
	let then = created.map(|created| lifetime.status_at(created));
	let now = key.status.0;
	let (valid, verdict) = openpgp_verdict(signature_valid, then, &lifetime);
	ctx.out.emit(
		json!({
			"file": file,
			"signature": sig,
			"issuer": issuer_text,
			"keyId": hex0x(key.key_id.0),
			"signer": key.owner.to_string(),
			"signatureValid": signature_valid,
			"createdAt": created,
			"keyStatusAtCreation": then.as_ref().map(status_name),
			"keyStatusNow": status_name(&now),
			"valid": valid,
			"verdict": verdict,
		}),
		|| {
			format!(
				"{verdict}
  signer  {}
  key     {issuer_text} ({})
  made    {} (as the signature says)
  key then: {}, now: {}",
				key.owner,
				hex0x(key.key_id.0),
				created.map(time).unwrap_or_else(|| "at an unknown time".into()),
				then.as_ref().map(status_name).unwrap_or_else(|| "unknown".into()),
				status_name(&now),
			)
		},
	);
	if !valid {
		return Err(anyhow::Error::new(NotValid));
	}
	Ok(())
}

/// A signature `doc verify --sig` judged not valid: the verdict is printed (as JSON with `--json`), and the exit
/// status (1) tells scripts.
#[derive(Debug)]
pub struct NotValid;

impl std::fmt::Display for NotValid {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		f.write_str("the signature is not valid (see above)")
	}
}

impl std::error::Error for NotValid {}

/// A detached signature from a file, armored (`gpg --armor`) or binary.
fn read_detached_signature(path: &Path) -> Result<pgp::composed::DetachedSignature> {
	use pgp::composed::{Deserializable, DetachedSignature};
	let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
	let parsed = if bytes.starts_with(b"-----BEGIN PGP SIGNATURE-----") {
		DetachedSignature::from_armor_single(&bytes[..]).map(|(signature, _)| signature)
	} else {
		DetachedSignature::from_bytes(&bytes[..])
	};
	parsed.map_err(|error| anyhow::anyhow!("{} is not an OpenPGP signature: {error}", path.display()))
}

/// The key a signature names: its issuer fingerprint (the full key id on chain), else its issuer key id (the short
/// id).
fn openpgp_issuer(signature: &pgp::packet::Signature) -> Option<KeyRef> {
	if let Some(fingerprint) = signature.issuer_fingerprint().into_iter().find(|f| f.as_bytes().len() == 20) {
		let mut id = [0u8; 32];
		id[12..].copy_from_slice(fingerprint.as_bytes());
		return Some(KeyRef::Full(H256(id)));
	}
	let key_id = signature.issuer_key_id().into_iter().next()?;
	Some(KeyRef::Short(ShortKeyId(key_id.as_ref().try_into().ok()?)))
}

/// The verdict on an OpenPGP signature, from whether it verifies and the key's status when it says it was made:
/// whether it is valid, and why.
fn openpgp_verdict(signature_valid: bool, then: Option<KeyStatus>, lifetime: &KeyLifetime) -> (bool, String) {
	if !signature_valid {
		return (false, "INVALID: the signature does not verify under the key".into());
	}
	if let Some((revoked_at, RevocationReason::Compromised)) = lifetime.revoked {
		let why =
			format!("SUSPECT: the key was revoked as compromised ({}); its signatures prove nothing", time(revoked_at));
		return (false, why);
	}
	match then {
		None => (false, "INVALID: the signature has no creation time".into()),
		Some(KeyStatus::Revoked { revoked_at, .. }) => {
			(false, format!("INVALID: made after the key was revoked ({})", time(revoked_at)))
		}
		Some(KeyStatus::Expired { expired_at }) => {
			(false, format!("INVALID: made after the key expired ({})", time(expired_at)))
		}
		// An OpenPGP key is older than its binding on chain: gpg signed with it before.
		Some(KeyStatus::NotYetAdded { .. } | KeyStatus::Active) => match lifetime.revoked {
			Some((revoked_at, _)) => (true, format!("VALID: made before the key was revoked ({})", time(revoked_at))),
			None => (true, "VALID: made with a key in use".into()),
		},
	}
}

fn signature_status(status: &SignatureStatus) -> String {
	match status {
		SignatureStatus::Valid => "valid".into(),
		SignatureStatus::BadSignature => "INVALID: the signature does not verify".into(),
		SignatureStatus::KeyNotActiveWhenSigned => "INVALID: the key was not active when it signed".into(),
		SignatureStatus::KeyCompromised { revoked_at } => {
			format!("SUSPECT: the key was revoked as compromised ({})", time(*revoked_at))
		}
	}
}

fn signature_json(signature: &SignatureInfo) -> Value {
	json!({
		"keyId": hex0x(signature.key_id.0),
		"signedAt": signature.signed_at,
		"block": signature.block,
		"signatureValid": signature.signature_valid,
		"keyStatusAtSigning": signature.key_status_at_signing.as_ref().map(|status| status_name(&status.0)),
		"keyStatusNow": signature.key_status_now.as_ref().map(|status| status_name(&status.0)),
		"status": signature_status(&signature.status),
	})
}

fn signature_text(signature: &SignatureInfo) -> String {
	format!(
		"signed {} (block #{}) with key {}: {}\n     key then: {}, now: {}",
		time(signature.signed_at),
		signature.block,
		hex::encode(&signature.key_id.0[24..]),
		signature_status(&signature.status),
		signature.key_status_at_signing.as_ref().map(|status| status_name(&status.0)).unwrap_or("unknown".into()),
		signature.key_status_now.as_ref().map(|status| status_name(&status.0)).unwrap_or("unknown".into()),
	)
}

async fn verify(ctx: &Context, file: &Path) -> Result<()> {
	let (blake2, sha) = file_hashes(file)?;
	let chain = ctx.chain().await?;
	let mut reports = Vec::new();
	for (name, hash) in [("blake2-256", blake2), ("sha256", sha)] {
		let report = chain.query(api::runtime_apis().documents_api().verify(hash)).await?;
		if !report.attestations.is_empty() || !report.agreements.is_empty() {
			reports.push((name, report));
		}
	}
	let attestations: Vec<Value> = reports
		.iter()
		.flat_map(|(name, report)| {
			report.attestations.iter().map(move |attestation| {
				json!({
					"hash": name,
					"signer": attestation.signer.to_string(),
					"valid": attestation.valid,
					"signature": signature_json(&attestation.signature),
					"revocation": attestation.revocation.as_ref().map(|revocation| json!({
						"revokedAt": revocation.revoked_at,
						"reason": String::from_utf8_lossy(&revocation.reason),
					})),
				})
			})
		})
		.collect();
	let agreements: Vec<Value> =
		reports.iter().flat_map(|(_, report)| report.agreements.iter().map(agreement_json)).collect();
	ctx.out.emit(
		json!({ "file": file, "blake2": hex0x(blake2.0), "sha256": hex0x(sha.0), "attestations": attestations,
			"agreements": agreements }),
		|| {
			let mut text =
				format!("{}\n  blake2-256 {}\n  sha256     {}\n", file.display(), hex0x(blake2.0), hex0x(sha.0));
			if reports.is_empty() {
				text.push_str("Nobody has signed this file on chain.\n");
			}
			for (name, report) in &reports {
				for attestation in &report.attestations {
					text.push_str(&format!(
						"\n{} {} ({name})\n     {}\n",
						if attestation.valid { "VALID  " } else { "INVALID" },
						attestation.signer,
						signature_text(&attestation.signature)
					));
					if let Some(revocation) = &attestation.revocation {
						text.push_str(&format!(
							"     withdrawn by the signer {}: {}\n",
							time(revocation.revoked_at),
							safe(&String::from_utf8_lossy(&revocation.reason))
						));
					}
				}
				for agreement in &report.agreements {
					text.push_str(&format!("\n{}", agreement_text(agreement)));
				}
			}
			text
		},
	);
	Ok(())
}

async fn create_agreement(ctx: &Context, file: &Path, signers: &[String], deadline: &str, sha256: bool) -> Result<()> {
	let document_hash = chosen_hash(file, sha256)?;
	let within = parse_duration(deadline)?;
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let mut accounts = Vec::new();
	for signer in signers {
		accounts.push(ctx.target(&chain, signer).await?);
	}
	let slot = chain.constant(api::constants().aura().slot_duration()).await?.max(1);
	let at = chain.at_finalized().await?;
	let now_block = at.block_number();
	let blocks = u32::try_from(within.div_ceil(slot)).context("the deadline is too far away")?;
	let deadline = u32::try_from(now_block)
		.ok()
		.and_then(|now| now.checked_add(blocks))
		.context("the deadline is too far away")?;
	let call = api::tx().documents().create_agreement(document_hash, accounts.clone(), deadline);
	let done = chain.submit(&call, &wallet.signer(), "agreement create").await?;
	let id = done
		.events
		.find_first::<api::documents::events::AgreementCreated>()
		.transpose()?
		.map(|event| event.id)
		.context("the agreement was created but its event is missing")?;
	ctx.out.emit(
		json!({ "id": id, "documentHash": hex0x(document_hash.0), "signers": accounts.iter().map(ToString::to_string).collect::<Vec<_>>(),
			"deadline": deadline, "block": done.block_number }),
		|| {
			format!(
				"Created agreement #{id} over {} for {} signer{}, deadline block #{deadline}.\nEach signer runs `sigil doc \
				 agreement sign {id}`.",
				file.display(),
				accounts.len(),
				if accounts.len() == 1 { "" } else { "s" }
			)
		},
	);
	Ok(())
}

async fn agreement(chain: &Chain, id: u64) -> Result<AgreementInfo> {
	chain.query(api::runtime_apis().documents_api().agreement(id)).await?.with_context(|| format!("no agreement #{id}"))
}

async fn sign_agreement(ctx: &Context, id: u64, key: Option<&str>) -> Result<()> {
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let signing_key = wallet.signing_key(&chain, key).await?;
	let agreement = agreement(&chain, id).await?;
	if !agreement.signers.iter().any(|signer| signer.account == wallet.account_id()) {
		bail!("you are not a signer of agreement #{id}");
	}
	let payload = DocumentPayload::new(
		chain.genesis_hash(),
		sp_core::H256(agreement.document_hash.0),
		wallet.account_id32(),
		SigningContext::Agreement(id),
	);
	let signature = wallet::sign(signing_key, &payload.encode());
	let call = api::tx().documents().sign_agreement(id, h256(wallet::key_id(signing_key)), Static(signature));
	let done = chain.submit(&call, &wallet.signer(), "agreement sign").await?;
	ctx.out.emit(json!({ "id": id, "block": done.block_number }), || {
		format!("Signed agreement #{id} in block #{}", done.block_number)
	});
	Ok(())
}

fn agreement_state(state: &AgreementState) -> String {
	match state {
		AgreementState::Pending => "pending".into(),
		AgreementState::Completed { at, block } => format!("completed {} (block #{block})", time(*at)),
		AgreementState::Expired { block } => format!("expired at block #{block} before everyone signed"),
	}
}

fn agreement_json(agreement: &AgreementInfo) -> Value {
	json!({
		"id": agreement.id,
		"creator": agreement.creator.to_string(),
		"documentHash": hex0x(agreement.document_hash.0),
		"deadline": agreement.deadline,
		"createdAt": agreement.created_at,
		"state": agreement_state(&agreement.state),
		"valid": agreement.valid,
		"signers": agreement.signers.iter().map(|signer| json!({
			"account": signer.account.to_string(),
			"signature": signer.signature.as_ref().map(signature_json),
		})).collect::<Vec<_>>(),
	})
}

fn agreement_text(agreement: &AgreementInfo) -> String {
	let mut text = format!(
		"Agreement #{} by {}: {}{}\n  document {}\n  deadline block #{}\n",
		agreement.id,
		agreement.creator,
		agreement_state(&agreement.state),
		if agreement.valid { ", valid" } else { "" },
		hex0x(agreement.document_hash.0),
		agreement.deadline
	);
	for signer in &agreement.signers {
		match &signer.signature {
			Some(signature) => text.push_str(&format!("  {}\n     {}\n", signer.account, signature_text(signature))),
			None => text.push_str(&format!("  {}\n     not signed yet\n", signer.account)),
		}
	}
	text
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The verdicts the end-to-end test cannot reach cheaply: a key revoked as compromised, an expired key, a
	/// signature without a creation time, one older than the key's binding.
	#[test]
	fn openpgp_verdicts_follow_the_keys_history() {
		let superseded =
			KeyLifetime { added_at: 100, expires_at: Some(900), revoked: Some((500, RevocationReason::Superseded)) };
		let compromised = KeyLifetime { revoked: Some((500, RevocationReason::Compromised)), ..superseded.clone() };
		let verdict = |valid, at: Option<u64>, lifetime: &KeyLifetime| {
			openpgp_verdict(valid, at.map(|at| lifetime.status_at(at)), lifetime)
		};
		assert!(verdict(true, Some(50), &superseded).0, "signed in gpg before the key was bound");
		assert!(verdict(true, Some(200), &superseded).1.starts_with("VALID: made before the key was revoked"));
		assert!(!verdict(true, Some(600), &superseded).0);
		assert!(!verdict(false, Some(200), &superseded).0);
		assert!(!verdict(true, None, &superseded).0);
		let (valid, why) = verdict(true, Some(200), &compromised);
		assert!(!valid && why.starts_with("SUSPECT"), "{why}");
		let expiring = KeyLifetime { revoked: None, ..superseded };
		let (valid, why) = verdict(true, Some(950), &expiring);
		assert!(!valid && why.starts_with("INVALID: made after the key expired"), "{why}");
	}
}
