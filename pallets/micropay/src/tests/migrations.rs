//! The v1 -> v2 storage migration, on storage written as v1 wrote it.

use super::*;
use crate::{
	migrations::v2::{v1, MigrateV1ToV2},
	Brokers, CoinStatus, Coins, FraudProofs, Pallet, RetirementQueue, TransferProof, Transfers,
};
use frame_support::{
	storage::unhashed,
	traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
};
use sigil_primitives::{FirstSpend, KeySignature};
use sp_core::ed25519;

#[test]
fn v1_state_becomes_v2_state() {
	run(|| {
		// Three coins as v2 writes them, then rewritten in the v1 layout.
		let active = buy(ALICE, 100);
		let spent = buy(BOB, 50);
		assert_ok!(Micropay::pay(RuntimeOrigin::signed(BOB), spent, CHARLIE));
		let redeemed = buy(DAVE, 10);
		assert_ok!(Micropay::redeem(RuntimeOrigin::signed(DAVE), redeemed));
		let key_id = key_of(ALICE);
		let signature = KeySignature::Ed25519(ed25519::Signature::from_raw([7; 64]));
		let offline = v1::TransferProof::OffLine { key_id, signature: signature.clone(), valid_until: START + 500 };

		let _ = crate::CoinsOf::<Test>::clear(u32::MAX, None);
		let _ = crate::RetirementQueue::<Test>::clear(u32::MAX, None);
		crate::RetirementQueueBounds::<Test>::kill();
		for (id, status) in [
			(&active, v1::CoinStatus::Active),
			(&spent, v1::CoinStatus::Active),
			(&redeemed, v1::CoinStatus::Redeemed { at: START }),
		] {
			let record = coin(id);
			let old = v1::CoinRecord {
				owner: record.owner,
				holder: record.holder,
				backer: record.backer,
				value: record.value,
				expiry: record.expiry,
				seq: record.seq,
				status,
				previous: record.previous,
				issued_at: record.issued_at,
			};
			unhashed::put(&Coins::<Test>::hashed_key_for(id.broker, id.serial), &old);
		}
		let broker = Brokers::<Test>::get(BROKER).expect("broker");
		let old_broker =
			v1::BrokerRecord { terms: broker.terms, suspended: false, next_serial: 3, outstanding: broker.outstanding };
		unhashed::put(&Brokers::<Test>::hashed_key_for(BROKER), &old_broker);
		let old_transfer = v1::TransferRecord { from: BOB, to: CHARLIE, at: START + 7, proof: offline.clone() };
		unhashed::put(&Transfers::<Test>::hashed_key_for(spent, 1), &old_transfer);
		v1::CoinsOf::<Test>::insert(ALICE, vec![active]);
		v1::CoinsOf::<Test>::insert(CHARLIE, vec![spent]);
		let old_signed = v1::SignedTransfer {
			transfer: v1::Transfer { coin: spent, seq: 1, payer: BOB, payee: DAVE, valid_until: START + 500 },
			key_id,
			signature,
		};
		let old_proof = v1::FraudProof {
			first: v1::FirstSpend::Recorded { to: CHARLIE, at: START + 7, proof: offline },
			second: old_signed,
			detected_at: START + 9,
		};
		unhashed::put(&FraudProofs::<Test>::hashed_key_for(BOB), &vec![old_proof]);
		StorageVersion::new(1).put::<Pallet<Test>>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 2);
		assert_eq!((coins_of(ALICE), coins_of(CHARLIE)), (vec![active], vec![spent]));
		assert_eq!(Brokers::<Test>::get(BROKER).map(|b| b.outstanding_value), Some(150));
		assert_eq!(coin(&redeemed).status, CoinStatus::Redeemed { at: START });
		assert_eq!(RetirementQueue::<Test>::get(0), Some((redeemed, START + RETENTION)));
		let transfer = Transfers::<Test>::get(spent, 1).expect("kept");
		assert!(matches!(transfer.proof, TransferProof::OffLine { valid_from, .. } if valid_from == START + 7));
		let proofs = FraudProofs::<Test>::get(BOB);
		assert!(matches!(&proofs[0].first, FirstSpend::Recorded { to, .. } if *to == CHARLIE));
		assert_eq!((proofs[0].second.transfer.valid_from, proofs[0].disputed), (0, false));

		// Run again, it does nothing: the chain is at version 2.
		let before = Coins::<Test>::iter().count();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Coins::<Test>::iter().count(), before);
	});
}
