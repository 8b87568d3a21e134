//! Who a person means: an account (SS58 address or 0x hex), an email address (normalised and hashed here, never
//! sent), or a key id (full, or PGP-style short id of 16 hex digits).

use anyhow::{anyhow, bail, Result};
use sigil_primitives::ShortKeyId;

use crate::chain::{api, AccountId, Chain, H256};

/// The hash an identity claims for `email`: blake2-256 of the trimmed, lower-cased address (the key-ring pallet's
/// rule; the explorer hashes the same way).
pub fn email_hash(email: &str) -> H256 {
	H256(sp_crypto_hashing::blake2_256(email.trim().to_lowercase().as_bytes()))
}

/// A key id as typed: 64 hex digits (the full id) or 16 (the short id), with or without 0x.
pub enum KeyRef {
	Full(H256),
	Short(ShortKeyId),
}

pub fn parse_key_ref(text: &str) -> Option<KeyRef> {
	let digits = text.trim().trim_start_matches("0x");
	let bytes = hex::decode(digits).ok()?;
	match bytes.len() {
		32 => Some(KeyRef::Full(H256::from_slice(&bytes))),
		8 => Some(KeyRef::Short(ShortKeyId(bytes.try_into().ok()?))),
		_ => None,
	}
}

pub fn key_lookup(key: &KeyRef) -> api::runtime_types::pallet_key_ring_runtime_api::KeyLookup {
	use api::runtime_types::pallet_key_ring_runtime_api::KeyLookup;
	match key {
		KeyRef::Full(id) => KeyLookup::Full(*id),
		KeyRef::Short(short) => KeyLookup::Short(subxt::utils::Static(*short)),
	}
}

/// Whether an email address may name an account whose claim no consortium member has verified.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Emails {
	/// Only verified claims: whoever registered a hash first holds it until a member verifies the real owner, so
	/// an unverified claim may be a squatter's. For everything that sends, pays, trusts or votes.
	VerifiedOnly,
	/// Any claim: for looking someone up, where the verification is shown.
	AnyClaim,
}

/// The account `who` names: an SS58 address, an email address (normalised and hashed here, and resolved as
/// `emails` allows), or a key id (the key's owner).
pub async fn account(chain: &Chain, who: &str, emails: Emails) -> Result<AccountId> {
	let who = who.trim();
	if who.contains('@') {
		let hash = email_hash(who);
		let claim = chain
			.query(api::runtime_apis().key_ring_api().email_claim(hash))
			.await?
			.ok_or_else(|| anyhow!("no identity claims the email address {who}"))?;
		if claim.verified_by.is_none() && emails == Emails::VerifiedOnly {
			bail!(
				"{who} is claimed by {}, but no consortium member has verified that claim (the first to register an \
				 address holds it until then): give the account's address instead, or --accept-unverified-email if \
				 you know it is theirs",
				claim.account
			);
		}
		return Ok(claim.account);
	}
	if let Ok(account) = who.parse::<AccountId>() {
		return Ok(account);
	}
	match parse_key_ref(who) {
		Some(key @ KeyRef::Short(_)) => {
			key_owner(chain, &key).await?.ok_or_else(|| anyhow!("no key {who} on the chain"))
		}
		// 64 hex digits: a key id, or else an account written in hex.
		Some(KeyRef::Full(id)) => Ok(key_owner(chain, &KeyRef::Full(id)).await?.unwrap_or(AccountId(id.0))),
		None => bail!("{who:?} is not an account (SS58 or 0x hex), an email address or a key id"),
	}
}

async fn key_owner(chain: &Chain, key: &KeyRef) -> Result<Option<AccountId>> {
	let info = chain.query(api::runtime_apis().key_ring_api().key(key_lookup(key))).await?;
	Ok(info.map(|info| info.owner))
}
