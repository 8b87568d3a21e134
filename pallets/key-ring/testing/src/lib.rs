//! Helpers for the unit tests of pallets whose mock runtimes include the key ring (messages, documents, micropay).
//!
//! The mock runtime has `System`, `Timestamp`, `Balances` and `KeyRing` among its pallets, configures the key ring
//! with `#[derive_impl(pallet_key_ring::config_preludes::TestDefaultConfig)]` (giving only `Currency` and `Time`),
//! and uses `u64` accounts and milliseconds. These functions give it a chain to run on, identities and keys.

#![deny(missing_docs)]

use codec::Encode;
use frame_support::{assert_ok, traits::Get};
use frame_system::RawOrigin;
use sigil_primitives::{KeyId, KeyPossessionPayload, KeyPurpose, KeySignature, PublicKey};
use sp_core::{ed25519, Pair, H256};
use sp_runtime::{traits::Saturating, BuildStorage};

/// The mock chain's clock at genesis, in milliseconds.
pub const START: u64 = 1_000_000;

/// A chain at block 1 and time [`START`] with these balances, and a keystore (benchmarks sign with it); the error
/// is the genesis builder's (a balance below the existential deposit, say).
pub fn new_test_ext<T>(balances: Vec<(T::AccountId, T::Balance)>) -> Result<sp_io::TestExternalities, String>
where
	T: pallet_balances::Config + pallet_timestamp::Config<Moment = u64>,
{
	let mut storage = frame_system::GenesisConfig::<T>::default().build_storage()?;
	pallet_balances::GenesisConfig::<T> { balances, ..Default::default() }.assimilate_storage(&mut storage)?;
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.register_extension(sp_keystore::KeystoreExt::new(sp_keystore::testing::MemoryKeystore::new()));
	ext.execute_with(|| {
		frame_system::Pallet::<T>::set_block_number(1u32.into());
		pallet_timestamp::Pallet::<T>::set_timestamp(START);
	});
	Ok(ext)
}

/// What registering an identity and adding one key hold from an account.
pub fn identity_and_key_deposits<T: pallet_key_ring::Config>() -> pallet_key_ring::BalanceOf<T> {
	T::IdentityDeposit::get().saturating_add(T::KeyDeposit::get())
}

/// Registers `who` with a display name and an email hash of its own.
pub fn register<T: pallet_key_ring::Config<AccountId = u64>>(who: u64) {
	assert_ok!(pallet_key_ring::Pallet::<T>::register(
		RawOrigin::Signed(who).into(),
		b"someone".to_vec(),
		H256::repeat_byte(who as u8)
	));
}

/// Adds an ed25519 key made from `seed` to `who`'s ring, with its proof of possession, and returns it.
pub fn add_key<T: pallet_key_ring::Config<AccountId = u64>>(
	who: u64,
	seed: u8,
	purpose: KeyPurpose,
	expires_at: Option<u64>,
) -> ed25519::Pair {
	let pair = ed25519::Pair::from_seed(&[seed; 32]);
	let public = PublicKey::Ed25519(pair.public());
	let payload =
		KeyPossessionPayload::new(pallet_key_ring::Pallet::<T>::genesis_hash(), who, purpose, public.key_id());
	let proof = KeySignature::Ed25519(pair.sign(&payload.encode()));
	assert_ok!(pallet_key_ring::Pallet::<T>::add_key(
		RawOrigin::Signed(who).into(),
		public,
		purpose,
		expires_at,
		Box::new(proof)
	));
	pair
}

/// The id of `pair`'s key.
pub fn key_id(pair: &ed25519::Pair) -> KeyId {
	PublicKey::Ed25519(pair.public()).key_id()
}

/// The key ring and the pallets it needs (`System`, `Timestamp`, `Balances`, `KeyRing`) configured for the mock
/// runtime `$test` with `$account` accounts and `$balance` balances, each from its `TestDefaultConfig`; with
/// `register` and `add_key` for that runtime and [`key_id`] and [`START`] in scope. The mock declares the four pallets
/// in its `construct_runtime!` under those names and configures its own pallet.
#[macro_export]
macro_rules! key_ring_neighbours {
	($test:ident, $account:ty, $balance:ty) => {
		#[frame_support::derive_impl(frame_system::config_preludes::TestDefaultConfig)]
		impl frame_system::Config for $test {
			type Block = frame_system::mocking::MockBlock<$test>;
			type AccountId = $account;
			type Lookup = sp_runtime::traits::IdentityLookup<$account>;
			type AccountData = pallet_balances::AccountData<$balance>;
		}

		#[frame_support::derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
		impl pallet_timestamp::Config for $test {}

		#[frame_support::derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
		impl pallet_balances::Config for $test {
			type Balance = $balance;
			type AccountStore = System;
			type RuntimeHoldReason = RuntimeHoldReason;
		}

		#[frame_support::derive_impl(pallet_key_ring::config_preludes::TestDefaultConfig)]
		impl pallet_key_ring::Config for $test {
			type Currency = Balances;
			type Time = Timestamp;
		}

		pub use $crate::{key_id, START};

		/// Registers `who` with an identity of its own.
		pub fn register(who: $account) {
			$crate::register::<$test>(who)
		}

		/// Adds an ed25519 key made from `seed` to `who`'s ring, with its proof of possession, and returns it.
		pub fn add_key(
			who: $account,
			seed: u8,
			purpose: sigil_primitives::KeyPurpose,
			expires_at: Option<u64>,
		) -> sp_core::ed25519::Pair {
			$crate::add_key::<$test>(who, seed, purpose, expires_at)
		}
	};
}
