//! The pallet's invariants, checked by `try_state` under try-runtime and after every unit test.

use crate::{BalanceOf, Config, HoldReason, Inbox, Outbox, Pallet, ReceivedCount, Senders};
use alloc::collections::BTreeMap;
use frame_support::{ensure, traits::fungible::InspectHold};
use sigil_primitives::body_hash;
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Invariants: every stored message is indexed in its recipient's inbox under its own index, below the inbox's
	/// count, and its counter is below its sender's; the inboxes hold nothing else; each sender owes what its
	/// stored messages' deposits add up to and holds the larger of that and its advance.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut owed: BTreeMap<T::AccountId, BalanceOf<T>> = BTreeMap::new();
		let mut count = 0usize;
		for (from, counter, message) in Outbox::<T>::iter() {
			ensure!(
				Inbox::<T>::get(&message.to, message.inbox_index) == Some((from.clone(), counter)),
				TryRuntimeError::Other("message not indexed in its recipient's inbox")
			);
			ensure!(
				message.inbox_index < ReceivedCount::<T>::get(&message.to) && counter < Senders::<T>::get(&from).sent,
				TryRuntimeError::Other("box index at or above the box's count")
			);
			ensure!(message.body_hash == body_hash(&message.body), TryRuntimeError::Other("body hash differs"));
			let sum = owed.entry(from).or_insert_with(Zero::zero);
			*sum = sum.saturating_add(message.deposit);
			count = count.saturating_add(1);
		}
		ensure!(Inbox::<T>::iter().count() == count, TryRuntimeError::Other("inbox entries without a message"));
		for (who, sender) in Senders::<T>::iter() {
			let expected = owed.get(&who).copied().unwrap_or_else(Zero::zero);
			ensure!(sender.owed == expected, TryRuntimeError::Other("owed differs from the sender's stored messages"));
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::MessageDeposit.into(), &who) == sender.held(),
				TryRuntimeError::Other("held deposit differs from max(owed, advance)")
			);
		}
		Ok(())
	}
}
