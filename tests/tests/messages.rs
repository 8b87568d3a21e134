//! Signed messages on a running dev node: two identities with ring keys write to each other, and the
//! `messages_*` RPC methods return inboxes with verdicts that follow trust and key revocation.

use std::time::Duration;

use codec::Encode;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use pallet_messages_rpc::{KeyHistoryJson, MessageJson, PageJson, ReasonJson};
use sigil_e2e::*;
use sigil_primitives::{KeySignature, MessagePayload, PublicKey, RevocationReason, TrustLevel};
use sigil_runtime::{AccountId, RuntimeCall, RuntimeError, RuntimeEvent};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob};

/// The `send` call for `body` from `from` to `to`, signed by `key` over the sender's counter, which a client
/// reads as its outbox's total.
async fn send_call(
	client: &WsClient,
	genesis: H256,
	from: Sr25519Keyring,
	to: Sr25519Keyring,
	body: &[u8],
	key: &sr25519::Pair,
) -> Result<RuntimeCall> {
	let outbox: PageJson<AccountId> = client
		.request("messages_outbox", rpc_params![from.to_account_id().to_string(), None::<String>, None::<u64>, 1])
		.await?;
	let payload = MessagePayload::new(genesis, from.to_account_id(), to.to_account_id(), body, outbox.total);
	let signature = KeySignature::Sr25519(key.sign(&payload.encode()));
	Ok(RuntimeCall::Messages(pallet_messages::Call::send {
		to: to.to_account_id(),
		body: body.to_vec(),
		key_id: PublicKey::Sr25519(key.public()).key_id(),
		signature: Box::new(signature),
	}))
}

async fn send(
	client: &WsClient,
	genesis: H256,
	from: Sr25519Keyring,
	to: Sr25519Keyring,
	body: &[u8],
	key: &sr25519::Pair,
) -> Result<(u64, RuntimeCall)> {
	let call = send_call(client, genesis, from, to, body, key).await?;
	let included = execute(client, &from.pair(), call.clone()).await?;
	let id = included
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Messages(pallet_messages::Event::MessageSent { id, .. }) => Some(*id),
			_ => None,
		})
		.ok_or_else(|| format!("no MessageSent: {:?}", included.failure()))?;
	Ok((id, call))
}

async fn inbox(client: &WsClient, who: Sr25519Keyring) -> Result<PageJson<AccountId>> {
	let who = who.to_account_id().to_string();
	Ok(client.request("messages_inbox", rpc_params![who, None::<String>, None::<u64>, None::<u32>]).await?)
}

async fn message(client: &WsClient, id: u64) -> Result<MessageJson<AccountId>> {
	let found: Option<MessageJson<AccountId>> = client.request("messages_message", rpc_params![id]).await?;
	Ok(found.ok_or("message not found")?)
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_both_ways_with_verdicts_that_follow_trust_and_revocation() -> Result<()> {
	let node = Node::start("messages", &["--dev"])?;
	let client = node.client(Duration::from_secs(60)).await?;
	wait_finalized(&client, 1, Duration::from_secs(60)).await?;
	let genesis = genesis_hash(&client).await?;
	let (alice_key, bob_key) = tokio::try_join!(
		identity_with_key(&client, Alice, genesis, "messages"),
		identity_with_key(&client, Bob, genesis, "messages")
	)?;

	let (first, first_call) = send(&client, genesis, Alice, Bob, b"hello, Bob", &alice_key).await?;
	let (reply, _) = send(&client, genesis, Bob, Alice, b"hello, Alice", &bob_key).await?;
	let (second, _) = send(&client, genesis, Alice, Bob, b"are you there?", &alice_key).await?;

	// The same signed call again no longer matches Alice's counter: refused, nothing stored.
	let replay = execute(&client, &Alice.pair(), first_call).await?;
	assert!(
		matches!(replay.failure(), Some(RuntimeError::Messages(pallet_messages::Error::BadSignature))),
		"{:?}",
		replay.failure()
	);

	// Bob's inbox, newest first. He does not trust Alice yet: valid signatures, unverified.
	let page = inbox(&client, Bob).await?;
	assert_eq!(page.messages.iter().map(|m| m.id).collect::<Vec<_>>(), vec![second, first]);
	assert_eq!(page.total, 2);
	let newest = &page.messages[0];
	assert_eq!(newest.body_text.as_deref(), Some("are you there?"));
	assert_eq!(newest.sender.as_ref().map(|s| s.display_name.as_str()), Some("Alice"));
	assert!(newest.verdict.signature_valid && !newest.verdict.verified);
	assert_eq!(newest.verdict.reasons, vec![ReasonJson::SenderNotTrusted]);

	// Bob trusts Alice fully: her messages become verified in his inbox.
	let trust = RuntimeCall::OwnerTrust(pallet_owner_trust::Call::set_trust {
		target: Alice.to_account_id(),
		level: TrustLevel::Full,
	});
	assert!(execute(&client, &Bob.pair(), trust).await?.succeeded());
	let page = inbox(&client, Bob).await?;
	assert!(page.messages.iter().all(|m| m.verdict.verified && m.verdict.reasons.is_empty()), "{page:?}");

	// Alice's inbox has Bob's reply; she does not trust Bob.
	let alices = inbox(&client, Alice).await?;
	assert_eq!(alices.messages.iter().map(|m| m.id).collect::<Vec<_>>(), vec![reply]);
	assert!(!alices.messages[0].verdict.verified);

	// Alice revokes her key: her messages read "revoked after sending", still verified for Bob.
	let revoke = RuntimeCall::KeyRing(pallet_key_ring::Call::revoke_key {
		key_id: PublicKey::Sr25519(alice_key.public()).key_id(),
		reason: RevocationReason::Superseded,
	});
	assert!(execute(&client, &Alice.pair(), revoke).await?.succeeded());
	let revoked = message(&client, first).await?;
	assert_eq!(revoked.verdict.key_history, KeyHistoryJson::RevokedAfterSending);
	assert!(revoked.verdict.verified);
	// And she can no longer send with it.
	let late =
		execute(&client, &Alice.pair(), send_call(&client, genesis, Alice, Bob, b"late", &alice_key).await?).await?;
	assert!(matches!(late.failure(), Some(RuntimeError::Messages(pallet_messages::Error::KeyRevoked))));

	// Bob clears the first message from state.
	let clear = RuntimeCall::Messages(pallet_messages::Call::clear { id: first });
	let cleared = execute(&client, &Bob.pair(), clear).await?;
	assert!(cleared.events.iter().any(|event| matches!(
		event,
		RuntimeEvent::Messages(pallet_messages::Event::MessageCleared { id, .. }) if *id == first
	)));
	assert_eq!(inbox(&client, Bob).await?.messages.iter().map(|m| m.id).collect::<Vec<_>>(), vec![second]);
	let gone: Option<MessageJson<AccountId>> = client.request("messages_message", rpc_params![first]).await?;
	assert!(gone.is_none());
	Ok(())
}
