//! The signing payload of a document signature: what a signer's ring key signs to attest a document or to sign an
//! agreement over it.

use codec::{Decode, Encode};
use sp_core::H256;

/// Domain tag of a document signature: a signature made for anything else never passes as one.
pub const DOCUMENT_DOMAIN: [u8; 23] = *b"SIGIL/documents/sign/v1";

/// What a signature covers besides the document: a stand-alone attestation, or one agreement (by id), so that a
/// signature for one can never be replayed as the other.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, Debug)]
pub enum SigningContext {
	/// A stand-alone attestation of the document (the documents pallet's `attest`).
	Attestation,
	/// A signature on the agreement with this id (the documents pallet's `AgreementId`), over the agreement's
	/// document.
	Agreement(u64),
}

/// What a signer signs, as its SCALE encoding: the domain tag, the chain (genesis hash), the document's hash, the
/// signer's account, and the context.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct DocumentPayload<AccountId> {
	/// Always [`DOCUMENT_DOMAIN`].
	pub domain: [u8; 23],
	/// The genesis hash of the chain the signature is for, so that it counts on no other chain.
	pub genesis_hash: H256,
	/// The document's hash, as the signer computed it (the chain never sees the document itself).
	pub document_hash: H256,
	/// The account whose ring key signs.
	pub signer: AccountId,
	/// An attestation, or which agreement the signature is for.
	pub context: SigningContext,
}

impl<AccountId> DocumentPayload<AccountId> {
	/// The payload `signer` signs for `document_hash` in `context` on the chain with `genesis_hash`, tagged with
	/// [`DOCUMENT_DOMAIN`].
	pub fn new(genesis_hash: H256, document_hash: H256, signer: AccountId, context: SigningContext) -> Self {
		Self { domain: DOCUMENT_DOMAIN, genesis_hash, document_hash, signer, context }
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{KeySignature, PublicKey};
	use sp_core::{crypto::AccountId32, ed25519, Pair};

	/// The document-signature test vector: fixed inputs, the exact bytes to sign and the (deterministic) ed25519
	/// signature, for an attestation and for agreement 3. A client implementation must reproduce them.
	#[test]
	fn document_signature_test_vector() {
		let key = ed25519::Pair::from_seed(&[7u8; 32]);
		let attestation = DocumentPayload::new(
			H256::repeat_byte(0x11),
			H256::repeat_byte(0xdd),
			AccountId32::new([0xaa; 32]),
			SigningContext::Attestation,
		)
		.encode();
		assert_eq!(format!("0x{}", hex::encode(&attestation)), EXPECTED_ATTESTATION_PAYLOAD);
		assert_eq!(attestation.len(), 23 + 32 + 32 + 32 + 1);
		assert_eq!(format!("0x{}", hex::encode(key.sign(&attestation).0)), EXPECTED_ATTESTATION_SIGNATURE);
		let agreement = DocumentPayload::new(
			H256::repeat_byte(0x11),
			H256::repeat_byte(0xdd),
			AccountId32::new([0xaa; 32]),
			SigningContext::Agreement(3),
		)
		.encode();
		assert_eq!(agreement.len(), 23 + 32 + 32 + 32 + 1 + 8);
		assert_eq!(&agreement[..119], &attestation[..119]);
		assert_eq!(hex::encode(&agreement[119..]), "010300000000000000");
		assert!(PublicKey::Ed25519(key.public()).verify(&attestation, &KeySignature::Ed25519(key.sign(&attestation))));
	}

	/// domain tag ++ genesis hash (0x11 x 32) ++ document hash (0xdd x 32) ++ signer (0xaa x 32) ++ 00 (attestation).
	const EXPECTED_ATTESTATION_PAYLOAD: &str = "0x534947494c2f646f63756d656e74732f7369676e2f7631\
		1111111111111111111111111111111111111111111111111111111111111111\
		dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\
		aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
		00";
	/// ed25519 signature by the seed `[7; 32]`.
	const EXPECTED_ATTESTATION_SIGNATURE: &str = "0x07ed9f14a701af4532f65368f2f62571050434bf2e18c948d0ef1396964f8666\
		c56fee83e1b803f1bfba08b0b07a21e238c50887868cac8bca0c830ed66da00c";
}
