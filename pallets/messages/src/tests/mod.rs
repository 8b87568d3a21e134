//! Unit tests, split by feature. Every test ends with the pallet's `try_state` invariants checked.

mod advance;
mod clear;
mod migrations;
mod send;
mod verdict;

use crate as pallet_messages;
use codec::Encode;
use core::cell::RefCell;
use frame_support::{assert_ok, derive_impl, parameter_types, traits::ConstU32};
use sigil_primitives::{KeySignature, MessagePayload, TrustOracle, TrustSummary, Validity};
use sp_core::{ed25519, Pair};

pub type AccountId = u64;
pub type Balance = u128;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
/// Has an identity but too little left for a message deposit.
pub const POOR: AccountId = 4;
pub const MAX_BODY: u32 = 64;
pub const DEPOSIT_BASE: Balance = 10;
pub const DEPOSIT_PER_BYTE: Balance = 1;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		KeyRing: pallet_key_ring,
		Messages: pallet_messages,
	}
);

pallet_key_ring_testing::key_ring_neighbours!(Test, AccountId, Balance);

parameter_types! {
	pub const DepositBase: Balance = DEPOSIT_BASE;
	pub const DepositPerByte: Balance = DEPOSIT_PER_BYTE;
}

thread_local! {
	/// `None`: the runtime has no owner trust. Otherwise the (reader, sender) pairs in which the reader trusts.
	static TRUSTED: RefCell<Option<Vec<(AccountId, AccountId)>>> = const { RefCell::new(Some(Vec::new())) };
	/// How many trust searches the pallet asked for: each stands for a graph search that may take a third of a
	/// second in the runtime.
	static SEARCHES: RefCell<u32> = const { RefCell::new(0) };
}

/// Owner trust as tests set it.
pub struct MockTrust;

impl MockTrust {
	pub fn trust(reader: AccountId, sender: AccountId) {
		TRUSTED.with(|trusted| trusted.borrow_mut().get_or_insert_with(Vec::new).push((reader, sender)));
	}
	pub fn absent() {
		TRUSTED.with(|trusted| *trusted.borrow_mut() = None);
	}
	/// The trust searches asked for since the last call, and starts counting again.
	pub fn take_searches() -> u32 {
		SEARCHES.with(|searches| core::mem::take(&mut *searches.borrow_mut()))
	}
}

impl TrustOracle<AccountId> for MockTrust {
	fn trust(reader: &AccountId, sender: &AccountId) -> Option<TrustSummary> {
		SEARCHES.with(|searches| *searches.borrow_mut() += 1);
		TRUSTED.with(|trusted| {
			trusted.borrow().as_ref().map(|pairs| {
				let validity = if reader == sender {
					Validity::Ultimate
				} else if pairs.contains(&(*reader, *sender)) {
					Validity::Full
				} else {
					Validity::Unknown
				};
				let amount = if validity.is_trusted() { 120 } else { 0 };
				TrustSummary { validity, amount, complete: true }
			})
		})
	}
}

impl pallet_messages::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	type Trust = MockTrust;
	type Time = Timestamp;
	type MaxBodyLength = ConstU32<MAX_BODY>;
	type DepositBase = DepositBase;
	type DepositPerByte = DepositPerByte;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	TRUSTED.with(|trusted| *trusted.borrow_mut() = Some(Vec::new()));
	SEARCHES.with(|searches| *searches.borrow_mut() = 0);
	pallet_key_ring_testing::new_test_ext::<Test>(vec![
		(ALICE, 10_000),
		(BOB, 10_000),
		(CHARLIE, 10_000),
		(POOR, pallet_key_ring_testing::identity_and_key_deposits::<Test>() + 5),
		// Further senders, registered by the tests that need many.
		(5, 10_000),
		(6, 10_000),
		(7, 10_000),
		(8, 10_000),
	])
	.expect("the mock genesis builds")
}

/// Runs `test` on a fresh chain where Alice, Bob, Charlie and Poor are registered, and checks the invariants.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		[ALICE, BOB, CHARLIE, POOR].into_iter().for_each(register);
		test();
		Messages::do_try_state().expect("invariants hold");
	});
}

/// `pair`'s signature over the message payload for (`from`, `to`, `body`, `counter`).
pub fn sign(pair: &ed25519::Pair, from: AccountId, to: AccountId, body: &[u8], counter: u64) -> KeySignature {
	let payload = MessagePayload::new(Messages::genesis_hash(), from, to, body, counter);
	KeySignature::Ed25519(pair.sign(&payload.encode()))
}

/// A message's name: its sender and the sender's counter.
pub type MessageId = (AccountId, u64);

/// Tries to send `body` from `from` to `to`, signed by `pair` over the sender's current counter.
pub fn try_send(
	from: AccountId,
	to: AccountId,
	body: &[u8],
	pair: &ed25519::Pair,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	let signature = sign(pair, from, to, body, crate::Senders::<Test>::get(from).sent);
	Messages::send(RuntimeOrigin::signed(from), to, body.to_vec(), key_id(pair), Box::new(signature))
}

/// Sends and returns the new message's name.
pub fn send(from: AccountId, to: AccountId, body: &[u8], pair: &ed25519::Pair) -> MessageId {
	let counter = crate::Senders::<Test>::get(from).sent;
	assert_ok!(try_send(from, to, body, pair));
	(from, counter)
}

/// The message `id` as `reader` (its recipient if `None`) sees it.
pub fn message(
	id: MessageId,
	reader: Option<&AccountId>,
) -> Option<pallet_messages_runtime_api::MessageView<AccountId>> {
	Messages::api_message(&id.0, id.1, reader)
}

/// The recipient clears the message `id`.
pub fn clear(recipient: AccountId, id: MessageId) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Messages::clear(RuntimeOrigin::signed(recipient), id.0, id.1)
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::total_balance_on_hold(&who)
}
