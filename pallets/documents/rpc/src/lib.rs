//! The `documents_*` JSON-RPC methods: verify a document hash (every attestation and agreement over it, and who
//! validly signed it) and read one agreement, answered by the documents runtime API at a block (the best block if
//! none is given). Live monitoring uses the chain's standard event subscription: see the pallet's README.
//!
//! A signature's status and an agreement's state are the runtime API's own types; the JSON types around them
//! remain because they add to the views (an agreement's signature counts, whether a document is validly signed),
//! write key statuses as the key-ring answers do, and give a revocation's reason as text.

use codec::Codec;
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
pub use pallet_documents_runtime_api::DocumentsApi as DocumentsRuntimeApi;
use pallet_documents_runtime_api::{
	AgreementInfo, AgreementState, AttestationInfo, DocumentReport, RevocationInfo, SignatureInfo, SignatureStatus,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sigil_primitives::{BlockNumber, Moment};
pub use sigil_rpc_support::RUNTIME_ERROR;
use sigil_rpc_support::{
	key_ring::{status, StatusJson},
	runtime_error, BlockQuery,
};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{Bytes, H256};
use sp_runtime::traits::Block as BlockT;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureJson {
	pub key_id: H256,
	pub signed_at: Moment,
	pub block: BlockNumber,
	pub signature_valid: bool,
	pub key_status_at_signing: Option<StatusJson>,
	pub key_status_now: Option<StatusJson>,
	/// What the signature is worth now, the first reason it fails if it does: flattened, so the signature has
	/// `"status": "valid"`, `"badSignature"`, `"keyNotActiveWhenSigned"`, or `"keyCompromised"` with `"revokedAt"`
	/// (the key was revoked as compromised: whoever took it could have made the signature).
	#[serde(flatten)]
	pub status: SignatureStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevocationJson {
	pub revoked_at: Moment,
	pub block: BlockNumber,
	/// The reason as UTF-8 (invalid bytes replaced); `reasonHex` has the exact bytes.
	pub reason: String,
	pub reason_hex: Bytes,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttestationJson<AccountId> {
	pub signer: AccountId,
	pub signature: SignatureJson,
	pub revocation: Option<RevocationJson>,
	/// A valid signature by a key active when it signed, not revoked.
	pub valid: bool,
}

/// An agreement's state (`{ "state": "pending" }`, `completed` with `at` and `block`, `expired` with `block`): the
/// runtime API's own type.
pub use pallet_documents_runtime_api::AgreementState as StateJson;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignerJson<AccountId> {
	pub account: AccountId,
	pub signature: Option<SignatureJson>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementJson<AccountId> {
	pub id: u64,
	pub creator: AccountId,
	pub document_hash: H256,
	/// The last block in which signatures are accepted.
	pub deadline: BlockNumber,
	pub created_at: Moment,
	pub state: AgreementState,
	pub signers: Vec<SignerJson<AccountId>>,
	pub signed: u32,
	pub required: u32,
	/// Completed, with every signature valid.
	pub valid: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentJson<AccountId> {
	pub document_hash: H256,
	/// At least one valid attestation or valid completed agreement.
	pub validly_signed: bool,
	/// Who validly signed, each once.
	pub signed_by: Vec<AccountId>,
	pub attestations: Vec<AttestationJson<AccountId>>,
	pub agreements: Vec<AgreementJson<AccountId>>,
}

fn signature_json(signature: SignatureInfo) -> SignatureJson {
	SignatureJson {
		key_id: signature.key_id,
		signed_at: signature.signed_at,
		block: signature.block,
		signature_valid: signature.signature_valid,
		key_status_at_signing: signature.key_status_at_signing.map(status),
		key_status_now: signature.key_status_now.map(status),
		status: signature.status,
	}
}

fn revocation_json(revocation: RevocationInfo) -> RevocationJson {
	RevocationJson {
		revoked_at: revocation.revoked_at,
		block: revocation.block,
		reason: String::from_utf8_lossy(&revocation.reason).into_owned(),
		reason_hex: revocation.reason.into(),
	}
}

fn attestation_json<AccountId>(attestation: AttestationInfo<AccountId>) -> AttestationJson<AccountId> {
	AttestationJson {
		signer: attestation.signer,
		signature: signature_json(attestation.signature),
		revocation: attestation.revocation.map(revocation_json),
		valid: attestation.valid,
	}
}

pub fn agreement_json<AccountId>(agreement: AgreementInfo<AccountId>) -> AgreementJson<AccountId> {
	let required = agreement.signers.len() as u32;
	let signed = agreement.signers.iter().filter(|s| s.signature.is_some()).count() as u32;
	AgreementJson {
		id: agreement.id,
		creator: agreement.creator,
		document_hash: agreement.document_hash,
		deadline: agreement.deadline,
		created_at: agreement.created_at,
		state: agreement.state,
		signers: agreement
			.signers
			.into_iter()
			.map(|s| SignerJson { account: s.account, signature: s.signature.map(signature_json) })
			.collect(),
		signed,
		required,
		valid: agreement.valid,
	}
}

fn document_json<AccountId>(report: DocumentReport<AccountId>) -> DocumentJson<AccountId> {
	DocumentJson {
		document_hash: report.document_hash,
		validly_signed: !report.signed_by.is_empty(),
		signed_by: report.signed_by,
		attestations: report.attestations.into_iter().map(attestation_json).collect(),
		agreements: report.agreements.into_iter().map(agreement_json).collect(),
	}
}

#[rpc(client, server)]
pub trait DocumentsApi<BlockHash, AccountId> {
	/// Every attestation and agreement over the document hash, and whether and by whom it is validly signed.
	#[method(name = "documents_verify")]
	async fn verify(&self, document_hash: H256, at: Option<BlockHash>) -> RpcResult<DocumentJson<AccountId>>;

	/// One agreement, or `null`.
	#[method(name = "documents_agreement")]
	async fn agreement(&self, id: u64, at: Option<BlockHash>) -> RpcResult<Option<AgreementJson<AccountId>>>;
}

/// The methods' implementation over a client with the documents runtime API.
pub type Documents<C, Block> = BlockQuery<C, Block>;

#[jsonrpsee::core::async_trait]
impl<C, Block, AccountId> DocumentsApiServer<<Block as BlockT>::Hash, AccountId> for BlockQuery<C, Block>
where
	Block: BlockT,
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: DocumentsRuntimeApi<Block, AccountId>,
	AccountId: Codec + Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
{
	async fn verify(&self, document_hash: H256, at: Option<Block::Hash>) -> RpcResult<DocumentJson<AccountId>> {
		self.run(move |this| {
			let report = this.client.runtime_api().verify(this.block(at), document_hash).map_err(runtime_error)?;
			Ok(document_json(report))
		})
		.await
	}

	async fn agreement(&self, id: u64, at: Option<Block::Hash>) -> RpcResult<Option<AgreementJson<AccountId>>> {
		self.run(move |this| {
			let agreement = this.client.runtime_api().agreement(this.block(at), id).map_err(runtime_error)?;
			Ok(agreement.map(agreement_json))
		})
		.await
	}
}

