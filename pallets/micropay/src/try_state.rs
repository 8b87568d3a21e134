//! The pallet's invariants, checked by `try_state` under try-runtime and after every unit test.

use crate::{
	BalanceOf, Bonds, Brokers, CoinId, CoinStatus, Coins, CoinsOf, Config, Conflicts, HoldReason, Pallet,
	RetirementQueue, RetirementQueueBounds, Transfers,
};
use alloc::collections::{BTreeMap, BTreeSet};
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Invariants: the backing held from each backer equals the value of the active coins it backs, and each
	/// bond equals what is held for it; each active coin is in its holder's map, and each mapped coin is active and
	/// held by that account; a broker's outstanding count and value equal its active coins' and its next serial is
	/// above every coin's; an active coin has one transfer record per sequence number (a coin that finished under
	/// storage version 1 lost its history), and a coin's conflict records, one per seq it was proven double spent
	/// at, number its `double_spends`, and belong to a coin still kept; every finished coin is in the retirement
	/// queue, in order.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut backing: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut outstanding: BTreeMap<T::AccountId, (u32, BalanceOf<T>)> = BTreeMap::new();
		let mut finished = BTreeSet::new();
		for (broker, serial, coin) in Coins::<T>::iter() {
			let id = CoinId { broker: broker.clone(), serial };
			let record = Brokers::<T>::get(&broker).ok_or(TryRuntimeError::Other("coin of an unknown broker"))?;
			ensure!(serial < record.next_serial, TryRuntimeError::Other("serial at or above next_serial"));
			let transfers = Transfers::<T>::iter_prefix(&id).count() as u32;
			let history_kept = coin.status == CoinStatus::Active || transfers > 0;
			ensure!(
				!history_kept || transfers == coin.seq,
				TryRuntimeError::Other("transfer history differs from seq")
			);
			let mut conflicts = 0u32;
			for seq in Conflicts::<T>::iter_key_prefix(&id) {
				ensure!(
					seq != 0 && seq <= coin.seq.saturating_add(1),
					TryRuntimeError::Other("conflict record of a seq the coin never reached")
				);
				conflicts.saturating_inc();
			}
			ensure!(
				conflicts == coin.double_spends,
				TryRuntimeError::Other("conflict records differ from the coin's count")
			);
			if coin.status == CoinStatus::Active {
				let held = backing.entry(coin.backer.clone()).or_insert_with(Zero::zero);
				*held = held.saturating_add(coin.value);
				let entry = outstanding.entry(broker).or_insert((0, Zero::zero()));
				entry.0.saturating_inc();
				entry.1 = entry.1.saturating_add(coin.value);
				ensure!(
					CoinsOf::<T>::contains_key(&coin.holder, &id),
					TryRuntimeError::Other("coin not in its holder's map")
				);
			} else {
				finished.insert(id);
			}
		}
		for (id, _) in Conflicts::<T>::iter_keys() {
			ensure!(
				Coins::<T>::contains_key(&id.broker, id.serial),
				TryRuntimeError::Other("conflict of a retired coin")
			);
		}
		for (who, id, ()) in CoinsOf::<T>::iter() {
			let coin = Coins::<T>::get(&id.broker, id.serial).ok_or(TryRuntimeError::Other("mapped coin missing"))?;
			ensure!(coin.status == CoinStatus::Active && coin.holder == who, TryRuntimeError::Other("stale coin map"));
		}
		for (broker, record) in Brokers::<T>::iter() {
			let (count, value) = outstanding.get(&broker).copied().unwrap_or((0, Zero::zero()));
			ensure!(
				count == record.outstanding && value == record.outstanding_value,
				TryRuntimeError::Other("outstanding differs from the active coins")
			);
		}
		for (backer, value) in backing {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CoinBacking.into(), &backer) == value,
				TryRuntimeError::Other("held backing differs from the active coins' value")
			);
		}
		for (who, bond) in Bonds::<T>::iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::OfflineBond.into(), &who) == bond.amount,
				TryRuntimeError::Other("held bond differs from the recorded bond")
			);
		}
		let (head, next) = RetirementQueueBounds::<T>::get();
		ensure!(head <= next, TryRuntimeError::Other("retirement queue head past its end"));
		let mut previous = 0;
		for position in head..next {
			let (coin, retire_at) =
				RetirementQueue::<T>::get(position).ok_or(TryRuntimeError::Other("hole in the retirement queue"))?;
			ensure!(retire_at >= previous, TryRuntimeError::Other("retirement queue out of order"));
			previous = retire_at;
			finished.remove(&coin);
		}
		ensure!(finished.is_empty(), TryRuntimeError::Other("finished coin not queued for retirement"));
		Ok(())
	}
}
