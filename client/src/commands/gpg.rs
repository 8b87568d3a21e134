//! GnuPG keys on chain: `key import-gpg FINGERPRINT` binds a key of the user's gpg keyring to their identity (gpg
//! makes the proof of possession, so the private key never leaves its agent) and, with `--publish`, publishes its
//! transferable public key for key servers; `key revoke --revocation FILE` revokes such a key with gpg's revocation
//! certificate.

use std::{
	io::Read as _,
	path::Path,
	process::{Command, Stdio},
};

use anyhow::{bail, Context as _, Result};
use codec::Encode;
use serde_json::json;
use sigil_primitives::{
	openpgp::{packets, MAX_PACKET_LENGTH},
	KeyPossessionPayload, KeyPurpose, OpenPgpError, OpenPgpKey,
};

use super::Context;
use crate::{
	chain::{api, api::runtime_types::bounded_collections::bounded_vec::BoundedVec, h256, Chain},
	output::{hex0x, parse_duration, time},
	resolve::{key_lookup, KeyRef},
	wallet::Wallet,
};

/// Runs `gpg` (GNUPGHOME and gpg's own configuration apply) and returns what it wrote to standard output. Its
/// agent may ask for a passphrase (pinentry), so the terminal stays gpg's.
fn gpg(args: &[&str]) -> Result<Vec<u8>> {
	let output = Command::new("gpg")
		.args(args)
		.stdin(Stdio::inherit())
		.stderr(Stdio::piped())
		.output()
		.context("cannot run gpg: is GnuPG installed?")?;
	if !output.status.success() {
		bail!("gpg {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim());
	}
	Ok(output.stdout)
}

/// A fingerprint as typed (spaces and 0x allowed) as gpg writes it: 40 upper-case hex digits.
fn fingerprint(text: &str) -> Result<String> {
	let digits: String = text.trim().trim_start_matches("0x").chars().filter(|c| !c.is_whitespace()).collect();
	if digits.len() != 40 || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
		bail!("{text:?} is not a v4 fingerprint (40 hex digits, as `gpg --list-keys` shows it)");
	}
	Ok(digits.to_uppercase())
}

/// Why a gpg key cannot be bound, in the user's terms.
fn unsupported(error: OpenPgpError) -> anyhow::Error {
	match error {
		OpenPgpError::UnsupportedKey => anyhow::anyhow!(
			"only Ed25519 keys can be bound for now (`gpg --quick-gen-key 'NAME <EMAIL>' ed25519`); RSA, NIST-curve \
			 and v5/v6 keys cannot"
		),
		error => anyhow::anyhow!("gpg's export does not read as an OpenPGP key: {error:?}"),
	}
}

pub async fn import(ctx: &Context, fingerprint_text: &str, publish: bool, expires: Option<String>) -> Result<()> {
	let fingerprint = fingerprint(fingerprint_text)?;
	let exported = gpg(&["--export", &fingerprint])?;
	if exported.is_empty() {
		bail!("gpg has no public key {fingerprint} (`gpg --list-keys` shows the keys it has)");
	}
	let primary = packets(&exported).next().context("gpg exported nothing")?.map_err(unsupported)?;
	let key = OpenPgpKey::from_body(primary.body).map_err(unsupported)?;
	if hex::encode_upper(key.fingerprint()) != fingerprint {
		bail!("gpg exported another key than {fingerprint}");
	}
	let lifetime = expires.as_deref().map(parse_duration).transpose()?;
	let wallet = ctx.wallet()?;
	let chain = ctx.chain().await?;
	let key_id = key.key_id();
	// Already bound to this identity: only the publication is asked for (again, say after adding a user ID).
	let bound = chain.query(api::runtime_apis().key_ring_api().key(key_lookup(&KeyRef::Full(h256(key_id))))).await?;
	let bound_in = match bound {
		Some(info) if info.owner == wallet.account_id() => {
			if !publish {
				bail!("gpg key {fingerprint} is already bound to your identity; --publish publishes it");
			}
			None
		}
		Some(info) => bail!("gpg key {fingerprint} is bound to another identity ({})", info.owner),
		None => Some(bind(&chain, &wallet, &key, &fingerprint, lifetime).await?),
	};
	let published = if publish {
		let call = api::tx().key_ring().publish_openpgp_key(h256(key_id), BoundedVec(exported.clone()));
		Some(chain.submit(&call, &wallet.signer(), "key publish").await?.block_number)
	} else {
		None
	};
	let user_ids = user_ids(&exported);
	let expires_at = bound_in.and_then(|(_, expires_at)| expires_at);
	ctx.out.emit(
		json!({ "fingerprint": fingerprint, "keyId": hex0x(key_id.0), "shortId": &fingerprint[24..],
			"block": bound_in.map(|(block, _)| block), "expiresAt": expires_at, "published": published,
			"userIds": user_ids }),
		|| {
			let mut text = match bound_in {
				Some((block, _)) => format!(
					"Bound gpg key {fingerprint} (key id {}) to your identity in block #{block}{}",
					&fingerprint[24..],
					expires_at.map(|at| format!(", expires {}", time(at))).unwrap_or_default()
				),
				None => format!("gpg key {fingerprint} was already bound to your identity"),
			};
			match published {
				Some(block) => text.push_str(&format!(
					"\nPublished it with its user IDs ({}) in block #{block}: nodes started with --hkp-port serve it \
					 (gpg --keyserver hkp://NODE:PORT --recv-keys {fingerprint}) once the block is final",
					user_ids.join(", ")
				)),
				None => text.push_str(&format!(
					"\nNot published: `sigil key import-gpg {fingerprint} --publish` publishes it with its user IDs ({})",
					user_ids.join(", ")
				)),
			}
			text
		},
	);
	Ok(())
}

/// Binds `key` to the wallet's identity with a proof of possession gpg makes; the block and the expiry.
async fn bind(
	chain: &Chain,
	wallet: &Wallet,
	key: &OpenPgpKey,
	fingerprint: &str,
	lifetime: Option<u64>,
) -> Result<(u64, Option<u64>)> {
	let payload =
		KeyPossessionPayload::new(chain.genesis_hash(), wallet.account_id32(), KeyPurpose::Signing, key.key_id());
	// gpg signs the payload as a file: its agent asks for the passphrase, and the private key stays with it.
	let work = tempfile::tempdir().context("cannot make a temporary directory")?;
	let payload_file = work.path().join("possession.bin");
	let proof_file = work.path().join("possession.sig");
	std::fs::write(&payload_file, payload.encode())?;
	// `FPR!`: exactly the primary key, not a signing subkey gpg would otherwise prefer.
	let signer = format!("{fingerprint}!");
	let paths = [payload_file.to_str(), proof_file.to_str()];
	let [Some(payload_path), Some(proof_path)] = paths else { bail!("the temporary directory's path is not UTF-8") };
	gpg(&["--local-user", &signer, "--digest-algo", "SHA256", "--detach-sign", "--output", proof_path, payload_path])?;
	let proof = std::fs::read(&proof_file)?;
	let expires_at = match lifetime {
		Some(lifetime) => Some(chain.now().await?.checked_add(lifetime).context("the expiry is too far away")?),
		None => None,
	};
	let call = api::tx().key_ring().add_openpgp_key(
		bounded(key.packet(), "the key packet")?,
		expires_at,
		bounded(proof, "gpg's signature")?,
	);
	let done = chain.submit(&call, &wallet.signer(), "key import-gpg").await?;
	Ok((done.block_number, expires_at))
}

/// The user IDs of a transferable key, as text.
fn user_ids(exported: &[u8]) -> Vec<String> {
	packets(exported)
		.map_while(Result::ok)
		.filter(|packet| packet.tag == 13)
		.map(|packet| String::from_utf8_lossy(packet.body).into_owned())
		.collect()
}

fn bounded(bytes: Vec<u8>, what: &str) -> Result<BoundedVec<u8>> {
	if bytes.len() > MAX_PACKET_LENGTH as usize {
		bail!("{what} is longer than the {MAX_PACKET_LENGTH} bytes a call carries");
	}
	Ok(BoundedVec(bytes))
}

/// A revocation certificate from a file: as `gpg --gen-revoke` writes it (armored), as gpg keeps it in
/// `openpgp-revocs.d` (armored, its first line disarmed with a ':'), or binary.
pub fn revocation_certificate(path: &Path) -> Result<BoundedVec<u8>> {
	let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
	let text = String::from_utf8_lossy(&bytes);
	let binary = match text.find("-----BEGIN PGP") {
		Some(start) => {
			let armored = text[start..].replace("\n:-----", "\n-----");
			let mut binary = Vec::new();
			pgp::armor::Dearmor::new(armored.as_bytes())
				.read_to_end(&mut binary)
				.with_context(|| format!("{} is not an armored OpenPGP block", path.display()))?;
			binary
		}
		None => bytes,
	};
	bounded(binary, "the revocation certificate")
}
