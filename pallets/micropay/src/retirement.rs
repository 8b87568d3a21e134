//! The retirement queue: a coin that finished (reissued or redeemed) leaves state with its history and conflict
//! records `Retention` after it finished, in `on_idle`.

use crate::{
	CoinIdOf, Coins, Config, Conflicts, Event, Pallet, RetirementQueue, RetirementQueueBounds, Transfers, WeightInfo,
};
use frame_support::{
	pallet_prelude::{Get, Weight},
	traits::Time,
};
use sigil_primitives::Moment;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	/// Puts a coin that just finished at the queue's end, to be retired `Retention` from now.
	pub(crate) fn queue_retirement(coin: CoinIdOf<T>, finished_at: Moment) {
		RetirementQueueBounds::<T>::mutate(|(_, next)| {
			RetirementQueue::<T>::insert(*next, (coin, finished_at.saturating_add(T::Retention::get())));
			next.saturating_inc();
		});
	}

	/// Retires queued coins whose time has come while `remaining` allows one more, each weighed at its worst case.
	pub(crate) fn retire_finished_coins(remaining: Weight) -> Weight {
		let db = T::DbWeight::get();
		// Reading the bounds and the clock, and writing the bounds back.
		let mut used = db.reads_writes(2, 1);
		if remaining.any_lt(used) {
			return Weight::zero();
		}
		let each = T::WeightInfo::retire_coin();
		let (mut head, next) = RetirementQueueBounds::<T>::get();
		if head == next {
			return db.reads(1);
		}
		let now = T::Time::now();
		while head < next && used.saturating_add(each).all_lte(remaining) {
			used.saturating_accrue(each);
			let Some((coin, retire_at)) = RetirementQueue::<T>::get(head) else {
				head.saturating_inc();
				continue;
			};
			if retire_at > now {
				break;
			}
			RetirementQueue::<T>::remove(head);
			head.saturating_inc();
			Coins::<T>::remove(&coin.broker, coin.serial);
			let _ = Transfers::<T>::clear_prefix(&coin, T::MaxTransfersPerCoin::get().saturating_add(1), None);
			// One entry at most per seq, 1 to `MaxTransfersPerCoin` + 1 (the redemption or reissue).
			let _ = Conflicts::<T>::clear_prefix(&coin, T::MaxTransfersPerCoin::get().saturating_add(1), None);
			Self::deposit_event(Event::CoinRetired { coin });
		}
		RetirementQueueBounds::<T>::mutate(|bounds| bounds.0 = head);
		used
	}
}
