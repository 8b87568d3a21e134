//! Benchmarks of the owner-trust calls, each at its worst case: the caller's edge list full (`MaxTrustEdges`).

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;

const SEED: u32 = 0;

/// A registered identity with funds for every edge it may set.
fn identity<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::KeyRing::register_for_benchmark(&who);
	let deposits = T::EdgeDeposit::get().saturating_mul(T::MaxTrustEdges::get().saturating_add(1).into());
	T::Currency::set_balance(&who, deposits.saturating_mul(2u32.into()).saturating_add(T::Currency::minimum_balance()));
	who
}

/// Gives `truster` `count` marginal edges to fresh identities.
fn fill_edges<T: Config>(truster: &T::AccountId, count: u32) -> Result<(), BenchmarkError> {
	for index in 0..count {
		let target = identity::<T>("target", index);
		Pallet::<T>::set_trust(RawOrigin::Signed(truster.clone()).into(), target, TrustLevel::Marginal)?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A new edge into a list one short of full: the longest list to decode, insert into and encode.
	#[benchmark]
	fn set_trust() -> Result<(), BenchmarkError> {
		let truster = identity::<T>("truster", 0);
		fill_edges::<T>(&truster, T::MaxTrustEdges::get().saturating_sub(1))?;
		let target = identity::<T>("new", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(truster.clone()), target.clone(), TrustLevel::Full);

		assert_eq!(Incoming::<T>::get(&target, &truster).map(|edge| edge.level), Some(TrustLevel::Full));
		Ok(())
	}

	/// Clearing the first edge of a full list: every other edge moves.
	#[benchmark]
	fn clear_trust() -> Result<(), BenchmarkError> {
		let truster = identity::<T>("truster", 0);
		fill_edges::<T>(&truster, T::MaxTrustEdges::get())?;
		let target = Outgoing::<T>::get(&truster)
			.first()
			.map(|edge| edge.target.clone())
			.ok_or(BenchmarkError::Stop("no edge to clear"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(truster.clone()), target.clone());

		assert!(Incoming::<T>::get(&target, &truster).is_none());
		Ok(())
	}

	#[benchmark]
	fn clear_fraud_mark() -> Result<(), BenchmarkError> {
		let offender = identity::<T>("offender", 0);
		Pallet::<T>::report_fraud(&offender, H256::repeat_byte(7));
		let origin = T::FraudClearOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, offender.clone());

		assert!(!FraudMarks::<T>::contains_key(&offender));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
