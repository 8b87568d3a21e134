#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod tests;
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
		tokens::{Fortitude, Precision, Restriction},
		Time,
	},
};
use frame_system::pallet_prelude::*;
use pallet_micropay_runtime_api::{BrokerInfo, CoinInfo, CoinState, TransferInfo, MAX_BROKER_COINS};
use sigil_primitives::{
	CoinId, FirstSpend, FraudProof, FraudReporter, KeyCheckError, KeyRing, Moment, SignedTransfer, Transfer,
	TransferPayload, TransferProof,
};
use sp_core::H256;
use sp_runtime::{
	traits::{Saturating, Zero},
	ArithmeticError,
};

pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
pub type CoinIdOf<T> = CoinId<<T as frame_system::Config>::AccountId>;
pub type CoinOf<T> = CoinRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
pub type BrokerOf<T> = BrokerRecord<BalanceOf<T>>;
pub type TermsOf<T> = BrokerTerms<BalanceOf<T>>;
pub type SignedTransferOf<T> = SignedTransfer<<T as frame_system::Config>::AccountId>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>, Hash = H256> {
		/// Holds the coins' backing.
		type Currency: Mutate<Self::AccountId> + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// The keys payers sign off-line transfers with.
		type KeyRing: KeyRing<Self::AccountId>;

		/// Where a proven double spend is reported (the owner-trust pallet's fraud mark).
		type Fraud: FraudReporter<Self::AccountId>;

		/// The chain's clock, in milliseconds: coin expiries and transfer validity are wall-clock times.
		type Time: Time<Moment = Moment>;

		/// May approve, change and suspend brokers (governance).
		type BrokerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// How many times a coin may move before it must be reissued.
		#[pallet::constant]
		type MaxTransfersPerCoin: Get<u32>;

		/// The most active coins one account may hold.
		#[pallet::constant]
		type MaxCoinsPerHolder: Get<u32>;

		/// The most fraud proofs kept against one account (later ones still mark it and emit events).
		#[pallet::constant]
		type MaxFraudProofs: Get<u32>;

		type WeightInfo: WeightInfo;
	}

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The value of an active coin, held from its backer.
		CoinBacking,
	}

	/// Key: broker account. Value: its terms and counters.
	#[pallet::storage]
	pub type Brokers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, BrokerOf<T>>;

	/// Keys: broker, serial. Value: the coin.
	#[pallet::storage]
	pub type Coins<T: Config> = StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u64, CoinOf<T>>;

	/// Keys: coin, sequence number. Value: the transfer that gave the coin that number. Kept while the coin is
	/// active (at most `MaxTransfersPerCoin` per coin), pruned when it is reissued or redeemed.
	#[pallet::storage]
	pub type Transfers<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, CoinIdOf<T>, Twox64Concat, u32, TransferRecord<T::AccountId>>;

	/// Key: account. Value: the active coins it holds.
	#[pallet::storage]
	pub type CoinsOf<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<CoinIdOf<T>, T::MaxCoinsPerHolder>, ValueQuery>;

	/// Key: account. Value: the proofs that it spent a coin twice, oldest first.
	#[pallet::storage]
	pub type FraudProofs<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<FraudProof<T::AccountId>, T::MaxFraudProofs>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		BrokerApproved {
			broker: T::AccountId,
			terms: TermsOf<T>,
		},
		BrokerTermsChanged {
			broker: T::AccountId,
			terms: TermsOf<T>,
		},
		BrokerSuspended {
			broker: T::AccountId,
		},
		BrokerResumed {
			broker: T::AccountId,
		},
		/// A new coin, backed by `backer`'s held funds.
		CoinIssued {
			coin: CoinIdOf<T>,
			owner: T::AccountId,
			backer: T::AccountId,
			value: BalanceOf<T>,
			expiry: Moment,
		},
		/// The coin moved to `to` as its `seq`-th transfer; `offline` when by a claimed signed transfer.
		CoinPaid {
			coin: CoinIdOf<T>,
			seq: u32,
			from: T::AccountId,
			to: T::AccountId,
			offline: bool,
		},
		/// A validly signed transfer spent an already spent (coin, seq) again: the payment was refused, the proof
		/// kept, and `payer` marked. `proof_hash` is blake2-256 of the SCALE-encoded proof.
		DoubleSpendDetected {
			coin: CoinIdOf<T>,
			seq: u32,
			payer: T::AccountId,
			refused_payee: T::AccountId,
			proof_hash: H256,
		},
		/// The expired coin `old` continues as `new` (same holder and backing, seq 0).
		CoinReissued {
			old: CoinIdOf<T>,
			new: CoinIdOf<T>,
			holder: T::AccountId,
			expiry: Moment,
		},
		/// The holder cashed the coin: `paid` to the holder, `fee` to the broker.
		CoinRedeemed {
			coin: CoinIdOf<T>,
			holder: T::AccountId,
			paid: BalanceOf<T>,
			fee: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a broker.
		AlreadyBroker,
		/// The account is not a broker.
		NotBroker,
		/// Terms need a validity and a maximum value above zero.
		InvalidTerms,
		/// The broker is already suspended.
		AlreadySuspended,
		/// The broker is not suspended.
		NotSuspended,
		/// The broker is suspended: it issues no new coins.
		BrokerSuspended,
		/// A coin must have a value.
		ZeroValue,
		/// The value is above the broker's maximum.
		ValueTooHigh,
		/// The receiving account holds `MaxCoinsPerHolder` active coins.
		TooManyCoins,
		/// The payer (or broker) cannot pay the value and fee.
		InsufficientBalance,
		/// No coin has this id.
		UnknownCoin,
		/// The coin was reissued or redeemed.
		CoinNotActive,
		/// Only the coin's holder may do this.
		NotHolder,
		/// The coin has expired: it can only be reissued (or redeemed).
		CoinExpired,
		/// The coin has not expired yet.
		NotExpired,
		/// The coin moved `MaxTransfersPerCoin` times: reissue it after expiry, or redeem it.
		TransferLimitReached,
		/// A coin cannot be paid to its own holder.
		SelfPayment,
		/// The signed transfer's `valid_until` has passed.
		TransferExpired,
		/// The transfer's sequence number is not the coin's next one, nor one already spent by this payer.
		SeqMismatch,
		/// This transfer (same coin, seq and payee) was already applied.
		AlreadyClaimed,
		/// The two transfers are not two spends of the same (coin, seq) by the same payer to different payees.
		NotConflicting,
		/// No ring key has this id.
		UnknownKey,
		/// The key belongs to someone other than the payer.
		NotKeyOwner,
		/// The key is an encryption key.
		NotSigningKey,
		/// The signature is not the key's over the transfer.
		BadSignature,
		/// The payer's key was revoked.
		KeyRevoked,
		/// The payer's key has expired.
		KeyExpired,
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
		/// Approves `broker` with `terms`.
		///
		/// Emits `BrokerApproved`. Errors: `AlreadyBroker`, `InvalidTerms`, `BadOrigin`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::approve_broker())]
		pub fn approve_broker(origin: OriginFor<T>, broker: T::AccountId, terms: TermsOf<T>) -> DispatchResult {
			T::BrokerOrigin::ensure_origin(origin)?;
			ensure!(!Brokers::<T>::contains_key(&broker), Error::<T>::AlreadyBroker);
			Self::check_terms(&terms)?;
			Brokers::<T>::insert(&broker, BrokerRecord { terms, suspended: false, next_serial: 0, outstanding: 0 });
			Self::deposit_event(Event::BrokerApproved { broker, terms });
			Ok(())
		}

		/// Changes a broker's terms; coins already issued keep their expiry.
		///
		/// Emits `BrokerTermsChanged`. Errors: `NotBroker`, `InvalidTerms`, `BadOrigin`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_broker_terms())]
		pub fn set_broker_terms(origin: OriginFor<T>, broker: T::AccountId, terms: TermsOf<T>) -> DispatchResult {
			T::BrokerOrigin::ensure_origin(origin)?;
			Self::check_terms(&terms)?;
			Brokers::<T>::try_mutate(&broker, |record| {
				record.as_mut().ok_or(Error::<T>::NotBroker)?.terms = terms;
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::BrokerTermsChanged { broker, terms });
			Ok(())
		}

		/// Suspends a broker: no new coins; its coins stay payable, reissuable and redeemable.
		///
		/// Emits `BrokerSuspended`. Errors: `NotBroker`, `AlreadySuspended`, `BadOrigin`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_suspended())]
		pub fn suspend_broker(origin: OriginFor<T>, broker: T::AccountId) -> DispatchResult {
			T::BrokerOrigin::ensure_origin(origin)?;
			Self::set_suspended(&broker, true)?;
			Self::deposit_event(Event::BrokerSuspended { broker });
			Ok(())
		}

		/// Lets a suspended broker issue coins again.
		///
		/// Emits `BrokerResumed`. Errors: `NotBroker`, `NotSuspended`, `BadOrigin`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_suspended())]
		pub fn resume_broker(origin: OriginFor<T>, broker: T::AccountId) -> DispatchResult {
			T::BrokerOrigin::ensure_origin(origin)?;
			Self::set_suspended(&broker, false)?;
			Self::deposit_event(Event::BrokerResumed { broker });
			Ok(())
		}

		/// Buys a coin of `value` from `broker`: the caller pays the broker's fee and its own funds of `value`
		/// are held as the coin's backing.
		///
		/// Emits `CoinIssued`. Errors: `NotBroker`, `BrokerSuspended`, `ZeroValue`, `ValueTooHigh`,
		/// `TooManyCoins`, `InsufficientBalance`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::purchase())]
		pub fn purchase(origin: OriginFor<T>, broker: T::AccountId, value: BalanceOf<T>) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			let record = Self::issuing_broker(&broker, value)?;
			if buyer != broker {
				T::Currency::transfer(
					&buyer,
					&broker,
					record.terms.fee,
					frame_support::traits::tokens::Preservation::Preserve,
				)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			}
			Self::mint(broker, record, buyer.clone(), buyer, value)
		}

		/// Issues a coin of `value` to `to`, backed by the calling broker's own funds (held).
		///
		/// Emits `CoinIssued`. Errors: `NotBroker`, `BrokerSuspended`, `ZeroValue`, `ValueTooHigh`,
		/// `TooManyCoins`, `InsufficientBalance`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::issue())]
		pub fn issue(origin: OriginFor<T>, to: T::AccountId, value: BalanceOf<T>) -> DispatchResult {
			let broker = ensure_signed(origin)?;
			let record = Self::issuing_broker(&broker, value)?;
			Self::mint(broker.clone(), record, to, broker, value)
		}

		/// Pays the coin to `to`, on line: the caller must hold it; its sequence number rises by one.
		///
		/// Emits `CoinPaid`. Errors: `UnknownCoin`, `CoinNotActive`, `NotHolder`, `CoinExpired`, `SelfPayment`,
		/// `TransferLimitReached`, `TooManyCoins`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::pay())]
		pub fn pay(origin: OriginFor<T>, coin: CoinIdOf<T>, to: T::AccountId) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			let record = Self::active_coin(&coin)?;
			ensure!(record.holder == holder, Error::<T>::NotHolder);
			Self::move_coin(coin, record, to, TransferProof::OnLine)
		}

		/// Applies a transfer the coin's holder signed off line (typically submitted by the payee, while the payer
		/// may be off line). A validly signed transfer for a (coin, seq) the payer already spent to someone else
		/// is refused as a payment, but the call succeeds so that the fraud proof it carries is kept: see the
		/// `DoubleSpendDetected` event.
		///
		/// Emits `CoinPaid` (offline) or `DoubleSpendDetected`. Errors: `UnknownCoin`, `CoinNotActive`,
		/// `UnknownKey`, `NotKeyOwner`, `NotSigningKey`, `BadSignature`, `KeyRevoked`, `KeyExpired`, `NotHolder`,
		/// `SeqMismatch`, `AlreadyClaimed`, `CoinExpired`, `TransferExpired`, `SelfPayment`,
		/// `TransferLimitReached`, `TooManyCoins`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::claim().max(T::WeightInfo::report_double_spend()))]
		pub fn claim(origin: OriginFor<T>, signed: Box<SignedTransferOf<T>>) -> DispatchResult {
			ensure_signed(origin)?;
			let transfer = &signed.transfer;
			let record = Self::active_coin(&transfer.coin)?;
			Self::check_signature(&signed, true)?;

			let next = record.seq.saturating_add(1);
			if transfer.seq == next {
				ensure!(transfer.payer == record.holder, Error::<T>::NotHolder);
				ensure!(T::Time::now() <= transfer.valid_until, Error::<T>::TransferExpired);
				let proof = TransferProof::OffLine {
					key_id: signed.key_id,
					signature: signed.signature.clone(),
					valid_until: transfer.valid_until,
				};
				return Self::move_coin(transfer.coin.clone(), record, transfer.payee.clone(), proof);
			}
			ensure!(transfer.seq != 0 && transfer.seq < next, Error::<T>::SeqMismatch);
			let spent = Transfers::<T>::get(&transfer.coin, transfer.seq).ok_or(Error::<T>::SeqMismatch)?;
			ensure!(spent.from == transfer.payer, Error::<T>::NotHolder);
			ensure!(spent.to != transfer.payee, Error::<T>::AlreadyClaimed);
			let first = FirstSpend::Recorded { to: spent.to, at: spent.at, proof: spent.proof };
			Self::record_fraud(first, *signed);
			Ok(())
		}

		/// Proves a double spend with two transfers signed by the same payer for the same (coin, seq) to different
		/// payees; anyone may submit it. The signatures must verify under the payer's signing keys, whatever those
		/// keys' status now.
		///
		/// Emits `DoubleSpendDetected`. Errors: `NotConflicting`, `UnknownCoin`, `UnknownKey`, `NotKeyOwner`,
		/// `NotSigningKey`, `BadSignature`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::report_double_spend())]
		pub fn report_double_spend(
			origin: OriginFor<T>,
			first: Box<SignedTransferOf<T>>,
			second: Box<SignedTransferOf<T>>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let (a, b) = (&first.transfer, &second.transfer);
			ensure!(
				a.coin == b.coin && a.seq == b.seq && a.payer == b.payer && a.payee != b.payee,
				Error::<T>::NotConflicting
			);
			ensure!(Coins::<T>::contains_key(&a.coin.broker, a.coin.serial), Error::<T>::UnknownCoin);
			Self::check_signature(&first, false)?;
			Self::check_signature(&second, false)?;
			Self::record_fraud(FirstSpend::Signed(*first), *second);
			Ok(())
		}

		/// Reissues an expired coin as C' = {U, sn', E'}: a new serial from the same broker, a new expiry, seq 0,
		/// the same holder and backing. C can no longer move; the link C -> C' is recorded. Anyone may call it.
		///
		/// Emits `CoinReissued`. Errors: `UnknownCoin`, `CoinNotActive`, `NotExpired`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reissue(T::MaxTransfersPerCoin::get()))]
		pub fn reissue(origin: OriginFor<T>, coin: CoinIdOf<T>) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let mut record = Self::active_coin(&coin)?;
			let now = T::Time::now();
			ensure!(now >= record.expiry, Error::<T>::NotExpired);
			let mut broker = Brokers::<T>::get(&coin.broker).ok_or(Error::<T>::NotBroker)?;
			let serial = broker.next_serial;
			broker.next_serial = serial.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let new = CoinId { broker: coin.broker.clone(), serial };
			let expiry = now.saturating_add(broker.terms.validity);

			CoinsOf::<T>::mutate(&record.holder, |coins| {
				if let Some(entry) = coins.iter_mut().find(|held| **held == coin) {
					*entry = new.clone();
				}
			});
			Coins::<T>::insert(
				&coin.broker,
				serial,
				CoinRecord {
					owner: record.owner.clone(),
					holder: record.holder.clone(),
					backer: record.backer.clone(),
					value: record.value,
					expiry,
					seq: 0,
					status: CoinStatus::Active,
					previous: Some(coin.serial),
					issued_at: now,
				},
			);
			let pruned = record.seq;
			record.status = CoinStatus::Reissued { into: serial };
			Coins::<T>::insert(&coin.broker, coin.serial, &record);
			Brokers::<T>::insert(&coin.broker, broker);
			Self::prune_transfers(&coin, pruned);
			Self::deposit_event(Event::CoinReissued { old: coin, new, holder: record.holder, expiry });
			Ok(Some(T::WeightInfo::reissue(pruned)).into())
		}

		/// Cashes the coin: its backing goes to the holder, minus the broker's fee, which goes to the broker. An
		/// expired coin may be redeemed too.
		///
		/// Emits `CoinRedeemed`. Errors: `UnknownCoin`, `CoinNotActive`, `NotHolder`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::redeem(T::MaxTransfersPerCoin::get()))]
		pub fn redeem(origin: OriginFor<T>, coin: CoinIdOf<T>) -> DispatchResultWithPostInfo {
			let holder = ensure_signed(origin)?;
			let mut record = Self::active_coin(&coin)?;
			ensure!(record.holder == holder, Error::<T>::NotHolder);
			let fee = Brokers::<T>::get(&coin.broker).map(|b| b.terms.fee).unwrap_or_else(Zero::zero).min(record.value);
			let paid = record.value.saturating_sub(fee);

			Self::pay_from_backing(&record.backer, &holder, paid)?;
			Self::pay_from_backing(&record.backer, &coin.broker, fee)?;
			CoinsOf::<T>::mutate(&holder, |coins| coins.retain(|held| *held != coin));
			Brokers::<T>::mutate(&coin.broker, |broker| {
				if let Some(broker) = broker {
					broker.outstanding.saturating_dec();
				}
			});
			let pruned = record.seq;
			record.status = CoinStatus::Redeemed { at: T::Time::now() };
			Coins::<T>::insert(&coin.broker, coin.serial, record);
			Self::prune_transfers(&coin, pruned);
			Self::deposit_event(Event::CoinRedeemed { coin, holder, paid, fee });
			Ok(Some(T::WeightInfo::redeem(pruned)).into())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The chain's genesis hash, which transfer signatures bind to.
	pub fn genesis_hash() -> H256 {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The bytes a payer's key signs for `transfer`.
	pub fn transfer_payload(transfer: &Transfer<T::AccountId>) -> Vec<u8> {
		TransferPayload::new(Self::genesis_hash(), transfer.clone()).encode()
	}

	fn check_terms(terms: &TermsOf<T>) -> Result<(), Error<T>> {
		ensure!(terms.validity > 0 && !terms.max_value.is_zero(), Error::<T>::InvalidTerms);
		Ok(())
	}

	fn set_suspended(broker: &T::AccountId, suspended: bool) -> Result<(), Error<T>> {
		Brokers::<T>::try_mutate(broker, |record| {
			let record = record.as_mut().ok_or(Error::<T>::NotBroker)?;
			ensure!(
				record.suspended != suspended,
				if suspended { Error::<T>::AlreadySuspended } else { Error::<T>::NotSuspended }
			);
			record.suspended = suspended;
			Ok(())
		})
	}

	/// The broker, if it may issue a coin of `value`.
	fn issuing_broker(broker: &T::AccountId, value: BalanceOf<T>) -> Result<BrokerOf<T>, Error<T>> {
		let record = Brokers::<T>::get(broker).ok_or(Error::<T>::NotBroker)?;
		ensure!(!record.suspended, Error::<T>::BrokerSuspended);
		ensure!(!value.is_zero(), Error::<T>::ZeroValue);
		ensure!(value <= record.terms.max_value, Error::<T>::ValueTooHigh);
		Ok(record)
	}

	/// Creates a coin of `value` for `owner`, holding `value` from `backer`.
	fn mint(
		broker: T::AccountId,
		mut record: BrokerOf<T>,
		owner: T::AccountId,
		backer: T::AccountId,
		value: BalanceOf<T>,
	) -> DispatchResult {
		let serial = record.next_serial;
		let coin = CoinId { broker: broker.clone(), serial };
		let mut held = CoinsOf::<T>::get(&owner);
		held.try_push(coin.clone()).map_err(|_| Error::<T>::TooManyCoins)?;
		T::Currency::hold(&HoldReason::CoinBacking.into(), &backer, value)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		let now = T::Time::now();
		let expiry = now.saturating_add(record.terms.validity);
		record.next_serial = serial.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		record.outstanding = record.outstanding.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		Brokers::<T>::insert(&broker, record);
		CoinsOf::<T>::insert(&owner, held);
		Coins::<T>::insert(
			&broker,
			serial,
			CoinRecord {
				owner: owner.clone(),
				holder: owner.clone(),
				backer: backer.clone(),
				value,
				expiry,
				seq: 0,
				status: CoinStatus::Active,
				previous: None,
				issued_at: now,
			},
		);
		Self::deposit_event(Event::CoinIssued { coin, owner, backer, value, expiry });
		Ok(())
	}

	fn active_coin(coin: &CoinIdOf<T>) -> Result<CoinOf<T>, Error<T>> {
		let record = Coins::<T>::get(&coin.broker, coin.serial).ok_or(Error::<T>::UnknownCoin)?;
		ensure!(record.status == CoinStatus::Active, Error::<T>::CoinNotActive);
		Ok(record)
	}

	/// Moves an active coin from its holder to `to` as its next transfer.
	fn move_coin(coin: CoinIdOf<T>, mut record: CoinOf<T>, to: T::AccountId, proof: TransferProof) -> DispatchResult {
		let now = T::Time::now();
		ensure!(now < record.expiry, Error::<T>::CoinExpired);
		ensure!(to != record.holder, Error::<T>::SelfPayment);
		ensure!(record.seq < T::MaxTransfersPerCoin::get(), Error::<T>::TransferLimitReached);
		let mut received = CoinsOf::<T>::get(&to);
		received.try_push(coin.clone()).map_err(|_| Error::<T>::TooManyCoins)?;

		let from = core::mem::replace(&mut record.holder, to.clone());
		record.seq = record.seq.saturating_add(1);
		let seq = record.seq;
		let offline = matches!(proof, TransferProof::OffLine { .. });
		CoinsOf::<T>::mutate(&from, |coins| coins.retain(|held| *held != coin));
		CoinsOf::<T>::insert(&to, received);
		Transfers::<T>::insert(&coin, seq, TransferRecord { from: from.clone(), to: to.clone(), at: now, proof });
		Coins::<T>::insert(&coin.broker, coin.serial, record);
		Self::deposit_event(Event::CoinPaid { coin, seq, from, to, offline });
		Ok(())
	}

	/// Checks that the transfer is signed by its payer's signing key; if `active`, also that the key is active now.
	fn check_signature(signed: &SignedTransferOf<T>, active: bool) -> Result<(), Error<T>> {
		let payload = Self::transfer_payload(&signed.transfer);
		let payer = &signed.transfer.payer;
		let now = T::Time::now();
		if active {
			T::KeyRing::verify_active_signature(payer, &signed.key_id, &payload, &signed.signature, now)?;
		} else {
			T::KeyRing::verify_signature(payer, &signed.key_id, &payload, &signed.signature, now)?;
		}
		Ok(())
	}

	/// Keeps the proof against the payer (while it has room), marks the payer, and emits `DoubleSpendDetected`.
	fn record_fraud(first: FirstSpend<T::AccountId>, second: SignedTransferOf<T>) {
		let proof = FraudProof { first, second, detected_at: T::Time::now() };
		let proof_hash = H256(sp_io::hashing::blake2_256(&proof.encode()));
		let transfer = proof.second.transfer.clone();
		FraudProofs::<T>::mutate(&transfer.payer, |proofs| {
			// A full list already proves the point; the mark and the event still follow.
			let _ = proofs.try_push(proof);
		});
		T::Fraud::report_fraud(&transfer.payer, proof_hash);
		Self::deposit_event(Event::DoubleSpendDetected {
			coin: transfer.coin,
			seq: transfer.seq,
			payer: transfer.payer,
			refused_payee: transfer.payee,
			proof_hash,
		});
	}

	/// Removes a coin's transfer history (`count` entries at most).
	fn prune_transfers(coin: &CoinIdOf<T>, count: u32) {
		let _ = Transfers::<T>::clear_prefix(coin, count.saturating_add(1), None);
	}

	/// Moves `amount` of the backing held from `backer` to `to` (released in place if they are the same).
	fn pay_from_backing(backer: &T::AccountId, to: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		let reason = HoldReason::CoinBacking.into();
		if backer == to {
			T::Currency::release(&reason, backer, amount, Precision::Exact)?;
		} else {
			T::Currency::transfer_on_hold(
				&reason,
				backer,
				to,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Polite,
			)?;
		}
		Ok(())
	}

	/// Invariants: the backing held from each backer equals the value of the active coins it backs; each active
	/// coin is in its holder's list, and each listed coin is active and held by that account; a broker's
	/// outstanding count equals its active coins and its next serial is above every coin's; an active coin has
	/// one transfer record per sequence number and an inactive one none.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::traits::fungible::InspectHold;
		use sp_runtime::TryRuntimeError;
		let mut backing: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut outstanding: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (broker, serial, coin) in Coins::<T>::iter() {
			let id = CoinId { broker: broker.clone(), serial };
			let record = Brokers::<T>::get(&broker).ok_or(TryRuntimeError::Other("coin of an unknown broker"))?;
			ensure!(serial < record.next_serial, TryRuntimeError::Other("serial at or above next_serial"));
			let transfers = Transfers::<T>::iter_prefix(&id).count() as u32;
			if coin.status == CoinStatus::Active {
				let held = backing.entry(coin.backer.clone()).or_insert_with(Zero::zero);
				*held = held.saturating_add(coin.value);
				outstanding.entry(broker).or_default().saturating_inc();
				ensure!(
					CoinsOf::<T>::get(&coin.holder).contains(&id),
					TryRuntimeError::Other("coin not in its holder's list")
				);
				ensure!(transfers == coin.seq, TryRuntimeError::Other("transfer history differs from seq"));
			} else {
				ensure!(transfers == 0, TryRuntimeError::Other("inactive coin keeps its history"));
			}
		}
		for (who, coins) in CoinsOf::<T>::iter() {
			for id in coins.iter() {
				let coin =
					Coins::<T>::get(&id.broker, id.serial).ok_or(TryRuntimeError::Other("listed coin missing"))?;
				ensure!(
					coin.status == CoinStatus::Active && coin.holder == who,
					TryRuntimeError::Other("stale coin list")
				);
			}
		}
		for (broker, record) in Brokers::<T>::iter() {
			ensure!(
				outstanding.get(&broker).copied().unwrap_or(0) == record.outstanding,
				TryRuntimeError::Other("outstanding differs from the active coins")
			);
		}
		for (backer, value) in backing {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CoinBacking.into(), &backer) == value,
				TryRuntimeError::Other("held backing differs from the active coins' value")
			);
		}
		Ok(())
	}
}

impl<T> From<KeyCheckError> for Error<T> {
	fn from(error: KeyCheckError) -> Self {
		match error {
			KeyCheckError::UnknownKey => Self::UnknownKey,
			KeyCheckError::NotOwner => Self::NotKeyOwner,
			KeyCheckError::NotSigningKey => Self::NotSigningKey,
			KeyCheckError::BadSignature => Self::BadSignature,
			KeyCheckError::Revoked => Self::KeyRevoked,
			KeyCheckError::Expired => Self::KeyExpired,
		}
	}
}

/// Answers for the runtime API (see `pallet-micropay-runtime-api`).
impl<T: Config> Pallet<T> {
	fn coin_info(id: CoinIdOf<T>, coin: CoinOf<T>) -> CoinInfo<T::AccountId, BalanceOf<T>> {
		let mut history: Vec<_> = Transfers::<T>::iter_prefix(&id)
			.map(|(seq, record)| TransferInfo {
				seq,
				from: record.from,
				to: record.to,
				at: record.at,
				offline: matches!(record.proof, TransferProof::OffLine { .. }),
			})
			.collect();
		history.sort_by_key(|transfer| transfer.seq);
		CoinInfo {
			id,
			owner: coin.owner,
			holder: coin.holder,
			backer: coin.backer,
			value: coin.value,
			expiry: coin.expiry,
			seq: coin.seq,
			state: match coin.status {
				CoinStatus::Active => CoinState::Active,
				CoinStatus::Reissued { into } => CoinState::Reissued { into },
				CoinStatus::Redeemed { at } => CoinState::Redeemed { at },
			},
			previous: coin.previous,
			issued_at: coin.issued_at,
			history,
		}
	}

	pub fn api_coin(id: CoinIdOf<T>) -> Option<CoinInfo<T::AccountId, BalanceOf<T>>> {
		Coins::<T>::get(&id.broker, id.serial).map(|coin| Self::coin_info(id, coin))
	}

	pub fn api_coins_of(who: &T::AccountId) -> Vec<CoinInfo<T::AccountId, BalanceOf<T>>> {
		CoinsOf::<T>::get(who).into_iter().filter_map(Self::api_coin).collect()
	}

	pub fn api_broker(who: &T::AccountId) -> Option<BrokerInfo<T::AccountId, BalanceOf<T>>> {
		let broker = Brokers::<T>::get(who)?;
		let mut outstanding_value = BalanceOf::<T>::zero();
		let mut active_coins = Vec::new();
		for (serial, coin) in Coins::<T>::iter_prefix(who) {
			if coin.status == CoinStatus::Active {
				outstanding_value = outstanding_value.saturating_add(coin.value);
				if (active_coins.len() as u32) < MAX_BROKER_COINS {
					active_coins.push(CoinId { broker: who.clone(), serial });
				}
			}
		}
		active_coins.sort_by_key(|coin| coin.serial);
		Some(BrokerInfo {
			fee: broker.terms.fee,
			validity: broker.terms.validity,
			max_value: broker.terms.max_value,
			suspended: broker.suspended,
			next_serial: broker.next_serial,
			outstanding: broker.outstanding,
			outstanding_value,
			active_coins,
		})
	}

	pub fn api_fraud_proofs(who: &T::AccountId) -> Vec<FraudProof<T::AccountId>> {
		FraudProofs::<T>::get(who).into_inner()
	}
}
