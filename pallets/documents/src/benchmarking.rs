//! Benchmarks of the documents calls and of the expiry hook, each at its worst case. Signatures are made as browser
//! wallets make them, over `<Bytes>payload</Bytes>`: the chain checks the exact payload first, fails, and checks
//! the wrapped one, two verifications where an exact signature costs one.

use super::*;
use alloc::vec;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate, Hooks};
use frame_system::RawOrigin;
use sigil_primitives::{key_ring::wrap_bytes, KeyPurpose, PublicKey};
use sp_core::{crypto::KeyTypeId, ed25519};

const SEED: u32 = 0;
/// The keystore slot benchmark keys are generated in.
const BENCH_KEYS: KeyTypeId = KeyTypeId(*b"docs");

/// A benchmark signer: its account and the public half of its signing key.
type Signer<T> = (<T as frame_system::Config>::AccountId, ed25519::Public);

/// A registered, funded identity with a signing key generated in the keystore.
fn signer<T: Config>(name: &'static str, index: u32) -> Signer<T> {
	let who: T::AccountId = account(name, index, SEED);
	T::KeyRing::register_for_benchmark(&who);
	let deposits = T::AttestationDeposit::get().saturating_add(T::AgreementDeposit::get());
	T::Currency::set_balance(
		&who,
		deposits.saturating_mul(10u32.into()).saturating_add(T::Currency::minimum_balance()),
	);
	let public = sp_io::crypto::ed25519_generate(BENCH_KEYS, None);
	T::KeyRing::add_key_for_benchmark(&who, PublicKey::Ed25519(public), KeyPurpose::Signing);
	(who, public)
}

fn sign<T: Config>(
	who: &T::AccountId,
	public: &ed25519::Public,
	document_hash: H256,
	context: SigningContext,
) -> Result<(KeyId, Box<KeySignature>), BenchmarkError> {
	let payload = DocumentPayload::new(Pallet::<T>::genesis_hash(), document_hash, who.clone(), context);
	let signature = sp_io::crypto::ed25519_sign(BENCH_KEYS, public, &wrap_bytes(&payload.encode()))
		.ok_or(BenchmarkError::Stop("the keystore could not sign"))?;
	Ok((PublicKey::Ed25519(*public).key_id(), Box::new(KeySignature::Ed25519(signature))))
}

/// An agreement over `document` that `count` fresh signers must sign by block `deadline`; returns its id and
/// signers.
fn agreement<T: Config>(
	document: H256,
	count: u32,
	deadline: u32,
) -> Result<(AgreementId, Vec<Signer<T>>), BenchmarkError> {
	let (creator, _) = signer::<T>("creator", 0);
	let signers: Vec<_> = (0..count).map(|i| signer::<T>("signer", i)).collect();
	let id = NextAgreementId::<T>::get();
	let accounts = signers.iter().map(|(who, _)| who.clone()).collect();
	Pallet::<T>::create_agreement(RawOrigin::Signed(creator).into(), document, accounts, deadline.into())?;
	Ok((id, signers))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn attest() -> Result<(), BenchmarkError> {
		let (who, public) = signer::<T>("attester", 0);
		let document = H256::repeat_byte(1);
		let (key_id, signature) = sign::<T>(&who, &public, document, SigningContext::Attestation)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), document, key_id, signature);

		assert!(Attestations::<T>::contains_key(document, &who));
		Ok(())
	}

	#[benchmark]
	fn revoke_attestation(r: Linear<0, { T::MaxReasonLength::get() }>) -> Result<(), BenchmarkError> {
		let (who, public) = signer::<T>("attester", 0);
		let document = H256::repeat_byte(1);
		let (key_id, signature) = sign::<T>(&who, &public, document, SigningContext::Attestation)?;
		Pallet::<T>::attest(RawOrigin::Signed(who.clone()).into(), document, key_id, signature)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), document, vec![b'r'; r as usize]);

		assert!(Attestations::<T>::get(document, &who).is_some_and(|a| a.revocation.is_some()));
		Ok(())
	}

	/// `s` signers, and the creator's list for the document one short of full.
	#[benchmark]
	fn create_agreement(s: Linear<1, { T::MaxSigners::get() }>) -> Result<(), BenchmarkError> {
		let document = H256::repeat_byte(1);
		let earlier = T::MaxAgreementsPerCreator::get().saturating_sub(1);
		for i in 0..earlier {
			agreement::<T>(document, 1, 20u32.saturating_add(i))?;
		}
		let (creator, _) = signer::<T>("creator", 0);
		let signers: Vec<T::AccountId> = (0..s).map(|i| signer::<T>("signer", i).0).collect();

		#[extrinsic_call]
		_(RawOrigin::Signed(creator.clone()), document, signers, 10u32.into());

		assert_eq!(DocumentAgreements::<T>::get(document, &creator).len() as u32, earlier.saturating_add(1));
		Ok(())
	}

	/// The last signature of `s`: the whole signer list is searched and counted, and the agreement completes.
	#[benchmark]
	fn sign_agreement(s: Linear<1, { T::MaxSigners::get() }>) -> Result<(), BenchmarkError> {
		let document = H256::repeat_byte(1);
		let (id, signers) = agreement::<T>(document, s, 10)?;
		let (last, others) = signers.split_last().ok_or(BenchmarkError::Stop("no signer"))?;
		for (who, public) in others {
			let (key_id, signature) = sign::<T>(who, public, document, SigningContext::Agreement(id))?;
			Pallet::<T>::sign_agreement(RawOrigin::Signed(who.clone()).into(), id, key_id, signature)?;
		}
		let (key_id, signature) = sign::<T>(&last.0, &last.1, document, SigningContext::Agreement(id))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(last.0.clone()), id, key_id, signature);

		assert!(Agreements::<T>::get(id).is_some_and(|a| matches!(a.status, AgreementStatus::Completed { .. })));
		Ok(())
	}

	/// The hook expiring `n` pending agreements of `MaxSigners` signers each, each taken off a full list of its
	/// creator's agreements over its document.
	#[benchmark]
	fn expire_agreements(n: Linear<0, { T::MaxExpiriesPerBlock::get() }>) -> Result<(), BenchmarkError> {
		let per_list = T::MaxAgreementsPerCreator::get().max(1);
		for i in 0..n {
			let document = H256(sp_io::hashing::blake2_256(&(i / per_list).to_le_bytes()));
			agreement::<T>(document, T::MaxSigners::get(), 10)?;
		}
		let expiry: BlockNumberFor<T> = 11u32.into();

		#[block]
		{
			Pallet::<T>::on_initialize(expiry);
		}

		assert!((0..u64::from(n)).all(|id| {
			Agreements::<T>::get(id).is_some_and(|a| matches!(a.status, AgreementStatus::Expired { .. }))
		}));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
