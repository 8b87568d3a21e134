//! Benchmarks of the key-ring calls, each at its worst case.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sigil_primitives::key_ring::wrap_bytes;
use sp_core::{crypto::KeyTypeId, ed25519};

const SEED: u32 = 0;
/// The keystore slot benchmark keys are generated in.
const BENCH_KEYS: KeyTypeId = KeyTypeId(*b"ring");

fn funded<T: Config>() -> T::AccountId {
	funded_account::<T>("owner")
}

fn funded_account<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, SEED);
	let per_key = T::KeyDeposit::get()
		.saturating_add(T::OpenPgpKeyDepositPerByte::get().saturating_mul(T::MaxOpenPgpKeyLength::get().into()));
	let deposits = T::IdentityDeposit::get()
		.saturating_add(per_key.saturating_mul(T::MaxKeyHistory::get().saturating_add(1).into()));
	T::Currency::set_balance(
		&who,
		deposits.saturating_mul(10u32.into()).saturating_add(T::Currency::minimum_balance()),
	);
	who
}

/// An OpenPGP key generated in the benchmark keystore, and how to sign with it.
fn openpgp_key() -> (OpenPgpKey, impl Fn(&[u8]) -> Option<[u8; 64]>) {
	let public = sp_io::crypto::ed25519_generate(BENCH_KEYS, None);
	let sign =
		move |digest: &[u8]| sp_io::crypto::ed25519_sign(BENCH_KEYS, &public, digest).map(|signature| signature.0);
	(OpenPgpKey { created: 1_700_000_000, key: public }, sign)
}

/// A SHA-512 signature by `key`, `MAX_PACKET_LENGTH` bytes long (its hashed area padded).
fn largest_signature(
	key: &OpenPgpKey,
	kind: SignatureType,
	data: &[u8],
	sign: impl Fn(&[u8]) -> Option<[u8; 64]>,
) -> Result<OpenPgpPacket, BenchmarkError> {
	let packet = key
		.signature_packet(kind, 10, data, MAX_PACKET_LENGTH as usize, sign)
		.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign"))?;
	OpenPgpPacket::try_from(packet).map_err(|_| BenchmarkError::Stop("the signature is longer than a call carries"))
}

/// `key` as a transferable key of exactly `length` bytes (at least 64): its packet and one long user ID.
fn transferable<T: Config>(
	key: &OpenPgpKey,
	length: u32,
) -> Result<BoundedVec<u8, T::MaxOpenPgpKeyLength>, BenchmarkError> {
	let mut bytes = key.packet();
	// An old-format user ID packet with a two-octet length.
	let user_id = (length as usize).saturating_sub(bytes.len()).saturating_sub(3);
	bytes.push(0xB5);
	bytes.extend_from_slice(&(user_id as u16).to_be_bytes());
	bytes.resize(length as usize, b'u');
	bytes.try_into().map_err(|_| BenchmarkError::Stop("longer than MaxOpenPgpKeyLength"))
}

fn registered<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let who = funded::<T>();
	let name = vec![b'n'; T::MaxDisplayNameLength::get() as usize];
	Pallet::<T>::register(RawOrigin::Signed(who.clone()).into(), name, H256::repeat_byte(1))?;
	Ok(who)
}

/// Puts `count` keys in `who`'s ring directly, the first `live` of them live (with their deposit held).
fn fill_ring<T: Config>(who: &T::AccountId, count: u32, live: u32) -> Result<(), BenchmarkError> {
	let now = T::Time::now();
	let mut history = BoundedVec::<KeyId, T::MaxKeyHistory>::new();
	for i in 0..count {
		let mut raw = [0u8; 32];
		raw[..4].copy_from_slice(&i.to_le_bytes());
		let public = PublicKey::Ed25519(ed25519::Public::from_raw(raw));
		let key_id = public.key_id();
		let is_live = i < live;
		let deposit = if is_live { T::KeyDeposit::get() } else { Zero::zero() };
		if is_live {
			T::Currency::hold(&HoldReason::KeyDeposit.into(), who, deposit)?;
		}
		let revoked = if is_live { None } else { Some((now, RevocationReason::Superseded)) };
		ShortKeyIds::<T>::insert(public.short_id(), key_id);
		Keys::<T>::insert(
			key_id,
			KeyRecord {
				owner: who.clone(),
				public,
				purpose: KeyPurpose::Signing,
				lifetime: KeyLifetime { added_at: now, expires_at: None, revoked },
				deposit,
			},
		);
		history.try_push(key_id).map_err(|_| BenchmarkError::Stop("history bound"))?;
	}
	KeysOf::<T>::insert(who, history);
	Identities::<T>::mutate(who, |identity| {
		if let Some(identity) = identity {
			identity.live_keys = live;
		}
	});
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register(n: Linear<1, { T::MaxDisplayNameLength::get() }>) {
		let who = funded::<T>();
		let name = vec![b'n'; n as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), name, H256::repeat_byte(1));

		assert!(Pallet::<T>::has_identity(&who));
	}

	/// Worst case: a new name and a new email hash (the old one's entry removed, the new one's written).
	#[benchmark]
	fn update(n: Linear<1, { T::MaxDisplayNameLength::get() }>) -> Result<(), BenchmarkError> {
		let who = registered::<T>()?;
		let name = vec![b'm'; n as usize];

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), Some(name), Some(H256::repeat_byte(2)));

		assert_eq!(Pallet::<T>::account_by_email_hash(&H256::repeat_byte(2)), Some(who));
		Ok(())
	}

	/// `k` keys in the history, `l` of them live (each revoked, its deposit released), every one published.
	#[benchmark]
	fn forget(
		k: Linear<0, { T::MaxKeyHistory::get() }>,
		l: Linear<0, { T::MaxLiveKeys::get() }>,
	) -> Result<(), BenchmarkError> {
		let who = registered::<T>()?;
		fill_ring::<T>(&who, k, l.min(k))?;
		// Every key published, at the longest: each is withdrawn, its deposit released.
		let length = T::MaxOpenPgpKeyLength::get();
		let deposit = T::OpenPgpKeyDepositPerByte::get().saturating_mul(length.into());
		for key_id in KeysOf::<T>::get(&who) {
			T::Currency::hold(&HoldReason::OpenPgpKeyDeposit.into(), &who, deposit)?;
			OpenPgpPublications::<T>::insert(key_id, Publication { length, deposit });
			PublishedOpenPgpKeys::<T>::insert(key_id, BoundedVec::truncate_from(vec![0; length as usize]));
		}

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Pallet::<T>::has_identity(&who));
		Ok(())
	}

	/// Worst case: an sr25519 key whose proof is over the `<Bytes>`-wrapped payload, so that `PublicKey::verify`
	/// runs two verifications (the exact payload fails, the wrapped one passes), with the history one short of full.
	/// sr25519 is the slowest scheme to verify: about 97 µs for a wrapped proof, against 91 to 96 µs for ecdsa and
	/// ed25519, measured natively (the runtime verifies through host functions) on the development machine.
	#[benchmark]
	fn add_key() -> Result<(), BenchmarkError> {
		let who = registered::<T>()?;
		let history = T::MaxKeyHistory::get().saturating_sub(1);
		fill_ring::<T>(&who, history, history.min(T::MaxLiveKeys::get().saturating_sub(1)))?;
		let raw = sp_io::crypto::sr25519_generate(BENCH_KEYS, None);
		let public = PublicKey::Sr25519(raw);
		let payload =
			KeyPossessionPayload::new(Pallet::<T>::genesis_hash(), who.clone(), KeyPurpose::Signing, public.key_id());
		let signature = sp_io::crypto::sr25519_sign(BENCH_KEYS, &raw, &wrap_bytes(&payload.encode()))
			.ok_or(BenchmarkError::Stop("the benchmark keystore cannot sign"))?;
		// The first check, over the exact payload, fails.
		assert!(!sp_io::crypto::sr25519_verify(&signature, &payload.encode(), &raw));
		let key_id = public.key_id();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			public,
			KeyPurpose::Signing,
			Some(Moment::MAX),
			Box::new(KeySignature::Sr25519(signature)),
		);

		assert!(Keys::<T>::contains_key(key_id));
		Ok(())
	}

	#[benchmark]
	fn revoke_key() -> Result<(), BenchmarkError> {
		let who = registered::<T>()?;
		fill_ring::<T>(&who, 1, 1)?;
		let key_id = KeysOf::<T>::get(&who).first().copied().ok_or(BenchmarkError::Stop("no key"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), key_id, RevocationReason::Compromised);

		assert!(Keys::<T>::get(key_id).is_some_and(|key| key.lifetime.revoked.is_some()));
		Ok(())
	}

	/// Worst case: as `add_key`'s, with the largest proof a call carries, hashed with SHA-512 (in the runtime,
	/// where SHA-256 has a host function).
	#[benchmark]
	fn add_openpgp_key() -> Result<(), BenchmarkError> {
		let who = registered::<T>()?;
		let history = T::MaxKeyHistory::get().saturating_sub(1);
		fill_ring::<T>(&who, history, history.min(T::MaxLiveKeys::get().saturating_sub(1)))?;
		let (key, sign) = openpgp_key();
		let payload =
			KeyPossessionPayload::new(Pallet::<T>::genesis_hash(), who.clone(), KeyPurpose::Signing, key.key_id());
		let proof = largest_signature(&key, SignatureType::Binary, &payload.encode(), sign)?;
		let public_key = OpenPgpPacket::try_from(key.packet()).map_err(|_| BenchmarkError::Stop("key packet"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), public_key, Some(Moment::MAX), proof);

		assert!(Keys::<T>::contains_key(key.key_id()));
		Ok(())
	}

	/// Worst case: the largest revocation signature a call carries, hashed with SHA-512.
	#[benchmark]
	fn revoke_openpgp_key() -> Result<(), BenchmarkError> {
		let who = registered::<T>()?;
		let (key, sign) = openpgp_key();
		Pallet::<T>::add_key_for_benchmark(&who, PublicKey::OpenPgp(key), KeyPurpose::Signing);
		let revocation = largest_signature(&key, SignatureType::KeyRevocation, &[], sign)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), key.key_id(), RevocationReason::Compromised, revocation);

		assert!(OpenPgpRevocations::<T>::contains_key(key.key_id()));
		Ok(())
	}

	/// `n` bytes published over an earlier, shorter publication (the deposit's difference held).
	#[benchmark]
	fn publish_openpgp_key(n: Linear<64, { T::MaxOpenPgpKeyLength::get() }>) -> Result<(), BenchmarkError> {
		let who = registered::<T>()?;
		let (key, _) = openpgp_key();
		Pallet::<T>::add_key_for_benchmark(&who, PublicKey::OpenPgp(key), KeyPurpose::Signing);
		Pallet::<T>::publish_openpgp_key(
			RawOrigin::Signed(who.clone()).into(),
			key.key_id(),
			transferable::<T>(&key, 64)?,
		)?;
		let published = transferable::<T>(&key, n)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), key.key_id(), published);

		assert_eq!(OpenPgpPublications::<T>::get(key.key_id()).map(|publication| publication.length), Some(n));
		Ok(())
	}

	/// The longest publication withdrawn.
	#[benchmark]
	fn withdraw_openpgp_key() -> Result<(), BenchmarkError> {
		let who = registered::<T>()?;
		let (key, _) = openpgp_key();
		Pallet::<T>::add_key_for_benchmark(&who, PublicKey::OpenPgp(key), KeyPurpose::Signing);
		let published = transferable::<T>(&key, T::MaxOpenPgpKeyLength::get())?;
		Pallet::<T>::publish_openpgp_key(RawOrigin::Signed(who.clone()).into(), key.key_id(), published)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who), key.key_id());

		assert!(!PublishedOpenPgpKeys::<T>::contains_key(key.key_id()));
		Ok(())
	}

	/// Worst case: the hash is held unverified by another identity, whose claim is dropped.
	#[benchmark]
	fn verify_email() -> Result<(), BenchmarkError> {
		let origin = T::EmailVerifierOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let squatter = funded_account::<T>("squatter");
		let name = vec![b'n'; T::MaxDisplayNameLength::get() as usize];
		let email_hash = H256::repeat_byte(1);
		Pallet::<T>::register(RawOrigin::Signed(squatter.clone()).into(), name, email_hash)?;
		let who = registered::<T>()?;
		assert_eq!(Pallet::<T>::account_by_email_hash(&email_hash), Some(squatter.clone()));

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), email_hash);

		assert!(Pallet::<T>::email_claim(&email_hash).is_some_and(|c| c.account == who && c.verified_by.is_some()));
		assert_eq!(Identities::<T>::get(&squatter).and_then(|identity| identity.email_hash), None);
		Ok(())
	}

	#[benchmark]
	fn withdraw_email_verification() -> Result<(), BenchmarkError> {
		let origin = T::EmailVerifierOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = registered::<T>()?;
		let email_hash = H256::repeat_byte(1);
		Pallet::<T>::verify_email(origin.clone(), who.clone(), email_hash)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone(), email_hash);

		assert!(Pallet::<T>::email_claim(&email_hash).is_some_and(|c| c.account == who && c.verified_by.is_none()));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
