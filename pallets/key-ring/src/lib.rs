#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod migrations;
#[cfg(test)]
mod tests;
#[cfg(any(test, feature = "try-runtime"))]
mod try_state;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::{boxed::Box, vec::Vec};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::Precision,
		Time,
	},
};
use frame_system::pallet_prelude::*;
use sigil_primitives::{
	openpgp::{SignatureType, MAX_PACKET_LENGTH},
	KeyId, KeyLifetime, KeyPossessionPayload, KeyPurpose, KeyRing, KeySignature, Moment, OpenPgpError, OpenPgpKey,
	PublicKey, RevocationReason, ShortKeyId,
};
use sp_core::H256;
use sp_runtime::traits::{Saturating, Zero};

/// The balance type of `Config::Currency`, in which deposits are held.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// An [`IdentityRecord`] as this runtime stores it.
pub type IdentityOf<T> = IdentityRecord<BalanceOf<T>, <T as Config>::MaxDisplayNameLength>;
/// A [`KeyRecord`] as this runtime stores it.
pub type KeyRecordOf<T> = KeyRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// An [`EmailClaim`] as this runtime stores it.
pub type EmailClaimOf<T> = EmailClaim<<T as frame_system::Config>::AccountId>;
/// A [`Publication`] as this runtime stores it.
pub type PublicationOf<T> = Publication<BalanceOf<T>>;
/// An OpenPGP packet as calls carry it and storage keeps it: at most `MAX_PACKET_LENGTH` bytes.
pub type OpenPgpPacket = BoundedVec<u8, ConstU32<MAX_PACKET_LENGTH>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// Defaults for mock runtimes: `#[derive_impl(pallet_key_ring::config_preludes::TestDefaultConfig)]` leaves a
	/// mock to give only `Currency` and `Time`.
	pub mod config_preludes {
		use super::*;
		use frame_support::{derive_impl, register_default_impl, traits::ConstUint};

		/// The key ring in a mock runtime: deposits of 100 and 10 (of any balance type), names up to 16 bytes, 4 live
		/// keys and 8 in a lifetime, any signed account verifies email hashes, no weights.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			#[inject_runtime_type]
			type RuntimeHoldReason = ();
			type IdentityDeposit = ConstUint<100>;
			type KeyDeposit = ConstUint<10>;
			type MaxDisplayNameLength = ConstU32<16>;
			type MaxLiveKeys = ConstU32<4>;
			type MaxKeyHistory = ConstU32<8>;
			type MaxOpenPgpKeyLength = ConstU32<2048>;
			type OpenPgpKeyDepositPerByte = ConstUint<1>;
			type EmailVerifierOrigin = frame_system::EnsureSigned<Self::AccountId>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>, Hash = H256> {
		/// Holds the deposits.
		#[pallet::no_default]
		type Currency: Mutate<Self::AccountId> + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		#[pallet::no_default_bounds]
		type RuntimeHoldReason: From<HoldReason>;

		/// The chain's clock (the timestamp pallet), in milliseconds: key times are wall-clock times.
		#[pallet::no_default]
		type Time: Time<Moment = Moment>;

		/// Held from an identity's owner while the identity is registered.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type IdentityDeposit: Get<BalanceOf<Self>>;

		/// Held from a key's owner while the key is live (not revoked).
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type KeyDeposit: Get<BalanceOf<Self>>;

		/// The longest display name, in bytes.
		#[pallet::constant]
		type MaxDisplayNameLength: Get<u32>;

		/// The most live (not revoked) keys an identity may have.
		#[pallet::constant]
		type MaxLiveKeys: Get<u32>;

		/// The most keys an identity may ever add, revoked ones included: revoked keys stay readable forever.
		#[pallet::constant]
		type MaxKeyHistory: Get<u32>;

		/// The longest transferable OpenPGP key an owner may publish, in bytes.
		#[pallet::constant]
		type MaxOpenPgpKeyLength: Get<u32>;

		/// Held per byte of a published OpenPGP key while it is published.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type OpenPgpKeyDepositPerByte: Get<BalanceOf<Self>>;

		/// Who may mark an identity's email hash as verified, or withdraw a verification. It yields the verifier's
		/// account, which events and lookups name. In the Sigil runtime: a signed call by a current consortium
		/// member (members know their users, as keys.openpgp.org knows an address once its owner answered a mail).
		#[pallet::no_default_bounds]
		type EmailVerifierOrigin: EnsureOrigin<Self::RuntimeOrigin, Success = Self::AccountId>;

		/// The weights of this pallet's calls, as its benchmarks measured them.
		type WeightInfo: WeightInfo;
	}

	/// Version 2: `EmailHashOwners` holds only the hashes identities hold now, with their verification
	/// (see `migrations::v2`).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An identity's deposit.
		IdentityDeposit,
		/// A live key's deposit.
		KeyDeposit,
		/// A published OpenPGP key's deposit, per byte.
		OpenPgpKeyDeposit,
	}

	/// Key: account. Value: its identity, or the tombstone of a forgotten one.
	/// Blake2_128Concat: accounts are chosen by users.
	#[pallet::storage]
	pub type Identities<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, IdentityOf<T>>;

	/// Key: email hash. Value: the identity that holds it (the one lookups by the hash return) and who verified the
	/// claim, if anyone did. Each entry's account is an active identity that claims this hash, so there is at most
	/// one entry per identity (each paid for by `IdentityDeposit`); an identity that lets go of its hash removes the
	/// entry. Blake2_128Concat: hashes are chosen by users.
	#[pallet::storage]
	pub type EmailHashOwners<T: Config> = StorageMap<_, Blake2_128Concat, H256, EmailClaimOf<T>>;

	/// Key: key id (fingerprint). Value: the key, its owner, purpose, lifetime and deposit.
	/// Blake2_128Concat: key ids are hashes of keys users choose, and could be ground to unbalance the trie.
	#[pallet::storage]
	pub type Keys<T: Config> = StorageMap<_, Blake2_128Concat, KeyId, KeyRecordOf<T>>;

	/// Key: short key id. Value: the full key id it abbreviates.
	#[pallet::storage]
	pub type ShortKeyIds<T: Config> = StorageMap<_, Blake2_128Concat, ShortKeyId, KeyId>;

	/// Key: key id of an OpenPGP key. Value: the OpenPGP revocation signature its owner revoked it with (as `gpg
	/// --gen-revoke` writes it, verified), which key servers hand to `gpg`. One per revoked key, bounded by the
	/// key history each identity's deposit pays for.
	#[pallet::storage]
	pub type OpenPgpRevocations<T: Config> = StorageMap<_, Blake2_128Concat, KeyId, OpenPgpPacket>;

	/// Key: key id of an OpenPGP key. Value: its published transferable key's length and deposit; the bytes are in
	/// [`PublishedOpenPgpKeys`], apart, so that withdrawing (as `forget` does for every key) need not read them.
	#[pallet::storage]
	pub type OpenPgpPublications<T: Config> = StorageMap<_, Blake2_128Concat, KeyId, PublicationOf<T>>;

	/// Key: key id of an OpenPGP key. Value: the transferable public key its owner published, as `gpg --export`
	/// writes it, for key servers to serve.
	#[pallet::storage]
	pub type PublishedOpenPgpKeys<T: Config> =
		StorageMap<_, Blake2_128Concat, KeyId, BoundedVec<u8, T::MaxOpenPgpKeyLength>>;

	/// Key: account. Value: the ids of every key it ever added, oldest first.
	#[pallet::storage]
	pub type KeysOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<KeyId, T::MaxKeyHistory>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An identity was registered (or registered again after being forgotten).
		IdentityRegistered {
			/// The account that registered.
			who: T::AccountId,
			/// The blake2-256 hash of the email address it claims.
			email_hash: H256,
		},
		/// An identity's display name or email hash changed.
		IdentityUpdated {
			/// The identity's account.
			who: T::AccountId,
			/// Whether the display name changed.
			display_name_changed: bool,
			/// The email hash claimed anew (a new one, or the same one again once nobody held it); `None`: the
			/// claim did not change.
			email_hash: Option<H256>,
		},
		/// An identity was forgotten: personal fields erased, its live keys revoked, deposits returned.
		IdentityForgotten {
			/// The identity's account.
			who: T::AccountId,
			/// How many live keys were revoked, each reported by its own [`Event::KeyRevoked`] before this event.
			keys_revoked: u32,
		},
		/// A key joined `who`'s ring.
		KeyAdded {
			/// The account whose ring the key joined.
			who: T::AccountId,
			/// The key's fingerprint: blake2-256 of the SCALE-encoded public key; for an OpenPGP key, twelve zero
			/// bytes followed by its v4 fingerprint.
			key_id: KeyId,
			/// The key id's last eight bytes (an OpenPGP key's PGP key id).
			short_id: ShortKeyId,
			/// The public key, with its scheme.
			public: PublicKey,
			/// What the key is for.
			purpose: KeyPurpose,
			/// When the key expires, as its owner set it: milliseconds since the Unix epoch; `None`: never.
			expires_at: Option<Moment>,
		},
		/// A key was revoked; it stays readable with this status.
		KeyRevoked {
			/// The key's owner.
			who: T::AccountId,
			/// The revoked key's fingerprint.
			key_id: KeyId,
			/// Why: as the owner said in `revoke_key`, or `Retired` when the owner forgot its identity.
			reason: RevocationReason,
			/// When the key was revoked: milliseconds since the Unix epoch, from the chain's timestamp.
			revoked_at: Moment,
		},
		/// `who` claims an email hash that `holder` holds unverified. Lookups by the hash still return `holder`
		/// until a verifier verifies `who`'s claim, or `holder` lets go of the hash.
		EmailClaimPending {
			/// The identity whose claim is pending.
			who: T::AccountId,
			/// The claimed email hash.
			email_hash: H256,
			/// The identity that holds the hash, unverified.
			holder: T::AccountId,
		},
		/// `verifier` vouched that `who`'s owner receives mail at the address hashed as `email_hash`; `who` holds
		/// the hash, and nobody else can claim it.
		EmailVerified {
			/// The identity that holds the hash, now verified.
			who: T::AccountId,
			/// The verified email hash.
			email_hash: H256,
			/// The account that vouched (`EmailVerifierOrigin`: in the Sigil runtime, a consortium member).
			verifier: T::AccountId,
		},
		/// `verifier` withdrew the verification of `who`'s email hash; `who` still holds it, unverified.
		EmailVerificationWithdrawn {
			/// The identity that holds the hash.
			who: T::AccountId,
			/// The email hash that is no longer verified.
			email_hash: H256,
			/// The verifier that withdrew the verification (not necessarily the one that gave it).
			verifier: T::AccountId,
		},
		/// `who` published (or replaced) the transferable public key of its OpenPGP key `key_id`.
		OpenPgpKeyPublished {
			/// The key's owner.
			who: T::AccountId,
			/// The OpenPGP key's id in the ring (twelve zero bytes and its fingerprint).
			key_id: KeyId,
			/// The published key's length in bytes.
			length: u32,
			/// What is held for it now.
			deposit: BalanceOf<T>,
		},
		/// The published transferable key of `who`'s OpenPGP key `key_id` was withdrawn (by its owner, or by
		/// `forget`), its deposit returned.
		OpenPgpKeyWithdrawn {
			/// The key's owner.
			who: T::AccountId,
			/// The OpenPGP key's id in the ring.
			key_id: KeyId,
		},
		/// `who`'s unverified claim to `email_hash` was dropped because the hash was verified for `verified_for`.
		/// `who` keeps its identity without an email hash, and may claim another one with `update`.
		EmailClaimDropped {
			/// The identity that lost the hash.
			who: T::AccountId,
			/// The email hash it held.
			email_hash: H256,
			/// The identity the hash was verified for, which holds it now.
			verified_for: T::AccountId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account already has an identity.
		AlreadyRegistered,
		/// The account has no identity (or it was forgotten).
		NotRegistered,
		/// The display name is empty.
		NameEmpty,
		/// The display name is longer than `MaxDisplayNameLength` bytes.
		NameTooLong,
		/// Another identity holds this email hash verified.
		EmailHashTaken,
		/// The identity does not claim this email hash now (it changed it, or never claimed it).
		EmailHashMismatch,
		/// The identity already holds this email hash verified.
		AlreadyVerified,
		/// The identity does not hold this email hash verified.
		NotVerified,
		/// A verifier cannot verify its own email hash.
		SelfVerification,
		/// `update` was called without anything to change.
		NoChange,
		/// This key is already in a ring (this one or another).
		KeyAlreadyRegistered,
		/// Another key already has this key's short id; use a different key.
		ShortIdTaken,
		/// The proof of possession is not the key's signature over the expected payload.
		BadProof,
		/// The expiry is not in the future.
		ExpiryInPast,
		/// The identity has `MaxLiveKeys` live keys; revoke one first.
		TooManyKeys,
		/// The identity has added `MaxKeyHistory` keys in its lifetime.
		KeyHistoryFull,
		/// No key has this id.
		UnknownKey,
		/// The key belongs to another account.
		NotKeyOwner,
		/// The key is already revoked.
		AlreadyRevoked,
		/// The account cannot pay the deposit.
		InsufficientBalance,
		/// An OpenPGP key or signature is not a well-formed packet: truncated, a bad header or length, bytes left
		/// over, or a signature without its creation time.
		OpenPgpMalformed,
		/// The OpenPGP key is not a v4 Ed25519 key (RSA, NIST curves and v5/v6 keys are not supported yet).
		OpenPgpUnsupportedKey,
		/// The OpenPGP signature is not a v4 EdDSA signature, or has a critical subpacket the runtime does not read.
		OpenPgpUnsupportedSignature,
		/// The OpenPGP signature's digest is shorter than 256 bits (MD5, SHA-1, RIPEMD-160, SHA-224) or unknown.
		OpenPgpWeakHash,
		/// The OpenPGP signature is of the wrong type: the proof must sign a binary document (`gpg --detach-sign`,
		/// not `--textmode`), the revocation must be a key revocation (`gpg --gen-revoke`).
		OpenPgpWrongSignatureType,
		/// The OpenPGP signature's issuer subpackets name another key, or none.
		OpenPgpIssuerMismatch,
		/// The OpenPGP revocation signature does not verify under the key.
		BadRevocation,
		/// The OpenPGP revocation signature gives another reason than the call.
		RevocationReasonMismatch,
		/// The key is not an OpenPGP key.
		NotOpenPgpKey,
		/// The transferable key's first packet is not the bound key's public-key packet.
		OpenPgpKeyMismatch,
		/// The transferable key holds a secret-key packet (`gpg --export-secret-keys`): secrets are never published.
		OpenPgpSecretKey,
		/// The transferable key holds a packet that has no place in one (a second key, a trust or data packet...).
		OpenPgpUnexpectedPacket,
		/// The transferable key has no user ID, so `gpg` would skip it on import.
		OpenPgpNoUserId,
		/// The key has no published transferable key.
		NotPublished,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller's identity with a display name and the hash of an email address, holding
		/// `IdentityDeposit`. An account forgotten earlier may register again. If another identity holds the hash
		/// unverified, the caller's claim is pending (lookups by the hash return the holder) until a verifier
		/// verifies it.
		///
		/// Emits [`Event::IdentityRegistered`], then [`Event::EmailClaimPending`] if the claim is pending. Errors:
		/// [`Error::AlreadyRegistered`], [`Error::NameEmpty`], [`Error::NameTooLong`], [`Error::EmailHashTaken`] (held
		/// verified by another identity), [`Error::InsufficientBalance`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register(display_name.len() as u32))]
		pub fn register(origin: OriginFor<T>, display_name: Vec<u8>, email_hash: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let existing = Identities::<T>::get(&who);
			ensure!(
				!matches!(existing, Some(IdentityRecord { status: IdentityStatus::Active, .. })),
				Error::<T>::AlreadyRegistered
			);
			let display_name = Self::checked_name(display_name)?;
			let holder = Self::check_claim(&who, &email_hash)?;

			let deposit = T::IdentityDeposit::get();
			T::Currency::hold(&HoldReason::IdentityDeposit.into(), &who, deposit)
				.map_err(|_| Error::<T>::InsufficientBalance)?;

			Identities::<T>::insert(
				&who,
				IdentityRecord {
					display_name,
					email_hash: Some(email_hash),
					registered_at: T::Time::now(),
					status: IdentityStatus::Active,
					// A forgotten identity has no live keys left.
					live_keys: 0,
					deposit,
				},
			);
			Self::deposit_event(Event::IdentityRegistered { who: who.clone(), email_hash });
			Self::claim_email(&who, email_hash, holder);
			Ok(())
		}

		/// Changes the display name and/or the email hash. The old hash is let go of at once (its entry removed,
		/// its verification with it); the new one is claimed as by `register`, unverified. Giving the hash the
		/// identity already claims, while nobody holds it, claims it again (a pending claim whose holder left).
		///
		/// Emits [`Event::IdentityUpdated`], then [`Event::EmailClaimPending`] if the new claim is pending. Errors:
		/// [`Error::NotRegistered`], [`Error::NoChange`], [`Error::NameEmpty`], [`Error::NameTooLong`],
		/// [`Error::EmailHashTaken`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::update(display_name.as_ref().map_or(0, |n| n.len() as u32)))]
		pub fn update(origin: OriginFor<T>, display_name: Option<Vec<u8>>, email_hash: Option<H256>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut identity = Self::active_identity(&who)?;
			let display_name = display_name.map(Self::checked_name).transpose()?;
			// A new hash; or the claimed one again once nobody holds it, so that a pending claim whose holder left
			// can become the holder without a verifier.
			let new_email = email_hash
				.filter(|hash| identity.email_hash != Some(*hash) || !EmailHashOwners::<T>::contains_key(hash));
			let name_changed = display_name.as_ref().is_some_and(|name| *name != identity.display_name);
			ensure!(name_changed || new_email.is_some(), Error::<T>::NoChange);
			let holder = match &new_email {
				Some(hash) => Self::check_claim(&who, hash)?,
				None => None,
			};

			if let Some(name) = display_name {
				identity.display_name = name;
			}
			if let Some(hash) = new_email {
				if let Some(old) = identity.email_hash.replace(hash) {
					Self::release_email(&who, &old);
				}
			}
			Identities::<T>::insert(&who, identity);
			Self::deposit_event(Event::IdentityUpdated {
				who: who.clone(),
				display_name_changed: name_changed,
				email_hash: new_email,
			});
			if let Some(hash) = new_email {
				Self::claim_email(&who, hash, holder);
			}
			Ok(())
		}

		/// Forgets the caller's identity: erases the display name and email hash (its `EmailHashOwners` entry
		/// too, so no state links the hash to the account any more), revokes every live key (reason `Retired`),
		/// and returns all deposits. The record stays as a tombstone so that the keys' history stays readable.
		///
		/// Emits [`Event::KeyRevoked`] per live key and [`Event::OpenPgpKeyWithdrawn`] per published OpenPGP key, then
		/// [`Event::IdentityForgotten`]. Errors:
		/// [`Error::NotRegistered`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::forget(T::MaxKeyHistory::get(), T::MaxLiveKeys::get()))]
		pub fn forget(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut identity = Self::active_identity(&who)?;
			let now = T::Time::now();

			let history = KeysOf::<T>::get(&who);
			let mut keys_revoked = 0u32;
			for key_id in history.iter() {
				if let Some(mut key) = Keys::<T>::get(key_id) {
					if key.lifetime.revoked.is_none() {
						Self::revoke(&who, key_id, &mut key, RevocationReason::Retired, now);
						keys_revoked.saturating_inc();
					}
				}
				// A published key's user IDs are personal data, as the display name is.
				Self::withdraw_publication(&who, key_id);
			}

			Self::release_deposit(&who, HoldReason::IdentityDeposit, identity.deposit);
			if let Some(hash) = identity.email_hash.take() {
				Self::release_email(&who, &hash);
			}
			identity.display_name = BoundedVec::new();
			identity.status = IdentityStatus::Forgotten { at: now };
			identity.live_keys = 0;
			identity.deposit = Zero::zero();
			Identities::<T>::insert(&who, identity);

			Self::deposit_event(Event::IdentityForgotten { who, keys_revoked });
			Ok(Some(T::WeightInfo::forget(history.len() as u32, keys_revoked)).into())
		}

		/// Adds a public key to the caller's ring, holding `KeyDeposit`. `proof` is the new key's signature over
		/// the SCALE encoding of [`KeyPossessionPayload`] (domain tag, genesis hash, the caller, `purpose`, the
		/// key id): only whoever holds the private key can make it, for this account and this chain.
		///
		/// Emits [`Event::KeyAdded`]. Errors: [`Error::NotRegistered`], [`Error::KeyAlreadyRegistered`],
		/// [`Error::ShortIdTaken`], [`Error::BadProof`], [`Error::ExpiryInPast`], [`Error::TooManyKeys`],
		/// [`Error::KeyHistoryFull`], [`Error::InsufficientBalance`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::add_key())]
		pub fn add_key(
			origin: OriginFor<T>,
			public: PublicKey,
			purpose: KeyPurpose,
			expires_at: Option<Moment>,
			// Boxed to keep `RuntimeCall` small; the encoding is the signature's own.
			proof: Box<KeySignature>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::add(who, public, purpose, expires_at, |public, payload| {
				ensure!(public.verify(payload, &proof), Error::<T>::BadProof);
				Ok(())
			})
		}

		/// Revokes one of the caller's keys now, with a reason, and returns its deposit. The key stays readable:
		/// signatures made before now still verify and report "revoked after".
		///
		/// Emits [`Event::KeyRevoked`]. Errors: [`Error::UnknownKey`], [`Error::NotKeyOwner`],
		/// [`Error::AlreadyRevoked`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke_key())]
		pub fn revoke_key(origin: OriginFor<T>, key_id: KeyId, reason: RevocationReason) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let key = Self::revocable_key(&who, &key_id)?;
			Self::revoke_live(&who, &key_id, key, reason);
			Ok(())
		}

		/// A verifier (`EmailVerifierOrigin`) vouches that `who`'s owner receives mail at the address hashed as
		/// `email_hash`. The hash must be the one `who` claims now, so that a verification never lands on a claim
		/// that changed after the verifier checked it. If another identity holds the hash unverified, its claim is
		/// dropped and `who` holds the hash; from now on nobody else can claim it.
		///
		/// Emits [`Event::EmailClaimDropped`] if a holder was displaced, then [`Event::EmailVerified`]. Errors:
		/// [`BadOrigin`](DispatchError::BadOrigin), [`Error::SelfVerification`], [`Error::NotRegistered`],
		/// [`Error::EmailHashMismatch`], [`Error::AlreadyVerified`], [`Error::EmailHashTaken`] (verified for another
		/// identity: withdraw that verification first).
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::verify_email())]
		pub fn verify_email(origin: OriginFor<T>, who: T::AccountId, email_hash: H256) -> DispatchResult {
			let verifier = T::EmailVerifierOrigin::ensure_origin(origin)?;
			ensure!(verifier != who, Error::<T>::SelfVerification);
			let identity = Self::active_identity(&who)?;
			ensure!(identity.email_hash == Some(email_hash), Error::<T>::EmailHashMismatch);
			let displaced = match EmailHashOwners::<T>::get(email_hash) {
				None => None,
				Some(claim) if claim.account == who => {
					ensure!(claim.verified_by.is_none(), Error::<T>::AlreadyVerified);
					None
				}
				Some(EmailClaim { verified_by: Some(_), .. }) => return Err(Error::<T>::EmailHashTaken.into()),
				Some(claim) => Some(claim.account),
			};

			if let Some(displaced) = displaced {
				// The holder claims this hash (an entry's account always does), and loses it to a verified claim.
				Identities::<T>::mutate(&displaced, |identity| {
					if let Some(identity) = identity {
						identity.email_hash = None;
					}
				});
				Self::deposit_event(Event::EmailClaimDropped { who: displaced, email_hash, verified_for: who.clone() });
			}
			EmailHashOwners::<T>::insert(
				email_hash,
				EmailClaim { account: who.clone(), verified_by: Some(verifier.clone()) },
			);
			Self::deposit_event(Event::EmailVerified { who, email_hash, verifier });
			Ok(())
		}

		/// A verifier (`EmailVerifierOrigin`, any of them, not only the one who verified) withdraws the
		/// verification of `who`'s email hash, e.g. because the address changed hands. `who` keeps holding the
		/// hash, unverified, so another identity's verified claim can displace it again.
		///
		/// Emits [`Event::EmailVerificationWithdrawn`]. Errors: [`BadOrigin`](DispatchError::BadOrigin),
		/// [`Error::NotVerified`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::withdraw_email_verification())]
		pub fn withdraw_email_verification(
			origin: OriginFor<T>,
			who: T::AccountId,
			email_hash: H256,
		) -> DispatchResult {
			let verifier = T::EmailVerifierOrigin::ensure_origin(origin)?;
			let mut claim = EmailHashOwners::<T>::get(email_hash)
				.filter(|claim| claim.account == who && claim.verified_by.is_some())
				.ok_or(Error::<T>::NotVerified)?;

			claim.verified_by = None;
			EmailHashOwners::<T>::insert(email_hash, claim);
			Self::deposit_event(Event::EmailVerificationWithdrawn { who, email_hash, verifier });
			Ok(())
		}

		/// Adds an OpenPGP v4 Ed25519 key (`gpg --quick-gen-key NAME ed25519`) to the caller's ring as a signing
		/// key, holding `KeyDeposit`. `public_key` is its public-key packet, the first packet `gpg --export` writes;
		/// the key id is its v4 fingerprint after twelve zero bytes, and its short id the PGP key id. `proof` is a
		/// detached binary signature by the key (`gpg --detach-sign`, so the private key stays in the user's
		/// agent) over the SCALE encoding of [`KeyPossessionPayload`] with purpose `Signing`, hashed with SHA-256 or
		/// stronger, its issuer subpackets naming the key.
		///
		/// Emits [`Event::KeyAdded`]. Errors: [`Error::OpenPgpMalformed`], [`Error::OpenPgpUnsupportedKey`], then
		/// as [`Pallet::add_key`] ([`Error::NotRegistered`], [`Error::KeyAlreadyRegistered`],
		/// [`Error::ShortIdTaken`], [`Error::ExpiryInPast`], [`Error::TooManyKeys`], [`Error::KeyHistoryFull`]), the
		/// proof's [`Error::OpenPgpMalformed`], [`Error::OpenPgpUnsupportedSignature`], [`Error::OpenPgpWeakHash`],
		/// [`Error::OpenPgpWrongSignatureType`], [`Error::OpenPgpIssuerMismatch`], [`Error::BadProof`], and
		/// [`Error::InsufficientBalance`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::add_openpgp_key())]
		pub fn add_openpgp_key(
			origin: OriginFor<T>,
			public_key: OpenPgpPacket,
			expires_at: Option<Moment>,
			proof: OpenPgpPacket,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let key = OpenPgpKey::from_packet(&public_key).map_err(|e| Error::<T>::openpgp(e, Error::BadProof))?;
			Self::add(who, PublicKey::OpenPgp(key), KeyPurpose::Signing, expires_at, |_, payload| {
				key.verify(SignatureType::Binary, payload, &proof)
					.map(drop)
					.map_err(|e| Error::<T>::openpgp(e, Error::BadProof))
			})
		}

		/// Revokes one of the caller's OpenPGP keys, as [`Pallet::revoke_key`] does, with its OpenPGP revocation
		/// signature (`gpg --gen-revoke`, binary): verified and kept, so that key servers serving the key hand it
		/// to `gpg --refresh-keys`. A reason in the signature (other than "none given") must be the call's.
		///
		/// Emits [`Event::KeyRevoked`]. Errors: [`Error::UnknownKey`], [`Error::NotKeyOwner`],
		/// [`Error::NotOpenPgpKey`], [`Error::AlreadyRevoked`], [`Error::OpenPgpMalformed`],
		/// [`Error::OpenPgpUnsupportedSignature`], [`Error::OpenPgpWeakHash`], [`Error::OpenPgpWrongSignatureType`],
		/// [`Error::OpenPgpIssuerMismatch`], [`Error::BadRevocation`], [`Error::RevocationReasonMismatch`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::revoke_openpgp_key())]
		pub fn revoke_openpgp_key(
			origin: OriginFor<T>,
			key_id: KeyId,
			reason: RevocationReason,
			revocation: OpenPgpPacket,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let key = Self::revocable_key(&who, &key_id)?;
			let PublicKey::OpenPgp(openpgp) = key.public else { return Err(Error::<T>::NotOpenPgpKey.into()) };
			let facts = openpgp
				.verify(SignatureType::KeyRevocation, &[], &revocation)
				.map_err(|e| Error::<T>::openpgp(e, Error::BadRevocation))?;
			let stated = match facts.revocation_reason {
				Some(1) => Some(RevocationReason::Superseded),
				Some(2) => Some(RevocationReason::Compromised),
				Some(3) => Some(RevocationReason::Retired),
				// "No reason given" (0), none at all, or one of the private or future codes.
				_ => None,
			};
			ensure!(stated.is_none_or(|stated| stated == reason), Error::<T>::RevocationReasonMismatch);

			OpenPgpRevocations::<T>::insert(key_id, revocation);
			Self::revoke_live(&who, &key_id, key, reason);
			Ok(())
		}

		/// Publishes the transferable public key of one of the caller's OpenPGP keys, as `gpg --export FPR` writes it
		/// (binary), with the user IDs and subkeys the owner chose, for key servers to serve; replaces an earlier
		/// publication. Holds `OpenPgpKeyDepositPerByte` per byte (the difference, on a replacement). The runtime
		/// checks the packets' framing, that the first is the bound key's, that a user ID follows and that no secret
		/// key is among them; `gpg` verifies the signatures when it imports the key. A revoked key may be published
		/// too, so that its revocation reaches whoever fetches it.
		///
		/// Emits [`Event::OpenPgpKeyPublished`]. Errors: [`Error::NotRegistered`], [`Error::UnknownKey`],
		/// [`Error::NotKeyOwner`], [`Error::NotOpenPgpKey`], [`Error::OpenPgpMalformed`],
		/// [`Error::OpenPgpKeyMismatch`], [`Error::OpenPgpSecretKey`], [`Error::OpenPgpUnexpectedPacket`],
		/// [`Error::OpenPgpNoUserId`], [`Error::InsufficientBalance`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::publish_openpgp_key(transferable.len() as u32))]
		pub fn publish_openpgp_key(
			origin: OriginFor<T>,
			key_id: KeyId,
			transferable: BoundedVec<u8, T::MaxOpenPgpKeyLength>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::active_identity(&who)?;
			let key = Keys::<T>::get(key_id).ok_or(Error::<T>::UnknownKey)?;
			ensure!(key.owner == who, Error::<T>::NotKeyOwner);
			let PublicKey::OpenPgp(openpgp) = key.public else { return Err(Error::<T>::NotOpenPgpKey.into()) };
			openpgp.check_transferable(&transferable).map_err(|e| Error::<T>::openpgp(e, Error::OpenPgpMalformed))?;

			let length = transferable.len() as u32;
			let deposit = T::OpenPgpKeyDepositPerByte::get().saturating_mul(length.into());
			let held = OpenPgpPublications::<T>::get(key_id).map_or_else(Zero::zero, |publication| publication.deposit);
			let reason = HoldReason::OpenPgpKeyDeposit.into();
			if deposit > held {
				T::Currency::hold(&reason, &who, deposit.saturating_sub(held))
					.map_err(|_| Error::<T>::InsufficientBalance)?;
			} else {
				Self::release_deposit(&who, HoldReason::OpenPgpKeyDeposit, held.saturating_sub(deposit));
			}
			OpenPgpPublications::<T>::insert(key_id, Publication { length, deposit });
			PublishedOpenPgpKeys::<T>::insert(key_id, transferable);
			Self::deposit_event(Event::OpenPgpKeyPublished { who, key_id, length, deposit });
			Ok(())
		}

		/// Withdraws the published transferable key of one of the caller's OpenPGP keys and returns its deposit.
		/// The key stays in the ring.
		///
		/// Emits [`Event::OpenPgpKeyWithdrawn`]. Errors: [`Error::UnknownKey`], [`Error::NotKeyOwner`],
		/// [`Error::NotPublished`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::withdraw_openpgp_key())]
		pub fn withdraw_openpgp_key(origin: OriginFor<T>, key_id: KeyId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let key = Keys::<T>::get(key_id).ok_or(Error::<T>::UnknownKey)?;
			ensure!(key.owner == who, Error::<T>::NotKeyOwner);
			ensure!(Self::withdraw_publication(&who, &key_id), Error::<T>::NotPublished);
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash, which proofs and signing payloads bind to.
	pub fn genesis_hash() -> H256 {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	fn checked_name(name: Vec<u8>) -> Result<BoundedVec<u8, T::MaxDisplayNameLength>, Error<T>> {
		ensure!(!name.is_empty(), Error::<T>::NameEmpty);
		name.try_into().map_err(|_| Error::<T>::NameTooLong)
	}

	fn active_identity(who: &T::AccountId) -> Result<IdentityOf<T>, Error<T>> {
		match Identities::<T>::get(who) {
			Some(identity) if identity.status == IdentityStatus::Active => Ok(identity),
			_ => Err(Error::<T>::NotRegistered),
		}
	}

	/// Whether `who` may claim `hash`: `Ok(None)` if it will hold the hash (nobody holds it, or `who` does),
	/// `Ok(Some(holder))` if another identity holds it unverified (the claim is pending), `EmailHashTaken` if
	/// another identity holds it verified.
	fn check_claim(who: &T::AccountId, hash: &H256) -> Result<Option<T::AccountId>, Error<T>> {
		match EmailHashOwners::<T>::get(hash) {
			None => Ok(None),
			Some(claim) if &claim.account == who => Ok(None),
			Some(EmailClaim { verified_by: Some(_), .. }) => Err(Error::<T>::EmailHashTaken),
			Some(claim) => Ok(Some(claim.account)),
		}
	}

	/// Records `who`'s claim to `hash`, as `check_claim` judged it: `who` holds the hash unless `holder` does.
	/// A squatter holding the hash unverified cannot block the address's owner: the owner's pending claim wins
	/// as soon as a verifier verifies it (`verify_email`).
	fn claim_email(who: &T::AccountId, hash: H256, holder: Option<T::AccountId>) {
		match holder {
			None => EmailHashOwners::<T>::insert(hash, EmailClaim { account: who.clone(), verified_by: None }),
			Some(holder) => {
				Self::deposit_event(Event::EmailClaimPending { who: who.clone(), email_hash: hash, holder })
			}
		}
	}

	/// Removes `who`'s entry for `hash` if it holds it (a pending claim has none): lookups stop returning `who`,
	/// and a verification ends with it.
	fn release_email(who: &T::AccountId, hash: &H256) {
		if EmailHashOwners::<T>::get(hash).is_some_and(|claim| &claim.account == who) {
			EmailHashOwners::<T>::remove(hash);
		}
	}

	/// Adds `public` to `who`'s ring for `purpose`, holding `KeyDeposit`, once `check_proof` accepts the proof of
	/// possession over the SCALE-encoded [`KeyPossessionPayload`] it is given.
	fn add(
		who: T::AccountId,
		public: PublicKey,
		purpose: KeyPurpose,
		expires_at: Option<Moment>,
		check_proof: impl FnOnce(&PublicKey, &[u8]) -> Result<(), Error<T>>,
	) -> DispatchResult {
		let mut identity = Self::active_identity(&who)?;
		let key_id = public.key_id();
		let short_id = public.short_id();
		ensure!(!Keys::<T>::contains_key(key_id), Error::<T>::KeyAlreadyRegistered);
		ensure!(!ShortKeyIds::<T>::contains_key(short_id), Error::<T>::ShortIdTaken);
		let now = T::Time::now();
		ensure!(expires_at.is_none_or(|expiry| expiry > now), Error::<T>::ExpiryInPast);
		ensure!(identity.live_keys < T::MaxLiveKeys::get(), Error::<T>::TooManyKeys);
		let mut history = KeysOf::<T>::get(&who);
		history.try_push(key_id).map_err(|_| Error::<T>::KeyHistoryFull)?;
		let payload = KeyPossessionPayload::new(Self::genesis_hash(), who.clone(), purpose, key_id);
		check_proof(&public, &payload.encode())?;

		let deposit = T::KeyDeposit::get();
		T::Currency::hold(&HoldReason::KeyDeposit.into(), &who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		identity.live_keys.saturating_inc();
		Identities::<T>::insert(&who, identity);
		KeysOf::<T>::insert(&who, history);
		ShortKeyIds::<T>::insert(short_id, key_id);
		Keys::<T>::insert(
			key_id,
			KeyRecord {
				owner: who.clone(),
				public: public.clone(),
				purpose,
				lifetime: KeyLifetime { added_at: now, expires_at, revoked: None },
				deposit,
			},
		);
		Self::deposit_event(Event::KeyAdded { who, key_id, short_id, public, purpose, expires_at });
		Ok(())
	}

	/// `who`'s live key `key_id`, which it may revoke.
	fn revocable_key(who: &T::AccountId, key_id: &KeyId) -> Result<KeyRecordOf<T>, Error<T>> {
		let key = Keys::<T>::get(key_id).ok_or(Error::<T>::UnknownKey)?;
		ensure!(&key.owner == who, Error::<T>::NotKeyOwner);
		ensure!(key.lifetime.revoked.is_none(), Error::<T>::AlreadyRevoked);
		Ok(key)
	}

	/// Revokes a live key now at its owner's request: [`Self::revoke`], and one live key less.
	fn revoke_live(who: &T::AccountId, key_id: &KeyId, mut key: KeyRecordOf<T>, reason: RevocationReason) {
		Self::revoke(who, key_id, &mut key, reason, T::Time::now());
		// A live key's owner always has an active identity: `forget` revokes every live key.
		Identities::<T>::mutate(who, |identity| {
			if let Some(identity) = identity {
				identity.live_keys.saturating_dec();
			}
		});
	}

	/// Withdraws `key_id`'s publication, if there is one, returning its deposit to `who` (its owner); whether there
	/// was one.
	fn withdraw_publication(who: &T::AccountId, key_id: &KeyId) -> bool {
		let Some(publication) = OpenPgpPublications::<T>::take(key_id) else { return false };
		PublishedOpenPgpKeys::<T>::remove(key_id);
		Self::release_deposit(who, HoldReason::OpenPgpKeyDeposit, publication.deposit);
		Self::deposit_event(Event::OpenPgpKeyWithdrawn { who: who.clone(), key_id: *key_id });
		true
	}

	/// Marks `key` revoked at `now`, stores it, releases its deposit and emits `KeyRevoked`.
	fn revoke(who: &T::AccountId, key_id: &KeyId, key: &mut KeyRecordOf<T>, reason: RevocationReason, now: Moment) {
		key.lifetime.revoked = Some((now, reason));
		Self::release_deposit(who, HoldReason::KeyDeposit, key.deposit);
		key.deposit = Zero::zero();
		Keys::<T>::insert(key_id, key.clone());
		Self::deposit_event(Event::KeyRevoked { who: who.clone(), key_id: *key_id, reason, revoked_at: now });
	}

	fn release_deposit(who: &T::AccountId, reason: HoldReason, amount: BalanceOf<T>) {
		// Releasing never takes more than is held (`BestEffort`); a shortfall would mean a bug, so log it.
		if let Err(error) = T::Currency::release(&reason.into(), who, amount, Precision::BestEffort) {
			log::error!(target: "runtime::key-ring", "releasing {amount:?} held from {who:?}: {error:?}");
		}
	}

	/// The identity of `who`, if registered or forgotten.
	pub fn identity(who: &T::AccountId) -> Option<IdentityOf<T>> {
		Identities::<T>::get(who)
	}

	/// The keys `who` ever added, oldest first, each with its record.
	pub fn keys_of(who: &T::AccountId) -> Vec<(KeyId, KeyRecordOf<T>)> {
		KeysOf::<T>::get(who).into_iter().filter_map(|id| Keys::<T>::get(id).map(|key| (id, key))).collect()
	}

	/// A key by its full id.
	pub fn key_record(key_id: &KeyId) -> Option<KeyRecordOf<T>> {
		Keys::<T>::get(key_id)
	}

	/// The full id of a key given by its short id.
	pub fn key_id_of_short(short_id: &ShortKeyId) -> Option<KeyId> {
		ShortKeyIds::<T>::get(short_id)
	}

	/// The account whose identity holds `email_hash` now, verified or not.
	pub fn account_by_email_hash(email_hash: &H256) -> Option<T::AccountId> {
		EmailHashOwners::<T>::get(email_hash).map(|claim| claim.account)
	}

	/// Who holds `email_hash`, and who verified the claim, if anyone did.
	pub fn email_claim(email_hash: &H256) -> Option<EmailClaimOf<T>> {
		EmailHashOwners::<T>::get(email_hash)
	}
}

impl<T> Error<T> {
	/// The pallet's error for an OpenPGP refusal; `bad_signature` names a signature that does not verify.
	fn openpgp(error: OpenPgpError, bad_signature: Self) -> Self {
		match error {
			OpenPgpError::Malformed => Self::OpenPgpMalformed,
			OpenPgpError::UnsupportedKey => Self::OpenPgpUnsupportedKey,
			OpenPgpError::UnsupportedSignature => Self::OpenPgpUnsupportedSignature,
			OpenPgpError::WeakHash => Self::OpenPgpWeakHash,
			OpenPgpError::WrongSignatureType => Self::OpenPgpWrongSignatureType,
			OpenPgpError::IssuerMismatch => Self::OpenPgpIssuerMismatch,
			OpenPgpError::BadSignature => bad_signature,
			OpenPgpError::KeyMismatch => Self::OpenPgpKeyMismatch,
			OpenPgpError::SecretKeyPacket => Self::OpenPgpSecretKey,
			OpenPgpError::UnexpectedPacket => Self::OpenPgpUnexpectedPacket,
			OpenPgpError::NoUserId => Self::OpenPgpNoUserId,
		}
	}
}

impl<T: Config> KeyRing<T::AccountId> for Pallet<T> {
	fn has_identity(who: &T::AccountId) -> bool {
		Self::active_identity(who).is_ok()
	}

	fn key(key_id: &KeyId) -> Option<(T::AccountId, PublicKey, KeyPurpose, KeyLifetime)> {
		Keys::<T>::get(key_id).map(|key| (key.owner, key.public, key.purpose, key.lifetime))
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn register_for_benchmark(who: &T::AccountId) {
		let email_hash = H256(sp_io::hashing::blake2_256(&who.encode()));
		EmailHashOwners::<T>::insert(email_hash, EmailClaim { account: who.clone(), verified_by: None });
		Identities::<T>::insert(
			who,
			IdentityRecord {
				display_name: BoundedVec::truncate_from(b"benchmark".to_vec()),
				email_hash: Some(email_hash),
				registered_at: T::Time::now(),
				status: IdentityStatus::Active,
				live_keys: 0,
				deposit: Zero::zero(),
			},
		);
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn add_key_for_benchmark(who: &T::AccountId, public: PublicKey, purpose: KeyPurpose) {
		let key_id = public.key_id();
		KeysOf::<T>::mutate(who, |history| {
			// A full history only means the benchmark set up more keys than a ring holds.
			let _ = history.try_push(key_id);
		});
		Identities::<T>::mutate(who, |identity| {
			if let Some(identity) = identity {
				identity.live_keys.saturating_inc();
			}
		});
		ShortKeyIds::<T>::insert(public.short_id(), key_id);
		let lifetime = KeyLifetime { added_at: T::Time::now(), expires_at: None, revoked: None };
		Keys::<T>::insert(key_id, KeyRecord { owner: who.clone(), public, purpose, lifetime, deposit: Zero::zero() });
	}
}
