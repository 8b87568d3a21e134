//! The pallets whose benchmarks the node's `benchmark pallet` subcommand runs.

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_key_ring, KeyRing]
	[pallet_owner_trust, OwnerTrust]
	[pallet_messages, Messages]
	[pallet_documents, Documents]
	[pallet_micropay, Micropay]
	[pallet_consortium, Consortium]
	[pallet_collective, ConsortiumCouncil]
	[pallet_membership, ConsortiumMembers]
);

impl frame_system_benchmarking::Config for crate::Runtime {}

impl pallet_transaction_payment::BenchmarkConfig for crate::Runtime {}
