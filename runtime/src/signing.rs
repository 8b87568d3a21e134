//! Building signed extrinsics off chain (node benchmarks, tests, tools), with the runtime's own
//! transaction extensions. Clients in other languages get the same from the metadata.

use codec::Encode;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::{generic::Era, traits::IdentifyAccount};

use crate::{Nonce, RuntimeCall, SignedPayload, TxExtension, UncheckedExtrinsic, VERSION};

/// The transaction extensions for an immortal transaction with the given nonce and tip.
pub fn tx_extension(nonce: Nonce, tip: crate::Balance) -> TxExtension {
	(
		pallet_consortium::CheckAdmittedAccount::new(),
		frame_system::AuthorizeCall::new(),
		frame_system::CheckNonZeroSender::new(),
		frame_system::CheckSpecVersion::new(),
		frame_system::CheckTxVersion::new(),
		frame_system::CheckGenesis::new(),
		frame_system::CheckEra::from(Era::Immortal),
		frame_system::CheckNonce::from(nonce),
		frame_system::CheckWeight::new(),
		pallet_transaction_payment::ChargeTransactionPayment::from(tip),
		frame_metadata_hash_extension::CheckMetadataHash::new(false),
		frame_system::WeightReclaim::new(),
	)
}

/// Signs `call` by `signer` as an immortal transaction of the chain whose genesis hash is given, for the
/// runtime version this crate was built as.
pub fn sign_extrinsic(
	signer: &sr25519::Pair,
	call: RuntimeCall,
	nonce: Nonce,
	genesis_hash: H256,
) -> UncheckedExtrinsic {
	let extension = tx_extension(nonce, 0);
	// What each extension adds to the signed payload without sending it: versions, and the genesis hash twice
	// (once for CheckGenesis, once as the birth block of an immortal era).
	let implicit = (
		(),
		(),
		(),
		VERSION.spec_version,
		VERSION.transaction_version,
		genesis_hash,
		genesis_hash,
		(),
		(),
		(),
		None,
		(),
	);
	let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
	let signature = payload.using_encoded(|bytes| signer.sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		sp_runtime::MultiSigner::from(signer.public()).into_account().into(),
		signature.into(),
		extension,
	)
}
