//! The storage migration from version 1 (released hashes kept reserved) to version 2 (held hashes, verified or not).

use super::*;
use crate::{
	migrations::v2::{v1, EmailClaimV1, MigrateV1ToV2},
	EmailHashOwners, Pallet,
};
use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn v1_to_v2_keeps_the_hashes_in_use_and_drops_the_released_ones() {
	run(|| {
		// Version 1 state: Alice uses hash 1 and let go of hash 2 by `update`; Bob forgot his identity (hash 3).
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 3);
		frame_support::assert_ok!(KeyRing::forget(RuntimeOrigin::signed(BOB)));
		StorageVersion::new(1).put::<Pallet<Test>>();
		let _ = EmailHashOwners::<Test>::clear(u32::MAX, None);
		v1::EmailHashOwners::<Test>::insert(email(1), EmailClaimV1 { account: ALICE, free_from: None });
		v1::EmailHashOwners::<Test>::insert(email(2), EmailClaimV1 { account: ALICE, free_from: Some(11) });
		v1::EmailHashOwners::<Test>::insert(email(3), EmailClaimV1 { account: BOB, free_from: Some(11) });

		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(holder(1), Some((ALICE, None)));
		assert_eq!(EmailHashOwners::<Test>::iter().count(), 1);

		// Run again, it does nothing: the version guards it.
		v1::EmailHashOwners::<Test>::insert(email(4), EmailClaimV1 { account: ALICE, free_from: Some(11) });
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert!(EmailHashOwners::<Test>::contains_key(email(4)));
		v1::EmailHashOwners::<Test>::remove(email(4));
	});
}
