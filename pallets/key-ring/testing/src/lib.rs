//! The key ring in the mock runtimes of pallets that build on it (messages, documents, micropay): one macro that
//! configures `frame_system`, `pallet_timestamp`, `pallet_balances` and `pallet_key_ring` for a mock runtime and
//! adds the helpers every such test needs.
//!
//! The caller declares its runtime with `construct_runtime!` (with `System`, `Timestamp`, `Balances` and
//! `KeyRing` among its pallets), has those crates plus `sp-keystore`, `sp-io`, `sp-core`, `codec` and
//! `sigil-primitives` as dev-dependencies, and writes `pallet_key_ring_testing::key_ring_mock!(Test);`.

/// Configures the key ring's pallets for the mock runtime `$runtime` and defines, in the calling module:
/// `AccountId` (u64), `Balance` (u128), `IDENTITY_DEPOSIT`, `KEY_DEPOSIT`, `START` (the clock at genesis, in
/// milliseconds), `key_ring_test_ext(balances)` (genesis with those balances, a keystore for benchmarks, block 1
/// at `START`), `register(who)`, `add_key(who, seed, purpose, expires_at)` and `key_id(pair)`.
#[macro_export]
macro_rules! key_ring_mock {
	($runtime:ident) => {
		pub type AccountId = u64;
		pub type Balance = u128;

		pub const IDENTITY_DEPOSIT: Balance = 100;
		pub const KEY_DEPOSIT: Balance = 10;
		/// The mock chain's clock at genesis, in milliseconds.
		pub const START: u64 = 1_000_000;

		// Each `derive_impl` in a module of its own: the attribute defines helper items that would clash within one
		// macro expansion.
		mod key_ring_mock_system {
			use super::*;
			use frame_support::derive_impl;
			#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
			impl frame_system::Config for $runtime {
				type Block = frame_system::mocking::MockBlock<$runtime>;
				type AccountId = AccountId;
				type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
				type AccountData = pallet_balances::AccountData<Balance>;
			}
		}

		mod key_ring_mock_timestamp {
			use super::*;
			use frame_support::derive_impl;
			#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
			impl pallet_timestamp::Config for $runtime {}
		}

		mod key_ring_mock_balances {
			use super::*;
			use frame_support::derive_impl;
			#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
			impl pallet_balances::Config for $runtime {
				type Balance = Balance;
				type AccountStore = System;
				type RuntimeHoldReason = RuntimeHoldReason;
			}
		}

		frame_support::parameter_types! {
			pub const KeyRingIdentityDeposit: Balance = IDENTITY_DEPOSIT;
			pub const KeyRingKeyDeposit: Balance = KEY_DEPOSIT;
		}

		impl pallet_key_ring::Config for $runtime {
			type Currency = Balances;
			type RuntimeHoldReason = RuntimeHoldReason;
			type Time = Timestamp;
			type IdentityDeposit = KeyRingIdentityDeposit;
			type KeyDeposit = KeyRingKeyDeposit;
			type MaxDisplayNameLength = frame_support::traits::ConstU32<16>;
			type MaxLiveKeys = frame_support::traits::ConstU32<4>;
			type MaxKeyHistory = frame_support::traits::ConstU32<8>;
			// Any signed account may verify email hashes: the pallets built on the ring do not look at them.
			type EmailVerifierOrigin = frame_system::EnsureSigned<AccountId>;
			type WeightInfo = ();
		}

		/// A chain at block 1 and time `START` with these balances, and a keystore (benchmarks sign with it).
		pub fn key_ring_test_ext(balances: Vec<(AccountId, Balance)>) -> sp_io::TestExternalities {
			use sp_runtime::BuildStorage;
			let mut storage =
				frame_system::GenesisConfig::<$runtime>::default().build_storage().expect("genesis builds");
			pallet_balances::GenesisConfig::<$runtime> { balances, ..Default::default() }
				.assimilate_storage(&mut storage)
				.expect("balances genesis builds");
			let mut ext = sp_io::TestExternalities::new(storage);
			ext.register_extension(sp_keystore::KeystoreExt::new(sp_keystore::testing::MemoryKeystore::new()));
			ext.execute_with(|| {
				System::set_block_number(1);
				Timestamp::set_timestamp(START);
			});
			ext
		}

		/// Registers `who` with a display name and an email hash of its own.
		pub fn register(who: AccountId) {
			frame_support::assert_ok!(KeyRing::register(
				RuntimeOrigin::signed(who),
				b"someone".to_vec(),
				sp_core::H256::repeat_byte(who as u8)
			));
		}

		/// Adds an ed25519 key made from `seed` to `who`'s ring, with its proof of possession, and returns it.
		pub fn add_key(
			who: AccountId,
			seed: u8,
			purpose: sigil_primitives::KeyPurpose,
			expires_at: Option<u64>,
		) -> sp_core::ed25519::Pair {
			use codec::Encode;
			use sp_core::Pair;
			let pair = sp_core::ed25519::Pair::from_seed(&[seed; 32]);
			let public = sigil_primitives::PublicKey::Ed25519(pair.public());
			let payload =
				sigil_primitives::KeyPossessionPayload::new(KeyRing::genesis_hash(), who, purpose, public.key_id());
			let proof = sigil_primitives::KeySignature::Ed25519(pair.sign(&payload.encode()));
			frame_support::assert_ok!(KeyRing::add_key(
				RuntimeOrigin::signed(who),
				public,
				purpose,
				expires_at,
				Box::new(proof)
			));
			pair
		}

		pub fn key_id(pair: &sp_core::ed25519::Pair) -> sigil_primitives::KeyId {
			use sp_core::Pair;
			sigil_primitives::PublicKey::Ed25519(pair.public()).key_id()
		}
	};
}
