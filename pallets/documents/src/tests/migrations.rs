//! The storage migration from version 1 (one agreement list and one attestation count per document).

use super::*;
use crate::{
	migrations::v2::{v1, MigrateV1ToV2},
	AgreementStatus, Agreements, DocumentAgreements, Pallet,
};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn version_1_lists_move_to_their_creators_and_expired_agreements_leave_them() {
	run(|| {
		// Three agreements over doc(1) by Alice and Bob; Alice's second expires.
		let alice_first = create(doc(1), &[BOB], 50);
		let alice_expiring = create(doc(1), &[BOB], 6);
		let bob = crate::NextAgreementId::<Test>::get();
		assert_ok!(Documents::create_agreement(RuntimeOrigin::signed(BOB), doc(1), vec![ALICE], 10));
		run_to_block(7);
		assert_eq!(
			Agreements::<Test>::get(alice_expiring).map(|a| a.status),
			Some(AgreementStatus::Expired { block: 7 })
		);
		// Rewrite the state as version 1 kept it.
		let _ = DocumentAgreements::<Test>::clear(u32::MAX, None);
		v1::AgreementsOf::<Test>::insert(doc(1), vec![alice_first, alice_expiring, bob]);
		v1::AttestationCount::<Test>::insert(doc(1), 2);
		StorageVersion::new(1).put::<Pallet<Test>>();

		MigrateV1ToV2::<Test>::on_runtime_upgrade();

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 2);
		assert_eq!(DocumentAgreements::<Test>::get(doc(1), ALICE).into_inner(), vec![alice_first]);
		assert_eq!(DocumentAgreements::<Test>::get(doc(1), BOB).into_inner(), vec![bob]);
		assert!(v1::AgreementsOf::<Test>::iter_keys().next().is_none());
		assert!(!v1::AttestationCount::<Test>::contains_key(doc(1)));
		// The expired agreement's record stays.
		assert!(Agreements::<Test>::contains_key(alice_expiring));

		// Run again at version 2, it does nothing.
		v1::AgreementsOf::<Test>::insert(doc(2), vec![bob]);
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert!(v1::AgreementsOf::<Test>::contains_key(doc(2)));
		v1::AgreementsOf::<Test>::remove(doc(2));
	});
}
