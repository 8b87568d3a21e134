//! Revoking keys: status, history, deposits.

use super::*;
use crate::{Error, Event, Keys};
use frame_support::{assert_noop, assert_ok};
use sigil_primitives::RevocationReason;

#[test]
fn revoke_keeps_the_key_readable_and_returns_its_deposit() {
	run(|| {
		register(ALICE, "Alice", 1);
		let pair = TestPair::ed(1);
		add_key(ALICE, &pair, KeyPurpose::Signing, None);
		let id = pair.public().key_id();
		Timestamp::set_timestamp(START + 60_000);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), id, RevocationReason::Superseded));
		System::assert_last_event(
			Event::KeyRevoked {
				who: ALICE,
				key_id: id,
				reason: RevocationReason::Superseded,
				revoked_at: START + 60_000,
			}
			.into(),
		);
		let key = Keys::<Test>::get(id).expect("kept as history");
		assert_eq!(key.lifetime.revoked, Some((START + 60_000, RevocationReason::Superseded)));
		assert_eq!(key.deposit, 0);
		assert_eq!(held(ALICE), IDENTITY_DEPOSIT);
		assert_eq!(KeyRing::identity(&ALICE).expect("registered").live_keys, 0);
		assert_eq!(KeyRing::keys_of(&ALICE).len(), 1);
		// A revoked key can never come back, to this ring or another.
		assert_noop!(try_add_own_key(ALICE, &pair, KeyPurpose::Signing, None), Error::<Test>::KeyAlreadyRegistered);
	});
}

#[test]
fn revoke_errors() {
	run(|| {
		register(ALICE, "Alice", 1);
		register(BOB, "Bob", 2);
		let pair = TestPair::sr(1);
		add_key(ALICE, &pair, KeyPurpose::Signing, None);
		let id = pair.public().key_id();
		assert_noop!(
			KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), sp_core::H256::zero(), RevocationReason::Retired),
			Error::<Test>::UnknownKey
		);
		assert_noop!(
			KeyRing::revoke_key(RuntimeOrigin::signed(BOB), id, RevocationReason::Retired),
			Error::<Test>::NotKeyOwner
		);
		assert_ok!(KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), id, RevocationReason::Retired));
		assert_noop!(
			KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), id, RevocationReason::Compromised),
			Error::<Test>::AlreadyRevoked
		);
	});
}

#[test]
fn a_forgotten_identity_cannot_revoke() {
	run(|| {
		register(ALICE, "Alice", 1);
		let pair = TestPair::sr(1);
		add_key(ALICE, &pair, KeyPurpose::Signing, None);
		assert_ok!(KeyRing::forget(RuntimeOrigin::signed(ALICE)));
		// Forget revoked the key already.
		assert_noop!(
			KeyRing::revoke_key(RuntimeOrigin::signed(ALICE), pair.public().key_id(), RevocationReason::Retired),
			Error::<Test>::AlreadyRevoked
		);
	});
}
