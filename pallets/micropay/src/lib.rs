#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod api;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod fraud;
pub mod migrations;
mod retirement;
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
		tokens::{Fortitude, Precision, Restriction},
		Time,
	},
};
use frame_system::pallet_prelude::*;
use fraud::Counted;
use sigil_primitives::{
	CoinId, FirstSpend, FraudProof, FraudReporter, KeyCheckError, KeyId, KeyLifetime, KeyPurpose, KeyRing, Moment,
	RevocationReason, SignedTransfer, Transfer, TransferPayload, TransferProof,
};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedAdd, Saturating, Zero},
	ArithmeticError,
};

/// An amount of [`Config::Currency`], in the chain's smallest unit.
pub type BalanceOf<T> = <<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A coin's id: its broker's account and serial.
pub type CoinIdOf<T> = CoinId<<T as frame_system::Config>::AccountId>;
/// A coin's stored record.
pub type CoinOf<T> = CoinRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A broker's stored record.
pub type BrokerOf<T> = BrokerRecord<BalanceOf<T>>;
/// A payer's stored bond.
pub type BondOf<T> = BondRecord<BalanceOf<T>>;
/// A broker's terms.
pub type TermsOf<T> = BrokerTerms<BalanceOf<T>>;
/// A transfer a payer signed off line, with its key and signature.
pub type SignedTransferOf<T> = SignedTransfer<<T as frame_system::Config>::AccountId>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>, Hash = H256> {
		/// Holds the coins' backing and the payers' bonds.
		type Currency: Mutate<Self::AccountId> + MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons, which include this pallet's.
		type RuntimeHoldReason: From<HoldReason>;

		/// The keys payers sign off-line transfers with.
		type KeyRing: KeyRing<Self::AccountId>;

		/// Where a proven double spend is reported (the owner-trust pallet's fraud mark).
		type Fraud: FraudReporter<Self::AccountId>;

		/// The chain's clock, in milliseconds: coin expiries and transfer windows are wall-clock times.
		type Time: Time<Moment = Moment>;

		/// May approve, change and suspend brokers (governance).
		type BrokerOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May uphold a disputed double-spend proof (governance).
		type DisputeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// How many times a coin may move before it must be reissued.
		#[pallet::constant]
		type MaxTransfersPerCoin: Get<u32>;

		/// The longest window (`valid_until - valid_from`, milliseconds) a signed transfer may have.
		#[pallet::constant]
		type MaxTransferWindow: Get<Moment>;

		/// How long (milliseconds) a reissued or redeemed coin and its transfer history stay after it finished, so
		/// that a transfer signed for it can still be proven a double spend. At least `MaxTransferWindow`.
		#[pallet::constant]
		type Retention: Get<Moment>;

		/// How long (milliseconds) a bond keeps compensating after its payer asked to withdraw it. At least
		/// `Retention`: a double spend can be proven until then, and its payee compensated.
		#[pallet::constant]
		type BondNotice: Get<Moment>;

		/// The most fraud proofs kept against one account (later ones still mark it and emit events).
		#[pallet::constant]
		type MaxFraudProofs: Get<u32>;

		/// The most payees kept apart for one (coin, seq) a payer spent more than once: a payee named by evidence
		/// beyond that cannot be compensated (the payer is marked for that seq already).
		#[pallet::constant]
		type MaxPayeesPerConflict: Get<u32>;

		/// The weights of the calls and of retiring a coin, measured by the pallet's benchmarks.
		type WeightInfo: WeightInfo;
	}

	/// Version 2: transfers signed with a window (payload v2), finished coins retired after `Retention`, holders'
	/// coins as a map, payers' bonds.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The value of an active coin, held from its backer.
		CoinBacking,
		/// A payer's bond, which compensates the payees of its proven double spends.
		OfflineBond,
	}

	/// Key: broker account. Value: its terms and counters.
	#[pallet::storage]
	pub type Brokers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, BrokerOf<T>>;

	/// Keys: broker, serial. Value: the coin; kept `Retention` after it is reissued or redeemed, then retired.
	#[pallet::storage]
	pub type Coins<T: Config> = StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, u64, CoinOf<T>>;

	/// Keys: coin, sequence number. Value: the transfer that gave the coin that number (at most
	/// `MaxTransfersPerCoin` per coin), retired with the coin.
	#[pallet::storage]
	pub type Transfers<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, CoinIdOf<T>, Twox64Concat, u32, TransferRecord<T::AccountId>>;

	/// Keys: holder, coin. Value: nothing: the active coins each account holds. A map, not a list per holder, so
	/// that nobody can fill a payee's list with coins it did not want.
	#[pallet::storage]
	pub type CoinsOf<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Blake2_128Concat, CoinIdOf<T>, (), OptionQuery>;

	/// Key: account. Value: the proofs that it spent a coin twice, oldest first.
	#[pallet::storage]
	pub type FraudProofs<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<FraudProof<T::AccountId>, T::MaxFraudProofs>,
		ValueQuery,
	>;

	/// Keys: coin, seq. Value: the payees the chain refused because the seq's holder had spent it already (by
	/// undisputed or upheld evidence), and whether each was compensated. Present exactly when the payer was marked
	/// for that (coin, seq), possibly by a report that refused no one: once, whatever evidence follows. Retired with
	/// the coin.
	#[pallet::storage]
	pub type Conflicts<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		CoinIdOf<T>,
		Twox64Concat,
		u32,
		BoundedVec<ConflictPayee<T::AccountId>, T::MaxPayeesPerConflict>,
	>;

	/// Key: payer. Value: its bond for off-line payments.
	#[pallet::storage]
	pub type Bonds<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, BondOf<T>>;

	/// Key: position. Value: a finished coin and the moment it may be retired. Coins enter in the order they finish
	/// and all stay the same `Retention`, so the queue is in retirement order.
	#[pallet::storage]
	pub type RetirementQueue<T: Config> = StorageMap<_, Twox64Concat, u64, (CoinIdOf<T>, Moment)>;

	/// The retirement queue's first occupied position and the next free one.
	#[pallet::storage]
	pub type RetirementQueueBounds<T: Config> = StorageValue<_, (u64, u64), ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance approved a broker, which may now issue coins.
		BrokerApproved {
			/// The broker's account.
			broker: T::AccountId,
			/// Its fee, coin validity and largest coin value.
			terms: TermsOf<T>,
		},
		/// Governance changed a broker's terms; coins already issued keep their expiry.
		BrokerTermsChanged {
			/// The broker's account.
			broker: T::AccountId,
			/// Its new fee, coin validity and largest coin value.
			terms: TermsOf<T>,
		},
		/// Governance suspended a broker: it issues no new coins; its coins stay payable, reissuable and redeemable.
		BrokerSuspended {
			/// The broker's account.
			broker: T::AccountId,
		},
		/// Governance let a suspended broker issue coins again.
		BrokerResumed {
			/// The broker's account.
			broker: T::AccountId,
		},
		/// A new coin, backed by `backer`'s held funds.
		CoinIssued {
			/// The new coin's broker and serial.
			coin: CoinIdOf<T>,
			/// Who bought the coin or was issued it: its original owner and first holder.
			owner: T::AccountId,
			/// Whose funds are held as the coin's backing: the buyer's (purchase) or the broker's (issue).
			backer: T::AccountId,
			/// The coin's value, in the chain's smallest unit.
			value: BalanceOf<T>,
			/// From this moment on the coin moves no more and may be reissued: milliseconds since the Unix epoch,
			/// from the chain's timestamp.
			expiry: Moment,
		},
		/// The coin moved to `to` as its `seq`-th transfer; `offline` when by a claimed signed transfer.
		CoinPaid {
			/// The coin paid with.
			coin: CoinIdOf<T>,
			/// The coin's sequence number after this transfer: how many times it has moved.
			seq: u32,
			/// The holder who paid.
			from: T::AccountId,
			/// The new holder.
			to: T::AccountId,
			/// Whether the payment was a signed transfer claimed with `claim`, rather than the holder's own `pay`.
			offline: bool,
		},
		/// `payer` promised the same (coin, seq) twice: the payment to `refused_payee` (if claimed) was refused, the
		/// proof kept, and, unless `disputed`, `payer` marked. `proof_hash` is blake2-256 of the SCALE-encoded proof.
		DoubleSpendDetected {
			/// The coin spent twice.
			coin: CoinIdOf<T>,
			/// The sequence number spent twice.
			seq: u32,
			/// The coin's holder at that seq, who signed the conflicting promise.
			payer: T::AccountId,
			/// The payee of the proof's second promise: refused when it came by `claim`; a report of two signed
			/// transfers (`report_double_spend`) refused no one.
			refused_payee: T::AccountId,
			/// blake2-256 of the SCALE-encoded proof, by which governance names it.
			proof_hash: H256,
			/// The proof is disputed (a key in it had been reported compromised when it reached the chain): it marks
			/// and compensates no one unless governance upholds it.
			disputed: bool,
		},
		/// Governance upheld `payer`'s disputed proof `proof_hash`: it counts (a mark unless its (coin, seq) marked
		/// `payer` already).
		DoubleSpendUpheld {
			/// The account the proof is against.
			payer: T::AccountId,
			/// The proof's hash, as [`Event::DoubleSpendDetected`] reported it.
			proof_hash: H256,
		},
		/// Governance removed `payer`'s proof `proof_hash` (`disputed` as it was) from its list.
		ProofDismissed {
			/// The account the proof was against.
			payer: T::AccountId,
			/// The proof's hash, as [`Event::DoubleSpendDetected`] reported it.
			proof_hash: H256,
			/// Whether the proof was still disputed (so had marked no one) when removed.
			disputed: bool,
		},
		/// `victim`, refused a payment by `payer`'s double spend of `coin`, received `amount` from `payer`'s bond.
		VictimCompensated {
			/// The coin spent twice.
			coin: CoinIdOf<T>,
			/// The double spender, whose bond paid.
			payer: T::AccountId,
			/// The refused payee.
			victim: T::AccountId,
			/// What the payee received, in the chain's smallest unit: at most the coin's value, and at most what was
			/// left of the bond.
			amount: BalanceOf<T>,
		},
		/// The expired coin `old` continues as `new` (same holder and backing, seq 0).
		CoinReissued {
			/// The expired coin, which moves no more.
			old: CoinIdOf<T>,
			/// The coin that continues it: same broker, new serial.
			new: CoinIdOf<T>,
			/// The holder of both.
			holder: T::AccountId,
			/// The new coin's expiry: milliseconds since the Unix epoch, from the chain's timestamp.
			expiry: Moment,
		},
		/// The holder cashed the coin: `paid` to the holder, `fee` to the broker.
		CoinRedeemed {
			/// The coin cashed.
			coin: CoinIdOf<T>,
			/// The holder who cashed it.
			holder: T::AccountId,
			/// What the holder received from the coin's backing, in the chain's smallest unit.
			paid: BalanceOf<T>,
			/// What the broker received from the coin's backing, in the chain's smallest unit (at most the coin's
			/// value).
			fee: BalanceOf<T>,
		},
		/// A finished coin's record and history left state after `Retention` (its events keep the story).
		CoinRetired {
			/// The coin retired: queries no longer find it.
			coin: CoinIdOf<T>,
		},
		/// `who`'s bond is now `total`, and not unbonding.
		Bonded {
			/// The payer who bonded.
			who: T::AccountId,
			/// The whole bond now held, in the chain's smallest unit.
			total: BalanceOf<T>,
		},
		/// `who` asked for its bond back: it keeps compensating until `unlocks_at`.
		UnbondingStarted {
			/// The bonded payer.
			who: T::AccountId,
			/// From when `withdraw_bond` may release the bond: milliseconds since the Unix epoch, from the chain's
			/// timestamp.
			unlocks_at: Moment,
		},
		/// `who`'s bond was released to it.
		BondWithdrawn {
			/// The payer whose bond was released.
			who: T::AccountId,
			/// The bond released, in the chain's smallest unit.
			amount: BalanceOf<T>,
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
		BrokerIsSuspended,
		/// A coin or a bond must have a value.
		ZeroValue,
		/// The value is above the broker's maximum.
		ValueTooHigh,
		/// The payer (or broker) cannot pay the value and fee.
		InsufficientBalance,
		/// No coin has this id (or it was retired).
		UnknownCoin,
		/// The coin was reissued or redeemed.
		CoinNotActive,
		/// Only the coin's holder may do this; for a signed transfer: the payer did not hold the coin at that seq.
		NotHolder,
		/// The coin has expired: it can only be reissued (or redeemed).
		CoinExpired,
		/// The coin has not expired yet.
		NotExpired,
		/// The coin moved `MaxTransfersPerCoin` times: reissue it after expiry, or redeem it.
		TransferLimitReached,
		/// A coin cannot be paid to its own holder.
		SelfPayment,
		/// The transfer's window ends before it starts, or is longer than `MaxTransferWindow`.
		InvalidWindow,
		/// The transfer's `valid_from` has not come yet.
		TransferNotYetValid,
		/// The signed transfer's `valid_until` has passed.
		TransferExpired,
		/// The transfer's window had closed (or the coin expired) before its sequence number was spent otherwise:
		/// a lapsed promise, not a double spend.
		LapsedBeforeSpend,
		/// The transfer's sequence number is neither the coin's next one nor one already spent.
		SeqMismatch,
		/// This transfer (same coin, seq and payee) was already applied.
		AlreadyClaimed,
		/// The two transfers are not two promises of the same (coin, seq) by the same payer to different payees.
		NotConflicting,
		/// The two transfers' windows do not overlap: the payer promised the seq again only after the first promise
		/// lapsed.
		WindowsDisjoint,
		/// This evidence was already counted (and, if its payee was refused, compensated as far as the bond went).
		AlreadyProven,
		/// The (coin, seq) has `MaxPayeesPerConflict` payees on record already.
		TooManyPayees,
		/// The payer's list of fraud proofs is full: a disputed proof, which governance must find in it, cannot be
		/// kept until governance has dealt with the others.
		ProofListFull,
		/// The payer has no fraud proof with this hash.
		UnknownProof,
		/// The proof is not disputed.
		NotDisputed,
		/// The account has no bond.
		NoBond,
		/// The bond is already unbonding.
		AlreadyUnbonding,
		/// The bond is not unbonding: ask for it with `unbond` first.
		NotUnbonding,
		/// The bond's notice has not passed yet.
		BondLocked,
		/// No ring key has this id.
		UnknownKey,
		/// The key belongs to someone other than the payer.
		NotKeyOwner,
		/// The key is an encryption key.
		NotSigningKey,
		/// The signature is not the key's over the transfer.
		BadSignature,
		/// The payer's key was revoked before the transfer's window opened.
		RevokedKey,
		/// The payer's key was reported compromised: its signatures pay nothing any more.
		CompromisedKey,
		/// The payer's key had expired (or was not yet in the ring) when the transfer's window opened.
		ExpiredKey,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Retires finished coins whose retention has passed, as far as the block's spare weight allows.
		fn on_idle(_: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::retire_finished_coins(remaining)
		}

		fn integrity_test() {
			assert!(
				T::Retention::get() >= T::MaxTransferWindow::get(),
				"Retention must cover a transfer's whole window, or a double spend could be forgotten before it is proven"
			);
			assert!(
				T::BondNotice::get() >= T::Retention::get(),
				"BondNotice must cover Retention, or a bond could leave before the double spends it answers for are proven"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Approves `broker` with `terms`.
		///
		/// Emits [`Event::BrokerApproved`]. Errors: [`Error::AlreadyBroker`], [`Error::InvalidTerms`],
		/// [`BadOrigin`](DispatchError::BadOrigin).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::approve_broker())]
		pub fn approve_broker(origin: OriginFor<T>, broker: T::AccountId, terms: TermsOf<T>) -> DispatchResult {
			T::BrokerOrigin::ensure_origin(origin)?;
			ensure!(!Brokers::<T>::contains_key(&broker), Error::<T>::AlreadyBroker);
			Self::check_terms(&terms)?;
			Brokers::<T>::insert(
				&broker,
				BrokerRecord {
					terms,
					suspended: false,
					next_serial: 0,
					outstanding: 0,
					outstanding_value: Zero::zero(),
				},
			);
			Self::deposit_event(Event::BrokerApproved { broker, terms });
			Ok(())
		}

		/// Changes a broker's terms; coins already issued keep their expiry.
		///
		/// Emits [`Event::BrokerTermsChanged`]. Errors: [`Error::NotBroker`], [`Error::InvalidTerms`],
		/// [`BadOrigin`](DispatchError::BadOrigin).
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
		/// Emits [`Event::BrokerSuspended`]. Errors: [`Error::NotBroker`], [`Error::AlreadySuspended`],
		/// [`BadOrigin`](DispatchError::BadOrigin).
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
		/// Emits [`Event::BrokerResumed`]. Errors: [`Error::NotBroker`], [`Error::NotSuspended`],
		/// [`BadOrigin`](DispatchError::BadOrigin).
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
		/// Emits [`Event::CoinIssued`]. Errors: [`Error::NotBroker`], [`Error::BrokerIsSuspended`],
		/// [`Error::ZeroValue`], [`Error::ValueTooHigh`], [`Error::InsufficientBalance`].
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
		/// Emits [`Event::CoinIssued`]. Errors: [`Error::NotBroker`], [`Error::BrokerIsSuspended`],
		/// [`Error::ZeroValue`], [`Error::ValueTooHigh`], [`Error::InsufficientBalance`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::issue())]
		pub fn issue(origin: OriginFor<T>, to: T::AccountId, value: BalanceOf<T>) -> DispatchResult {
			let broker = ensure_signed(origin)?;
			let record = Self::issuing_broker(&broker, value)?;
			Self::mint(broker.clone(), record, to, broker, value)
		}

		/// Pays the coin to `to`, on line: the caller must hold it; its sequence number rises by one.
		///
		/// Emits [`Event::CoinPaid`]. Errors: [`Error::UnknownCoin`], [`Error::CoinNotActive`], [`Error::NotHolder`],
		/// [`Error::CoinExpired`], [`Error::SelfPayment`], [`Error::TransferLimitReached`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::pay())]
		pub fn pay(origin: OriginFor<T>, coin: CoinIdOf<T>, to: T::AccountId) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			let record = Self::active_coin(&coin)?;
			ensure!(record.holder == holder, Error::<T>::NotHolder);
			Self::move_coin(coin, record, to, TransferProof::OnLine)
		}

		/// Applies a transfer the coin's holder signed off line (typically submitted by the payee, while the payer
		/// may be off line).
		///
		/// If the transfer's (coin, seq) was already used up by anything else (an on-line payment, another
		/// transfer, the redemption or reissue of the coin) while the transfer's window was open, it is a double
		/// spend: the payment is refused but the call succeeds, so that the proof is kept, the payer marked and
		/// the payee compensated from the payer's bond (see `DoubleSpendDetected`). This holds whatever the coin's
		/// status now and whatever happened to the key after, within the coin's `Retention`.
		///
		/// Emits [`Event::CoinPaid`] (offline), or [`Event::DoubleSpendDetected`] and [`Event::VictimCompensated`].
		/// Errors: [`Error::InvalidWindow`], [`Error::UnknownCoin`], [`Error::UnknownKey`], [`Error::NotKeyOwner`],
		/// [`Error::NotSigningKey`], [`Error::BadSignature`], [`Error::SeqMismatch`], [`Error::NotHolder`],
		/// [`Error::TransferNotYetValid`], [`Error::TransferExpired`], [`Error::RevokedKey`],
		/// [`Error::CompromisedKey`], [`Error::ExpiredKey`], [`Error::CoinExpired`], [`Error::SelfPayment`],
		/// [`Error::TransferLimitReached`], [`Error::AlreadyClaimed`], [`Error::LapsedBeforeSpend`],
		/// [`Error::AlreadyProven`], [`Error::TooManyPayees`], [`Error::ProofListFull`].
		///
		/// Weighed for a double spend, the dearer outcome; an ordinary claim refunds the difference, so that blocks
		/// of claims fill as blocks of payments do.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::claim().max(T::WeightInfo::claim_double_spend()))]
		pub fn claim(origin: OriginFor<T>, signed: Box<SignedTransferOf<T>>) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let transfer = &signed.transfer;
			Self::check_window(transfer)?;
			let record = Coins::<T>::get(&transfer.coin.broker, transfer.coin.serial).ok_or(Error::<T>::UnknownCoin)?;
			let key = Self::check_signature(&signed)?;
			let now = T::Time::now();

			let next = record.seq.saturating_add(1);
			ensure!(transfer.seq != 0 && transfer.seq <= next, Error::<T>::SeqMismatch);
			if transfer.seq == next && record.status == CoinStatus::Active {
				ensure!(transfer.payer == record.holder, Error::<T>::NotHolder);
				ensure!(now >= transfer.valid_from, Error::<T>::TransferNotYetValid);
				ensure!(now <= transfer.valid_until, Error::<T>::TransferExpired);
				Self::ensure_key_may_pay(&key, transfer.valid_from)?;
				let proof = TransferProof::OffLine {
					key_id: signed.key_id,
					signature: signed.signature.clone(),
					valid_from: transfer.valid_from,
					valid_until: transfer.valid_until,
				};
				Self::move_coin(transfer.coin.clone(), record, transfer.payee.clone(), proof)?;
				return Ok(Some(T::WeightInfo::claim()).into());
			}

			let spend = Self::spend_of(&transfer.coin, &record, transfer.seq).ok_or(Error::<T>::SeqMismatch)?;
			ensure!(spend.from == transfer.payer, Error::<T>::NotHolder);
			ensure!(spend.to.as_ref() != Some(&transfer.payee), Error::<T>::AlreadyClaimed);
			ensure!(transfer.payee != transfer.payer, Error::<T>::SelfPayment);
			let (opens, closes) = Self::claimable_window(transfer, &record);
			ensure!(opens <= closes && spend.started <= closes, Error::<T>::LapsedBeforeSpend);
			Self::ensure_evidence(&key, (opens, closes), Self::held_since(&transfer.coin, &record, transfer.seq))?;
			let disputed = Self::is_compromised(&key)
				|| spend.first_key.as_ref().is_some_and(|key_id| Self::key_compromised(key_id));
			Self::prove_double_spend(record, spend.first, *signed, disputed)?;
			Ok(().into())
		}

		/// Proves a double spend with two transfers signed by the same payer for the same (coin, seq) to different
		/// payees (neither the payer), with overlapping windows, for a seq at which the payer held the coin (each
		/// window open while it did); anyone may submit it. The signatures must verify under the payer's signing
		/// keys, each in use when its window opened (or the payer received the coin, if later), whatever those
		/// keys' status now. The first evidence of a (coin, seq) marks the payer; more adds nothing.
		///
		/// Emits [`Event::DoubleSpendDetected`]. Errors: [`Error::NotConflicting`], [`Error::SelfPayment`],
		/// [`Error::InvalidWindow`], [`Error::WindowsDisjoint`], [`Error::UnknownCoin`], [`Error::SeqMismatch`],
		/// [`Error::NotHolder`], [`Error::UnknownKey`], [`Error::NotKeyOwner`], [`Error::NotSigningKey`],
		/// [`Error::BadSignature`], [`Error::RevokedKey`], [`Error::ExpiredKey`], [`Error::AlreadyProven`],
		/// [`Error::TooManyPayees`], [`Error::ProofListFull`].
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
			ensure!(a.payee != a.payer && b.payee != b.payer, Error::<T>::SelfPayment);
			Self::check_window(a)?;
			Self::check_window(b)?;
			let record = Coins::<T>::get(&a.coin.broker, a.coin.serial).ok_or(Error::<T>::UnknownCoin)?;
			ensure!(Self::holder_before(&a.coin, &record, a.seq)? == a.payer, Error::<T>::NotHolder);
			let first_key = Self::check_signature(&first)?;
			let second_key = Self::check_signature(&second)?;
			let (a_opens, a_closes) = Self::claimable_window(a, &record);
			let (b_opens, b_closes) = Self::claimable_window(b, &record);
			ensure!(a_opens.max(b_opens) <= a_closes.min(b_closes), Error::<T>::WindowsDisjoint);
			let held_since = Self::held_since(&a.coin, &record, a.seq);
			Self::ensure_evidence(&first_key, (a_opens, a_closes), held_since)?;
			Self::ensure_evidence(&second_key, (b_opens, b_closes), held_since)?;
			let disputed = Self::is_compromised(&first_key) || Self::is_compromised(&second_key);
			Self::prove_double_spend(record, FirstSpend::Signed(*first), *second, disputed)
		}

		/// Reissues an expired coin as C' = {U, sn', E'}: a new serial from the same broker, a new expiry, seq 0,
		/// the same holder and backing. C can no longer move; the link C -> C' is recorded; C is retired after
		/// `Retention`. Anyone may call it.
		///
		/// Emits [`Event::CoinReissued`]. Errors: [`Error::UnknownCoin`], [`Error::CoinNotActive`],
		/// [`Error::NotExpired`], [`Error::NotBroker`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reissue())]
		pub fn reissue(origin: OriginFor<T>, coin: CoinIdOf<T>) -> DispatchResult {
			ensure_signed(origin)?;
			let mut record = Self::active_coin(&coin)?;
			let now = T::Time::now();
			ensure!(now >= record.expiry, Error::<T>::NotExpired);
			let mut broker = Brokers::<T>::get(&coin.broker).ok_or(Error::<T>::NotBroker)?;
			let serial = broker.next_serial;
			broker.next_serial = serial.checked_add(1).ok_or(ArithmeticError::Overflow)?;
			let new = CoinId { broker: coin.broker.clone(), serial };
			let expiry = now.saturating_add(broker.terms.validity);

			CoinsOf::<T>::remove(&record.holder, &coin);
			CoinsOf::<T>::insert(&record.holder, &new, ());
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
					double_spends: 0,
				},
			);
			record.status = CoinStatus::Reissued { into: serial, at: now };
			Coins::<T>::insert(&coin.broker, coin.serial, &record);
			Brokers::<T>::insert(&coin.broker, broker);
			Self::queue_retirement(coin.clone(), now);
			Self::deposit_event(Event::CoinReissued { old: coin, new, holder: record.holder, expiry });
			Ok(())
		}

		/// Cashes the coin: its backing goes to the holder, minus the broker's fee, which goes to the broker. An
		/// expired coin may be redeemed too. The coin is retired after `Retention`.
		///
		/// Emits [`Event::CoinRedeemed`]. Errors: [`Error::UnknownCoin`], [`Error::CoinNotActive`],
		/// [`Error::NotHolder`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::redeem())]
		pub fn redeem(origin: OriginFor<T>, coin: CoinIdOf<T>) -> DispatchResult {
			let holder = ensure_signed(origin)?;
			let mut record = Self::active_coin(&coin)?;
			ensure!(record.holder == holder, Error::<T>::NotHolder);
			let fee = Brokers::<T>::get(&coin.broker).map(|b| b.terms.fee).unwrap_or_else(Zero::zero).min(record.value);
			let paid = record.value.saturating_sub(fee);

			Self::pay_from_backing(&record.backer, &holder, paid)?;
			Self::pay_from_backing(&record.backer, &coin.broker, fee)?;
			CoinsOf::<T>::remove(&holder, &coin);
			Brokers::<T>::mutate(&coin.broker, |broker| {
				if let Some(broker) = broker {
					broker.outstanding.saturating_dec();
					broker.outstanding_value = broker.outstanding_value.saturating_sub(record.value);
				}
			});
			let now = T::Time::now();
			record.status = CoinStatus::Redeemed { at: now };
			Coins::<T>::insert(&coin.broker, coin.serial, record);
			Self::queue_retirement(coin.clone(), now);
			Self::deposit_event(Event::CoinRedeemed { coin, holder, paid, fee });
			Ok(())
		}

		/// Sets aside `amount` more of the caller's funds (held) as its bond: it compensates the payees of the
		/// caller's proven double spends, up to each coin's value. Bonding cancels an unbonding in progress.
		///
		/// Emits [`Event::Bonded`]. Errors: [`Error::ZeroValue`], [`Error::InsufficientBalance`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::bond())]
		pub fn bond(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroValue);
			T::Currency::hold(&HoldReason::OfflineBond.into(), &who, amount)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			let total = Bonds::<T>::mutate(&who, |bond| {
				let bond = bond.get_or_insert(BondRecord { amount: Zero::zero(), unlocks_at: None });
				bond.amount = bond.amount.saturating_add(amount);
				bond.unlocks_at = None;
				bond.amount
			});
			Self::deposit_event(Event::Bonded { who, total });
			Ok(())
		}

		/// Asks for the caller's bond back: it keeps compensating for `BondNotice`, after which `withdraw_bond`
		/// releases it. Payees should not accept off-line transfers against a bond that is unbonding.
		///
		/// Emits [`Event::UnbondingStarted`]. Errors: [`Error::NoBond`], [`Error::AlreadyUnbonding`].
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let unlocks_at = T::Time::now().saturating_add(T::BondNotice::get());
			Bonds::<T>::try_mutate(&who, |bond| {
				let bond = bond.as_mut().ok_or(Error::<T>::NoBond)?;
				ensure!(bond.unlocks_at.is_none(), Error::<T>::AlreadyUnbonding);
				bond.unlocks_at = Some(unlocks_at);
				Ok::<_, Error<T>>(())
			})?;
			Self::deposit_event(Event::UnbondingStarted { who, unlocks_at });
			Ok(())
		}

		/// Releases the caller's bond once its unbonding notice has passed.
		///
		/// Emits [`Event::BondWithdrawn`]. Errors: [`Error::NoBond`], [`Error::NotUnbonding`], [`Error::BondLocked`].
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::withdraw_bond())]
		pub fn withdraw_bond(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let bond = Bonds::<T>::get(&who).ok_or(Error::<T>::NoBond)?;
			let unlocks_at = bond.unlocks_at.ok_or(Error::<T>::NotUnbonding)?;
			ensure!(T::Time::now() >= unlocks_at, Error::<T>::BondLocked);
			T::Currency::release(&HoldReason::OfflineBond.into(), &who, bond.amount, Precision::BestEffort)?;
			Bonds::<T>::remove(&who);
			Self::deposit_event(Event::BondWithdrawn { who, amount: bond.amount });
			Ok(())
		}

		/// Upholds `payer`'s disputed proof `proof_hash` (as `DoubleSpendDetected` named it; one signed by a key
		/// that was reported compromised): governance, having heard both sides, finds that the payer did sign it.
		/// The proof then counts as undisputed evidence would have: the payer is marked, unless already marked for
		/// that (coin, seq), and a refused payee is compensated from the bond. A retired coin's proof still marks;
		/// no one is compensated.
		///
		/// Emits [`Event::DoubleSpendUpheld`] (and [`Event::VictimCompensated`]). Errors: [`Error::UnknownProof`],
		/// [`Error::NotDisputed`], [`BadOrigin`](DispatchError::BadOrigin).
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::uphold_double_spend())]
		pub fn uphold_double_spend(origin: OriginFor<T>, payer: T::AccountId, proof_hash: H256) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			let (index, proof) = FraudProofs::<T>::try_mutate(&payer, |proofs| {
				let index = Self::proof_index(proofs, proof_hash)?;
				let proof = proofs.get_mut(index).ok_or(Error::<T>::UnknownProof)?;
				ensure!(proof.disputed, Error::<T>::NotDisputed);
				proof.disputed = false;
				Ok::<_, Error<T>>((index, proof.clone()))
			})?;
			let transfer = &proof.second.transfer;
			let counted = match Coins::<T>::get(&transfer.coin.broker, transfer.coin.serial) {
				// With the (coin, seq)'s refused payees at their limit, this proof marks no one new and pays no one.
				Some(coin) => Self::count_evidence(coin, &proof).unwrap_or_default(),
				// The coin was retired with its conflict records: the payer's other proofs tell whether the seq
				// marked it already.
				None => Counted {
					newly_marked: !FraudProofs::<T>::get(&payer).iter().enumerate().any(|(other, kept)| {
						other != index
							&& !kept.disputed && kept.second.transfer.coin == transfer.coin
							&& kept.second.transfer.seq == transfer.seq
					}),
					..Default::default()
				},
			};
			if counted.newly_marked {
				T::Fraud::report_fraud(&payer, proof_hash);
			}
			Self::deposit_event(Event::DoubleSpendUpheld { payer, proof_hash });
			if let Some(value) = counted.compensation_owed {
				Self::compensate_refused_payee(transfer, value);
			}
			Ok(())
		}

		/// Removes `payer`'s proof `proof_hash` from its list: a disputed proof governance finds forged, or any
		/// proof it has dealt with, so that the list (at most `MaxFraudProofs`) has room for disputed evidence to
		/// come. Neither sets nor clears a mark (owner trust's `clear_fraud_mark` does that), and the (coin, seq)
		/// stays marked for the evidence the chain has counted.
		///
		/// Emits [`Event::ProofDismissed`]. Errors: [`Error::UnknownProof`], [`BadOrigin`](DispatchError::BadOrigin).
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::dismiss_proof())]
		pub fn dismiss_proof(origin: OriginFor<T>, payer: T::AccountId, proof_hash: H256) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			let disputed = FraudProofs::<T>::try_mutate(&payer, |proofs| {
				let index = Self::proof_index(proofs, proof_hash)?;
				Ok::<_, Error<T>>(proofs.remove(index).disputed)
			})?;
			Self::deposit_event(Event::ProofDismissed { payer, proof_hash, disputed });
			Ok(())
		}
	}
}

sigil_primitives::impl_from_key_check_error!(Error);

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
		ensure!(!record.suspended, Error::<T>::BrokerIsSuspended);
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
		record.next_serial = serial.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		record.outstanding = record.outstanding.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		record.outstanding_value = record.outstanding_value.checked_add(&value).ok_or(ArithmeticError::Overflow)?;
		T::Currency::hold(&HoldReason::CoinBacking.into(), &backer, value)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

		let now = T::Time::now();
		let expiry = now.saturating_add(record.terms.validity);
		Brokers::<T>::insert(&broker, record);
		CoinsOf::<T>::insert(&owner, &coin, ());
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
				double_spends: 0,
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

		let from = core::mem::replace(&mut record.holder, to.clone());
		record.seq = record.seq.saturating_add(1);
		let seq = record.seq;
		let offline = matches!(proof, TransferProof::OffLine { .. });
		CoinsOf::<T>::remove(&from, &coin);
		CoinsOf::<T>::insert(&to, &coin, ());
		Transfers::<T>::insert(&coin, seq, TransferRecord { from: from.clone(), to: to.clone(), at: now, proof });
		Coins::<T>::insert(&coin.broker, coin.serial, record);
		Self::deposit_event(Event::CoinPaid { coin, seq, from, to, offline });
		Ok(())
	}

	/// A transfer's window must be well formed and no longer than `MaxTransferWindow`: a bounded window is what
	/// lets the chain forget a finished coin after `Retention` without forgetting a provable double spend.
	fn check_window(transfer: &Transfer<T::AccountId>) -> Result<(), Error<T>> {
		let length = transfer.valid_until.checked_sub(transfer.valid_from).ok_or(Error::<T>::InvalidWindow)?;
		ensure!(length <= T::MaxTransferWindow::get(), Error::<T>::InvalidWindow);
		Ok(())
	}

	/// When `transfer` could have been applied: its window, cut at the coin's expiry (an expired coin moves no
	/// more). The result may be empty (`opens > closes`).
	fn claimable_window(transfer: &Transfer<T::AccountId>, coin: &CoinOf<T>) -> (Moment, Moment) {
		(transfer.valid_from, transfer.valid_until.min(coin.expiry.saturating_sub(1)))
	}

	/// Checks that the transfer is signed by its payer's signing key, whatever the key's status, and returns the
	/// key's lifetime. One read of the key ring.
	fn check_signature(signed: &SignedTransferOf<T>) -> Result<KeyLifetime, Error<T>> {
		let (owner, public, purpose, lifetime) = T::KeyRing::key(&signed.key_id).ok_or(KeyCheckError::UnknownKey)?;
		ensure!(owner == signed.transfer.payer, KeyCheckError::NotKeyOwner);
		ensure!(purpose == KeyPurpose::Signing, KeyCheckError::NotSigningKey);
		let payload = Self::transfer_payload(&signed.transfer);
		ensure!(public.verify(&payload, &signed.signature), KeyCheckError::BadSignature);
		Ok(lifetime)
	}

	/// A signature pays only if its key was in use when the transfer's window opened (a later revocation for
	/// another reason, or expiry, does not undo a payment promised before) and was never reported compromised
	/// (after the report, a thief's signature must pay nothing).
	fn ensure_key_may_pay(key: &KeyLifetime, valid_from: Moment) -> Result<(), Error<T>> {
		ensure!(!Self::is_compromised(key), Error::<T>::CompromisedKey);
		Self::ensure_key_in_use(key, valid_from)
	}

	/// A signature binds its key's owner only if the key was in use when the transfer's window opened: a key
	/// retired, revoked or expired before that may have leaked since, and frames no one. (A key reported
	/// compromised after the window opened still binds, but its evidence is disputed.) The window's opening is the
	/// payer's claim, not a moment the chain saw the signature at, so a revocation at that very moment counts
	/// ([`KeyLifetime::status_at`]).
	fn ensure_key_in_use(key: &KeyLifetime, valid_from: Moment) -> Result<(), Error<T>> {
		Ok(key.status_at(valid_from).ensure_active()?)
	}

	fn is_compromised(key: &KeyLifetime) -> bool {
		matches!(key.revoked, Some((_, RevocationReason::Compromised)))
	}

	fn key_compromised(key_id: &KeyId) -> bool {
		T::KeyRing::key(key_id).is_some_and(|(_, _, _, lifetime)| Self::is_compromised(&lifetime))
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
}
