//! Signed messages on a running dev node: two identities with ring keys write to each other, and the
//! `messages_*` RPC methods return inboxes with verdicts that follow trust and key revocation. A message is named by
//! its sender and the sender's counter.

use codec::{Decode, Encode};
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use pallet_messages_rpc::{KeyHistoryJson, MessageJson, PageJson, ReasonJson};
use sigil_e2e::*;
use sigil_primitives::{KeySignature, MessagePayload, PublicKey, RevocationReason, TrustLevel};
use sigil_runtime::{AccountId, Balance, Runtime, RuntimeCall, RuntimeError, RuntimeEvent};
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

/// Sends and returns the message's counter and inbox index (from its `MessageSent`) and the call.
async fn send(
	client: &WsClient,
	genesis: H256,
	from: Sr25519Keyring,
	to: Sr25519Keyring,
	body: &[u8],
	key: &sr25519::Pair,
) -> Result<(u64, u64, RuntimeCall)> {
	let call = send_call(client, genesis, from, to, body, key).await?;
	let included = execute(client, &from.pair(), call.clone()).await?;
	let (counter, inbox_index) = included
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Messages(pallet_messages::Event::MessageSent {
				from: sender,
				counter,
				to: recipient,
				inbox_index,
				..
			}) if *sender == from.to_account_id() && *recipient == to.to_account_id() => Some((*counter, *inbox_index)),
			_ => None,
		})
		.ok_or_else(|| format!("no MessageSent: {:?}", included.failure()))?;
	Ok((counter, inbox_index, call))
}

/// What the chain keeps for `who` as a sender: its counter, advance and what its stored messages owe.
async fn sender_account(client: &WsClient, who: Sr25519Keyring) -> Result<pallet_messages::SenderAccount<Balance>> {
	let key = pallet_messages::Senders::<Runtime>::hashed_key_for(who.to_account_id());
	Ok(match storage_at(client, &key, None).await? {
		Some(bytes) => Decode::decode(&mut &bytes[..])?,
		None => Default::default(),
	})
}

/// The messages of a page by their names: (sender, counter).
fn names(page: &PageJson<AccountId>) -> Vec<(AccountId, u64)> {
	page.messages.iter().map(|m| (m.from.clone(), m.counter)).collect()
}

async fn inbox(client: &WsClient, who: Sr25519Keyring) -> Result<PageJson<AccountId>> {
	let who = who.to_account_id().to_string();
	Ok(client.request("messages_inbox", rpc_params![who, None::<String>, None::<u64>, None::<u32>]).await?)
}

async fn message(client: &WsClient, from: Sr25519Keyring, counter: u64) -> Result<Option<MessageJson<AccountId>>> {
	Ok(client.request("messages_message", rpc_params![from.to_account_id().to_string(), counter]).await?)
}

#[tokio::test(flavor = "multi_thread")]
async fn messages_both_ways_with_verdicts_that_follow_trust_and_revocation() -> Result<()> {
	let (_node, client) = start_dev_node("messages").await?;
	let genesis = genesis_hash(&client).await?;
	let (alice_key, bob_key) = tokio::try_join!(
		identity_with_key(&client, Alice, genesis, "messages"),
		identity_with_key(&client, Bob, genesis, "messages")
	)?;

	// Each sender counts its own messages from 0; each recipient numbers its inbox from 0.
	let (first, first_index, first_call) = send(&client, genesis, Alice, Bob, b"hello, Bob", &alice_key).await?;
	let (reply, reply_index, _) = send(&client, genesis, Bob, Alice, b"hello, Alice", &bob_key).await?;
	let (second, second_index, _) = send(&client, genesis, Alice, Bob, b"are you there?", &alice_key).await?;
	assert_eq!((first, first_index, reply, reply_index, second, second_index), (0, 0, 0, 0, 1, 1));
	assert_eq!(sender_account(&client, Alice).await?.sent, 2);

	// The same signed call again no longer matches Alice's counter: refused, nothing stored.
	let replay = execute(&client, &Alice.pair(), first_call).await?;
	assert!(
		matches!(replay.failure(), Some(RuntimeError::Messages(pallet_messages::Error::BadSignature))),
		"{:?}",
		replay.failure()
	);

	// Bob's inbox, newest first. He does not trust Alice yet: valid signatures, unverified.
	let page = inbox(&client, Bob).await?;
	assert_eq!(names(&page), vec![(Alice.to_account_id(), second), (Alice.to_account_id(), first)]);
	assert_eq!(page.total, 2);
	let newest = &page.messages[0];
	assert_eq!((newest.inbox_index, newest.outbox_index), (second_index, second));
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
	assert_eq!(names(&alices), vec![(Bob.to_account_id(), reply)]);
	assert!(!alices.messages[0].verdict.verified);

	// Alice revokes her key: her messages read "revoked after sending", still verified for Bob.
	let revoke = RuntimeCall::KeyRing(pallet_key_ring::Call::revoke_key {
		key_id: PublicKey::Sr25519(alice_key.public()).key_id(),
		reason: RevocationReason::Superseded,
	});
	assert!(execute(&client, &Alice.pair(), revoke).await?.succeeded());
	let revoked = message(&client, Alice, first).await?.ok_or("Alice's first message not found")?;
	assert_eq!(revoked.body_text.as_deref(), Some("hello, Bob"));
	assert_eq!(revoked.verdict.key_history, KeyHistoryJson::RevokedAfterSending);
	assert!(revoked.verdict.verified);
	// And she can no longer send with it.
	let late =
		execute(&client, &Alice.pair(), send_call(&client, genesis, Alice, Bob, b"late", &alice_key).await?).await?;
	assert!(matches!(late.failure(), Some(RuntimeError::Messages(pallet_messages::Error::RevokedKey))));

	// Only its recipient clears a message; Bob clears Alice's first from state.
	let clear = RuntimeCall::Messages(pallet_messages::Call::clear { from: Alice.to_account_id(), counter: first });
	let refused = execute(&client, &Alice.pair(), clear.clone()).await?;
	assert!(matches!(refused.failure(), Some(RuntimeError::Messages(pallet_messages::Error::NotRecipient))));
	let cleared = execute(&client, &Bob.pair(), clear.clone()).await?;
	assert!(cleared.events.iter().any(|event| matches!(
		event,
		RuntimeEvent::Messages(pallet_messages::Event::MessageCleared { from, counter, to })
			if *from == Alice.to_account_id() && *counter == first && *to == Bob.to_account_id()
	)));
	assert_eq!(names(&inbox(&client, Bob).await?), vec![(Alice.to_account_id(), second)]);
	assert!(message(&client, Alice, first).await?.is_none());
	let again = execute(&client, &Bob.pair(), clear).await?;
	assert!(matches!(again.failure(), Some(RuntimeError::Messages(pallet_messages::Error::UnknownMessage))));
	// Alice's counter does not go back when her messages are cleared.
	assert_eq!(sender_account(&client, Alice).await?.sent, 2);

	// Bob keeps an advance held for his messages; setting it back to 0 leaves held what his reply owes.
	let owed = sender_account(&client, Bob).await?.owed;
	assert!(owed > 0);
	let advance = 10 * owed;
	let set =
		execute(&client, &Bob.pair(), RuntimeCall::Messages(pallet_messages::Call::set_advance { advance })).await?;
	assert!(
		set.events.iter().any(|event| matches!(
			event,
			RuntimeEvent::Messages(pallet_messages::Event::AdvanceSet { who, advance: set, held })
				if *who == Bob.to_account_id() && *set == advance && *held == advance
		)),
		"{:?}",
		set.failure()
	);
	let account = sender_account(&client, Bob).await?;
	assert_eq!((account.sent, account.advance, account.owed), (1, advance, owed));
	let reset =
		execute(&client, &Bob.pair(), RuntimeCall::Messages(pallet_messages::Call::set_advance { advance: 0 })).await?;
	assert!(
		reset.events.iter().any(|event| matches!(
			event,
			RuntimeEvent::Messages(pallet_messages::Event::AdvanceSet { who, advance: 0, held })
				if *who == Bob.to_account_id() && *held == owed
		)),
		"{:?}",
		reset.failure()
	);
	Ok(())
}
