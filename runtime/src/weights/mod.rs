//! Weights of the polkadot-sdk pallets the runtime configures, measured by their benchmarks on this runtime
//! (`scripts/benchmark-pallets pallet_collective pallet_membership`). Sigil's own pallets keep theirs in their crates.

pub mod pallet_collective;
pub mod pallet_membership;
