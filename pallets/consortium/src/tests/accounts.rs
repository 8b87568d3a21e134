use super::*;
use crate::{AdmissionsBy, AdmittedAccounts, Error, Event, RevokedByGovernance};
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
		System::assert_last_event(RuntimeEvent::Consortium(Event::AccountAdmitted { account: STRANGER }));
		assert_eq!(AdmittedAccounts::<Test>::get(STRANGER), Some(7));

		assert_ok!(Consortium::revoke_account(RuntimeOrigin::root(), STRANGER));
		System::assert_last_event(RuntimeEvent::Consortium(Event::AccountRevoked { account: STRANGER }));
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
		System::assert_last_event(RuntimeEvent::System(frame_system::Event::UpgradeAuthorized {
			code_hash,
			check_version: true,
		}));
	});
}

/// Not a member, validator or user: the accounts members admit in these tests.
const NEWCOMERS: [AccountId; 4] = [30, 31, 32, 33];

#[test]
fn a_member_admits_within_its_quota_and_the_chain_records_who() {
	test(|| {
		System::set_block_number(9);
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]));
		assert_eq!(
			consortium_events(),
			vec![
				Event::AccountAdmitted { account: NEWCOMERS[0] },
				Event::AccountAdmittedByMember { member: 1, account: NEWCOMERS[0], admitted: 1 }
			]
		);
		assert_eq!(AdmittedAccounts::<Test>::get(NEWCOMERS[0]), Some(9));
		assert_eq!(Consortium::admitted_by(&NEWCOMERS[0]), Some(1));
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[1]));
		assert_eq!(AdmissionsBy::<Test>::get(1), QUOTA);
		// The quota is per member: 1 is full, 2 is not.
		assert_noop!(
			Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[2]),
			Error::<Test>::AdmissionQuotaReached
		);
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(2), NEWCOMERS[2]));
		assert_eq!(AdmittedAccounts::<Test>::count(), 8);
	});
}

#[test]
fn member_admission_errors() {
	test(|| {
		assert_noop!(
			Consortium::admit_as_member(RuntimeOrigin::signed(STRANGER), NEWCOMERS[0]),
			Error::<Test>::NotMember
		);
		assert_noop!(Consortium::admit_as_member(RuntimeOrigin::root(), NEWCOMERS[0]), DispatchError::BadOrigin);
		assert_noop!(Consortium::admit_as_member(RuntimeOrigin::signed(1), USER), Error::<Test>::AlreadyAdmitted);
		// A member that stopped being one admits nobody more.
		MemberList::set(vec![2, 3, 4]);
		assert_noop!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]), Error::<Test>::NotMember);
	});
}

#[test]
fn a_member_revokes_only_whom_it_admitted_and_the_quota_frees_up() {
	test(|| {
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]));
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(2), NEWCOMERS[1]));
		// Not 1's to revoke: admitted by 2, or by governance.
		assert_noop!(
			Consortium::revoke_as_member(RuntimeOrigin::signed(1), NEWCOMERS[1]),
			Error::<Test>::NotAdmittedByYou
		);
		assert_noop!(Consortium::revoke_as_member(RuntimeOrigin::signed(1), USER), Error::<Test>::NotAdmittedByYou);
		assert_noop!(
			Consortium::revoke_as_member(RuntimeOrigin::signed(STRANGER), NEWCOMERS[0]),
			Error::<Test>::NotMember
		);
		assert_noop!(Consortium::revoke_as_member(RuntimeOrigin::root(), NEWCOMERS[0]), DispatchError::BadOrigin);

		assert_ok!(Consortium::revoke_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]));
		System::assert_last_event(RuntimeEvent::Consortium(Event::AccountRevokedByMember {
			member: 1,
			account: NEWCOMERS[0],
			admitter: 1,
		}));
		assert!(!Consortium::is_admitted(&NEWCOMERS[0]));
		assert_eq!(Consortium::admitted_by(&NEWCOMERS[0]), None);
		assert!(!AdmissionsBy::<Test>::contains_key(1));
		assert_noop!(
			Consortium::revoke_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]),
			Error::<Test>::NotAdmittedByYou
		);

		// Governance can still revoke anyone, and the admitting member's count follows.
		assert_ok!(Consortium::revoke_account(RuntimeOrigin::root(), NEWCOMERS[1]));
		assert!(!AdmissionsBy::<Test>::contains_key(2));
		assert_eq!(Consortium::admitted_by(&NEWCOMERS[1]), None);
	});
}

#[test]
fn a_member_cannot_revoke_an_account_that_became_a_member_or_validator() {
	test(|| {
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]));
		MemberList::set(vec![1, 2, 3, 4, NEWCOMERS[0]]);
		assert_noop!(Consortium::revoke_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]), Error::<Test>::AccountInUse);
		// A validator's account: CANDIDATE has session keys; a member admits it and governance adds it.
		MemberList::set(vec![1, 2, 3, 4]);
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(2), CANDIDATE));
		assert_ok!(Consortium::add_validator(RuntimeOrigin::root(), CANDIDATE));
		assert_noop!(Consortium::revoke_as_member(RuntimeOrigin::signed(2), CANDIDATE), Error::<Test>::AccountInUse);
	});
}

#[test]
fn a_former_members_admissions_can_be_revoked_by_any_member() {
	test(|| {
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]));
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[1]));
		// While 1 is a member, its users are its own to revoke.
		assert_noop!(
			Consortium::revoke_as_member(RuntimeOrigin::signed(2), NEWCOMERS[0]),
			Error::<Test>::NotAdmittedByYou
		);
		// 1 leaves the consortium: any member may revoke what it admitted, and 1's count follows.
		MemberList::set(vec![2, 3, 4]);
		assert_ok!(Consortium::revoke_as_member(RuntimeOrigin::signed(2), NEWCOMERS[0]));
		System::assert_last_event(RuntimeEvent::Consortium(Event::AccountRevokedByMember {
			member: 2,
			account: NEWCOMERS[0],
			admitter: 1,
		}));
		assert_eq!(AdmissionsBy::<Test>::get(1), 1);
		assert_eq!(AdmissionsBy::<Test>::get(2), 0);
		// Governance, too.
		assert_ok!(Consortium::revoke_account(RuntimeOrigin::root(), NEWCOMERS[1]));
		assert!(!AdmissionsBy::<Test>::contains_key(1));
	});
}

#[test]
fn an_account_governance_revoked_is_governances_to_admit_again() {
	test(|| {
		System::set_block_number(4);
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]));
		assert_ok!(Consortium::revoke_account(RuntimeOrigin::root(), NEWCOMERS[0]));
		assert_eq!(RevokedByGovernance::<Test>::get(NEWCOMERS[0]), Some(4));
		assert_noop!(
			Consortium::admit_as_member(RuntimeOrigin::signed(2), NEWCOMERS[0]),
			Error::<Test>::RevokedByGovernance
		);
		assert_ok!(Consortium::admit_account(RuntimeOrigin::root(), NEWCOMERS[0]));
		assert_eq!(RevokedByGovernance::<Test>::get(NEWCOMERS[0]), None);
		// Governance's admission is not a member's to revoke.
		assert_noop!(
			Consortium::revoke_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]),
			Error::<Test>::NotAdmittedByYou
		);
	});
}

#[test]
fn governance_sets_the_quota() {
	test(|| {
		assert_noop!(Consortium::set_admission_quota(RuntimeOrigin::signed(1), 1), DispatchError::BadOrigin);
		assert_noop!(
			Consortium::set_admission_quota(RuntimeOrigin::root(), MAX_QUOTA + 1),
			Error::<Test>::QuotaTooHigh
		);
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]));
		assert_ok!(Consortium::set_admission_quota(RuntimeOrigin::root(), MAX_QUOTA));
		System::assert_last_event(RuntimeEvent::Consortium(Event::AdmissionQuotaSet { quota: MAX_QUOTA }));
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[1]));
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[2]));
		// Lowering it revokes nobody; the member admits no more until it is below.
		assert_ok!(Consortium::set_admission_quota(RuntimeOrigin::root(), 1));
		assert!(Consortium::is_admitted(&NEWCOMERS[2]));
		assert_noop!(
			Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[3]),
			Error::<Test>::AdmissionQuotaReached
		);
		assert_ok!(Consortium::set_admission_quota(RuntimeOrigin::root(), 0));
		assert_noop!(
			Consortium::admit_as_member(RuntimeOrigin::signed(2), NEWCOMERS[3]),
			Error::<Test>::AdmissionQuotaReached
		);
	});
}

#[test]
fn try_state_catches_a_wrong_admission_count() {
	test(|| {
		assert_ok!(Consortium::admit_as_member(RuntimeOrigin::signed(1), NEWCOMERS[0]));
		AdmissionsBy::<Test>::insert(1, 2);
		assert!(Consortium::do_try_state().is_err());
		AdmissionsBy::<Test>::insert(1, 1);
	});
}
