//! Answers for the runtime API (see `pallet-micropay-runtime-api`).

use crate::{
	BalanceOf, Bonds, Brokers, CoinIdOf, CoinOf, CoinStatus, Coins, CoinsOf, Config, FraudProofs, Pallet, Transfers,
};
use alloc::vec::Vec;
use pallet_micropay_runtime_api::{
	BondInfo, BrokerInfo, CoinInfo, CoinState, TransferInfo, MAX_BROKER_COINS, MAX_HOLDER_COINS,
};
use sigil_primitives::{CoinId, FraudProof, TransferProof};

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
				CoinStatus::Reissued { into, at } => CoinState::Reissued { into, at },
				CoinStatus::Redeemed { at } => CoinState::Redeemed { at },
			},
			previous: coin.previous,
			issued_at: coin.issued_at,
			history,
			double_spends: coin.double_spends,
		}
	}

	/// A coin with its transfer history, oldest first (`None` if it never existed or was retired): the runtime API's
	/// `coin`.
	pub fn api_coin(id: CoinIdOf<T>) -> Option<CoinInfo<T::AccountId, BalanceOf<T>>> {
		Coins::<T>::get(&id.broker, id.serial).map(|coin| Self::coin_info(id, coin))
	}

	/// The active coins `who` holds, at most [`MAX_HOLDER_COINS`] of them: the runtime API's `coins_of`.
	pub fn api_coins_of(who: &T::AccountId) -> Vec<CoinInfo<T::AccountId, BalanceOf<T>>> {
		CoinsOf::<T>::iter_key_prefix(who).take(MAX_HOLDER_COINS as usize).filter_map(Self::api_coin).collect()
	}

	/// Reads at most [`MAX_BROKER_COINS`] of the broker's coins (active and finished but not yet retired) for the
	/// list of active ones; the totals come from the broker's record.
	pub fn api_broker(who: &T::AccountId) -> Option<BrokerInfo<T::AccountId, BalanceOf<T>>> {
		let broker = Brokers::<T>::get(who)?;
		let mut active_coins: Vec<_> = Coins::<T>::iter_prefix(who)
			.take(MAX_BROKER_COINS as usize)
			.filter(|(_, coin)| coin.status == CoinStatus::Active)
			.map(|(serial, _)| CoinId { broker: who.clone(), serial })
			.collect();
		active_coins.sort_by_key(|coin| coin.serial);
		Some(BrokerInfo {
			fee: broker.terms.fee,
			validity: broker.terms.validity,
			max_value: broker.terms.max_value,
			suspended: broker.suspended,
			next_serial: broker.next_serial,
			outstanding: broker.outstanding,
			outstanding_value: broker.outstanding_value,
			active_coins,
		})
	}

	/// The fraud proofs kept against `who`, oldest first: the runtime API's `fraud_proofs`.
	pub fn api_fraud_proofs(who: &T::AccountId) -> Vec<FraudProof<T::AccountId>> {
		FraudProofs::<T>::get(who).into_inner()
	}

	/// `who`'s bond for off-line payments, if it has one: the runtime API's `bond`.
	pub fn api_bond(who: &T::AccountId) -> Option<BondInfo<BalanceOf<T>>> {
		Bonds::<T>::get(who).map(|bond| BondInfo { amount: bond.amount, unlocks_at: bond.unlocks_at })
	}
}
