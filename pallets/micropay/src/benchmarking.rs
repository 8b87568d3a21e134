//! Benchmarks of the micropay calls, each at its worst case: full coin lists, a coin at its transfer limit.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sigil_primitives::{KeyPurpose, KeySignature, PublicKey};
use sp_core::{crypto::KeyTypeId, ed25519};

const SEED: u32 = 0;
/// The keystore slot benchmark keys are generated in.
const BENCH_KEYS: KeyTypeId = KeyTypeId(*b"mpay");

fn terms<T: Config>() -> TermsOf<T> {
	BrokerTerms { fee: 1u32.into(), validity: 60_000, max_value: 1_000_000u32.into() }
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, SEED);
	T::Currency::set_balance(&who, T::Currency::minimum_balance().saturating_add(100_000_000u32.into()));
	who
}

/// An approved broker.
fn broker<T: Config>() -> Result<T::AccountId, BenchmarkError> {
	let broker = funded::<T>("broker", 0);
	let origin = T::BrokerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
	Pallet::<T>::approve_broker(origin, broker.clone(), terms::<T>())?;
	Ok(broker)
}

/// A registered, funded account with a signing key generated in the keystore.
fn payer<T: Config>(name: &'static str) -> (T::AccountId, ed25519::Public) {
	let who = funded::<T>(name, 0);
	T::KeyRing::register_for_benchmark(&who);
	let public = sp_io::crypto::ed25519_generate(BENCH_KEYS, None);
	T::KeyRing::add_key_for_benchmark(&who, PublicKey::Ed25519(public), KeyPurpose::Signing);
	(who, public)
}

/// Fills `who`'s coin list up to one short of full with coins bought from `broker`.
fn fill_coins<T: Config>(broker: &T::AccountId, who: &T::AccountId) -> Result<(), BenchmarkError> {
	for _ in 0..T::MaxCoinsPerHolder::get().saturating_sub(1) {
		Pallet::<T>::purchase(RawOrigin::Signed(who.clone()).into(), broker.clone(), 10u32.into())?;
	}
	Ok(())
}

/// A coin bought by `who`: the last in its (otherwise full) list, so the list searches are longest.
fn coin_of<T: Config>(broker: &T::AccountId, who: &T::AccountId) -> Result<CoinIdOf<T>, BenchmarkError> {
	fill_coins::<T>(broker, who)?;
	let serial = Brokers::<T>::get(broker).map(|b| b.next_serial).ok_or(BenchmarkError::Stop("no broker"))?;
	Pallet::<T>::purchase(RawOrigin::Signed(who.clone()).into(), broker.clone(), 1_000u32.into())?;
	Ok(CoinId { broker: broker.clone(), serial })
}

fn sign<T: Config>(
	public: &ed25519::Public,
	transfer: Transfer<T::AccountId>,
) -> Result<Box<SignedTransferOf<T>>, BenchmarkError> {
	let signature = sp_io::crypto::ed25519_sign(BENCH_KEYS, public, &Pallet::<T>::transfer_payload(&transfer))
		.ok_or(BenchmarkError::Stop("the keystore could not sign"))?;
	Ok(Box::new(SignedTransfer {
		transfer,
		key_id: PublicKey::Ed25519(*public).key_id(),
		signature: KeySignature::Ed25519(signature),
	}))
}

/// Moves `coin` back and forth between `a` and `b` `count` times, on line.
fn shuttle<T: Config>(
	coin: &CoinIdOf<T>,
	a: &T::AccountId,
	b: &T::AccountId,
	count: u32,
) -> Result<(), BenchmarkError> {
	for i in 0..count {
		let (from, to) = if i % 2 == 0 { (a, b) } else { (b, a) };
		Pallet::<T>::pay(RawOrigin::Signed(from.clone()).into(), coin.clone(), to.clone())?;
	}
	Ok(())
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn approve_broker() -> Result<(), BenchmarkError> {
		let origin = T::BrokerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let broker: T::AccountId = account("broker", 0, SEED);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, broker.clone(), terms::<T>());

		assert!(Brokers::<T>::contains_key(&broker));
		Ok(())
	}

	#[benchmark]
	fn set_broker_terms() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let origin = T::BrokerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		let longer = BrokerTerms { validity: 120_000, ..terms::<T>() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, broker.clone(), longer);

		assert_eq!(Brokers::<T>::get(&broker).map(|b| b.terms), Some(longer));
		Ok(())
	}

	/// Suspending and resuming cost the same.
	#[benchmark]
	fn set_suspended() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let origin = T::BrokerOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		suspend_broker(origin as T::RuntimeOrigin, broker.clone());

		assert!(Brokers::<T>::get(&broker).is_some_and(|b| b.suspended));
		Ok(())
	}

	#[benchmark]
	fn purchase() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let buyer = funded::<T>("buyer", 0);
		fill_coins::<T>(&broker, &buyer)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), broker, 1_000u32.into());

		assert_eq!(CoinsOf::<T>::get(&buyer).len() as u32, T::MaxCoinsPerHolder::get());
		Ok(())
	}

	#[benchmark]
	fn issue() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let to = funded::<T>("holder", 0);
		fill_coins::<T>(&broker, &to)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(broker), to.clone(), 1_000u32.into());

		assert_eq!(CoinsOf::<T>::get(&to).len() as u32, T::MaxCoinsPerHolder::get());
		Ok(())
	}

	#[benchmark]
	fn pay() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let holder = funded::<T>("holder", 0);
		let payee = funded::<T>("payee", 0);
		let coin = coin_of::<T>(&broker, &holder)?;
		fill_coins::<T>(&broker, &payee)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), coin.clone(), payee.clone());

		assert!(Coins::<T>::get(&coin.broker, coin.serial).is_some_and(|c| c.holder == payee));
		Ok(())
	}

	#[benchmark]
	fn claim() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let (holder, public) = payer::<T>("holder");
		let payee = funded::<T>("payee", 0);
		let coin = coin_of::<T>(&broker, &holder)?;
		fill_coins::<T>(&broker, &payee)?;
		let transfer =
			Transfer { coin: coin.clone(), seq: 1, payer: holder, payee: payee.clone(), valid_until: Moment::MAX };
		let signed = sign::<T>(&public, transfer)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payee.clone()), signed);

		assert!(Coins::<T>::get(&coin.broker, coin.serial).is_some_and(|c| c.holder == payee));
		Ok(())
	}

	/// Two signature checks and a proof appended to a list one short of full.
	#[benchmark]
	fn report_double_spend() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let (holder, public) = payer::<T>("holder");
		let coin = coin_of::<T>(&broker, &holder)?;
		let conflicting = |index: u32| {
			let payee: T::AccountId = account("payee", index, SEED);
			Transfer { coin: coin.clone(), seq: 1, payer: holder.clone(), payee, valid_until: Moment::MAX }
		};
		for i in 0..T::MaxFraudProofs::get().saturating_sub(1) {
			let (a, b) = (sign::<T>(&public, conflicting(2 * i + 10))?, sign::<T>(&public, conflicting(2 * i + 11))?);
			Pallet::<T>::report_double_spend(RawOrigin::Signed(broker.clone()).into(), a, b)?;
		}
		let (first, second) = (sign::<T>(&public, conflicting(0))?, sign::<T>(&public, conflicting(1))?);

		#[extrinsic_call]
		_(RawOrigin::Signed(broker), first, second);

		assert_eq!(FraudProofs::<T>::get(&holder).len() as u32, T::MaxFraudProofs::get());
		Ok(())
	}

	/// Reissuing a coin that moved `t` times: `t` history entries to prune.
	#[benchmark]
	fn reissue(t: Linear<0, { T::MaxTransfersPerCoin::get() }>) -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let holder = funded::<T>("holder", 0);
		let other = funded::<T>("other", 0);
		let coin = coin_of::<T>(&broker, &holder)?;
		shuttle::<T>(&coin, &holder, &other, t)?;
		// Benchmarks do not move the clock: the coin is made to expire now.
		Coins::<T>::mutate(&coin.broker, coin.serial, |c| {
			if let Some(c) = c {
				c.expiry = T::Time::now();
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(broker), coin.clone());

		assert!(Coins::<T>::get(&coin.broker, coin.serial).is_some_and(|c| c.status != CoinStatus::Active));
		Ok(())
	}

	/// Redeeming a coin that moved `t` times and whose holder is neither its backer nor the broker: the backing
	/// is paid out with two transfers on hold.
	#[benchmark]
	fn redeem(t: Linear<1, { T::MaxTransfersPerCoin::get() }>) -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let buyer = funded::<T>("buyer", 0);
		let holder = funded::<T>("holder", 0);
		let other = funded::<T>("other", 0);
		let coin = coin_of::<T>(&broker, &buyer)?;
		Pallet::<T>::pay(RawOrigin::Signed(buyer).into(), coin.clone(), holder.clone())?;
		shuttle::<T>(&coin, &holder, &other, t.saturating_sub(1))?;
		let redeemer =
			Coins::<T>::get(&coin.broker, coin.serial).map(|c| c.holder).ok_or(BenchmarkError::Stop("coin"))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(redeemer), coin.clone());

		assert!(Coins::<T>::get(&coin.broker, coin.serial).is_some_and(|c| c.status != CoinStatus::Active));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
