//! The runtime APIs the node and clients call.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

use crate::{
	consortium_queries, genesis_config_presets, opaque::SessionKeys, AccountId, Aura, Balance, Block, BlockNumber,
	Documents, Executive, Grandpa, Hash, InherentDataExt, KeyRing, Messages, Micropay, Nonce, OwnerTrust, Runtime,
	RuntimeCall, RuntimeGenesisConfig, System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// Equivocations are handled by the consortium, not on chain (see configs/consensus.rs).
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			// The key-owner proof type is uninhabited: there is nothing to prove.
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[api_version(3)]
	impl pallet_key_ring_runtime_api::KeyRingApi<Block, AccountId> for Runtime {
		fn identity(who: AccountId) -> Option<pallet_key_ring_runtime_api::IdentityInfo> {
			KeyRing::api_identity(&who)
		}

		fn keys_of(who: AccountId) -> Vec<pallet_key_ring_runtime_api::KeyInfo<AccountId>> {
			KeyRing::api_keys_of(&who)
		}

		fn key(lookup: pallet_key_ring_runtime_api::KeyLookup) -> Option<pallet_key_ring_runtime_api::KeyInfo<AccountId>> {
			KeyRing::api_key(lookup)
		}

		fn account_by_email_hash(email_hash: sp_core::H256) -> Option<AccountId> {
			KeyRing::account_by_email_hash(&email_hash)
		}

		fn verify(
			lookup: pallet_key_ring_runtime_api::KeyLookup,
			message: Vec<u8>,
			signature: Vec<u8>,
			at: Option<sigil_primitives::Moment>,
		) -> pallet_key_ring_runtime_api::Verification<AccountId> {
			KeyRing::api_verify(lookup, &message, &signature, at)
		}

		fn email_claim(
			email_hash: sp_core::H256,
		) -> Option<pallet_key_ring_runtime_api::EmailClaimInfo<AccountId>> {
			KeyRing::api_email_claim(&email_hash)
		}

		fn openpgp_key(
			lookup: pallet_key_ring_runtime_api::KeyLookup,
		) -> Option<pallet_key_ring_runtime_api::OpenPgpKeyInfo<AccountId>> {
			KeyRing::api_openpgp_key(lookup)
		}

		fn openpgp_keys_of(who: AccountId) -> Vec<pallet_key_ring_runtime_api::OpenPgpKeyInfo<AccountId>> {
			KeyRing::api_openpgp_keys_of(&who)
		}
	}

	impl pallet_documents_runtime_api::DocumentsApi<Block, AccountId> for Runtime {
		fn verify(document_hash: sp_core::H256) -> pallet_documents_runtime_api::DocumentReport<AccountId> {
			Documents::api_verify(document_hash)
		}

		fn agreement(id: u64) -> Option<pallet_documents_runtime_api::AgreementInfo<AccountId>> {
			Documents::api_agreement(id)
		}
	}

	impl pallet_consortium_runtime_api::ConsortiumApi<Block, AccountId, BlockNumber, Hash> for Runtime {
		fn members() -> pallet_consortium_runtime_api::MembersInfo<AccountId> {
			consortium_queries::members()
		}

		fn validators() -> pallet_consortium_runtime_api::ValidatorSets<AccountId, BlockNumber> {
			consortium_queries::validators()
		}

		fn admitted_accounts(
			start_after: Option<AccountId>,
			limit: u32,
		) -> Vec<pallet_consortium_runtime_api::AdmittedAccount<AccountId, BlockNumber>> {
			consortium_queries::admitted_accounts(start_after, limit)
		}

		fn admitted_account_count() -> u32 {
			pallet_consortium::AdmittedAccounts::<Runtime>::count()
		}

		fn admission(who: AccountId) -> Option<BlockNumber> {
			pallet_consortium::AdmittedAccounts::<Runtime>::get(who)
		}

		fn nodes() -> Vec<pallet_consortium_runtime_api::AdmittedNode<AccountId>> {
			consortium_queries::nodes()
		}

		fn motions() -> Vec<pallet_consortium_runtime_api::Motion<AccountId, BlockNumber, Hash>> {
			consortium_queries::motions()
		}

		fn admitted_by(who: AccountId) -> Option<AccountId> {
			crate::Consortium::admitted_by(&who)
		}

		fn member_admissions(member: AccountId) -> pallet_consortium_runtime_api::MemberAdmissions {
			pallet_consortium_runtime_api::MemberAdmissions {
				admitted: pallet_consortium::AdmissionsBy::<Runtime>::get(&member),
				quota: pallet_consortium::AdmissionQuota::<Runtime>::get(),
				is_member: <crate::ConsortiumMembers as frame_support::traits::Contains<AccountId>>::contains(&member),
			}
		}
	}

	impl pallet_micropay_runtime_api::MicropayApi<Block, AccountId, Balance> for Runtime {
		fn coin(id: sigil_primitives::CoinId<AccountId>) -> Option<pallet_micropay_runtime_api::CoinInfo<AccountId, Balance>> {
			Micropay::api_coin(id)
		}

		fn coins_of(who: AccountId) -> Vec<pallet_micropay_runtime_api::CoinInfo<AccountId, Balance>> {
			Micropay::api_coins_of(&who)
		}

		fn broker(who: AccountId) -> Option<pallet_micropay_runtime_api::BrokerInfo<AccountId, Balance>> {
			Micropay::api_broker(&who)
		}

		fn fraud_proofs(who: AccountId) -> Vec<sigil_primitives::FraudProof<AccountId>> {
			Micropay::api_fraud_proofs(&who)
		}

		fn bond(who: AccountId) -> Option<pallet_micropay_runtime_api::BondInfo<Balance>> {
			Micropay::api_bond(&who)
		}
	}

	impl pallet_messages_runtime_api::MessagesApi<Block, AccountId> for Runtime {
		fn message(
			from: AccountId,
			counter: u64,
			reader: Option<AccountId>,
		) -> Option<pallet_messages_runtime_api::MessageView<AccountId>> {
			Messages::api_message(&from, counter, reader.as_ref())
		}

		fn inbox(
			who: AccountId,
			reader: Option<AccountId>,
			before: Option<u64>,
			limit: u32,
		) -> pallet_messages_runtime_api::Page<AccountId> {
			Messages::api_inbox(&who, reader.as_ref(), before, limit)
		}

		fn outbox(
			who: AccountId,
			reader: Option<AccountId>,
			before: Option<u64>,
			limit: u32,
		) -> pallet_messages_runtime_api::Page<AccountId> {
			Messages::api_outbox(&who, reader.as_ref(), before, limit)
		}
	}

	impl pallet_owner_trust_runtime_api::OwnerTrustApi<Block, AccountId> for Runtime {
		fn outgoing(who: AccountId) -> Vec<pallet_owner_trust_runtime_api::EdgeInfo<AccountId>> {
			OwnerTrust::api_outgoing(&who)
		}

		fn incoming(
			who: AccountId,
			start_after: Option<AccountId>,
			limit: u32,
		) -> Vec<pallet_owner_trust_runtime_api::EdgeInfo<AccountId>> {
			OwnerTrust::api_incoming(&who, start_after, limit)
		}

		fn fraud_mark(who: AccountId) -> Option<pallet_owner_trust_runtime_api::FraudMarkInfo> {
			OwnerTrust::api_fraud_mark(&who)
		}

		fn validity(viewer: AccountId, target: AccountId) -> pallet_owner_trust_runtime_api::ValidityReport<AccountId> {
			OwnerTrust::api_validity(&viewer, &target)
		}

		fn network_validity(target: AccountId) -> pallet_owner_trust_runtime_api::ValidityReport<AccountId> {
			OwnerTrust::api_network_validity(&target)
		}

		fn network_roots() -> Vec<AccountId> {
			OwnerTrust::api_network_roots()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench};
			use crate::{AllPalletsWithSystem, Balances, Consortium, ConsortiumCouncil, ConsortiumMembers, Documents, KeyRing, Messages, Micropay, OwnerTrust, Sudo, Timestamp};

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::{extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench};
			use sp_storage::TrackedStorageKey;
			use crate::{AllPalletsWithSystem, Balances, Consortium, ConsortiumCouncil, ConsortiumMembers, Documents, KeyRing, Messages, Micropay, OwnerTrust, Sudo, Timestamp};

			let mut whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
			// The timestamp inherent writes `Now` first thing in every block, so a call's read of it is served
			// from the block's overlay, never from the database: no call pays a database read for it.
			whitelist.push(pallet_timestamp::Now::<Runtime>::hashed_key().to_vec().into());
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|e| panic!("try-runtime upgrade failed: {e:?}"));
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|e| panic!("try-runtime block execution failed: {e:?}"))
		}
	}
}
