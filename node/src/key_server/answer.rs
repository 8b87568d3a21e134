//! Answers to key server lookups from what the chain holds: the keys their owners published, armored, with the
//! revocation signature the chain keeps put where a transferable key carries it; or HKP's machine-readable index.

use pallet_key_ring_runtime_api::{KeyLookup, OpenPgpKeyInfo};
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use sigil_primitives::{
	openpgp::{packets, split_first_packet},
	AccountId, KeyStatus, OpenPgpKey, PublicKey,
};
use sp_core::H256;

use super::request::{Answer, Lookup, Search};

/// An OpenPGP key as the chain gives it to the key server.
pub type KeyInfo = OpenPgpKeyInfo<AccountId>;

/// Who holds an email address on the chain, and their OpenPGP keys.
pub enum EmailHolder {
	/// No identity claims the address.
	None,
	/// An identity claims it, and no consortium member has verified that its owner receives mail there.
	Unverified,
	/// A verified identity's OpenPGP keys, oldest first.
	Verified(Vec<KeyInfo>),
}

/// What the key server reads from the chain (its finalized state, in the node).
pub trait KeyDirectory {
	/// The OpenPGP key with this full or short id; `None` for an unknown key or one of another scheme.
	fn key(&self, lookup: KeyLookup) -> Result<Option<KeyInfo>, String>;
	/// Who holds the email hash, and their OpenPGP keys.
	fn email_holder(&self, email_hash: H256) -> Result<EmailHolder, String>;
}

/// An HTTP answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
	pub status: u16,
	pub content_type: &'static str,
	pub body: Vec<u8>,
}

impl Reply {
	pub fn text(status: u16, message: impl Into<String>) -> Self {
		let mut body = message.into().into_bytes();
		body.push(b'\n');
		Self { status, content_type: "text/plain; charset=utf-8", body }
	}
}

/// Answers `lookup` from `directory`.
pub fn answer(directory: &impl KeyDirectory, lookup: &Lookup) -> Reply {
	match served_keys(directory, &lookup.search) {
		Ok(keys) => match lookup.answer {
			Answer::Keys => armored(&keys),
			Answer::Index => index(&keys),
		},
		Err(reply) => reply,
	}
}

/// A published key the server hands out, with its fingerprint.
struct Served {
	key: OpenPgpKey,
	info: KeyInfo,
}

/// The published keys `search` names, or the reply that says why there are none.
fn served_keys(directory: &impl KeyDirectory, search: &Search) -> Result<Vec<Served>, Reply> {
	let chain_error = |error: String| Reply::text(500, format!("Could not read the chain: {error}"));
	let (keys, described) = match search {
		Search::Fingerprint(fingerprint) => {
			let mut key_id = [0u8; 32];
			key_id[12..].copy_from_slice(fingerprint);
			let key = directory.key(KeyLookup::Full(H256(key_id))).map_err(chain_error)?;
			(Vec::from_iter(key), format!("fingerprint {}", hex::encode_upper(fingerprint)))
		}
		Search::KeyId(short) => {
			let key = directory.key(KeyLookup::Short(*short)).map_err(chain_error)?;
			(Vec::from_iter(key), format!("key id {}", hex::encode_upper(short.0)))
		}
		Search::Email(address) => {
			let hash = H256(sp_io::hashing::blake2_256(address.as_bytes()));
			match directory.email_holder(hash).map_err(chain_error)? {
				EmailHolder::None => return Err(Reply::text(404, format!("No key found for {address}"))),
				EmailHolder::Unverified => {
					return Err(Reply::text(
						404,
						format!(
							"No key served for {address}: an identity on the Sigil chain claims the address, but no \
							 consortium member has verified it. Look its key up by fingerprint."
						),
					))
				}
				EmailHolder::Verified(keys) if keys.is_empty() => {
					return Err(Reply::text(404, format!("The identity with address {address} has no OpenPGP key")))
				}
				EmailHolder::Verified(keys) => (keys, address.clone()),
			}
		}
	};
	let Some(first) = keys.first() else { return Err(Reply::text(404, format!("No key found for {described}"))) };
	let first_refusal = refusal(first);
	let served: Vec<Served> = keys
		.into_iter()
		.filter(|info| refusal(info).is_none())
		.filter_map(|info| match info.key.public {
			PublicKey::OpenPgp(key) => Some(Served { key, info }),
			_ => None,
		})
		.collect();
	match (served.is_empty(), first_refusal) {
		(false, _) => Ok(served),
		// One key named (by fingerprint or key id): why it is not served.
		(true, Some(reply)) if matches!(search, Search::Fingerprint(_) | Search::KeyId(_)) => Err(reply),
		(true, _) => Err(Reply::text(
			404,
			format!("The identity with address {described} has no published OpenPGP key to serve"),
		)),
	}
}

/// Why a key on the chain is not served, if it is not.
fn refusal(info: &KeyInfo) -> Option<Reply> {
	let fingerprint = match info.key.public {
		PublicKey::OpenPgp(key) => hex::encode_upper(key.fingerprint()),
		_ => return Some(Reply::text(404, "Not an OpenPGP key")),
	};
	if info.published.is_none() {
		return Some(Reply::text(
			404,
			format!("Key {fingerprint} is bound to an identity on the Sigil chain, but its owner has not published it"),
		));
	}
	if let (Some((_, reason)), None) = (info.key.revoked, &info.revocation) {
		// gpg can only learn of a revocation from a revocation signature: serving the key without one would have
		// it trust a key the chain says is revoked.
		return Some(Reply::text(
			410,
			format!(
				"Key {fingerprint} was revoked on the Sigil chain ({reason:?}) without an OpenPGP revocation \
				 signature, so it is no longer served; `sigil key show` gives its record"
			),
		));
	}
	None
}

/// The bytes served for a key: the published transferable key, with the chain's revocation signature after the
/// primary key (where RFC 4880 puts a key's revocations).
fn transferable(served: &Served) -> Vec<u8> {
	let published = served.info.published.as_deref().unwrap_or_default();
	let Some(revocation) = &served.info.revocation else { return published.to_vec() };
	// The runtime checked the publication's framing: its first packet is the key.
	let (primary, rest) = split_first_packet(published).unwrap_or((published, &[][..]));
	[primary, revocation.as_slice(), rest].concat()
}

/// `gpg --export --armor` of the keys: one armored block.
fn armored(keys: &[Served]) -> Reply {
	let binary: Vec<u8> = keys.iter().flat_map(transferable).collect();
	let mut body = Vec::with_capacity(binary.len() * 4 / 3 + 128);
	match pgp::armor::write(&Binary(&binary), pgp::armor::BlockType::PublicKey, &mut body, None, true) {
		Ok(()) => Reply { status: 200, content_type: "application/pgp-keys", body },
		Err(error) => Reply::text(500, format!("Could not armor the key: {error}")),
	}
}

/// Bytes as they are, for rpgp's armor writer.
struct Binary<'a>(&'a [u8]);

impl pgp::ser::Serialize for Binary<'_> {
	fn to_writer<W: std::io::Write>(&self, writer: &mut W) -> pgp::errors::Result<()> {
		Ok(writer.write_all(self.0)?)
	}

	fn write_len(&self) -> usize {
		self.0.len()
	}
}

/// What a user ID escapes in the index: the field separator, the escape itself and control characters (non-ASCII
/// bytes are always escaped).
const UID_ESCAPES: &AsciiSet = &CONTROLS.add(b':').add(b'%');

/// The OpenPGP public-key algorithm of every key the chain binds: EdDSA (Ed25519).
const EDDSA: u8 = 22;

/// HKP's machine-readable index, as `gpg --search-keys` reads it: `info:1:COUNT`, then per key
/// `pub:FINGERPRINT:ALGORITHM:BITS:CREATED:EXPIRES:FLAGS` and a `uid:USER ID:::` line per user ID. Flags are the
/// chain's: `r` revoked, `e` expired.
fn index(keys: &[Served]) -> Reply {
	let mut lines = vec![format!("info:1:{}", keys.len())];
	for served in keys {
		let expires = served.info.key.expires_at.map(|at| (at / 1000).to_string()).unwrap_or_default();
		let flags = match served.info.key.status {
			KeyStatus::Revoked { .. } => "r",
			KeyStatus::Expired { .. } => "e",
			_ => "",
		};
		lines.push(format!(
			"pub:{}:{EDDSA}:255:{}:{expires}:{flags}",
			hex::encode_upper(served.key.fingerprint()),
			served.key.created
		));
		let published = served.info.published.as_deref().unwrap_or_default();
		for user_id in packets(published).map_while(Result::ok).filter(|packet| packet.tag == 13) {
			let user_id = String::from_utf8_lossy(user_id.body);
			lines.push(format!("uid:{}:::", utf8_percent_encode(&user_id, UID_ESCAPES)));
		}
	}
	let mut body = lines.join("\n").into_bytes();
	body.push(b'\n');
	Reply { status: 200, content_type: "text/plain; charset=utf-8", body }
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_key_ring_runtime_api::KeyInfo as RingKey;
	use pgp::composed::{Deserializable, SignedPublicKey};
	use sigil_primitives::{KeyPurpose, RevocationReason, ShortKeyId};
	use std::collections::BTreeMap;

	fn vector(name: &str) -> Vec<u8> {
		let path = format!("{}/../primitives/testdata/openpgp/{name}", env!("CARGO_MANIFEST_DIR"));
		std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
	}

	/// A chain with keys by id and email holders by hash.
	#[derive(Default)]
	struct Chain {
		keys: BTreeMap<H256, KeyInfo>,
		holders: BTreeMap<H256, Option<Vec<H256>>>,
	}

	impl KeyDirectory for Chain {
		fn key(&self, lookup: KeyLookup) -> Result<Option<KeyInfo>, String> {
			Ok(match lookup {
				KeyLookup::Full(id) => self.keys.get(&id).cloned(),
				KeyLookup::Short(short) => self.keys.values().find(|info| info.key.short_id == short).cloned(),
			})
		}
		fn email_holder(&self, email_hash: H256) -> Result<EmailHolder, String> {
			Ok(match self.holders.get(&email_hash) {
				None => EmailHolder::None,
				Some(None) => EmailHolder::Unverified,
				Some(Some(ids)) => EmailHolder::Verified(ids.iter().map(|id| self.keys[id].clone()).collect()),
			})
		}
	}

	/// `name`'s gpg key (from the test vectors) as the chain holds it, published or not.
	fn gpg_key(name: &str, published: bool) -> KeyInfo {
		let exported = vector(&format!("{name}.pub"));
		let key = OpenPgpKey::from_packet(split_first_packet(&exported).unwrap().0).unwrap();
		KeyInfo {
			key: RingKey {
				key_id: key.key_id(),
				short_id: ShortKeyId::from(&key.key_id()),
				owner: AccountId::new([1; 32]),
				public: PublicKey::OpenPgp(key),
				purpose: KeyPurpose::Signing,
				added_at: 1_000,
				expires_at: None,
				revoked: None,
				status: KeyStatus::Active,
			},
			published: published.then_some(exported),
			revocation: None,
		}
	}

	fn revoke(info: &mut KeyInfo, revocation: Option<Vec<u8>>) {
		info.key.revoked = Some((2_000, RevocationReason::Compromised));
		info.key.status = KeyStatus::Revoked { revoked_at: 2_000, reason: RevocationReason::Compromised };
		info.revocation = revocation;
	}

	fn email_hash(address: &str) -> H256 {
		H256(sp_io::hashing::blake2_256(address.as_bytes()))
	}

	fn fingerprint_of(info: &KeyInfo) -> [u8; 20] {
		match info.key.public {
			PublicKey::OpenPgp(key) => key.fingerprint(),
			_ => unreachable!("an OpenPGP key"),
		}
	}

	fn ask(chain: &Chain, answer: Answer, search: Search) -> Reply {
		super::answer(chain, &Lookup { answer, search })
	}

	fn dearmored(reply: &Reply) -> Vec<SignedPublicKey> {
		assert_eq!(
			(reply.status, reply.content_type),
			(200, "application/pgp-keys"),
			"{}",
			String::from_utf8_lossy(&reply.body)
		);
		let (keys, _) = SignedPublicKey::from_armor_many(&reply.body[..]).expect("armored keys");
		keys.collect::<Result<_, _>>().expect("keys rpgp reads")
	}

	#[test]
	fn a_published_key_is_served_armored_by_fingerprint_and_key_id() {
		let alice = gpg_key("alice", true);
		let fingerprint = fingerprint_of(&alice);
		let chain = Chain { keys: BTreeMap::from([(alice.key.key_id, alice.clone())]), ..Default::default() };
		let by_fingerprint = ask(&chain, Answer::Keys, Search::Fingerprint(fingerprint));
		assert_eq!(by_fingerprint, ask(&chain, Answer::Keys, Search::KeyId(alice.key.short_id)));
		let keys = dearmored(&by_fingerprint);
		assert_eq!(keys.len(), 1);
		assert_eq!(keys[0].details.users[0].id.id(), b"Alice <alice@example.org>");
		assert!(keys[0].details.revocation_signatures.is_empty());
		assert_eq!(keys[0].public_subkeys.len(), 1, "the encryption subkey is served too");
	}

	#[test]
	fn a_revoked_key_is_served_with_the_chains_revocation_signature_after_the_primary_key() {
		let mut alice = gpg_key("alice", true);
		revoke(&mut alice, Some(vector("alice.rev")));
		let chain = Chain { keys: BTreeMap::from([(alice.key.key_id, alice.clone())]), ..Default::default() };
		let keys = dearmored(&ask(&chain, Answer::Keys, Search::Fingerprint(fingerprint_of(&alice))));
		assert_eq!(keys[0].details.revocation_signatures.len(), 1);
		keys[0].details.revocation_signatures[0].verify_key(&keys[0].primary_key).expect("gpg's revocation verifies");
		assert_eq!(keys[0].details.users.len(), 1);
		let index = ask(&chain, Answer::Index, Search::KeyId(alice.key.short_id));
		assert!(String::from_utf8_lossy(&index.body).lines().nth(1).unwrap().ends_with(":r"));
	}

	#[test]
	fn keys_not_served_say_why() {
		let unpublished = gpg_key("alice", false);
		let mut revoked_without_signature = gpg_key("bob", true);
		revoke(&mut revoked_without_signature, None);
		let chain = Chain {
			keys: BTreeMap::from([
				(unpublished.key.key_id, unpublished.clone()),
				(revoked_without_signature.key.key_id, revoked_without_signature.clone()),
			]),
			..Default::default()
		};
		let reply = ask(&chain, Answer::Keys, Search::Fingerprint(fingerprint_of(&unpublished)));
		assert_eq!(reply.status, 404);
		assert!(String::from_utf8_lossy(&reply.body).contains("has not published it"));
		let reply = ask(&chain, Answer::Index, Search::KeyId(revoked_without_signature.key.short_id));
		assert_eq!(reply.status, 410);
		let reply = ask(&chain, Answer::Keys, Search::Fingerprint([7; 20]));
		assert_eq!(reply.status, 404);
		assert_eq!(String::from_utf8_lossy(&reply.body), format!("No key found for fingerprint {}\n", "07".repeat(20)));
	}

	#[test]
	fn an_email_finds_the_published_keys_of_the_identity_verified_for_it() {
		let alice = gpg_key("alice", true);
		let unpublished = gpg_key("bob", false);
		let chain = Chain {
			keys: BTreeMap::from([(alice.key.key_id, alice.clone()), (unpublished.key.key_id, unpublished.clone())]),
			holders: BTreeMap::from([
				(email_hash("alice@example.org"), Some(vec![unpublished.key.key_id, alice.key.key_id])),
				(email_hash("bob@example.org"), Some(vec![unpublished.key.key_id])),
				(email_hash("carol@example.org"), Some(vec![])),
				(email_hash("mallory@example.org"), None),
			]),
		};
		let email = |address: &str| Search::Email(address.into());
		let index = ask(&chain, Answer::Index, email("alice@example.org"));
		let fingerprint = hex::encode_upper(fingerprint_of(&alice));
		let created = match alice.key.public {
			PublicKey::OpenPgp(key) => key.created,
			_ => unreachable!(),
		};
		assert_eq!(
			String::from_utf8(index.body).unwrap(),
			format!("info:1:1\npub:{fingerprint}:22:255:{created}::\nuid:Alice <alice@example.org>:::\n")
		);
		assert_eq!(dearmored(&ask(&chain, Answer::Keys, email("alice@example.org"))).len(), 1);
		for (address, message) in [
			("bob@example.org", "has no published OpenPGP key to serve"),
			("carol@example.org", "has no OpenPGP key"),
			("mallory@example.org", "no consortium member has verified it"),
			("nobody@example.org", "No key found for nobody@example.org"),
		] {
			let reply = ask(&chain, Answer::Keys, email(address));
			assert_eq!(reply.status, 404);
			assert!(String::from_utf8_lossy(&reply.body).contains(message), "{address}");
		}
	}

	#[test]
	fn user_ids_are_escaped_in_the_index() {
		assert_eq!(utf8_percent_encode("A:B %C\u{7}é <a@b>", UID_ESCAPES).to_string(), "A%3AB %25C%07%C3%A9 <a@b>");
	}
}
