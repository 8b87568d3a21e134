use super::*;
use crate::{Error, Event, Validators};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

#[test]
fn genesis_sets_validators_and_session_length() {
	test(|| {
		assert_eq!(Validators::<Test>::get().to_vec(), GENESIS_VALIDATORS.to_vec());
		assert_eq!(current_validators(), GENESIS_VALIDATORS.to_vec());
		assert_eq!(crate::SessionLength::<Test>::get(), SESSION);
		assert_eq!(crate::MinValidators::<Test>::get(), MIN_VALIDATORS);
	});
}

#[test]
#[should_panic(expected = "at least one block")]
fn genesis_refuses_a_zero_session_length() {
	genesis(Some(0));
}

#[test]
fn default_session_length_applies_without_a_genesis_value() {
	genesis(None).execute_with(|| assert_eq!(crate::SessionLength::<Test>::get(), 100));
}

#[test]
#[should_panic(expected = "fewer genesis validators than the minimum")]
fn genesis_refuses_fewer_validators_than_the_minimum() {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().expect("genesis builds");
	pallet_consortium::GenesisConfig::<Test> { validators: vec![1], min_validators: Some(2), ..Default::default() }
		.assimilate_storage(&mut storage)
		.expect("refused before this");
}

#[test]
fn added_validator_is_queued_at_the_next_boundary_and_authors_from_the_one_after() {
	test(|| {
		assert_ok!(Consortium::add_validator(RuntimeOrigin::root(), CANDIDATE));
		System::assert_last_event(RuntimeEvent::Consortium(Event::ValidatorAdded { validator: CANDIDATE }));
		assert_eq!(Validators::<Test>::get().to_vec(), vec![1, 2, 3, 4, CANDIDATE]);

		run_to_block(SESSION);
		assert_eq!(pallet_session::CurrentIndex::<Test>::get(), 1);
		assert_eq!(current_validators(), GENESIS_VALIDATORS.to_vec());
		System::assert_has_event(RuntimeEvent::Consortium(Event::ValidatorSetQueued {
			session: 2,
			validators: vec![1, 2, 3, 4, CANDIDATE],
		}));

		run_to_block(2 * SESSION);
		assert_eq!(current_validators(), vec![1, 2, 3, 4, CANDIDATE]);

		// Nothing changed since: the next boundary queues nothing new.
		System::reset_events();
		run_to_block(3 * SESSION);
		assert!(consortium_events().is_empty());
	});
}

#[test]
fn removed_validator_leaves_after_two_boundaries() {
	test(|| {
		assert_ok!(Consortium::remove_validator(RuntimeOrigin::root(), 4));
		System::assert_last_event(RuntimeEvent::Consortium(Event::ValidatorRemoved { validator: 4 }));
		run_to_block(SESSION);
		assert_eq!(current_validators(), GENESIS_VALIDATORS.to_vec());
		run_to_block(2 * SESSION);
		assert_eq!(current_validators(), vec![1, 2, 3]);
	});
}

#[test]
fn add_validator_errors() {
	test(|| {
		assert_noop!(Consortium::add_validator(RuntimeOrigin::signed(1), CANDIDATE), DispatchError::BadOrigin);
		assert_noop!(Consortium::add_validator(RuntimeOrigin::root(), 1), Error::<Test>::AlreadyValidator);
		assert_noop!(Consortium::add_validator(RuntimeOrigin::root(), STRANGER), Error::<Test>::NoSessionKeys);

		assert_ok!(Consortium::add_validator(RuntimeOrigin::root(), CANDIDATE));
		// The set is full at MAX_VALIDATORS.
		let extra = 30;
		pallet_session::NextKeys::<Test>::insert(extra, UintAuthorityId(extra));
		assert_noop!(Consortium::add_validator(RuntimeOrigin::root(), extra), Error::<Test>::TooManyValidators);
	});
}

#[test]
fn remove_validator_errors() {
	test(|| {
		assert_noop!(Consortium::remove_validator(RuntimeOrigin::signed(1), 4), DispatchError::BadOrigin);
		assert_noop!(Consortium::remove_validator(RuntimeOrigin::root(), CANDIDATE), Error::<Test>::NotValidator);
		assert_ok!(Consortium::remove_validator(RuntimeOrigin::root(), 4));
		// Three is the minimum.
		assert_noop!(Consortium::remove_validator(RuntimeOrigin::root(), 3), Error::<Test>::TooFewValidators);
	});
}

/// Why the runtime filters `session.purge_keys`: pallet-session leaves a keyless validator out of the set it
/// queues, whatever this pallet decided.
#[test]
fn pallet_session_leaves_out_a_validator_without_keys() {
	test(|| {
		assert_ok!(Session::purge_keys(RuntimeOrigin::signed(4)));
		run_to_block(2 * SESSION);
		assert_eq!(Validators::<Test>::get().to_vec(), GENESIS_VALIDATORS.to_vec());
		assert_eq!(current_validators(), vec![1, 2, 3]);
	});
}
