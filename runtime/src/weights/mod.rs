//! Weights measured on this runtime and the development machine (`runtime/src/weights/machine.txt`).
//!
//! - The base weights: a database read and write (`rocksdb_weights`, on a state of about a million keys), an empty
//!   block (`block_weights`) and a no-op signed extrinsic (`extrinsic_weights`): `scripts/benchmark-base-weights`.
//! - The polkadot-sdk pallets and transaction extensions the runtime configures: their benchmarks on this runtime,
//!   `scripts/benchmark-pallets frame_system_extensions pallet_balances pallet_transaction_payment pallet_collective
//!   pallet_membership`. Sigil's own pallets keep theirs in their crates.

pub mod block_weights;
pub mod extrinsic_weights;
pub mod frame_system_extensions;
pub mod pallet_balances;
pub mod pallet_collective;
pub mod pallet_membership;
pub mod pallet_transaction_payment;
// The generated file documents each field of the constant it builds, which rustc does not attach anywhere.
#[allow(unused_doc_comments)]
pub mod rocksdb_weights;
