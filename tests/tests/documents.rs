//! Document signatures on a running dev node: a three-signer agreement followed live through the standard
//! `state_subscribeStorage` subscription on `System.Events`, verified over `documents_*` RPC, and a forged
//! signature refused.

use std::time::Duration;

use codec::{Decode, Encode};
use jsonrpsee::{
	core::client::{ClientT, Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::WsClient,
};
use pallet_documents_rpc::{AgreementJson, DocumentJson, StateJson};
use serde_json::Value;
use sigil_e2e::*;
use sigil_primitives::{DocumentPayload, KeySignature, PublicKey, SigningContext};
use sigil_runtime::{AccountId, Hash, RuntimeCall, RuntimeError, RuntimeEvent};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave};

fn sign_call(
	genesis: H256,
	id: u64,
	document: H256,
	who: Sr25519Keyring,
	key: &sr25519::Pair,
	signer_key: &sr25519::Pair,
) -> RuntimeCall {
	let payload = DocumentPayload::new(genesis, document, who.to_account_id(), SigningContext::Agreement(id));
	RuntimeCall::Documents(pallet_documents::Call::sign_agreement {
		id,
		key_id: PublicKey::Sr25519(key.public()).key_id(),
		signature: Box::new(KeySignature::Sr25519(signer_key.sign(&payload.encode()))),
	})
}

/// Follows `System.Events` with `state_subscribeStorage` and forwards every documents event, in order.
async fn follow_document_events(
	client: &WsClient,
) -> Result<tokio::sync::mpsc::UnboundedReceiver<pallet_documents::Event<sigil_runtime::Runtime>>> {
	let key = format!("0x{}", hex::encode(events_key()));
	let mut subscription: Subscription<Value> =
		client.subscribe("state_subscribeStorage", rpc_params![vec![key]], "state_unsubscribeStorage").await?;
	let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
	tokio::spawn(async move {
		while let Some(Ok(notification)) = subscription.next().await {
			let changes = notification["changes"].as_array().cloned().unwrap_or_default();
			for change in changes {
				let Some(value) = change.get(1).and_then(Value::as_str) else { continue };
				let Ok(bytes) = hex::decode(value.trim_start_matches("0x")) else { continue };
				let Ok(records) = Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(&mut &bytes[..]) else {
					continue;
				};
				for record in records {
					if let RuntimeEvent::Documents(event) = record.event {
						if sender.send(event).is_err() {
							return;
						}
					}
				}
			}
		}
	});
	Ok(receiver)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_three_signer_agreement_followed_live_and_verified() -> Result<()> {
	let (_node, client) = start_dev_node("documents").await?;
	let genesis = genesis_hash(&client).await?;
	let (alice, bob, charlie) = tokio::try_join!(
		identity_with_key(&client, Alice, genesis, "documents"),
		identity_with_key(&client, Bob, genesis, "documents"),
		identity_with_key(&client, Charlie, genesis, "documents"),
	)?;
	let mut live = follow_document_events(&client).await?;

	let document = H256(sp_io::hashing::blake2_256(b"The parties agree to build the best consortium chain."));
	let deadline = best_number(&client).await? + 300;
	let create = RuntimeCall::Documents(pallet_documents::Call::create_agreement {
		document_hash: document,
		signers: vec![Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id()],
		deadline,
	});
	let created = execute(&client, &Alice.pair(), create).await?;
	let id = created
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Documents(pallet_documents::Event::AgreementCreated { id, .. }) => Some(*id),
			_ => None,
		})
		.ok_or_else(|| format!("no AgreementCreated: {:?}", created.failure()))?;

	for (who, key) in [(Alice, &alice), (Bob, &bob)] {
		let included = execute(&client, &who.pair(), sign_call(genesis, id, document, who, key, key)).await?;
		assert!(included.succeeded(), "{who:?}: {:?}", included.failure());
	}
	let pending: Option<AgreementJson<AccountId>> = client.request("documents_agreement", rpc_params![id]).await?;
	let pending = pending.ok_or("agreement not found")?;
	assert_eq!((pending.state, pending.signed, pending.required), (StateJson::Pending, 2, 3));

	// A forged signature: Charlie's key id, signed by a key Charlie does not hold.
	let forger = sr25519::Pair::from_string(&format!("//{:?}//forger", Dave), None).map_err(|e| format!("{e:?}"))?;
	let forged =
		execute(&client, &Charlie.pair(), sign_call(genesis, id, document, Charlie, &charlie, &forger)).await?;
	assert!(
		matches!(forged.failure(), Some(RuntimeError::Documents(pallet_documents::Error::BadSignature))),
		"{:?}",
		forged.failure()
	);

	let last = execute(&client, &Charlie.pair(), sign_call(genesis, id, document, Charlie, &charlie, &charlie)).await?;
	assert!(last.succeeded(), "{:?}", last.failure());

	// The live stream saw the three signatures in order, then the completion.
	let mut seen = Vec::new();
	while seen.len() < 5 {
		let event = tokio::time::timeout(Duration::from_secs(30), live.recv())
			.await
			.map_err(|_| format!("the live stream stopped after {seen:?}"))?
			.ok_or("the subscription ended")?;
		seen.push(event);
	}
	let signers: Vec<AccountId> = seen
		.iter()
		.filter_map(|event| match event {
			pallet_documents::Event::AgreementSigned { signer, .. } => Some(signer.clone()),
			_ => None,
		})
		.collect();
	assert_eq!(signers, vec![Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id()]);
	assert!(matches!(seen.first(), Some(pallet_documents::Event::AgreementCreated { .. })), "{seen:?}");
	assert!(matches!(seen.last(), Some(pallet_documents::Event::AgreementCompleted { id: done, .. }) if *done == id));

	// Verify reports it: completed, valid, signed by all three.
	let report: DocumentJson<AccountId> = client.request("documents_verify", rpc_params![document]).await?;
	assert!(report.validly_signed);
	assert_eq!(report.signed_by, vec![Alice.to_account_id(), Bob.to_account_id(), Charlie.to_account_id()]);
	let agreement = report.agreements.first().ok_or("no agreement in the report")?;
	assert!(agreement.valid && matches!(agreement.state, StateJson::Completed { .. }));
	assert!(agreement.signers.iter().all(|s| s.signature.as_ref().is_some_and(|sig| sig.signature_valid)));
	let unsigned: DocumentJson<AccountId> =
		client.request("documents_verify", rpc_params![H256::repeat_byte(9)]).await?;
	assert!(!unsigned.validly_signed && unsigned.signed_by.is_empty());
	Ok(())
}
