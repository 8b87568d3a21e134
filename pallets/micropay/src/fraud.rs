//! Double spends: who could spend a (coin, seq) and how the chain used it up, when a signed promise is evidence
//! against its payer, and what counting that evidence records, marks and compensates.

use crate::{
	BalanceOf, Bonds, CoinIdOf, CoinOf, CoinStatus, Coins, Config, ConflictPayee, Conflicts, Error, Event, FraudProofs,
	HoldReason, Pallet, SignedTransferOf, Transfers,
};
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::DispatchResult,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Time,
	},
};
use sigil_primitives::{FirstSpend, FraudProof, FraudReporter, KeyId, KeyLifetime, Moment, Transfer, TransferProof};
use sp_core::H256;
use sp_runtime::traits::{Saturating, Zero};

/// What counting undisputed evidence of a double spend changed.
#[derive(Default)]
pub(crate) struct Counted<Balance> {
	/// It named a refused payee not on record for its (coin, seq).
	pub(crate) new_payee: bool,
	/// No earlier evidence had marked the payer for its (coin, seq).
	pub(crate) newly_marked: bool,
	/// Its payee was refused, is not compensated yet, and is owed up to this (the coin's value).
	pub(crate) compensation_owed: Option<Balance>,
}

/// How a (coin, seq) was used up, as far as the chain recorded it.
pub(crate) struct RecordedSpend<AccountId> {
	/// Who held the coin before (the one who spent the seq).
	pub(crate) from: AccountId,
	/// Who received it (`None`: redeemed or reissued).
	pub(crate) to: Option<AccountId>,
	/// From when the seq was promised away for good: the spend itself, or the opening of the window of the signed
	/// transfer that spent it.
	pub(crate) started: Moment,
	/// The key of the signed transfer that spent it, if any.
	pub(crate) first_key: Option<KeyId>,
	pub(crate) first: FirstSpend<AccountId>,
}

impl<T: Config> Pallet<T> {
	/// Who held the coin when it had sequence number `seq - 1`: who could promise it as its `seq`-th transfer.
	pub(crate) fn holder_before(coin: &CoinIdOf<T>, record: &CoinOf<T>, seq: u32) -> Result<T::AccountId, Error<T>> {
		ensure!(seq != 0, Error::<T>::SeqMismatch);
		if seq == record.seq.saturating_add(1) {
			return Ok(record.holder.clone());
		}
		ensure!(seq <= record.seq, Error::<T>::NotHolder);
		Transfers::<T>::get(coin, seq).map(|spent| spent.from).ok_or(Error::<T>::SeqMismatch)
	}

	/// Since when the holder before `seq` held the coin: its issue for seq 1, else the transfer that gave it seq - 1.
	/// No promise of `seq` is older. (A coin that finished under storage version 1 lost its history: its issue
	/// is the bound.)
	pub(crate) fn held_since(coin: &CoinIdOf<T>, record: &CoinOf<T>, seq: u32) -> Moment {
		if seq <= 1 {
			return record.issued_at;
		}
		Transfers::<T>::get(coin, seq.saturating_sub(1)).map_or(record.issued_at, |received| received.at)
	}

	/// A signed promise is evidence against its payer only if its window (`opens..=closes`, cut at the coin's
	/// expiry) was open at some moment while the payer held the coin (`NotHolder` otherwise), and its key was in
	/// use from the first such moment: a payer chooses its window's start, so a window dated back to before a
	/// key's revocation, or before the coin reached the payer, proves nothing.
	pub(crate) fn ensure_evidence(
		key: &KeyLifetime,
		(opens, closes): (Moment, Moment),
		held_since: Moment,
	) -> Result<(), Error<T>> {
		ensure!(closes >= held_since, Error::<T>::NotHolder);
		Self::ensure_key_in_use(key, opens.max(held_since))
	}

	/// How the chain used up (coin, seq), if it did: a recorded transfer, or, for the seq after the last one, the
	/// coin's redemption or reissue.
	pub(crate) fn spend_of(coin: &CoinIdOf<T>, record: &CoinOf<T>, seq: u32) -> Option<RecordedSpend<T::AccountId>> {
		if seq == record.seq.saturating_add(1) {
			let (first, at) = match record.status {
				CoinStatus::Active => return None,
				CoinStatus::Redeemed { at } => (FirstSpend::Redeemed { at }, at),
				CoinStatus::Reissued { at, .. } => (FirstSpend::Reissued { at }, at),
			};
			return Some(RecordedSpend { from: record.holder.clone(), to: None, started: at, first_key: None, first });
		}
		let spent = Transfers::<T>::get(coin, seq)?;
		let (started, first_key) = match &spent.proof {
			TransferProof::OnLine => (spent.at, None),
			TransferProof::OffLine { key_id, valid_from, .. } => ((*valid_from).min(spent.at), Some(*key_id)),
		};
		Some(RecordedSpend {
			from: spent.from,
			to: Some(spent.to.clone()),
			started,
			first_key,
			first: FirstSpend::Recorded { to: spent.to, at: spent.at, proof: spent.proof },
		})
	}

	/// The payee the chain refused by `proof`'s evidence: the second transfer's, when the first spend is one the
	/// chain applied (a report of two promises refused no one).
	fn refused_payee(proof: &FraudProof<T::AccountId>) -> Option<&T::AccountId> {
		match proof.first {
			FirstSpend::Signed(_) => None,
			_ => Some(&proof.second.transfer.payee),
		}
	}

	/// Whether two proofs carry the same evidence: the same (coin, seq) and the same refused payee, or, for two
	/// reports, the same two promises' payees in either order.
	fn same_evidence(a: &FraudProof<T::AccountId>, b: &FraudProof<T::AccountId>) -> bool {
		let (x, y) = (&a.second.transfer, &b.second.transfer);
		if x.coin != y.coin || x.seq != y.seq {
			return false;
		}
		match (&a.first, &b.first) {
			(FirstSpend::Signed(a_first), FirstSpend::Signed(b_first)) => {
				let (a1, a2) = (&a_first.transfer.payee, &x.payee);
				let (b1, b2) = (&b_first.transfer.payee, &y.payee);
				(a1 == b1 && a2 == b2) || (a1 == b2 && a2 == b1)
			}
			(FirstSpend::Signed(_), _) | (_, FirstSpend::Signed(_)) => false,
			_ => x.payee == y.payee,
		}
	}

	fn proof_hash(proof: &FraudProof<T::AccountId>) -> H256 {
		H256(sp_io::hashing::blake2_256(&proof.encode()))
	}

	/// Where the proof whose hash is `proof_hash` is in a payer's list.
	pub(crate) fn proof_index(proofs: &[FraudProof<T::AccountId>], proof_hash: H256) -> Result<usize, Error<T>> {
		proofs.iter().position(|proof| Self::proof_hash(proof) == proof_hash).ok_or(Error::<T>::UnknownProof)
	}

	/// Keeps evidence that a payer spent (coin, seq) twice.
	///
	/// Undisputed evidence marks the payer, once per (coin, seq) whatever evidence follows, records a refused payee
	/// and compensates it from the payer's bond, once. Disputed evidence (a key reported compromised signed one of
	/// the spends) is only kept, in the payer's proof list, for governance to uphold; it blocks no undisputed
	/// evidence. Evidence is judged when it first reaches the chain: a refused payee already on record stays
	/// undisputed. Evidence that changes nothing is `AlreadyProven`.
	pub(crate) fn prove_double_spend(
		coin: CoinOf<T>,
		first: FirstSpend<T::AccountId>,
		second: SignedTransferOf<T>,
		disputed: bool,
	) -> DispatchResult {
		let transfer = second.transfer.clone();
		let recorded = Conflicts::<T>::get(&transfer.coin, transfer.seq);
		let mut proof = FraudProof { first, second, detected_at: T::Time::now(), disputed };
		let refused = Self::refused_payee(&proof).cloned();
		let on_record = |payee: &T::AccountId| recorded.as_ref().is_some_and(|p| p.iter().any(|e| &e.payee == payee));
		if disputed && refused.as_ref().is_some_and(on_record) {
			proof.disputed = false;
		}
		let proof_hash = Self::proof_hash(&proof);
		let detected = Event::DoubleSpendDetected {
			coin: transfer.coin.clone(),
			seq: transfer.seq,
			payer: transfer.payer.clone(),
			refused_payee: transfer.payee.clone(),
			proof_hash,
			disputed: proof.disputed,
		};
		if proof.disputed {
			// Nothing to add once the seq is marked, but a refused payee not on record yet, whom governance may
			// still find owed.
			let adds = recorded.is_none() || refused.is_some();
			let kept = FraudProofs::<T>::get(&transfer.payer);
			ensure!(adds && !kept.iter().any(|other| Self::same_evidence(other, &proof)), Error::<T>::AlreadyProven);
			FraudProofs::<T>::try_mutate(&transfer.payer, |proofs| {
				proofs.try_push(proof).map_err(|_| Error::<T>::ProofListFull)
			})?;
			Self::deposit_event(detected);
			return Ok(());
		}
		let counted = Self::count_evidence(coin, &proof)?;
		ensure!(
			counted.newly_marked || counted.new_payee || counted.compensation_owed.is_some(),
			Error::<T>::AlreadyProven
		);
		if counted.newly_marked || counted.new_payee {
			FraudProofs::<T>::mutate(&transfer.payer, |proofs| {
				// A full list already proves the point; the mark and the event still follow.
				let _ = proofs.try_push(proof);
			});
		}
		if counted.newly_marked {
			T::Fraud::report_fraud(&transfer.payer, proof_hash);
		}
		Self::deposit_event(detected);
		if let Some(value) = counted.compensation_owed {
			Self::compensate_refused_payee(&transfer, value);
		}
		Ok(())
	}

	/// Records undisputed evidence of a double spend of `coin` (still kept) under its (coin, seq): the first time,
	/// the mark and the coin's count; a refused payee not on record yet. Says whether the payer is to be marked and
	/// a refused payee compensated; writes nothing if it fails (`TooManyPayees`).
	pub(crate) fn count_evidence(
		mut coin: CoinOf<T>,
		proof: &FraudProof<T::AccountId>,
	) -> Result<Counted<BalanceOf<T>>, Error<T>> {
		let transfer = &proof.second.transfer;
		let recorded = Conflicts::<T>::get(&transfer.coin, transfer.seq);
		let newly_marked = recorded.is_none();
		let mut payees = recorded.unwrap_or_default();
		let mut counted = Counted { newly_marked, ..Default::default() };
		if let Some(refused) = Self::refused_payee(proof) {
			let compensated = match payees.iter().find(|entry| &entry.payee == refused) {
				Some(entry) => entry.compensated,
				None => {
					payees
						.try_push(ConflictPayee { payee: refused.clone(), compensated: false })
						.map_err(|_| Error::<T>::TooManyPayees)?;
					counted.new_payee = true;
					false
				}
			};
			let bonded = Bonds::<T>::get(&transfer.payer).is_some_and(|bond| !bond.amount.is_zero());
			if !compensated && bonded {
				counted.compensation_owed = Some(coin.value);
			}
		}
		if newly_marked || counted.new_payee {
			Conflicts::<T>::insert(&transfer.coin, transfer.seq, payees);
		}
		if newly_marked {
			coin.double_spends.saturating_inc();
			Coins::<T>::insert(&transfer.coin.broker, transfer.coin.serial, coin);
		}
		Ok(counted)
	}

	/// Pays the refused payee of `transfer` up to `value` from the payer's bond, as far as the bond goes, and
	/// records that it was compensated if it received anything.
	pub(crate) fn compensate_refused_payee(transfer: &Transfer<T::AccountId>, value: BalanceOf<T>) {
		let (payer, victim) = (&transfer.payer, &transfer.payee);
		let Some(mut bond) = Bonds::<T>::get(payer) else { return };
		let amount = bond.amount.min(value);
		if amount.is_zero() {
			return;
		}
		let moved = T::Currency::transfer_on_hold(
			&HoldReason::OfflineBond.into(),
			payer,
			victim,
			amount,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		);
		// A transfer the currency refuses (a victim account it cannot create, say) leaves the bond as it was, and
		// the payee may claim again.
		let Ok(amount) = moved else { return };
		if amount.is_zero() {
			return;
		}
		bond.amount = bond.amount.saturating_sub(amount);
		Bonds::<T>::insert(payer, bond);
		Conflicts::<T>::mutate(&transfer.coin, transfer.seq, |payees| {
			let entry = payees.as_mut().and_then(|payees| payees.iter_mut().find(|entry| &entry.payee == victim));
			if let Some(entry) = entry {
				entry.compensated = true;
			}
		});
		Self::deposit_event(Event::VictimCompensated {
			coin: transfer.coin.clone(),
			payer: payer.clone(),
			victim: victim.clone(),
			amount,
		});
	}
}
