//! Answers for the runtime API (see `pallet-key-ring-runtime-api`).

use crate::{
	Config, EmailHashOwners, Identities, IdentityStatus, KeyRecordOf, Keys, OpenPgpRevocations, Pallet,
	PublishedOpenPgpKeys, ShortKeyIds,
};
use alloc::vec::Vec;
use frame_support::traits::Time;
use pallet_key_ring_runtime_api::{EmailClaimInfo, IdentityInfo, KeyInfo, KeyLookup, OpenPgpKeyInfo, Verification};
use sigil_primitives::{KeyId, KeySignature, Moment, PublicKey};
use sp_core::H256;

impl<T: Config> Pallet<T> {
	fn key_info(key_id: KeyId, key: KeyRecordOf<T>, now: Moment) -> KeyInfo<T::AccountId> {
		KeyInfo {
			key_id,
			short_id: key.public.short_id(),
			owner: key.owner,
			status: key.lifetime.status_at(now),
			public: key.public,
			purpose: key.purpose,
			added_at: key.lifetime.added_at,
			expires_at: key.lifetime.expires_at,
			revoked: key.lifetime.revoked,
		}
	}

	fn lookup(lookup: KeyLookup) -> Option<(KeyId, KeyRecordOf<T>)> {
		let key_id = match lookup {
			KeyLookup::Full(id) => id,
			KeyLookup::Short(short) => ShortKeyIds::<T>::get(short)?,
		};
		Keys::<T>::get(key_id).map(|key| (key_id, key))
	}

	/// The identity of `who`, active or forgotten: the runtime API's `identity`.
	pub fn api_identity(who: &T::AccountId) -> Option<IdentityInfo> {
		Identities::<T>::get(who).map(|identity| IdentityInfo {
			display_name: identity.display_name.into_inner(),
			email_hash: identity.email_hash,
			registered_at: identity.registered_at,
			forgotten_at: match identity.status {
				IdentityStatus::Active => None,
				IdentityStatus::Forgotten { at } => Some(at),
			},
			live_keys: identity.live_keys,
		})
	}

	/// Who holds `email_hash`, and who verified the claim: the runtime API's `email_claim`.
	pub fn api_email_claim(email_hash: &H256) -> Option<EmailClaimInfo<T::AccountId>> {
		EmailHashOwners::<T>::get(email_hash)
			.map(|claim| EmailClaimInfo { account: claim.account, verified_by: claim.verified_by })
	}

	/// Every key `who` ever added, oldest first, with its status now: the runtime API's `keys_of`.
	pub fn api_keys_of(who: &T::AccountId) -> Vec<KeyInfo<T::AccountId>> {
		let now = T::Time::now();
		Self::keys_of(who).into_iter().map(|(id, key)| Self::key_info(id, key, now)).collect()
	}

	/// A key by its full or short id, with its status now: the runtime API's `key`.
	pub fn api_key(lookup: KeyLookup) -> Option<KeyInfo<T::AccountId>> {
		Self::lookup(lookup).map(|(id, key)| Self::key_info(id, key, T::Time::now()))
	}

	/// An OpenPGP key with its publication and revocation signature; `None` for a key of another scheme.
	fn openpgp_key_info(key_id: KeyId, key: KeyRecordOf<T>, now: Moment) -> Option<OpenPgpKeyInfo<T::AccountId>> {
		let PublicKey::OpenPgp(_) = key.public else { return None };
		Some(OpenPgpKeyInfo {
			key: Self::key_info(key_id, key, now),
			published: PublishedOpenPgpKeys::<T>::get(key_id).map(|bytes| bytes.into_inner()),
			revocation: OpenPgpRevocations::<T>::get(key_id).map(|packet| packet.into_inner()),
		})
	}

	/// An OpenPGP key by its full or short id, as key servers serve it: the runtime API's `openpgp_key`.
	pub fn api_openpgp_key(lookup: KeyLookup) -> Option<OpenPgpKeyInfo<T::AccountId>> {
		Self::lookup(lookup).and_then(|(id, key)| Self::openpgp_key_info(id, key, T::Time::now()))
	}

	/// Every OpenPGP key `who` ever added, oldest first, as key servers serve them: the runtime API's
	/// `openpgp_keys_of`.
	pub fn api_openpgp_keys_of(who: &T::AccountId) -> Vec<OpenPgpKeyInfo<T::AccountId>> {
		let now = T::Time::now();
		Self::keys_of(who).into_iter().filter_map(|(id, key)| Self::openpgp_key_info(id, key, now)).collect()
	}

	/// Checks `signature` (raw bytes in the key's scheme) over `message` against the key `lookup` names, and gives
	/// the key's status at `at` (milliseconds since the Unix epoch; now if `None`): the runtime API's `verify`.
	pub fn api_verify(
		lookup: KeyLookup,
		message: &[u8],
		signature: &[u8],
		at: Option<Moment>,
	) -> Verification<T::AccountId> {
		let Some((key_id, key)) = Self::lookup(lookup) else {
			return Verification::UnknownKey;
		};
		let Some(signature) = KeySignature::from_raw(key.public.key_type(), signature) else {
			return Verification::MalformedSignature;
		};
		let now = T::Time::now();
		let at = at.unwrap_or(now);
		let signature_valid = key.public.verify(message, &signature);
		let status_at = key.lifetime.status_at(at);
		Verification::Checked { key: Self::key_info(key_id, key, now), signature_valid, at, status_at }
	}
}
