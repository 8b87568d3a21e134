//! Unit tests, split by feature. Every test ends with the pallet's `try_state` invariants checked: among them,
//! that the backing held equals the value of the active coins.

mod bonds;
mod brokers;
mod claim;
mod double_spend;
mod issue;
mod migrations;
mod pay;
mod reissue_redeem;
mod retirement;

use crate as pallet_micropay;
use crate::BrokerTerms;
use codec::Encode;
use core::cell::RefCell;
use frame_support::{
	assert_ok, derive_impl,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
use sigil_primitives::{CoinId, FraudReporter, KeyPurpose, KeySignature, PublicKey, SignedTransfer, Transfer};
use sp_core::{ed25519, Pair, H256};

pub type AccountId = u64;
pub type Balance = u128;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const BROKER: AccountId = 10;
/// Registered, with a key, but little money.
pub const POOR: AccountId = 5;
pub const FEE: Balance = 5;
pub const VALIDITY: u64 = 1_000;
pub const MAX_VALUE: Balance = 500;
pub const MAX_TRANSFERS: u32 = 3;
pub const MAX_PROOFS: u32 = 2;
pub const MAX_PAYEES_PER_CONFLICT: u32 = 3;
/// A transfer's longest window; the tests' transfers are open for a minute.
pub const MAX_WINDOW: u64 = 100_000;
pub const RETENTION: u64 = 200_000;
pub const BOND_NOTICE: u64 = 200_000;
pub const FUNDS: Balance = 10_000;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Timestamp: pallet_timestamp,
		Balances: pallet_balances,
		KeyRing: pallet_key_ring,
		Micropay: pallet_micropay,
	}
);

pallet_key_ring_testing::key_ring_neighbours!(Test, AccountId, Balance);

thread_local! {
	static FRAUD: RefCell<Vec<(AccountId, H256)>> = const { RefCell::new(Vec::new()) };
}

/// Records fraud reports, as the owner-trust pallet would mark them.
pub struct MockFraud;

impl MockFraud {
	pub fn reports() -> Vec<(AccountId, H256)> {
		FRAUD.with(|reports| reports.borrow().clone())
	}
}

impl FraudReporter<AccountId> for MockFraud {
	fn report_fraud(offender: &AccountId, evidence: H256) {
		FRAUD.with(|reports| reports.borrow_mut().push((*offender, evidence)));
	}
}

impl pallet_micropay::Config for Test {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type KeyRing = KeyRing;
	type Fraud = MockFraud;
	type Time = Timestamp;
	type BrokerOrigin = EnsureRoot<AccountId>;
	type DisputeOrigin = EnsureRoot<AccountId>;
	type MaxTransfersPerCoin = ConstU32<MAX_TRANSFERS>;
	type MaxTransferWindow = ConstU64<MAX_WINDOW>;
	type Retention = ConstU64<RETENTION>;
	type BondNotice = ConstU64<BOND_NOTICE>;
	type MaxFraudProofs = ConstU32<MAX_PROOFS>;
	type MaxPayeesPerConflict = ConstU32<MAX_PAYEES_PER_CONFLICT>;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	FRAUD.with(|reports| reports.borrow_mut().clear());
	let mut balances: Vec<(AccountId, Balance)> = [ALICE, BOB, CHARLIE, DAVE, BROKER].map(|who| (who, FUNDS)).to_vec();
	balances.push((POOR, pallet_key_ring_testing::identity_and_key_deposits::<Test>() + 20));
	pallet_key_ring_testing::new_test_ext::<Test>(balances).expect("the mock genesis builds")
}

pub fn terms() -> BrokerTerms<Balance> {
	BrokerTerms { fee: FEE, validity: VALIDITY, max_value: MAX_VALUE }
}

/// Runs `test` on a fresh chain where Alice, Bob, Charlie, Dave and Poor have identities and signing keys (see
/// [`key`]) and `BROKER` is an approved broker; checks the invariants after.
pub fn run(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		for who in [ALICE, BOB, CHARLIE, DAVE, POOR] {
			register(who);
			add_key(who, who as u8, KeyPurpose::Signing, None);
		}
		assert_ok!(Micropay::approve_broker(RuntimeOrigin::root(), BROKER, terms()));
		test();
		Micropay::do_try_state().expect("invariants hold");
	});
}

/// The signing key `run` gave `who`.
pub fn key(who: AccountId) -> ed25519::Pair {
	ed25519::Pair::from_seed(&[who as u8; 32])
}

/// `who` buys a coin of `value` from `BROKER`.
pub fn buy(who: AccountId, value: Balance) -> CoinId<AccountId> {
	let serial = crate::Brokers::<Test>::get(BROKER).map(|b| b.next_serial).expect("broker");
	assert_ok!(Micropay::purchase(RuntimeOrigin::signed(who), BROKER, value));
	CoinId { broker: BROKER, serial }
}

/// A transfer signed with `signer`'s key (normally the payer's own), open from `START`.
pub fn signed_by(
	signer: &ed25519::Pair,
	coin: &CoinId<AccountId>,
	seq: u32,
	payer: AccountId,
	payee: AccountId,
	valid_until: u64,
) -> Box<SignedTransfer<AccountId>> {
	signed_window(signer, coin, seq, payer, payee, START, valid_until)
}

/// A transfer signed with `signer`'s key, open from `valid_from` to `valid_until`.
pub fn signed_window(
	signer: &ed25519::Pair,
	coin: &CoinId<AccountId>,
	seq: u32,
	payer: AccountId,
	payee: AccountId,
	valid_from: u64,
	valid_until: u64,
) -> Box<SignedTransfer<AccountId>> {
	let transfer = Transfer { coin: *coin, seq, payer, payee, valid_from, valid_until };
	let signature = KeySignature::Ed25519(signer.sign(&Micropay::transfer_payload(&transfer)));
	Box::new(SignedTransfer { transfer, key_id: PublicKey::Ed25519(signer.public()).key_id(), signature })
}

/// A transfer signed by the payer's key, valid for a minute.
pub fn signed(
	coin: &CoinId<AccountId>,
	seq: u32,
	payer: AccountId,
	payee: AccountId,
) -> Box<SignedTransfer<AccountId>> {
	signed_by(&key(payer), coin, seq, payer, payee, START + 60_000)
}

pub fn coin(id: &CoinId<AccountId>) -> crate::CoinOf<Test> {
	crate::Coins::<Test>::get(id.broker, id.serial).expect("coin exists")
}

pub fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&crate::HoldReason::CoinBacking.into(), &who)
}

pub fn bonded(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&crate::HoldReason::OfflineBond.into(), &who)
}

/// The coins `who` holds, in the map's order.
pub fn coins_of(who: AccountId) -> Vec<CoinId<AccountId>> {
	crate::CoinsOf::<Test>::iter_key_prefix(who).collect()
}

/// `who`'s signing key's id.
pub fn key_of(who: AccountId) -> sigil_primitives::KeyId {
	PublicKey::Ed25519(key(who).public()).key_id()
}

pub fn free(who: AccountId) -> Balance {
	use frame_support::traits::fungible::Inspect;
	Balances::balance(&who)
}
