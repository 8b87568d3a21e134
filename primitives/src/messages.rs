//! The signing payload of a message: what the sender's ring key signs so that the chain, the recipient and
//! anyone else can check who sent which body to whom.

use codec::{Decode, Encode};
use sp_core::H256;

/// Domain tag of a message signature: a signature made for anything else never passes as one.
pub const MESSAGE_DOMAIN: [u8; 22] = *b"SIGIL/messages/send/v1";

/// What the sender signs for one message, as its SCALE encoding: the domain tag, the chain (genesis hash), the
/// sender, the recipient, the blake2-256 hash of the body, and the sender's message counter (how many messages
/// the sender had sent before this one). The counter makes each signature good for one message only: the same
/// signature submitted again, or for another recipient, no longer matches.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct MessagePayload<AccountId> {
	/// Always [`MESSAGE_DOMAIN`].
	pub domain: [u8; 22],
	/// The genesis hash of the chain the message is sent on, so that the signature counts on no other chain.
	pub genesis_hash: H256,
	/// The sender: the account whose ring key signs.
	pub from: AccountId,
	/// The recipient.
	pub to: AccountId,
	/// The body's hash, [`body_hash`] (blake2-256) of the body as submitted (encrypted or not).
	pub body_hash: H256,
	/// The sender's message counter: how many messages the sender had sent before this one.
	pub counter: u64,
}

impl<AccountId> MessagePayload<AccountId> {
	/// The payload for sending `body` from `from` to `to` as the sender's message number `counter` on the chain
	/// with `genesis_hash`, tagged with [`MESSAGE_DOMAIN`]; the body is hashed with [`body_hash`].
	pub fn new(genesis_hash: H256, from: AccountId, to: AccountId, body: &[u8], counter: u64) -> Self {
		Self { domain: MESSAGE_DOMAIN, genesis_hash, from, to, body_hash: body_hash(body), counter }
	}
}

/// The hash a message's body is known by: blake2-256.
pub fn body_hash(body: &[u8]) -> H256 {
	H256(sp_io::hashing::blake2_256(body))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{KeySignature, PublicKey};
	use sp_core::{crypto::AccountId32, ed25519, Pair};

	/// The message-signature test vector: fixed inputs, the exact bytes to sign and the (deterministic) ed25519
	/// signature. A client implementation must reproduce both.
	#[test]
	fn message_signature_test_vector() {
		let key = ed25519::Pair::from_seed(&[7u8; 32]);
		let payload = MessagePayload::new(
			H256::repeat_byte(0x11),
			AccountId32::new([0xaa; 32]),
			AccountId32::new([0xbb; 32]),
			b"hello, Bob",
			5,
		);
		let encoded = payload.encode();
		assert_eq!(format!("{:?}", payload.body_hash), EXPECTED_BODY_HASH);
		assert_eq!(format!("0x{}", hex::encode(&encoded)), EXPECTED_PAYLOAD);
		assert_eq!(encoded.len(), 22 + 32 + 32 + 32 + 32 + 8);
		assert_eq!(format!("0x{}", hex::encode(key.sign(&encoded).0)), EXPECTED_SIGNATURE);
		assert!(PublicKey::Ed25519(key.public()).verify(&encoded, &KeySignature::Ed25519(key.sign(&encoded))));
	}

	/// blake2_256("hello, Bob").
	const EXPECTED_BODY_HASH: &str = "0x4bd870a288c6b92e78c2eec79e169a68a9b7c10deb4743229ea2413a22fc99bd";
	/// domain tag ++ genesis hash (0x11 x 32) ++ from (0xaa x 32) ++ to (0xbb x 32) ++ body hash ++ counter (u64 LE).
	const EXPECTED_PAYLOAD: &str = "0x534947494c2f6d657373616765732f73656e642f7631\
		1111111111111111111111111111111111111111111111111111111111111111\
		aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
		bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\
		4bd870a288c6b92e78c2eec79e169a68a9b7c10deb4743229ea2413a22fc99bd\
		0500000000000000";
	/// ed25519 signature by the seed `[7; 32]` (public key in `key_ring`'s test vector).
	const EXPECTED_SIGNATURE: &str = "0x70261a985485d9146d5f06c67a9e67c979e78347d3395266c1a74d84db977560\
		8f72ee6603d887551beaf274f2875d091304865bc25063a300c98b0877708d06";
}
