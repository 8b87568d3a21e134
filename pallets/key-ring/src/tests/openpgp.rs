//! OpenPGP keys: binding with a proof of possession made in OpenPGP's format, revoking with a revocation
//! signature. Keys and signatures made by `gpg` come from `primitives/testdata/openpgp`; the ones that must sign
//! this mock chain's payload are built with a key the test holds.

use super::*;
use crate::{
	Error, Event, Keys, OpenPgpPacket, OpenPgpPublications, OpenPgpRevocations, PublishedOpenPgpKeys, ShortKeyIds,
};
use frame_support::{assert_noop, assert_ok};
use sigil_primitives::{
	openpgp::{SignatureType, MAX_PACKET_LENGTH},
	OpenPgpKey, RevocationReason, ShortKeyId,
};

const SHA256: u8 = 8;

/// A file from the gpg-made test vectors.
fn vector(name: &str) -> Vec<u8> {
	let path = format!("{}/../../primitives/testdata/openpgp/{name}", env!("CARGO_MANIFEST_DIR"));
	std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn packet(bytes: Vec<u8>) -> OpenPgpPacket {
	OpenPgpPacket::try_from(bytes).expect("short enough")
}

/// The first packet of a gpg export: the primary key.
fn primary_key(export: &str) -> OpenPgpPacket {
	let exported = vector(export);
	let length = usize::from(exported[1]) + 2;
	packet(exported[..length].to_vec())
}

/// An OpenPGP key the test holds the private half of.
struct TestOpenPgpKey(ed25519::Pair);

impl TestOpenPgpKey {
	fn new(seed: u8) -> Self {
		Self(ed25519::Pair::from_seed(&[seed; 32]))
	}
	fn key(&self) -> OpenPgpKey {
		OpenPgpKey { created: 1_700_000_000, key: self.0.public() }
	}
	fn signature(&self, kind: SignatureType, hash: u8, data: &[u8]) -> OpenPgpPacket {
		let sign = |digest: &[u8]| Some(self.0.sign(digest).0);
		packet(self.key().signature_packet(kind, hash, data, 200, sign).expect("built"))
	}
	fn proof(&self, who: AccountId) -> OpenPgpPacket {
		let payload = KeyPossessionPayload::new(KeyRing::genesis_hash(), who, KeyPurpose::Signing, self.key().key_id());
		self.signature(SignatureType::Binary, SHA256, &payload.encode())
	}
	fn try_add(&self, who: AccountId, proof: OpenPgpPacket) -> frame_support::dispatch::DispatchResult {
		KeyRing::add_openpgp_key(RuntimeOrigin::signed(who), packet(self.key().packet()), None, proof)
	}
}

#[test]
fn an_openpgp_key_joins_the_ring_under_its_fingerprint_and_pgp_key_id() {
	run(|| {
		register(ALICE, "Alice", 1);
		let pgp = TestOpenPgpKey::new(7);
		let key = pgp.key();
		assert_ok!(pgp.try_add(ALICE, pgp.proof(ALICE)));
		let key_id = key.key_id();
		let fingerprint = key.fingerprint();
		assert_eq!(key_id.0[12..], fingerprint);
		let short_id = ShortKeyId(fingerprint[12..].try_into().expect("eight bytes"));
		System::assert_last_event(
			Event::KeyAdded {
				who: ALICE,
				key_id,
				short_id,
				public: PublicKey::OpenPgp(key),
				purpose: KeyPurpose::Signing,
				expires_at: None,
			}
			.into(),
		);
		assert_eq!(ShortKeyIds::<Test>::get(short_id), Some(key_id));
		let record = Keys::<Test>::get(key_id).expect("stored");
		assert_eq!((record.owner, record.purpose, record.deposit), (ALICE, KeyPurpose::Signing, KEY_DEPOSIT));
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT + KEY_DEPOSIT);
		// An OpenPGP key signs in OpenPGP's format only: a raw signature by the same Ed25519 key counts for nothing.
		let raw = KeySignature::Ed25519(pgp.0.sign(b"message"));
		assert!(!PublicKey::OpenPgp(key).verify(b"message", &raw));
	});
}

#[test]
fn a_proof_of_possession_must_be_the_keys_signature_over_this_payload() {
	run(|| {
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		let pgp = TestOpenPgpKey::new(7);
		// Made for Bob's account, or over other bytes: the signature does not verify.
		assert_noop!(pgp.try_add(ALICE, pgp.proof(BOB)), Error::<Test>::BadProof);
		assert_noop!(
			pgp.try_add(ALICE, pgp.signature(SignatureType::Binary, SHA256, b"something else")),
			Error::<Test>::BadProof
		);
		// SHA-512 is as good as SHA-256.
		let payload =
			KeyPossessionPayload::new(KeyRing::genesis_hash(), ALICE, KeyPurpose::Signing, pgp.key().key_id());
		assert_ok!(pgp.try_add(ALICE, pgp.signature(SignatureType::Binary, 10, &payload.encode())));
	});
}

#[test]
fn gpg_made_keys_and_signatures_that_are_not_acceptable_are_refused_by_name() {
	run(|| {
		register(ALICE, "Alice", 1);
		let add = |key: &str, proof: &str| {
			KeyRing::add_openpgp_key(RuntimeOrigin::signed(ALICE), primary_key(key), None, packet(vector(proof)))
		};
		assert_noop!(add("alice.pub", "possession-sha1.sig"), Error::<Test>::OpenPgpWeakHash);
		assert_noop!(add("alice.pub", "possession-text.sig"), Error::<Test>::OpenPgpWrongSignatureType);
		assert_noop!(add("alice.pub", "possession-bob.sig"), Error::<Test>::OpenPgpIssuerMismatch);
		assert_noop!(add("alice.pub", "possession-rsa.sig"), Error::<Test>::OpenPgpUnsupportedSignature);
		assert_noop!(add("alice.pub", "alice.rev"), Error::<Test>::OpenPgpWrongSignatureType);
		let rsa = vector("rsa.pub");
		let rsa_key = packet(rsa[..usize::from(u16::from_be_bytes([rsa[1], rsa[2]])) + 3].to_vec());
		assert_noop!(
			KeyRing::add_openpgp_key(RuntimeOrigin::signed(ALICE), rsa_key, None, packet(vector("possession-rsa.sig"))),
			Error::<Test>::OpenPgpUnsupportedKey
		);
		// A truncated key or proof.
		let alice = primary_key("alice.pub");
		let truncated = packet(alice[..alice.len() - 1].to_vec());
		assert_noop!(
			KeyRing::add_openpgp_key(RuntimeOrigin::signed(ALICE), truncated, None, packet(vector("possession.sig"))),
			Error::<Test>::OpenPgpMalformed
		);
		let proof = vector("possession.sig");
		assert_noop!(
			KeyRing::add_openpgp_key(RuntimeOrigin::signed(ALICE), alice, None, packet(proof[..40].to_vec())),
			Error::<Test>::OpenPgpMalformed
		);
		// gpg's own proof is Alice's signature over another chain's payload.
		assert_noop!(add("alice.pub", "possession.sig"), Error::<Test>::BadProof);
		assert!(Keys::<Test>::iter().next().is_none());
	});
}

#[test]
fn an_openpgp_key_takes_the_rings_other_checks_too() {
	run(|| {
		let pgp = TestOpenPgpKey::new(7);
		assert_noop!(pgp.try_add(ALICE, pgp.proof(ALICE)), Error::<Test>::NotRegistered);
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		assert_noop!(
			KeyRing::add_openpgp_key(
				RuntimeOrigin::signed(ALICE),
				packet(pgp.key().packet()),
				Some(START),
				pgp.proof(ALICE)
			),
			Error::<Test>::ExpiryInPast
		);
		assert_ok!(pgp.try_add(ALICE, pgp.proof(ALICE)));
		assert_noop!(pgp.try_add(BOB, pgp.proof(BOB)), Error::<Test>::KeyAlreadyRegistered);
	});
}

#[test]
fn revoking_with_the_keys_revocation_signature_keeps_it_for_key_servers() {
	run(|| {
		register(ALICE, "Alice", 1);
		let pgp = TestOpenPgpKey::new(7);
		assert_ok!(pgp.try_add(ALICE, pgp.proof(ALICE)));
		let key_id = pgp.key().key_id();
		let revocation = pgp.signature(SignatureType::KeyRevocation, SHA256, &[]);
		Timestamp::set_timestamp(START + 1_000);
		assert_ok!(KeyRing::revoke_openpgp_key(
			RuntimeOrigin::signed(ALICE),
			key_id,
			RevocationReason::Superseded,
			revocation.clone()
		));
		System::assert_last_event(
			Event::KeyRevoked { who: ALICE, key_id, reason: RevocationReason::Superseded, revoked_at: START + 1_000 }
				.into(),
		);
		assert_eq!(OpenPgpRevocations::<Test>::get(key_id), Some(revocation.clone()));
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT);
		assert_eq!(KeyRing::identity(&ALICE).expect("registered").live_keys, 0);
		assert_noop!(
			KeyRing::revoke_openpgp_key(RuntimeOrigin::signed(ALICE), key_id, RevocationReason::Superseded, revocation),
			Error::<Test>::AlreadyRevoked
		);
	});
}

#[test]
fn revocation_errors() {
	run(|| {
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		let pgp = TestOpenPgpKey::new(7);
		assert_ok!(pgp.try_add(ALICE, pgp.proof(ALICE)));
		let key_id = pgp.key().key_id();
		let revoke = |who, key_id, reason, revocation: OpenPgpPacket| {
			KeyRing::revoke_openpgp_key(RuntimeOrigin::signed(who), key_id, reason, revocation)
		};
		let good = pgp.signature(SignatureType::KeyRevocation, SHA256, &[]);
		use RevocationReason::*;
		assert_noop!(revoke(ALICE, H256::zero(), Retired, good.clone()), Error::<Test>::UnknownKey);
		assert_noop!(revoke(BOB, key_id, Retired, good.clone()), Error::<Test>::NotKeyOwner);
		let native = TestPair::ed(1);
		add_key(ALICE, &native, KeyPurpose::Signing, None);
		assert_noop!(revoke(ALICE, native.public().key_id(), Retired, good.clone()), Error::<Test>::NotOpenPgpKey);
		// Another key's revocation (gpg's, of Alice's gpg key), a document signature, a truncated one.
		assert_noop!(revoke(ALICE, key_id, Retired, packet(vector("alice.rev"))), Error::<Test>::OpenPgpIssuerMismatch);
		let document = pgp.signature(SignatureType::Binary, SHA256, b"");
		assert_noop!(revoke(ALICE, key_id, Retired, document), Error::<Test>::OpenPgpWrongSignatureType);
		assert_noop!(revoke(ALICE, key_id, Retired, packet(good[..50].to_vec())), Error::<Test>::OpenPgpMalformed);
		// A revocation signature whose signature bytes were changed.
		let mut forged = good.to_vec();
		let last = forged.len() - 1;
		forged[last] ^= 1;
		assert_noop!(revoke(ALICE, key_id, Retired, packet(forged)), Error::<Test>::BadRevocation);
		assert!(OpenPgpRevocations::<Test>::get(key_id).is_none());
	});
}

#[test]
fn a_revocation_signature_that_states_a_reason_must_agree_with_the_call() {
	run(|| {
		// gpg's certificate says "compromised" (reason 2) for Alice's gpg key; this chain's payload differs, so the
		// key goes in directly, as a benchmark would put it.
		register(ALICE, "Alice", 1);
		let alice = OpenPgpKey::from_packet(&primary_key("alice.pub")).expect("Ed25519");
		put_key(ALICE, PublicKey::OpenPgp(alice));
		let revocation = packet(vector("alice.rev"));
		assert_noop!(
			KeyRing::revoke_openpgp_key(
				RuntimeOrigin::signed(ALICE),
				alice.key_id(),
				RevocationReason::Superseded,
				revocation.clone()
			),
			Error::<Test>::RevocationReasonMismatch
		);
		assert_ok!(KeyRing::revoke_openpgp_key(
			RuntimeOrigin::signed(ALICE),
			alice.key_id(),
			RevocationReason::Compromised,
			revocation
		));
	});
}

/// Puts a live signing key in `who`'s ring without a proof or deposit.
fn put_key(who: AccountId, public: PublicKey) {
	let key_id = public.key_id();
	crate::KeysOf::<Test>::mutate(who, |history| history.try_push(key_id).expect("room in the history"));
	crate::Identities::<Test>::mutate(who, |identity| identity.as_mut().expect("registered").live_keys += 1);
	ShortKeyIds::<Test>::insert(public.short_id(), key_id);
	let lifetime = sigil_primitives::KeyLifetime { added_at: START, expires_at: None, revoked: None };
	Keys::<Test>::insert(
		key_id,
		crate::KeyRecord { owner: who, public, purpose: KeyPurpose::Signing, lifetime, deposit: 0 },
	);
}

/// Alice registered, with her gpg-made key in her ring; its id.
fn alice_with_her_gpg_key() -> H256 {
	register(ALICE, "Alice", 1);
	let alice = OpenPgpKey::from_packet(&primary_key("alice.pub")).expect("Ed25519");
	put_key(ALICE, PublicKey::OpenPgp(alice));
	alice.key_id()
}

fn publish(who: AccountId, key_id: H256, bytes: Vec<u8>) -> frame_support::dispatch::DispatchResult {
	KeyRing::publish_openpgp_key(RuntimeOrigin::signed(who), key_id, bytes.try_into().expect("short enough"))
}

#[test]
fn an_owner_publishes_its_gpg_export_for_key_servers_and_replaces_it() {
	run(|| {
		let key_id = alice_with_her_gpg_key();
		let exported = vector("alice.pub");
		let length = exported.len() as u32;
		assert_ok!(publish(ALICE, key_id, exported.clone()));
		// The mock holds 1 per byte.
		let deposit = u128::from(length);
		System::assert_last_event(Event::OpenPgpKeyPublished { who: ALICE, key_id, length, deposit }.into());
		assert_eq!(PublishedOpenPgpKeys::<Test>::get(key_id).map(|bytes| bytes.to_vec()), Some(exported.clone()));
		assert_eq!(OpenPgpPublications::<Test>::get(key_id), Some(crate::Publication { length, deposit }));
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT + deposit);
		// Without the encryption subkey and its binding: key, user ID, self-signature. The deposit follows.
		let without_subkey: Vec<u8> = {
			let packets: Vec<_> = sigil_primitives::openpgp::packets(&exported).map(|p| p.expect("good")).collect();
			let subkey_start = packets[3].body.as_ptr() as usize - exported.as_ptr() as usize - 2;
			exported[..subkey_start].to_vec()
		};
		assert_ok!(publish(ALICE, key_id, without_subkey.clone()));
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT + without_subkey.len() as u128);
		assert_ok!(publish(ALICE, key_id, exported));
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT + deposit);
	});
}

#[test]
fn only_the_bound_keys_public_export_with_a_user_id_is_published() {
	run(|| {
		let key_id = alice_with_her_gpg_key();
		register(BOB, "Bob", 2);
		let exported = vector("alice.pub");
		assert_noop!(publish(BOB, key_id, exported.clone()), Error::<Test>::NotKeyOwner);
		assert_noop!(publish(ALICE, H256::zero(), exported.clone()), Error::<Test>::UnknownKey);
		assert_noop!(publish(POOR, key_id, exported.clone()), Error::<Test>::NotRegistered);
		let native = TestPair::ed(1);
		add_key(ALICE, &native, KeyPurpose::Signing, None);
		assert_noop!(publish(ALICE, native.public().key_id(), exported.clone()), Error::<Test>::NotOpenPgpKey);
		assert_noop!(publish(ALICE, key_id, vector("bob.pub")), Error::<Test>::OpenPgpKeyMismatch);
		assert_noop!(publish(ALICE, key_id, exported[..exported.len() - 3].to_vec()), Error::<Test>::OpenPgpMalformed);
		let secret = [&exported[..], &[0xC5, 1, 0][..]].concat();
		assert_noop!(publish(ALICE, key_id, secret), Error::<Test>::OpenPgpSecretKey);
		let two_keys = [&exported[..], &vector("bob.pub")[..]].concat();
		assert_noop!(publish(ALICE, key_id, two_keys), Error::<Test>::OpenPgpUnexpectedPacket);
		assert_noop!(publish(ALICE, key_id, primary_key("alice.pub").to_vec()), Error::<Test>::OpenPgpNoUserId);
		<Balances as frame_support::traits::fungible::Mutate<_>>::set_balance(&ALICE, 10);
		assert_noop!(publish(ALICE, key_id, exported), Error::<Test>::InsufficientBalance);
		assert!(OpenPgpPublications::<Test>::iter().next().is_none());
	});
}

#[test]
fn withdrawing_a_publication_returns_its_deposit_and_forget_withdraws_them_all() {
	run(|| {
		let key_id = alice_with_her_gpg_key();
		register(BOB, "Bob", 2);
		let withdraw = |who, key_id| KeyRing::withdraw_openpgp_key(RuntimeOrigin::signed(who), key_id);
		assert_noop!(withdraw(ALICE, key_id), Error::<Test>::NotPublished);
		assert_ok!(publish(ALICE, key_id, vector("alice.pub")));
		assert_noop!(withdraw(BOB, key_id), Error::<Test>::NotKeyOwner);
		assert_noop!(withdraw(ALICE, H256::zero()), Error::<Test>::UnknownKey);
		assert_ok!(withdraw(ALICE, key_id));
		System::assert_last_event(Event::OpenPgpKeyWithdrawn { who: ALICE, key_id }.into());
		assert!(
			PublishedOpenPgpKeys::<Test>::get(key_id).is_none() && OpenPgpPublications::<Test>::get(key_id).is_none()
		);
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT);
		assert!(Keys::<Test>::contains_key(key_id), "the key stays in the ring");

		assert_ok!(publish(ALICE, key_id, vector("alice.pub")));
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		System::assert_has_event(Event::OpenPgpKeyWithdrawn { who: ALICE, key_id }.into());
		assert!(PublishedOpenPgpKeys::<Test>::get(key_id).is_none());
		assert_eq!(held(ALICE), 0);
	});
}

#[test]
fn key_servers_read_an_openpgp_key_with_its_publication_and_revocation_signature() {
	use pallet_key_ring_runtime_api::KeyLookup;
	run(|| {
		let key_id = alice_with_her_gpg_key();
		let short = KeyLookup::Short(ShortKeyId::from(&key_id));
		let bound = KeyRing::api_openpgp_key(KeyLookup::Full(key_id)).expect("an OpenPGP key");
		assert_eq!((bound.key.key_id, bound.key.owner), (key_id, ALICE));
		assert_eq!((bound.published, bound.revocation), (None, None));
		assert_eq!(KeyRing::api_openpgp_key(short), Some(KeyRing::api_openpgp_key(KeyLookup::Full(key_id)).unwrap()));
		// Unknown keys and keys of other schemes are not OpenPGP keys.
		assert_eq!(KeyRing::api_openpgp_key(KeyLookup::Full(H256::zero())), None);
		let native = TestPair::ed(1);
		add_key(ALICE, &native, KeyPurpose::Signing, None);
		assert_eq!(KeyRing::api_openpgp_key(KeyLookup::Full(native.public().key_id())), None);

		assert_ok!(publish(ALICE, key_id, vector("alice.pub")));
		assert_ok!(KeyRing::revoke_openpgp_key(
			RuntimeOrigin::signed(ALICE),
			key_id,
			RevocationReason::Compromised,
			packet(vector("alice.rev"))
		));
		let served = KeyRing::api_openpgp_key(short).expect("still in the ring");
		assert_eq!(served.published, Some(vector("alice.pub")));
		assert_eq!(served.revocation, Some(vector("alice.rev")));
		assert_eq!(served.key.revoked, Some((START, RevocationReason::Compromised)));
		// Her keys: the OpenPGP one only.
		assert_eq!(KeyRing::api_openpgp_keys_of(&ALICE), vec![served]);
		assert_eq!(KeyRing::api_openpgp_keys_of(&BOB), vec![]);
	});
}

#[test]
fn a_packet_longer_than_a_call_carries_does_not_decode() {
	assert!(OpenPgpPacket::try_from(vec![0u8; MAX_PACKET_LENGTH as usize + 1]).is_err());
}
