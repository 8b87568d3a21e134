use super::*;
use crate::{AdmittedAccounts, Error, Event};
use frame_support::{assert_noop, assert_ok};
use sp_core::H256;
use sp_runtime::DispatchError;

#[test]
fn genesis_admits_the_initial_accounts() {
	test(|| {
		for who in [1, 2, 3, 4, USER] {
			assert_eq!(AdmittedAccounts::<Test>::get(who), Some(0));
		}
		assert!(!Consortium::is_admitted(&STRANGER));
		assert_eq!(AdmittedAccounts::<Test>::count(), 5);
	});
}

#[test]
fn admit_and_revoke() {
	test(|| {
		System::set_block_number(7);
		assert_ok!(Consortium::admit_account(RuntimeOrigin::root(), STRANGER));
		assert_eq!(last_event(), RuntimeEvent::Consortium(Event::AccountAdmitted { account: STRANGER }));
		assert_eq!(AdmittedAccounts::<Test>::get(STRANGER), Some(7));

		assert_ok!(Consortium::revoke_account(RuntimeOrigin::root(), STRANGER));
		assert_eq!(last_event(), RuntimeEvent::Consortium(Event::AccountRevoked { account: STRANGER }));
		assert!(!Consortium::is_admitted(&STRANGER));
		assert_eq!(AdmittedAccounts::<Test>::count(), 5);
	});
}

#[test]
fn admit_errors() {
	test(|| {
		assert_noop!(Consortium::admit_account(RuntimeOrigin::signed(1), STRANGER), DispatchError::BadOrigin);
		assert_noop!(Consortium::admit_account(RuntimeOrigin::root(), USER), Error::<Test>::AlreadyAdmitted);
	});
}

#[test]
fn revoke_errors() {
	test(|| {
		assert_noop!(Consortium::revoke_account(RuntimeOrigin::signed(1), USER), DispatchError::BadOrigin);
		assert_noop!(Consortium::revoke_account(RuntimeOrigin::root(), STRANGER), Error::<Test>::NotAdmitted);
		// A validator's account.
		assert_noop!(Consortium::revoke_account(RuntimeOrigin::root(), 1), Error::<Test>::AccountInUse);
		// A member that is not a validator.
		assert_ok!(Consortium::admit_account(RuntimeOrigin::root(), STRANGER));
		MemberList::set(vec![STRANGER]);
		assert_noop!(Consortium::revoke_account(RuntimeOrigin::root(), STRANGER), Error::<Test>::AccountInUse);
		// No longer a member: revocable.
		MemberList::set(vec![]);
		assert_ok!(Consortium::revoke_account(RuntimeOrigin::root(), STRANGER));
	});
}

#[test]
fn authorize_upgrade_needs_governance_and_records_the_hash() {
	test(|| {
		let code_hash = H256::repeat_byte(7);
		assert_noop!(Consortium::authorize_upgrade(RuntimeOrigin::signed(1), code_hash), DispatchError::BadOrigin);
		assert_ok!(Consortium::authorize_upgrade(RuntimeOrigin::root(), code_hash));
		let authorized = frame_system::Pallet::<Test>::authorized_upgrade().expect("authorized");
		assert_eq!(authorized.code_hash(), &code_hash);
		assert_eq!(
			last_event(),
			RuntimeEvent::System(frame_system::Event::UpgradeAuthorized { code_hash, check_version: true })
		);
	});
}
