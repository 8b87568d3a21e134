//! # Sigil primitives
//!
//! Types shared by Sigil's pallets, runtime, node and clients: the chain's basic types, ring keys and their
//! ids, the signing payloads with their domain tags, and the small traits through which one pallet asks
//! another ([`KeyRing`], [`TrustOracle`], [`FraudReporter`]). Everything is `no_std` and SCALE-encoded, so a client
//! computes exactly the bytes the runtime checks.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

pub mod documents;
pub mod key_ring;
pub mod messages;
pub mod micropay;
pub mod openpgp;
pub mod owner_trust;

pub use documents::{DocumentPayload, SigningContext, DOCUMENT_DOMAIN};
pub use key_ring::{
	KeyCheckError, KeyId, KeyLifetime, KeyPossessionPayload, KeyPurpose, KeyRing, KeySignature, KeyStatus, KeyType,
	PublicKey, RevocationReason, ShortKeyId, SignatureRecheck,
};
pub use messages::{body_hash, MessagePayload, MESSAGE_DOMAIN};
pub use micropay::{
	CoinId, FirstSpend, FraudProof, SignedTransfer, Transfer, TransferPayload, TransferProof, TRANSFER_DOMAIN,
};
pub use openpgp::{OpenPgpError, OpenPgpKey};
pub use owner_trust::{FraudReporter, NeverReason, TrustLevel, TrustOracle, TrustSummary, Validity, FULL_TRUST_AMOUNT};

use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

/// A block number. `u32` lasts 272 years at one block every two seconds.
pub type BlockNumber = u32;

/// The signature of an extrinsic: sr25519, ed25519 or ecdsa, so that any standard wallet can sign.
pub type Signature = MultiSignature;

/// An account id: the 32-byte public key (or its hash, for ecdsa) of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// An amount of the native token, in its smallest unit.
pub type Balance = u128;

/// The number of transactions an account has sent.
pub type Nonce = u32;

/// The hash of a block or of any data the runtime hashes (blake2-256).
pub type Hash = sp_core::H256;

/// Time as the timestamp pallet keeps it: milliseconds since the Unix epoch.
pub type Moment = u64;
