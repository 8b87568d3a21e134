//! Benchmarks of the messages calls: `send` over the body length with a wallet-wrapped signature (two
//! verifications), with its deposit held or taken from the sender's advance; `clear` of a message with the
//! longest body, releasing its deposit or leaving it within the advance; `set_advance`.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sigil_primitives::{key_ring::wrap_bytes, KeyPurpose, PublicKey};
use sp_core::crypto::KeyTypeId;

const SEED: u32 = 0;
/// The keystore slot benchmark keys are generated in.
const BENCH_KEYS: KeyTypeId = KeyTypeId(*b"msgs");

/// A registered, funded identity.
fn identity<T: Config>(name: &'static str) -> T::AccountId {
	let who: T::AccountId = account(name, 0, SEED);
	T::KeyRing::register_for_benchmark(&who);
	let deposit = Pallet::<T>::deposit_for(T::MaxBodyLength::get() as usize);
	T::Currency::set_balance(&who, deposit.saturating_mul(10u32.into()).saturating_add(T::Currency::minimum_balance()));
	who
}

/// A message of `len` bytes from a new sender to a new recipient, with a valid signature by the sender's new
/// signing key (ed25519, generated and signed in the keystore). The worst case for the chain: the key signs the
/// payload as browser wallets do, `<Bytes>payload</Bytes>`, so that the exact payload fails to verify first and
/// the wrapped one is checked second.
#[allow(clippy::type_complexity)]
fn signed_message<T: Config>(
	len: u32,
) -> Result<(T::AccountId, T::AccountId, Vec<u8>, KeyId, KeySignature), BenchmarkError> {
	let from = identity::<T>("sender");
	let to = identity::<T>("recipient");
	let public = sp_io::crypto::ed25519_generate(BENCH_KEYS, None);
	let key = PublicKey::Ed25519(public);
	T::KeyRing::add_key_for_benchmark(&from, key.clone(), KeyPurpose::Signing);
	let body = vec![0x5a; len as usize];
	let payload = MessagePayload::new(Pallet::<T>::genesis_hash(), from.clone(), to.clone(), &body, 0);
	let signature = sp_io::crypto::ed25519_sign(BENCH_KEYS, &public, &wrap_bytes(&payload.encode()))
		.ok_or(BenchmarkError::Stop("the keystore could not sign"))?;
	Ok((from, to, body, key.key_id(), KeySignature::Ed25519(signature)))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn send(n: Linear<0, { T::MaxBodyLength::get() }>) -> Result<(), BenchmarkError> {
		let (from, to, body, key_id, signature) = signed_message::<T>(n)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(from.clone()), to.clone(), body, key_id, Box::new(signature));

		assert_eq!(Inbox::<T>::get(&to, 0), Some((from, 0)));
		Ok(())
	}

	#[benchmark]
	fn send_within_advance(n: Linear<0, { T::MaxBodyLength::get() }>) -> Result<(), BenchmarkError> {
		let (from, to, body, key_id, signature) = signed_message::<T>(n)?;
		let advance = Pallet::<T>::deposit_for(T::MaxBodyLength::get() as usize);
		Pallet::<T>::set_advance(RawOrigin::Signed(from.clone()).into(), advance)?;

		#[extrinsic_call]
		send(RawOrigin::Signed(from.clone()), to.clone(), body, key_id, Box::new(signature));

		assert_eq!(Senders::<T>::get(&from).held(), advance);
		Ok(())
	}

	#[benchmark]
	fn clear() -> Result<(), BenchmarkError> {
		let (from, to, body, key_id, signature) = signed_message::<T>(T::MaxBodyLength::get())?;
		Pallet::<T>::send(RawOrigin::Signed(from.clone()).into(), to.clone(), body, key_id, Box::new(signature))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(to.clone()), from.clone(), 0);

		assert!(Inbox::<T>::get(&to, 0).is_none());
		assert!(Senders::<T>::get(&from).held().is_zero());
		Ok(())
	}

	#[benchmark]
	fn clear_within_advance() -> Result<(), BenchmarkError> {
		let (from, to, body, key_id, signature) = signed_message::<T>(T::MaxBodyLength::get())?;
		let advance = Pallet::<T>::deposit_for(T::MaxBodyLength::get() as usize);
		Pallet::<T>::set_advance(RawOrigin::Signed(from.clone()).into(), advance)?;
		Pallet::<T>::send(RawOrigin::Signed(from.clone()).into(), to.clone(), body, key_id, Box::new(signature))?;

		#[extrinsic_call]
		clear(RawOrigin::Signed(to.clone()), from.clone(), 0);

		assert_eq!(Senders::<T>::get(&from).held(), advance);
		Ok(())
	}

	#[benchmark]
	fn set_advance() -> Result<(), BenchmarkError> {
		let who = identity::<T>("sender");
		let advance = Pallet::<T>::deposit_for(T::MaxBodyLength::get() as usize);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), advance);

		assert_eq!(Senders::<T>::get(&who).held(), advance);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
