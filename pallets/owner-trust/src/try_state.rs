//! The pallet's invariants, checked by `try_state` under try-runtime and after every unit test.

use crate::{BalanceOf, Config, HoldReason, Incoming, Outgoing, Pallet};
use frame_support::{ensure, traits::fungible::InspectHold};
use sp_runtime::{
	traits::{Saturating, Zero},
	TryRuntimeError,
};

impl<T: Config> Pallet<T> {
	/// Invariants: every truster's edges are sorted by target without duplicates or self edges, each mirrored
	/// in `Incoming` with the same level, and `Incoming` holds nothing else; the deposits held equal the sum of
	/// the edges' deposits.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut edge_count = 0usize;
		for (truster, edges) in Outgoing::<T>::iter() {
			ensure!(!edges.is_empty(), TryRuntimeError::Other("empty edge list kept in storage"));
			ensure!(
				edges.windows(2).all(|pair| pair.first().map(|e| &e.target) < pair.get(1).map(|e| &e.target)),
				TryRuntimeError::Other("edges not strictly ordered by target")
			);
			let mut deposits = BalanceOf::<T>::zero();
			for edge in edges.iter() {
				ensure!(edge.target != truster, TryRuntimeError::Other("self edge"));
				ensure!(
					Incoming::<T>::get(&edge.target, &truster).map(|incoming| incoming.level) == Some(edge.level),
					TryRuntimeError::Other("edge not mirrored in Incoming")
				);
				deposits = deposits.saturating_add(edge.deposit);
			}
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::TrustEdge.into(), &truster) == deposits,
				TryRuntimeError::Other("held deposit differs from the edges' deposits")
			);
			edge_count = edge_count.saturating_add(edges.len());
		}
		ensure!(Incoming::<T>::iter().count() == edge_count, TryRuntimeError::Other("Incoming has stray entries"));
		Ok(())
	}
}
