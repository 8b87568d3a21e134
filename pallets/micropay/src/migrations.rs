//! Storage migrations of the micropay pallet.

/// Version 1 -> 2: transfers signed with a window, finished coins kept until retired, holders' coins as a map,
/// brokers' outstanding value, per-coin double-spend counts (zero: v1 kept no conflict records).
///
/// Each v1 record is rewritten in place: a recorded off-line transfer gets `valid_from` = the moment it was
/// applied (the latest its window can have opened, so that no honest payer is framed by the guess); a reissued
/// coin gets the migration's time as its reissue time; coins that had already finished are queued for retirement
/// `Retention` from now (their v1 history was pruned already). Fraud proofs keep their v1 transfers with
/// `valid_from` 0 and are not disputed: they record what the chain decided then (their v1 signatures were over the
/// v1 payload and do not verify as v2). It reads every micropay entry in one block: fine for the chains v1 ran on
/// (development and test networks); a large chain would need a multi-block migration.
pub mod v2 {
	use crate::*;
	use frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};
	use sigil_primitives::{KeyId, KeySignature};

	/// The v1 layout, to read what the chain stored.
	// `storage_alias` also declares an undocumented public struct per alias (its storage prefix).
	#[allow(missing_docs)]
	pub mod v1 {
		use super::*;

		/// A v1 broker record: without the outstanding value.
		#[derive(Encode, Decode, Clone)]
		pub struct BrokerRecord<Balance> {
			/// What the broker charges and allows (unchanged in v2).
			pub terms: BrokerTerms<Balance>,
			/// Whether the broker was suspended.
			pub suspended: bool,
			/// The serial number the next coin gets.
			pub next_serial: u64,
			/// How many of the broker's coins were active.
			pub outstanding: u32,
		}

		/// A v1 coin status: a reissue without its time.
		#[derive(Encode, Decode, Clone, Copy, PartialEq, Eq)]
		pub enum CoinStatus {
			/// Payable until its expiry, reissuable from then on, and redeemable.
			Active,
			/// Reissued as the coin with this serial (same broker).
			Reissued {
				/// The serial of the coin that continues this one.
				into: u64,
			},
			/// Cashed by its holder.
			Redeemed {
				/// When the coin was redeemed, in milliseconds since the Unix epoch.
				at: Moment,
			},
		}

		/// A v1 coin record: without the double-spend count.
		#[derive(Encode, Decode, Clone)]
		pub struct CoinRecord<AccountId, Balance> {
			/// The original owner.
			pub owner: AccountId,
			/// Who held the coin.
			pub holder: AccountId,
			/// Whose funds backed the coin.
			pub backer: AccountId,
			/// The coin's value, in the chain's smallest unit.
			pub value: Balance,
			/// When the coin stopped moving, in milliseconds since the Unix epoch.
			pub expiry: Moment,
			/// How many times the coin had moved.
			pub seq: u32,
			/// Active, reissued or redeemed.
			pub status: CoinStatus,
			/// The serial of the coin this one reissued.
			pub previous: Option<u64>,
			/// When the coin was issued or reissued, in milliseconds since the Unix epoch.
			pub issued_at: Moment,
		}

		/// A v1 transfer proof: an off-line transfer's window had no start.
		#[derive(Encode, Decode, Clone)]
		pub enum TransferProof {
			/// The holder paid with its own extrinsic.
			OnLine,
			/// A transfer the holder had signed off line was claimed.
			OffLine {
				/// The holder's ring key that signed the transfer.
				key_id: KeyId,
				/// The signature over the v1 transfer payload.
				signature: KeySignature,
				/// The last moment the transfer could be claimed, in milliseconds since the Unix epoch.
				valid_until: Moment,
			},
		}

		/// A v1 transfer record: its proof in the v1 layout.
		#[derive(Encode, Decode, Clone)]
		pub struct TransferRecord<AccountId> {
			/// The holder who paid.
			pub from: AccountId,
			/// Who received the coin.
			pub to: AccountId,
			/// When the chain applied the transfer, in milliseconds since the Unix epoch.
			pub at: Moment,
			/// How the transfer came about.
			pub proof: TransferProof,
		}

		/// A v1 transfer: without `valid_from`.
		#[derive(Encode, Decode, Clone)]
		pub struct Transfer<AccountId> {
			/// The coin paid with.
			pub coin: CoinId<AccountId>,
			/// The sequence number the coin got by the transfer.
			pub seq: u32,
			/// The coin's holder, who signed.
			pub payer: AccountId,
			/// Who received the coin.
			pub payee: AccountId,
			/// The last moment the transfer could be claimed, in milliseconds since the Unix epoch.
			pub valid_until: Moment,
		}

		/// A v1 signed transfer.
		#[derive(Encode, Decode, Clone)]
		pub struct SignedTransfer<AccountId> {
			/// What the payer promised.
			pub transfer: Transfer<AccountId>,
			/// The id of the payer's ring key that signed it.
			pub key_id: KeyId,
			/// The key's signature over the v1 transfer payload.
			pub signature: KeySignature,
		}

		/// A v1 first spend: only a recorded transfer or a signed one.
		#[derive(Encode, Decode, Clone)]
		pub enum FirstSpend<AccountId> {
			/// The spend the chain recorded.
			Recorded {
				/// Who received the coin.
				to: AccountId,
				/// When the chain recorded the transfer, in milliseconds since the Unix epoch.
				at: Moment,
				/// How the transfer came about.
				proof: TransferProof,
			},
			/// A signed transfer submitted as evidence.
			Signed(SignedTransfer<AccountId>),
		}

		/// A v1 fraud proof: never disputed.
		#[derive(Encode, Decode, Clone)]
		pub struct FraudProof<AccountId> {
			/// The first use of the (coin, seq).
			pub first: FirstSpend<AccountId>,
			/// The second, conflicting promise of the same (coin, seq), signed by the payer.
			pub second: SignedTransfer<AccountId>,
			/// When the proof reached the chain, in milliseconds since the Unix epoch.
			pub detected_at: Moment,
		}

		/// v1 kept a holder's active coins in one list (at most 256 in the Sigil runtime).
		#[frame_support::storage_alias]
		pub type CoinsOf<T: Config> =
			StorageMap<Pallet<T>, Blake2_128Concat, <T as frame_system::Config>::AccountId, Vec<CoinIdOf<T>>>;
	}

	fn proof(old: v1::TransferProof, at: Moment) -> TransferProof {
		match old {
			v1::TransferProof::OnLine => TransferProof::OnLine,
			v1::TransferProof::OffLine { key_id, signature, valid_until } => {
				TransferProof::OffLine { key_id, signature, valid_from: at, valid_until }
			}
		}
	}

	fn signed<AccountId>(old: v1::SignedTransfer<AccountId>) -> SignedTransfer<AccountId> {
		let v1::Transfer { coin, seq, payer, payee, valid_until } = old.transfer;
		SignedTransfer {
			transfer: Transfer { coin, seq, payer, payee, valid_from: 0, valid_until },
			key_id: old.key_id,
			signature: old.signature,
		}
	}

	/// The migration itself; use [`MigrateV1ToV2`], which runs it only on a chain at version 1.
	pub struct InnerMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for InnerMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = T::Time::now();
			let mut reads: u64 = 1;
			let mut writes: u64 = 0;

			let held: Vec<_> = v1::CoinsOf::<T>::iter().collect();
			let _ = v1::CoinsOf::<T>::clear(u32::MAX, None);
			for (holder, coins) in held {
				// Read, then removed by `clear`.
				reads.saturating_inc();
				writes.saturating_inc();
				for coin in coins {
					CoinsOf::<T>::insert(&holder, coin, ());
					writes.saturating_inc();
				}
			}

			let mut active_value: alloc::collections::BTreeMap<T::AccountId, BalanceOf<T>> = Default::default();
			let mut finished = Vec::new();
			Coins::<T>::translate::<v1::CoinRecord<T::AccountId, BalanceOf<T>>, _>(|broker, serial, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				let status = match old.status {
					v1::CoinStatus::Active => {
						let value = active_value.entry(broker.clone()).or_insert_with(Zero::zero);
						*value = value.saturating_add(old.value);
						CoinStatus::Active
					}
					v1::CoinStatus::Reissued { into } => {
						finished.push(CoinId { broker: broker.clone(), serial });
						CoinStatus::Reissued { into, at: now }
					}
					v1::CoinStatus::Redeemed { at } => {
						finished.push(CoinId { broker: broker.clone(), serial });
						CoinStatus::Redeemed { at }
					}
				};
				Some(CoinRecord {
					owner: old.owner,
					holder: old.holder,
					backer: old.backer,
					value: old.value,
					expiry: old.expiry,
					seq: old.seq,
					status,
					previous: old.previous,
					issued_at: old.issued_at,
					double_spends: 0,
				})
			});
			for coin in finished {
				Pallet::<T>::queue_retirement(coin, now);
				reads.saturating_inc();
				writes = writes.saturating_add(2);
			}

			Brokers::<T>::translate::<v1::BrokerRecord<BalanceOf<T>>, _>(|broker, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				Some(BrokerRecord {
					terms: old.terms,
					suspended: old.suspended,
					next_serial: old.next_serial,
					outstanding: old.outstanding,
					outstanding_value: active_value.get(&broker).copied().unwrap_or_else(Zero::zero),
				})
			});

			Transfers::<T>::translate::<v1::TransferRecord<T::AccountId>, _>(|_, _, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				Some(TransferRecord { from: old.from, to: old.to, at: old.at, proof: proof(old.proof, old.at) })
			});

			FraudProofs::<T>::translate::<Vec<v1::FraudProof<T::AccountId>>, _>(|_, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				let proofs: Vec<_> = old
					.into_iter()
					.map(|old| FraudProof {
						first: match old.first {
							v1::FirstSpend::Recorded { to, at, proof: recorded } => {
								FirstSpend::Recorded { to, at, proof: proof(recorded, at) }
							}
							v1::FirstSpend::Signed(first) => FirstSpend::Signed(signed(first)),
						},
						second: signed(old.second),
						detected_at: old.detected_at,
						disputed: false,
					})
					.collect();
				Some(BoundedVec::truncate_from(proofs))
			});

			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let coins = Coins::<T>::iter_keys().count() as u64;
			let held = v1::CoinsOf::<T>::iter_values().map(|coins| coins.len() as u64).sum::<u64>();
			Ok((coins, held).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let (coins, held) = <(u64, u64)>::decode(&mut &state[..])
				.map_err(|_| sp_runtime::TryRuntimeError::Other("pre-upgrade state"))?;
			ensure!(
				Coins::<T>::iter().count() as u64 == coins,
				sp_runtime::TryRuntimeError::Other("coins lost in the migration")
			);
			ensure!(
				CoinsOf::<T>::iter_keys().count() as u64 == held,
				sp_runtime::TryRuntimeError::Other("held coins lost in the migration")
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// Runs [`InnerMigrateV1ToV2`] on a chain whose micropay storage is at version 1, and sets it to 2.
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, InnerMigrateV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
