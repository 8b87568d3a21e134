//! Identities and key rings on a running dev node, through signed extrinsics and the `keyRing_*` RPC methods.

use codec::Encode;
use jsonrpsee::{core::client::ClientT, rpc_params};
use pallet_key_ring_rpc::{IdentityJson, KeyJson, StatusJson, VerificationJson};
use sigil_e2e::*;
use sigil_primitives::{KeyPossessionPayload, KeyPurpose, KeySignature, PublicKey, RevocationReason};
use sigil_runtime::{AccountId, RuntimeCall, RuntimeError};
use sp_core::{ed25519, sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring::{Alice, Bob};

fn possession_proof(
	genesis: H256,
	who: &AccountId,
	purpose: KeyPurpose,
	public: &PublicKey,
	sign: impl Fn(&[u8]) -> KeySignature,
) -> KeySignature {
	sign(&KeyPossessionPayload::new(genesis, who.clone(), purpose, public.key_id()).encode())
}

fn add_key_call(public: PublicKey, purpose: KeyPurpose, proof: KeySignature) -> RuntimeCall {
	RuntimeCall::KeyRing(pallet_key_ring::Call::add_key { public, purpose, expires_at: None, proof: Box::new(proof) })
}

#[tokio::test(flavor = "multi_thread")]
async fn register_add_keys_refuse_a_foreign_key_revoke_and_read_back_over_rpc() -> Result<()> {
	let (_node, client) = start_dev_node("key-ring").await?;
	let genesis = genesis_hash(&client).await?;
	let alice = Alice.to_account_id();
	let email_hash = H256(sp_io::hashing::blake2_256(b"alice@example.org"));

	// Register.
	let register =
		RuntimeCall::KeyRing(pallet_key_ring::Call::register { display_name: b"Alice Example".to_vec(), email_hash });
	let included = execute(&client, &Alice.pair(), register).await?;
	assert!(included.succeeded(), "register failed: {:?}", included.failure());

	// An sr25519 signing key and an ed25519 encryption key, each with a valid proof of possession.
	let signing = sr25519::Pair::from_string("//Alice//ring-signing", None).map_err(|e| format!("{e:?}"))?;
	let signing_public = PublicKey::Sr25519(signing.public());
	let proof = possession_proof(genesis, &alice, KeyPurpose::Signing, &signing_public, |m| {
		KeySignature::Sr25519(signing.sign(m))
	});
	let included =
		execute(&client, &Alice.pair(), add_key_call(signing_public.clone(), KeyPurpose::Signing, proof)).await?;
	assert!(included.succeeded(), "add sr25519 key failed: {:?}", included.failure());

	let encryption = ed25519::Pair::from_string("//Alice//ring-encryption", None).map_err(|e| format!("{e:?}"))?;
	let encryption_public = PublicKey::Ed25519(encryption.public());
	let proof = possession_proof(genesis, &alice, KeyPurpose::Encryption, &encryption_public, |m| {
		KeySignature::Ed25519(encryption.sign(m))
	});
	let included =
		execute(&client, &Alice.pair(), add_key_call(encryption_public.clone(), KeyPurpose::Encryption, proof)).await?;
	assert!(included.succeeded(), "add ed25519 key failed: {:?}", included.failure());

	// Bob registers and tries to bind a key he does not hold (Charlie's), with a proof he cannot make properly.
	let register_bob = RuntimeCall::KeyRing(pallet_key_ring::Call::register {
		display_name: b"Bob".to_vec(),
		email_hash: H256(sp_io::hashing::blake2_256(b"bob@example.org")),
	});
	assert!(execute(&client, &Bob.pair(), register_bob).await?.succeeded());
	let charlies_key = sr25519::Pair::from_string("//Charlie//ring", None).map_err(|e| format!("{e:?}"))?;
	let foreign = PublicKey::Sr25519(charlies_key.public());
	let bobs_attempt = possession_proof(genesis, &Bob.to_account_id(), KeyPurpose::Signing, &foreign, |m| {
		KeySignature::Sr25519(Bob.pair().sign(m))
	});
	let included =
		execute(&client, &Bob.pair(), add_key_call(foreign.clone(), KeyPurpose::Signing, bobs_attempt)).await?;
	assert!(
		matches!(included.failure(), Some(RuntimeError::KeyRing(pallet_key_ring::Error::BadProof))),
		"expected BadProof, got {:?}",
		included.failure()
	);

	// Sign a message with the signing key while it is active, then revoke the key.
	let message = b"signed before revocation".to_vec();
	let signature = signing.sign(&message);
	let (_, before_revocation) = finalized(&client).await?;
	let time_before: u64 = {
		let key: Option<KeyJson<AccountId>> = client
			.request("keyRing_key", rpc_params![format!("{:?}", signing_public.key_id()), before_revocation])
			.await?;
		key.ok_or("key not found")?.added_at
	};
	let revoke = RuntimeCall::KeyRing(pallet_key_ring::Call::revoke_key {
		key_id: signing_public.key_id(),
		reason: RevocationReason::Compromised,
	});
	let included = execute(&client, &Alice.pair(), revoke).await?;
	assert!(included.succeeded(), "revoke failed: {:?}", included.failure());
	let at = format!("{:?}", included.block_hash);

	// Read it all back over RPC.
	let identity: Option<IdentityJson> =
		client.request("keyRing_identity", rpc_params![alice.to_string(), &at]).await?;
	let identity = identity.ok_or("identity not found")?;
	assert_eq!(identity.display_name, "Alice Example");
	assert_eq!(identity.email_hash, Some(email_hash));
	assert_eq!(identity.live_keys, 1);
	assert_eq!(identity.forgotten_at, None);

	let keys: Vec<KeyJson<AccountId>> = client.request("keyRing_keys", rpc_params![alice.to_string(), &at]).await?;
	assert_eq!(keys.len(), 2);
	assert_eq!(keys[0].key_type, "sr25519");
	assert_eq!(keys[0].purpose, "signing");
	assert!(matches!(keys[0].status, StatusJson::Revoked { .. }), "{:?}", keys[0].status);
	assert_eq!(keys[1].key_type, "ed25519");
	assert_eq!(keys[1].purpose, "encryption");
	assert_eq!(keys[1].status, StatusJson::Active);

	// By short id.
	let short = pallet_key_ring_rpc::short_id_hex(&encryption_public.short_id());
	let by_short: Option<KeyJson<AccountId>> = client.request("keyRing_key", rpc_params![short.clone(), &at]).await?;
	assert_eq!(by_short.ok_or("short id not found")?.key_id, encryption_public.key_id());

	let owner: Option<AccountId> = client.request("keyRing_accountByEmailHash", rpc_params![email_hash, &at]).await?;
	assert_eq!(owner, Some(alice.clone()));

	// The signature made before the revocation verifies, with the key active at signing time and revoked now.
	let key_id = format!("{:?}", signing_public.key_id());
	let message_hex = format!("0x{}", hex::encode(&message));
	let signature_hex = format!("0x{}", hex::encode(signature.0));
	let then: VerificationJson<AccountId> =
		client.request("keyRing_verify", rpc_params![&key_id, &message_hex, &signature_hex, time_before, &at]).await?;
	let VerificationJson::Checked { signature_valid, status_at, valid_and_active, .. } = then else {
		return Err(format!("unexpected verification {then:?}").into());
	};
	assert!(signature_valid && valid_and_active);
	assert_eq!(status_at, StatusJson::Active);
	let now: VerificationJson<AccountId> =
		client.request("keyRing_verify", rpc_params![&key_id, &message_hex, &signature_hex, None::<u64>, &at]).await?;
	let VerificationJson::Checked { signature_valid, status_at, valid_and_active, .. } = now else {
		return Err(format!("unexpected verification {now:?}").into());
	};
	assert!(signature_valid && !valid_and_active);
	assert!(matches!(status_at, StatusJson::Revoked { .. }), "{status_at:?}");

	// A tampered message does not verify; a bad key id is a clear RPC error.
	let tampered: VerificationJson<AccountId> =
		client.request("keyRing_verify", rpc_params![&key_id, "0x00", &signature_hex, None::<u64>, &at]).await?;
	assert!(matches!(tampered, VerificationJson::Checked { signature_valid: false, .. }));
	let bad = client.request::<Value, _>("keyRing_key", rpc_params!["0x1234", &at]).await;
	assert!(bad.is_err_and(|e| e.to_string().contains("2 bytes")));
	// Asking at a block the node does not have is a runtime error (code 1001), not an empty answer.
	let unknown_block = format!("{:?}", H256::repeat_byte(0x42));
	let refused = client
		.request::<Option<IdentityJson>, _>("keyRing_identity", rpc_params![alice.to_string(), unknown_block])
		.await
		.expect_err("an unknown block is refused");
	assert!(
		matches!(&refused, jsonrpsee::core::ClientError::Call(error) if error.code() == pallet_key_ring_rpc::RUNTIME_ERROR),
		"{refused}"
	);
	Ok(())
}

use serde_json::Value;
