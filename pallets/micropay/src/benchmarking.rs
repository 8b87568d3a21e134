//! Benchmarks of the micropay calls, each at its worst case: signatures that verify only in their wrapped form
//! (two verifications), proofs by two different keys, full proof lists, first evidence of a seq (which marks the
//! payer), bonds that pay out, a coin at its transfer limit with a conflict at every seq for retirement.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::fungible::Mutate;
use frame_system::RawOrigin;
use sigil_primitives::{key_ring::wrap_bytes, KeyPurpose, KeySignature, PublicKey};
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

/// A signing key generated in the keystore and put in `who`'s ring.
fn ring_key<T: Config>(who: &T::AccountId) -> ed25519::Public {
	let public = sp_io::crypto::ed25519_generate(BENCH_KEYS, None);
	T::KeyRing::add_key_for_benchmark(who, PublicKey::Ed25519(public), KeyPurpose::Signing);
	public
}

/// A registered, funded account with a signing key.
fn payer<T: Config>(name: &'static str) -> (T::AccountId, ed25519::Public) {
	let who = funded::<T>(name, 0);
	T::KeyRing::register_for_benchmark(&who);
	let public = ring_key::<T>(&who);
	(who, public)
}

/// A coin of 1,000 bought by `who`.
fn coin_of<T: Config>(broker: &T::AccountId, who: &T::AccountId) -> Result<CoinIdOf<T>, BenchmarkError> {
	let serial = Brokers::<T>::get(broker).map(|b| b.next_serial).ok_or(BenchmarkError::Stop("no broker"))?;
	Pallet::<T>::purchase(RawOrigin::Signed(who.clone()).into(), broker.clone(), 1_000u32.into())?;
	Ok(CoinId { broker: broker.clone(), serial })
}

/// A transfer of seq `seq` of `coin` from `payer` to `payee`, open from now for the longest window.
fn transfer<T: Config>(
	coin: &CoinIdOf<T>,
	seq: u32,
	payer: &T::AccountId,
	payee: &T::AccountId,
) -> Transfer<T::AccountId> {
	let valid_from = T::Time::now();
	Transfer {
		coin: coin.clone(),
		seq,
		payer: payer.clone(),
		payee: payee.clone(),
		valid_from,
		valid_until: valid_from.saturating_add(T::MaxTransferWindow::get()),
	}
}

/// Signs the `<Bytes>`-wrapped payload, as browser wallets do: the check fails once on the bare payload first.
fn sign<T: Config>(
	public: &ed25519::Public,
	transfer: Transfer<T::AccountId>,
) -> Result<Box<SignedTransferOf<T>>, BenchmarkError> {
	let payload = wrap_bytes(&Pallet::<T>::transfer_payload(&transfer));
	let signature = sp_io::crypto::ed25519_sign(BENCH_KEYS, public, &payload)
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

/// Fills `who`'s proof list up to one short of full with proofs of `sample` against a redemption.
fn fill_proofs<T: Config>(who: &T::AccountId, sample: &SignedTransferOf<T>) -> Result<(), BenchmarkError> {
	let mut proofs = FraudProofs::<T>::get(who);
	let proof =
		FraudProof { first: FirstSpend::Redeemed { at: 0 }, second: sample.clone(), detected_at: 0, disputed: false };
	while (proofs.len() as u32) < T::MaxFraudProofs::get().saturating_sub(1) {
		proofs.try_push(proof.clone()).map_err(|_| BenchmarkError::Stop("proof list full"))?;
	}
	FraudProofs::<T>::insert(who, proofs);
	Ok(())
}

/// Makes the last of `who`'s proofs a disputed one, and returns its hash.
fn disputed_last<T: Config>(who: &T::AccountId) -> Result<H256, BenchmarkError> {
	FraudProofs::<T>::try_mutate(who, |proofs| {
		let proof = proofs.last_mut().ok_or(BenchmarkError::Stop("no proof"))?;
		proof.disputed = true;
		Ok(H256(sp_io::hashing::blake2_256(&proof.encode())))
	})
}

/// What [`double_spent`] sets up: the payer, the victim, the coin, and the second transfer (to the victim).
type DoubleSpend<T> = (
	<T as frame_system::Config>::AccountId,
	<T as frame_system::Config>::AccountId,
	CoinIdOf<T>,
	Box<SignedTransferOf<T>>,
);

/// A bonded payer whose coin went to one payee by a transfer signed with one key, and a second transfer of the
/// same seq, signed with another key, to `victim`: what a refused claim proves.
fn double_spent<T: Config>(broker: &T::AccountId) -> Result<DoubleSpend<T>, BenchmarkError> {
	let (holder, first_key) = payer::<T>("holder");
	let second_key = ring_key::<T>(&holder);
	Pallet::<T>::bond(RawOrigin::Signed(holder.clone()).into(), 1_000_000u32.into())?;
	let coin = coin_of::<T>(broker, &holder)?;
	let (first_payee, victim) = (funded::<T>("payee", 0), funded::<T>("victim", 0));
	let first = sign::<T>(&first_key, transfer::<T>(&coin, 1, &holder, &first_payee))?;
	Pallet::<T>::claim(RawOrigin::Signed(first_payee).into(), first)?;
	let second = sign::<T>(&second_key, transfer::<T>(&coin, 1, &holder, &victim))?;
	Ok((holder, victim, coin, second))
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

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), broker, 1_000u32.into());

		assert_eq!(CoinsOf::<T>::iter_key_prefix(&buyer).count(), 1);
		Ok(())
	}

	#[benchmark]
	fn issue() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let to = funded::<T>("holder", 0);

		#[extrinsic_call]
		_(RawOrigin::Signed(broker), to.clone(), 1_000u32.into());

		assert_eq!(CoinsOf::<T>::iter_key_prefix(&to).count(), 1);
		Ok(())
	}

	#[benchmark]
	fn pay() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let holder = funded::<T>("holder", 0);
		let payee = funded::<T>("payee", 0);
		let coin = coin_of::<T>(&broker, &holder)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), coin.clone(), payee.clone());

		assert!(Coins::<T>::get(&coin.broker, coin.serial).is_some_and(|c| c.holder == payee));
		Ok(())
	}

	/// A claim that pays.
	#[benchmark]
	fn claim() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let (holder, public) = payer::<T>("holder");
		let payee = funded::<T>("payee", 0);
		let coin = coin_of::<T>(&broker, &holder)?;
		let signed = sign::<T>(&public, transfer::<T>(&coin, 1, &holder, &payee))?;

		#[extrinsic_call]
		_(RawOrigin::Signed(payee.clone()), signed);

		assert!(Coins::<T>::get(&coin.broker, coin.serial).is_some_and(|c| c.holder == payee));
		Ok(())
	}

	/// A claim refused as a double spend: the recorded spend's key and the claim's are read, the proof appended to
	/// a list one short of full, the payer marked (the seq's first evidence) and the victim compensated from the
	/// bond.
	#[benchmark]
	fn claim_double_spend() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let (holder, victim, _, second) = double_spent::<T>(&broker)?;
		fill_proofs::<T>(&holder, &second)?;

		#[extrinsic_call]
		claim(RawOrigin::Signed(victim.clone()), second);

		assert_eq!(FraudProofs::<T>::get(&holder).len() as u32, T::MaxFraudProofs::get());
		assert!(Bonds::<T>::get(&holder).is_some_and(|record| record.amount < 1_000_000u32.into()));
		Ok(())
	}

	/// Two signature checks by two keys, the payer found in the coin's history, a proof appended to a list one
	/// short of full, the payer marked.
	#[benchmark]
	fn report_double_spend() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let (holder, first_key) = payer::<T>("holder");
		let second_key = ring_key::<T>(&holder);
		let coin = coin_of::<T>(&broker, &holder)?;
		let payee = |index: u32| -> T::AccountId { account("payee", index, SEED) };
		// The seq was spent on line already: who held the coin before it is read from the history.
		Pallet::<T>::pay(RawOrigin::Signed(holder.clone()).into(), coin.clone(), payee(2))?;
		let first = sign::<T>(&first_key, transfer::<T>(&coin, 1, &holder, &payee(0)))?;
		let second = sign::<T>(&second_key, transfer::<T>(&coin, 1, &holder, &payee(1)))?;
		fill_proofs::<T>(&holder, &first)?;

		#[extrinsic_call]
		_(RawOrigin::Signed(broker), first, second);

		assert_eq!(FraudProofs::<T>::get(&holder).len() as u32, T::MaxFraudProofs::get());
		Ok(())
	}

	#[benchmark]
	fn reissue() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let holder = funded::<T>("holder", 0);
		let coin = coin_of::<T>(&broker, &holder)?;
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

	/// Redeeming a coin whose holder is neither its backer nor the broker: the backing is paid out with two
	/// transfers on hold.
	#[benchmark]
	fn redeem() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let buyer = funded::<T>("buyer", 0);
		let holder = funded::<T>("holder", 0);
		let coin = coin_of::<T>(&broker, &buyer)?;
		Pallet::<T>::pay(RawOrigin::Signed(buyer).into(), coin.clone(), holder.clone())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(holder), coin.clone());

		assert!(Coins::<T>::get(&coin.broker, coin.serial).is_some_and(|c| c.status != CoinStatus::Active));
		Ok(())
	}

	/// Adding to a bond that is unbonding.
	#[benchmark]
	fn bond() -> Result<(), BenchmarkError> {
		let who = funded::<T>("payer", 0);
		Pallet::<T>::bond(RawOrigin::Signed(who.clone()).into(), 1_000u32.into())?;
		Pallet::<T>::unbond(RawOrigin::Signed(who.clone()).into())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1_000u32.into());

		assert!(Bonds::<T>::get(&who).is_some_and(|record| record.unlocks_at.is_none()));
		Ok(())
	}

	#[benchmark]
	fn unbond() -> Result<(), BenchmarkError> {
		let who = funded::<T>("payer", 0);
		Pallet::<T>::bond(RawOrigin::Signed(who.clone()).into(), 1_000u32.into())?;

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(Bonds::<T>::get(&who).is_some_and(|record| record.unlocks_at.is_some()));
		Ok(())
	}

	#[benchmark]
	fn withdraw_bond() -> Result<(), BenchmarkError> {
		let who = funded::<T>("payer", 0);
		Pallet::<T>::bond(RawOrigin::Signed(who.clone()).into(), 1_000u32.into())?;
		// Benchmarks do not move the clock: the notice ends now.
		Bonds::<T>::mutate(&who, |record| {
			if let Some(record) = record {
				record.unlocks_at = Some(T::Time::now());
			}
		});

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));

		assert!(!Bonds::<T>::contains_key(&who));
		Ok(())
	}

	/// Upholding a disputed proof of a refused claim, last in a full list: the payer is marked (the seq's first
	/// evidence) and the victim compensated.
	#[benchmark]
	fn uphold_double_spend() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let (holder, victim, coin, second) = double_spent::<T>(&broker)?;
		fill_proofs::<T>(&holder, &second)?;
		Pallet::<T>::claim(RawOrigin::Signed(victim.clone()).into(), second)?;
		// The claim found the keys sound; make its proof one that arrived disputed, which records no conflict.
		let proof_hash = disputed_last::<T>(&holder)?;
		Conflicts::<T>::remove(&coin, 1);
		Coins::<T>::mutate(&coin.broker, coin.serial, |c| {
			if let Some(c) = c {
				c.double_spends = 0;
			}
		});
		let origin = T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, holder.clone(), proof_hash);

		assert!(FraudProofs::<T>::get(&holder).last().is_some_and(|proof| !proof.disputed));
		assert!(Conflicts::<T>::contains_key(&coin, 1));
		Ok(())
	}

	/// Dismissing the last proof of a full list.
	#[benchmark]
	fn dismiss_proof() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let (holder, victim, _, second) = double_spent::<T>(&broker)?;
		fill_proofs::<T>(&holder, &second)?;
		Pallet::<T>::claim(RawOrigin::Signed(victim).into(), second)?;
		let proof_hash = disputed_last::<T>(&holder)?;
		let origin = T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, holder.clone(), proof_hash);

		assert_eq!(FraudProofs::<T>::get(&holder).len() as u32, T::MaxFraudProofs::get() - 1);
		Ok(())
	}

	/// Retiring a coin at its transfer limit, with a conflict record at each seq.
	#[benchmark]
	fn retire_coin() -> Result<(), BenchmarkError> {
		let broker = broker::<T>()?;
		let holder = funded::<T>("holder", 0);
		let other = funded::<T>("other", 0);
		let coin = coin_of::<T>(&broker, &holder)?;
		shuttle::<T>(&coin, &holder, &other, T::MaxTransfersPerCoin::get())?;
		let seqs = T::MaxTransfersPerCoin::get().saturating_add(1);
		for seq in 1..=seqs {
			let payees =
				BoundedVec::truncate_from(alloc::vec![ConflictPayee { payee: other.clone(), compensated: true }]);
			Conflicts::<T>::insert(&coin, seq, payees);
		}
		let redeemer =
			Coins::<T>::get(&coin.broker, coin.serial).map(|c| c.holder).ok_or(BenchmarkError::Stop("coin"))?;
		Pallet::<T>::redeem(RawOrigin::Signed(redeemer).into(), coin.clone())?;
		Coins::<T>::mutate(&coin.broker, coin.serial, |c| {
			if let Some(c) = c {
				c.double_spends = seqs;
			}
		});
		// Benchmarks do not move the clock: the coin is due now.
		let (head, _) = RetirementQueueBounds::<T>::get();
		RetirementQueue::<T>::insert(head, (coin.clone(), T::Time::now()));
		let budget = T::DbWeight::get().reads_writes(2, 1).saturating_add(T::WeightInfo::retire_coin());

		#[block]
		{
			Pallet::<T>::retire_finished_coins(budget);
		}

		assert!(!Coins::<T>::contains_key(&coin.broker, coin.serial));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::tests::new_test_ext(), crate::tests::Test);
}
