//! Weights of the key-ring calls.
//!
//! Placeholder until generated: replaced by the output of
//! `sigil-node benchmark pallet --pallet pallet_key_ring` (see the README).

#![allow(unused_parens, unused_imports)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

pub trait WeightInfo {
	fn register(n: u32) -> Weight;
	fn update(n: u32) -> Weight;
	fn forget(k: u32) -> Weight;
	fn add_key() -> Weight;
	fn revoke_key() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register(_n: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn update(_n: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
	fn forget(k: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(20_000_000, 3_000).saturating_mul(k.into()))
			.saturating_add(T::DbWeight::get().reads_writes(5, 5))
			.saturating_add(T::DbWeight::get().reads_writes(1, 2).saturating_mul(k.into()))
	}
	fn add_key() -> Weight {
		Weight::from_parts(150_000_000, 6_000).saturating_add(T::DbWeight::get().reads_writes(7, 6))
	}
	fn revoke_key() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(T::DbWeight::get().reads_writes(4, 4))
	}
}

impl WeightInfo for () {
	fn register(_n: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn update(_n: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
	fn forget(k: u32) -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(Weight::from_parts(20_000_000, 3_000).saturating_mul(k.into()))
	}
	fn add_key() -> Weight {
		Weight::from_parts(150_000_000, 6_000).saturating_add(RocksDbWeight::get().reads_writes(7, 6))
	}
	fn revoke_key() -> Weight {
		Weight::from_parts(50_000_000, 4_000).saturating_add(RocksDbWeight::get().reads_writes(4, 4))
	}
}
