//! The parser against keys and signatures `gpg` made (`primitives/testdata/openpgp`, see its `make-vectors`), and
//! against rpgp on malformed variants of them.

use super::*;
use crate::{KeyPossessionPayload, KeyPurpose};
use codec::Encode;
use pgp::{
	composed::{Deserializable, DetachedSignature, SignedPublicKey},
	types::KeyDetails,
};
use proptest::prelude::*;
use sp_core::crypto::AccountId32;

fn vector(name: &str) -> Vec<u8> {
	let path = format!("{}/testdata/openpgp/{name}", env!("CARGO_MANIFEST_DIR"));
	std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The first packet of an exported key: the primary key.
fn primary_packet(exported: &[u8]) -> &[u8] {
	split_first_packet(exported).expect("a packet").0
}

fn key(name: &str) -> OpenPgpKey {
	OpenPgpKey::from_packet(primary_packet(&vector(name))).expect("an Ed25519 key")
}

fn rpgp_key(name: &str) -> SignedPublicKey {
	SignedPublicKey::from_bytes(&vector(name)[..]).expect("rpgp reads the key")
}

/// rpgp's verdict on `packet` as a binary signature by `name`'s key over `data`.
fn rpgp_verifies(name: &str, data: &[u8], packet: &[u8]) -> bool {
	let key = rpgp_key(name);
	DetachedSignature::from_bytes(packet)
		.is_ok_and(|signature| signature.signature.verify(&key.primary_key, data).is_ok())
}

#[test]
fn a_gpg_key_reads_back_to_its_own_packet_fingerprint_and_key_id() {
	let exported = vector("alice.pub");
	let alice = key("alice.pub");
	assert_eq!(alice.packet(), primary_packet(&exported), "the packet is rebuilt byte for byte");
	let rpgp = rpgp_key("alice.pub");
	assert_eq!(alice.fingerprint().as_slice(), rpgp.primary_key.fingerprint().as_bytes());
	assert_eq!(alice.created, rpgp.primary_key.created_at().as_secs());
	let key_id = alice.key_id();
	assert_eq!(key_id.0[..12], [0; 12]);
	assert_eq!(crate::ShortKeyId::from(&key_id).0.as_slice(), rpgp.primary_key.legacy_key_id().as_ref());
}

#[test]
fn the_possession_payload_is_the_one_gpg_signed() {
	let payload = KeyPossessionPayload::new(
		H256([2; 32]),
		AccountId32::new([1; 32]),
		KeyPurpose::Signing,
		key("alice.pub").key_id(),
	);
	assert_eq!(payload.encode(), vector("possession.bin"));
}

#[test]
fn gpg_detached_signatures_verify_with_sha256_and_sha512() {
	let alice = key("alice.pub");
	let data = vector("possession.bin");
	for name in ["possession.sig", "possession-sha512.sig"] {
		let packet = vector(name);
		let facts = alice.verify(SignatureType::Binary, &data, &packet).expect(name);
		let rpgp = DetachedSignature::from_bytes(&packet[..]).expect("rpgp reads it");
		assert_eq!(Some(facts.created), rpgp.signature.created().map(|t| t.as_secs()));
		assert_eq!(facts.revocation_reason, None);
		assert!(rpgp_verifies("alice.pub", &data, &packet));
		// Other data, or the right data under another type, is refused.
		assert_eq!(alice.verify(SignatureType::Binary, b"other", &packet), Err(OpenPgpError::BadSignature));
		assert_eq!(alice.verify(SignatureType::KeyRevocation, &data, &packet), Err(OpenPgpError::WrongSignatureType));
	}
}

#[test]
fn weak_digests_text_signatures_and_other_signers_are_refused() {
	let alice = key("alice.pub");
	let data = vector("possession.bin");
	let verify = |name: &str| alice.verify(SignatureType::Binary, &data, &vector(name));
	assert_eq!(verify("possession-sha1.sig"), Err(OpenPgpError::WeakHash));
	assert_eq!(verify("possession-text.sig"), Err(OpenPgpError::WrongSignatureType));
	assert_eq!(verify("possession-bob.sig"), Err(OpenPgpError::IssuerMismatch));
	assert_eq!(verify("possession-rsa.sig"), Err(OpenPgpError::UnsupportedSignature));
	// Bob's signature is good, as Bob's.
	assert!(key("bob.pub").verify(SignatureType::Binary, &data, &vector("possession-bob.sig")).is_ok());
}

#[test]
fn keys_other_than_v4_ed25519_are_refused() {
	assert_eq!(OpenPgpKey::from_packet(primary_packet(&vector("rsa.pub"))), Err(OpenPgpError::UnsupportedKey));
	let mut v6 = key("alice.pub").packet();
	v6[2] = 6;
	assert_eq!(OpenPgpKey::from_packet(&v6), Err(OpenPgpError::UnsupportedKey));
	// A whole export is more than one packet.
	assert_eq!(OpenPgpKey::from_packet(&vector("alice.pub")), Err(OpenPgpError::Malformed));
	// The user ID packet that follows the key is not a key.
	let exported = vector("alice.pub");
	let user_id = &exported[primary_packet(&exported).len()..];
	assert!(OpenPgpKey::from_packet(user_id).is_err());
}

#[test]
fn a_gpg_revocation_certificate_verifies_with_its_reason() {
	let alice = key("alice.pub");
	let revocation = vector("alice.rev");
	let facts = alice.verify(SignatureType::KeyRevocation, &[], &revocation).expect("Alice's revocation");
	assert_eq!(facts.revocation_reason, Some(2), "gpg --gen-revoke, answer 1: compromised");
	let rpgp = DetachedSignature::from_bytes(&revocation[..]).expect("rpgp reads it");
	assert!(rpgp.signature.verify_key(&rpgp_key("alice.pub").primary_key).is_ok());
	assert_eq!(alice.verify(SignatureType::Binary, &[], &revocation), Err(OpenPgpError::WrongSignatureType));
	assert_eq!(
		key("bob.pub").verify(SignatureType::KeyRevocation, &[], &revocation),
		Err(OpenPgpError::IssuerMismatch)
	);
}

#[test]
fn every_truncation_is_malformed() {
	let alice = key("alice.pub");
	let data = vector("possession.bin");
	let packet = vector("possession.sig");
	for length in 0..packet.len() {
		assert_eq!(alice.verify(SignatureType::Binary, &data, &packet[..length]), Err(OpenPgpError::Malformed));
	}
	let mut longer = packet.clone();
	longer.push(0);
	assert_eq!(alice.verify(SignatureType::Binary, &data, &longer), Err(OpenPgpError::Malformed));
}

#[test]
fn packets_split_an_export_in_order() {
	let tags: Vec<u8> = packets(&vector("alice.pub")).map(|packet| packet.expect("well formed").tag).collect();
	assert_eq!(tags, vec![6, 13, 2, 14, 2]);
	let exported = vector("alice.pub");
	let cut = &exported[..exported.len() - 1];
	assert_eq!(packets(cut).last(), Some(Err(OpenPgpError::Malformed)));
	let (primary, rest) = split_first_packet(&exported).expect("a packet");
	assert_eq!(primary, key("alice.pub").packet());
	assert_eq!(packets(rest).map(|packet| packet.expect("well formed").tag).collect::<Vec<_>>(), vec![13, 2, 14, 2]);
	assert_eq!(split_first_packet(&primary[..primary.len() - 1]), Err(OpenPgpError::Malformed));
}

#[test]
fn a_gpg_export_is_the_keys_transferable_key_and_other_things_are_not() {
	let alice = key("alice.pub");
	let exported = vector("alice.pub");
	assert_eq!(alice.check_transferable(&exported), Ok(()));
	assert_eq!(key("bob.pub").check_transferable(&exported), Err(OpenPgpError::KeyMismatch));
	assert_eq!(alice.check_transferable(&exported[..exported.len() - 1]), Err(OpenPgpError::Malformed));
	assert_eq!(alice.check_transferable(&[]), Err(OpenPgpError::Malformed));
	let primary = primary_packet(&exported);
	assert_eq!(alice.check_transferable(primary), Err(OpenPgpError::NoUserId));
	// Two keys in one export, a secret key packet (tag 5, here in the new format), a literal data packet (tag 11).
	let two_keys = [&exported[..], &vector("bob.pub")[..]].concat();
	assert_eq!(alice.check_transferable(&two_keys), Err(OpenPgpError::UnexpectedPacket));
	let secret = [&exported[..], &[0xC5, 1, 0][..]].concat();
	assert_eq!(alice.check_transferable(&secret), Err(OpenPgpError::SecretKeyPacket));
	let data = [&exported[..], &[0xCB, 1, 0][..]].concat();
	assert_eq!(alice.check_transferable(&data), Err(OpenPgpError::UnexpectedPacket));
	// rpgp reads the export the same way: Alice's key, one user ID, one subkey.
	let rpgp = rpgp_key("alice.pub");
	assert_eq!((rpgp.details.users.len(), rpgp.public_subkeys.len()), (1, 1));
}

#[test]
fn the_largest_signature_a_call_carries_verifies_here_and_in_rpgp() {
	use sp_core::Pair;
	let pair = ed25519::Pair::from_seed(&[9; 32]);
	let key = OpenPgpKey { created: 1_700_000_000, key: pair.public() };
	let length = MAX_PACKET_LENGTH as usize;
	let sign = |digest: &[u8]| Some(pair.sign(digest).0);
	for hash in [8, 9, 10] {
		let packet = key.signature_packet(SignatureType::Binary, hash, b"data", length, sign).expect("built");
		assert!(packet.len() <= length && packet.len() >= length - 2, "{}", packet.len());
		assert!(key.verify(SignatureType::Binary, b"data", &packet).is_ok());
		let rpgp_key = match pgp::packet::PacketParser::new(&key.packet()[..]).next() {
			Some(Ok(pgp::packet::Packet::PublicKey(key))) => key,
			other => panic!("rpgp reads the key: {other:?}"),
		};
		let signature = DetachedSignature::from_bytes(&packet[..]).expect("rpgp reads it");
		signature.signature.verify(&rpgp_key, &b"data"[..]).expect("rpgp verifies it");
	}
	let revocation = key.signature_packet(SignatureType::KeyRevocation, 10, &[], length, sign).expect("built");
	assert!(key.verify(SignatureType::KeyRevocation, &[], &revocation).is_ok());
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(2_000))]

	/// Changing any byte of a good signature outside its unhashed subpackets never panics, and the parser accepts
	/// a changed signature only if rpgp verifies it too: it is never more lenient than a full OpenPGP
	/// implementation. (The unhashed subpackets are not signed, and the parser reads only their issuer key id;
	/// rpgp also refuses, say, a key server preference there that is not UTF-8.)
	#[test]
	fn a_changed_signature_is_accepted_only_if_rpgp_verifies_it(
		changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
	) {
		let data = vector("possession.bin");
		let mut packet = vector("possession.sig");
		// gpg writes a two-octet header; the hashed area's length follows the four fixed octets.
		let unhashed_start = 2 + 6 + usize::from(u16::from_be_bytes([packet[6], packet[7]])) + 2;
		let unhashed_end = unhashed_start + usize::from(u16::from_be_bytes([packet[unhashed_start - 2], packet[unhashed_start - 1]]));
		let outside_unhashed: Vec<usize> = (0..packet.len()).filter(|at| !(unhashed_start..unhashed_end).contains(at)).collect();
		for (index, byte) in changes {
			let at = *index.get(&outside_unhashed);
			packet[at] = byte;
		}
		if key("alice.pub").verify(SignatureType::Binary, &data, &packet).is_ok() {
			prop_assert!(rpgp_verifies("alice.pub", &data, &packet), "accepted, rpgp refuses: {}", hex::encode(&packet));
		}
	}

	/// Arbitrary bytes never panic the parser and never pass as a signature or a key.
	#[test]
	fn arbitrary_bytes_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
		let alice = key("alice.pub");
		prop_assert!(alice.verify(SignatureType::Binary, b"data", &bytes).is_err());
		prop_assert!(alice.verify(SignatureType::KeyRevocation, &[], &bytes).is_err());
		if let Ok(key) = OpenPgpKey::from_packet(&bytes) {
			prop_assert_eq!(OpenPgpKey::from_body(&key.packet_body()), Ok(key));
		}
		for packet in packets(&bytes) {
			if packet.is_err() {
				break;
			}
		}
	}
}
