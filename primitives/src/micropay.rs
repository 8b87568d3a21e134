//! PPay-style micropayment coins: a coin's id and the transfer a holder signs to pay off line.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_core::H256;

use crate::{KeyId, KeySignature, Moment};

/// Domain tag of a coin transfer signature: a signature made for anything else never passes as one. Version 2 added
/// `valid_from`: a transfer's window, not only its end, is what tells a double spend from a lapsed promise.
pub const TRANSFER_DOMAIN: [u8; 26] = *b"SIGIL/micropay/transfer/v2";

/// A coin: its broker and the serial number the broker gave it (unique per broker, increasing).
#[derive(
	Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct CoinId<AccountId> {
	/// The broker that issued the coin and redeems it.
	pub broker: AccountId,
	/// The coin's serial number among the broker's coins, from 0 up; a reissued coin gets a new one.
	pub serial: u64,
}

/// A payment with a coin, as its holder (the payer) signs it: the coin moves to `payee` as its `seq`-th transfer
/// (the coin's current sequence number + 1), if claimed within the window `valid_from..=valid_until`
/// (milliseconds). The payer promises the seq to the payee for that window, and to no one else during it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct Transfer<AccountId> {
	/// The coin paid with.
	pub coin: CoinId<AccountId>,
	/// The sequence number the coin gets by this transfer: its current one + 1 (a coin starts at 0 when issued or
	/// reissued).
	pub seq: u32,
	/// The coin's holder, who signs.
	pub payer: AccountId,
	/// Who receives the coin.
	pub payee: AccountId,
	/// The first moment the transfer may be claimed: the payer's clock when signing (or later), in milliseconds
	/// since the Unix epoch.
	pub valid_from: Moment,
	/// The last moment the transfer may be claimed, in milliseconds since the Unix epoch.
	pub valid_until: Moment,
}

/// What the payer's ring key signs, as its SCALE encoding: the domain tag, the chain (genesis hash) and the
/// transfer.
#[derive(Clone, PartialEq, Eq, Encode, Decode, Debug)]
pub struct TransferPayload<AccountId> {
	/// Always [`TRANSFER_DOMAIN`].
	pub domain: [u8; 26],
	/// The genesis hash of the chain the coin lives on, so that the signature counts on no other chain.
	pub genesis_hash: H256,
	/// The transfer signed.
	pub transfer: Transfer<AccountId>,
}

impl<AccountId> TransferPayload<AccountId> {
	/// The payload the payer signs for `transfer` on the chain with `genesis_hash`, tagged with [`TRANSFER_DOMAIN`].
	pub fn new(genesis_hash: H256, transfer: Transfer<AccountId>) -> Self {
		Self { domain: TRANSFER_DOMAIN, genesis_hash, transfer }
	}
}

/// A transfer with the payer's signature by its ring key `key_id`: what a payee receives off line and submits.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct SignedTransfer<AccountId> {
	/// What the payer promises.
	pub transfer: Transfer<AccountId>,
	/// The id of the payer's ring key (a signing key) that signed it.
	pub key_id: KeyId,
	/// The key's signature over the SCALE encoding of the transfer's [`TransferPayload`].
	pub signature: KeySignature,
}

/// How a transfer came about: the holder's own extrinsic, or a transfer the holder signed off line.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum TransferProof {
	/// The holder paid with its own extrinsic (`pay`); the extrinsic's signature is the proof.
	OnLine,
	/// The payee (or anyone) claimed a transfer the holder had signed off line (`claim`).
	OffLine {
		/// The holder's ring key that signed the transfer.
		key_id: KeyId,
		/// The signature over the transfer's [`TransferPayload`].
		signature: KeySignature,
		/// The start of the transfer's window, in milliseconds since the Unix epoch.
		valid_from: Moment,
		/// The end of the transfer's window, in milliseconds since the Unix epoch.
		valid_until: Moment,
	},
}

/// The first of two spends of the same (coin, seq): recorded on chain, or a signed transfer someone reported.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub enum FirstSpend<AccountId> {
	/// The spend the chain recorded (the coin went to `to` at `at`, on line or by a claimed transfer).
	Recorded {
		/// Who received the coin.
		to: AccountId,
		/// When the chain recorded the transfer: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
		/// How the transfer came about.
		proof: TransferProof,
	},
	/// A signed transfer submitted as evidence.
	Signed(SignedTransfer<AccountId>),
	/// The holder redeemed the coin at `at`: the redemption used up the next sequence number.
	Redeemed {
		/// When the coin was redeemed: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
	},
	/// The coin was reissued at `at`, which used up its next sequence number.
	Reissued {
		/// When the coin was reissued: milliseconds since the Unix epoch, from the chain's timestamp.
		at: Moment,
	},
}

/// Proof that `payer` spent the same (coin, seq) twice: the first spend and a second, validly signed transfer to
/// someone else, whose window was still open when the first spend happened.
#[derive(Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug)]
pub struct FraudProof<AccountId> {
	/// The first use of the (coin, seq).
	pub first: FirstSpend<AccountId>,
	/// The second, conflicting promise of the same (coin, seq), signed by the payer: its `transfer.payer` is the
	/// offender.
	pub second: SignedTransfer<AccountId>,
	/// When the proof reached the chain: milliseconds since the Unix epoch, from the chain's timestamp.
	pub detected_at: Moment,
	/// A signature in it is by a key its owner had already reported compromised when the proof reached the chain:
	/// a thief could have made it, so it marks no one until governance upholds it.
	pub disputed: bool,
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::PublicKey;
	use sp_core::{crypto::AccountId32, ed25519, Pair};

	/// The transfer-signature test vector: fixed inputs, the exact bytes to sign and the (deterministic) ed25519
	/// signature. A client implementation must reproduce both.
	#[test]
	fn transfer_signature_test_vector() {
		let key = ed25519::Pair::from_seed(&[7u8; 32]);
		let transfer = Transfer {
			coin: CoinId { broker: AccountId32::new([0xcc; 32]), serial: 9 },
			seq: 2,
			payer: AccountId32::new([0xaa; 32]),
			payee: AccountId32::new([0xbb; 32]),
			valid_from: 1_699_999_400_000,
			valid_until: 1_700_000_000_000,
		};
		let encoded = TransferPayload::new(H256::repeat_byte(0x11), transfer).encode();
		assert_eq!(format!("0x{}", hex::encode(&encoded)), EXPECTED_PAYLOAD);
		assert_eq!(encoded.len(), 26 + 32 + 32 + 8 + 4 + 32 + 32 + 8 + 8);
		assert_eq!(format!("0x{}", hex::encode(key.sign(&encoded).0)), EXPECTED_SIGNATURE);
		assert!(PublicKey::Ed25519(key.public()).verify(&encoded, &KeySignature::Ed25519(key.sign(&encoded))));
	}

	/// domain tag (`SIGIL/micropay/transfer/v2`) ++ genesis hash (0x11 x 32) ++ broker (0xcc x 32) ++ serial (u64 LE)
	/// ++ seq (u32 LE) ++ payer (0xaa x 32) ++ payee (0xbb x 32) ++ valid from ++ valid until (u64 LE, milliseconds).
	const EXPECTED_PAYLOAD: &str = "0x534947494c2f6d6963726f7061792f7472616e736665722f7632\
		1111111111111111111111111111111111111111111111111111111111111111\
		cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc0900000000000000\
		02000000\
		aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
		bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\
		4040dccf8b010000\
		0068e5cf8b010000";
	/// ed25519 signature by the seed `[7; 32]`.
	const EXPECTED_SIGNATURE: &str = "0x35a639fe93fe8fe32e8392e2361ff7c8bafe1c00cf88dc95b8bdd34ae6ce303e\
		e4fdef16e196b60b01e6cb2454c184f4820c513b3be783999506a8a159e35a06";
}
