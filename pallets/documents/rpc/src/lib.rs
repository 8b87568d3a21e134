//! The `documents_*` JSON-RPC methods: verify a document hash (every attestation and agreement over it, and who
//! validly signed it) and read one agreement, answered by the documents runtime API at a block (the best block if
//! none is given). Live monitoring uses the chain's standard event subscription: see the pallet's README.
//!
//! A signature's status and an agreement's state are the runtime API's own types; the JSON types around them
//! remain because they add to the views (an agreement's signature counts, whether a document is validly signed),
//! write key statuses as the key-ring answers do, and give a revocation's reason as text.

#![deny(missing_docs)]

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

/// A signature as the chain recorded it, re-checked at the queried block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureJson {
	/// The id of the signer's ring key that made the signature.
	pub key_id: H256,
	/// When the chain recorded the signature: milliseconds since the Unix epoch, from the chain's timestamp.
	pub signed_at: Moment,
	/// The block the signature was recorded in.
	pub block: BlockNumber,
	/// Whether the signature verifies under the signer's key.
	pub signature_valid: bool,
	/// The key's status when it signed (`null`: the key is unknown).
	pub key_status_at_signing: Option<StatusJson>,
	/// The key's status at the queried block's time (`null`: the key is unknown).
	pub key_status_now: Option<StatusJson>,
	/// What the signature is worth now, the first reason it fails if it does: flattened, so the signature has
	/// `"status": "valid"`, `"badSignature"`, `"keyNotActiveWhenSigned"`, or `"keyCompromised"` with `"revokedAt"`
	/// (the key was revoked as compromised: whoever took it could have made the signature).
	#[serde(flatten)]
	pub status: SignatureStatus,
}

/// An attestation's revocation by its signer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RevocationJson {
	/// When the signer revoked: milliseconds since the Unix epoch, from the chain's timestamp.
	pub revoked_at: Moment,
	/// The block the revocation was recorded in.
	pub block: BlockNumber,
	/// The reason as UTF-8 (invalid bytes replaced); `reasonHex` has the exact bytes.
	pub reason: String,
	/// The reason's exact bytes, as 0x-hex.
	pub reason_hex: Bytes,
}

/// A signer's attestation of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AttestationJson<AccountId> {
	/// The account that attested.
	pub signer: AccountId,
	/// The signer's signature of the document.
	pub signature: SignatureJson,
	/// The signer's revocation; `null` while the attestation stands.
	pub revocation: Option<RevocationJson>,
	/// A valid signature by a key active when it signed, not revoked.
	pub valid: bool,
}

/// An agreement's state (`{ "state": "pending" }`, `completed` with `at` and `block`, `expired` with `block`): the
/// runtime API's own type.
pub use pallet_documents_runtime_api::AgreementState as StateJson;

/// One required signer of an agreement, with its signature once given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignerJson<AccountId> {
	/// The signer's account.
	pub account: AccountId,
	/// Its signature over the agreement; `null` until it signs.
	pub signature: Option<SignatureJson>,
}

/// An agreement over a document, with how many of its signers have signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AgreementJson<AccountId> {
	/// The agreement's id: its place in the order agreements were created in.
	pub id: u64,
	/// The account that created the agreement.
	pub creator: AccountId,
	/// The hash of the document the agreement is over.
	pub document_hash: H256,
	/// The last block in which signatures are accepted.
	pub deadline: BlockNumber,
	/// When the agreement was created: milliseconds since the Unix epoch, from the chain's timestamp.
	pub created_at: Moment,
	/// `{ "state": "pending" }`, `completed` with `at` and `block`, or `expired` with `block`.
	pub state: AgreementState,
	/// The required signers, in the order the creator listed them.
	pub signers: Vec<SignerJson<AccountId>>,
	/// How many of the required signers have signed.
	pub signed: u32,
	/// How many signers the agreement requires.
	pub required: u32,
	/// Completed, with every signature valid.
	pub valid: bool,
}

/// Everything that covers one document hash, and whether and by whom it is validly signed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentJson<AccountId> {
	/// The document hash asked about.
	pub document_hash: H256,
	/// At least one valid attestation or valid completed agreement.
	pub validly_signed: bool,
	/// Who validly signed, each once.
	pub signed_by: Vec<AccountId>,
	/// Every attestation of the document, revoked ones included, in storage order (not the order they were made
	/// in).
	pub attestations: Vec<AttestationJson<AccountId>>,
	/// The pending and completed agreements over the document, oldest first.
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

/// The JSON form of a runtime API agreement, with its signatures counted.
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

/// The `documents_*` methods, each answered at block `at` (the best block if `null`).
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

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_documents_runtime_api::SignerInfo;
	use sigil_primitives::{KeyStatus, RevocationReason};
	use sigil_rpc_support::test_helpers::{account, call, known_block, query, Block, MockClient, ALICE, BOB};
	use sp_api::ApiError;
	use sp_core::crypto::AccountId32;

	fn hex32(byte: u8) -> String {
		format!("0x{}", format!("{byte:02x}").repeat(32))
	}

	/// Alice's signature: valid, by a key active then and now.
	fn alices_signature() -> SignatureInfo {
		SignatureInfo {
			key_id: H256::repeat_byte(0xaa),
			signed_at: 300,
			block: 3,
			signature_valid: true,
			key_status_at_signing: Some(KeyStatus::Active),
			key_status_now: Some(KeyStatus::Active),
			status: SignatureStatus::Valid,
		}
	}

	/// Bob's signature: it verifies, but his key was revoked as compromised since.
	fn bobs_signature() -> SignatureInfo {
		SignatureInfo {
			key_id: H256::repeat_byte(0xbb),
			signed_at: 310,
			block: 4,
			signature_valid: true,
			key_status_at_signing: Some(KeyStatus::Active),
			key_status_now: Some(KeyStatus::Revoked { revoked_at: 600, reason: RevocationReason::Compromised }),
			status: SignatureStatus::KeyCompromised { revoked_at: 600 },
		}
	}

	/// Agreement `id` over document 0x77 between Alice and Bob: 1 is pending with Alice's signature, 2 completed,
	/// 3 expired; there are no others.
	fn agreement_info(id: u64) -> Option<AgreementInfo<AccountId32>> {
		let (state, bob_signed, valid) = match id {
			1 => (AgreementState::Pending, false, false),
			2 => (AgreementState::Completed { at: 900, block: 12 }, true, true),
			3 => (AgreementState::Expired { block: 100 }, false, false),
			_ => return None,
		};
		Some(AgreementInfo {
			id,
			creator: account(1),
			document_hash: H256::repeat_byte(0x77),
			deadline: 100,
			created_at: 200,
			state,
			signers: vec![
				SignerInfo { account: account(1), signature: Some(alices_signature()) },
				SignerInfo { account: account(2), signature: bob_signed.then(alices_signature) },
			],
			valid,
		})
	}

	/// Document 0x77: Alice attested it, Bob attested and then revoked; agreement 1 covers it.
	#[derive(Clone)]
	struct Chain;

	sp_api::mock_impl_runtime_apis! {
		impl DocumentsRuntimeApi<Block, AccountId32> for Chain {
			#[advanced]
			fn verify(&self, at: H256, document_hash: H256) -> Result<DocumentReport<AccountId32>, ApiError> {
				known_block(at)?;
				if document_hash != H256::repeat_byte(0x77) {
					return Ok(DocumentReport { document_hash, attestations: vec![], agreements: vec![], signed_by: vec![] });
				}
				Ok(DocumentReport {
					document_hash,
					attestations: vec![
						AttestationInfo { signer: account(1), signature: alices_signature(), revocation: None, valid: true },
						AttestationInfo {
							signer: account(2),
							signature: bobs_signature(),
							revocation: Some(RevocationInfo { revoked_at: 700, block: 9, reason: b"mistake".to_vec() }),
							valid: false,
						},
					],
					agreements: agreement_info(1).into_iter().collect(),
					signed_by: vec![account(1)],
				})
			}

			fn agreement(id: u64) -> Option<AgreementInfo<AccountId32>> {
				agreement_info(id)
			}
		}
	}

	fn rpc() -> jsonrpsee::RpcModule<Documents<MockClient<Chain>, Block>> {
		DocumentsApiServer::<H256, AccountId32>::into_rpc(query(Chain))
	}

	fn alices_signature_json() -> String {
		format!(
			r#"{{"keyId":"{}","signedAt":300,"block":3,"signatureValid":true,"keyStatusAtSigning":{{"status":"active"}},"keyStatusNow":{{"status":"active"}},"status":"valid"}}"#,
			hex32(0xaa)
		)
	}

	/// Agreement `id` as the answers write it, with its state and Bob's signature.
	fn agreement_answer(id: u64, state: &str, bobs: &str, signed: u32, valid: bool) -> String {
		format!(
			r#"{{"id":{id},"creator":"{ALICE}","documentHash":"{}","deadline":100,"createdAt":200,"state":{state},"signers":[{{"account":"{ALICE}","signature":{}}},{{"account":"{BOB}","signature":{bobs}}}],"signed":{signed},"required":2,"valid":{valid}}}"#,
			hex32(0x77),
			alices_signature_json(),
		)
	}

	#[tokio::test]
	async fn a_document_lists_its_attestations_and_agreements_with_flat_signature_statuses() {
		let rpc = rpc();
		let bobs_signature = format!(
			r#"{{"keyId":"{}","signedAt":310,"block":4,"signatureValid":true,"keyStatusAtSigning":{{"status":"active"}},"keyStatusNow":{{"status":"revoked","revokedAt":600,"reason":"compromised"}},"status":"keyCompromised","revokedAt":600}}"#,
			hex32(0xbb)
		);
		assert_eq!(
			call(&rpc, "documents_verify", &format!(r#"["{}"]"#, hex32(0x77))).await,
			Ok(format!(
				r#"{{"documentHash":"{}","validlySigned":true,"signedBy":["{ALICE}"],"attestations":[{{"signer":"{ALICE}","signature":{},"revocation":null,"valid":true}},{{"signer":"{BOB}","signature":{bobs_signature},"revocation":{{"revokedAt":700,"block":9,"reason":"mistake","reasonHex":"0x6d697374616b65"}},"valid":false}}],"agreements":[{}]}}"#,
				hex32(0x77),
				alices_signature_json(),
				agreement_answer(1, r#"{"state":"pending"}"#, "null", 1, false)
			))
		);
		assert_eq!(
			call(&rpc, "documents_verify", &format!(r#"["{}"]"#, hex32(0x99))).await,
			Ok(format!(
				r#"{{"documentHash":"{}","validlySigned":false,"signedBy":[],"attestations":[],"agreements":[]}}"#,
				hex32(0x99)
			))
		);
	}

	#[tokio::test]
	async fn an_agreement_has_its_state_tagged_and_counts_its_signatures() {
		let rpc = rpc();
		assert_eq!(
			call(&rpc, "documents_agreement", "[2]").await,
			Ok(agreement_answer(2, r#"{"state":"completed","at":900,"block":12}"#, &alices_signature_json(), 2, true))
		);
		assert_eq!(
			call(&rpc, "documents_agreement", "[3]").await,
			Ok(agreement_answer(3, r#"{"state":"expired","block":100}"#, "null", 1, false))
		);
		assert_eq!(call(&rpc, "documents_agreement", "[4]").await, Ok("null".into()));
	}

	#[tokio::test]
	async fn bad_parameters_and_unknown_blocks_are_refused() {
		let rpc = rpc();
		let unknown = hex32(0xee);
		assert_eq!(
			call(&rpc, "documents_verify", &format!(r#"["{}", "{unknown}"]"#, hex32(0x77))).await,
			Err(format!(
				r#"{{"code":1001,"message":"runtime API call failed: Api called for an unknown Block: {unknown}"}}"#
			))
		);
		assert_eq!(
			call(&rpc, "documents_verify", r#"["0x77"]"#).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid length 2, expected a (both 0x-prefixed or not) hex string or byte array containing 32 bytes at line 1 column 6"}"#.into())
		);
		assert_eq!(
			call(&rpc, "documents_agreement", r#"["one"]"#).await,
			Err(r#"{"code":-32602,"message":"Invalid params","data":"invalid type: string \"one\", expected u64 at line 1 column 5"}"#.into())
		);
	}
}
