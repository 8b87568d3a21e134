//! Micropayment coins on a running dev node: a broker approved by governance (sudo on the dev chain), a coin
//! bought on line, a transfer the payer signs with no connection to the chain and never submits, claimed later by
//! the payee; a double spend caught with its proof, the owner-trust fraud mark and the payee compensated from the
//! payer's bond; redemption.

use codec::Encode;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use pallet_micropay_rpc::{BondJson, CoinJson, CoinStateJson, FraudProofJson};
use pallet_owner_trust_rpc::{NeverReasonJson, ValidityJson, ValidityReportJson};
use sigil_e2e::*;
use sigil_primitives::{CoinId, KeySignature, PublicKey, SignedTransfer, Transfer, TransferPayload};
use sigil_runtime::{currency::UNIT, AccountId, RuntimeCall, RuntimeEvent};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve};

/// What a payer's wallet does off line: it knows the chain (genesis hash), the coin and its sequence number, and
/// signs a transfer to the payee with its ring key. Nothing here talks to a node.
fn sign_offline(
	genesis: H256,
	key: &sr25519::Pair,
	coin: CoinId<AccountId>,
	seq: u32,
	payer: AccountId,
	payee: AccountId,
	(valid_from, valid_until): (u64, u64),
) -> SignedTransfer<AccountId> {
	let transfer = Transfer { coin, seq, payer, payee, valid_from, valid_until };
	let signature = key.sign(&TransferPayload::new(genesis, transfer.clone()).encode());
	SignedTransfer {
		transfer,
		key_id: PublicKey::Sr25519(key.public()).key_id(),
		signature: KeySignature::Sr25519(signature),
	}
}

async fn coin(client: &WsClient, id: &CoinId<AccountId>) -> Result<CoinJson<AccountId>> {
	let found: Option<CoinJson<AccountId>> =
		client.request("micropay_coin", rpc_params![id.broker.to_string(), id.serial]).await?;
	Ok(found.ok_or("coin not found")?)
}

fn claim(signed: SignedTransfer<AccountId>) -> RuntimeCall {
	RuntimeCall::Micropay(pallet_micropay::Call::claim { signed: Box::new(signed) })
}

#[tokio::test(flavor = "multi_thread")]
async fn a_transfer_signed_off_line_is_claimed_later_and_a_double_spend_is_caught() -> Result<()> {
	let (_node, client) = start_dev_node("micropay").await?;
	let genesis = genesis_hash(&client).await?;
	let broker = Bob.to_account_id();

	// Governance approves Bob as a broker: 0.01 SGL fee, coins valid for an hour, at most 10 SGL each.
	let terms = pallet_micropay::BrokerTerms { fee: UNIT / 100, validity: 3_600_000, max_value: 10 * UNIT };
	let approve = RuntimeCall::Micropay(pallet_micropay::Call::approve_broker { broker: broker.clone(), terms });
	let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(approve) });
	assert!(execute(&client, &Alice.pair(), sudo).await?.succeeded());

	// Alice has an identity with a signing key, and buys a 1 SGL coin.
	let alice_key = identity_with_key(&client, Alice, genesis, "micropay").await?;
	let purchase = RuntimeCall::Micropay(pallet_micropay::Call::purchase { broker: broker.clone(), value: UNIT });
	let bought = execute(&client, &Alice.pair(), purchase).await?;
	let id = bought
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::Micropay(pallet_micropay::Event::CoinIssued { coin, .. }) => Some(coin.clone()),
			_ => None,
		})
		.ok_or_else(|| format!("no CoinIssued: {:?}", bought.failure()))?;
	let issued = coin(&client, &id).await?;
	assert_eq!((issued.holder.clone(), issued.seq, issued.value.as_str()), (Alice.to_account_id(), 0, "1000000000000"));

	// Alice bonds 1 SGL: what her payees off line are compensated from if she cheats.
	let bond = RuntimeCall::Micropay(pallet_micropay::Call::bond { amount: UNIT });
	assert!(execute(&client, &Alice.pair(), bond).await?.succeeded());
	let bonded: Option<BondJson> =
		client.request("micropay_bond", rpc_params![Alice.to_account_id().to_string()]).await?;
	assert_eq!(bonded, Some(BondJson { amount: UNIT.to_string(), unlocks_at: None }));

	// Off line: Alice pays Charlie by signing a transfer open for ten minutes and handing it over. She submits
	// nothing.
	let window = (issued.issued_at, issued.issued_at + 600_000);
	let to_charlie =
		sign_offline(genesis, &alice_key, id.clone(), 1, Alice.to_account_id(), Charlie.to_account_id(), window);
	// She also signs the same coin and sequence number over to Dave: a double spend.
	let to_dave = sign_offline(genesis, &alice_key, id.clone(), 1, Alice.to_account_id(), Dave.to_account_id(), window);

	// Later Charlie claims his transfer.
	let claimed = execute(&client, &Charlie.pair(), claim(to_charlie)).await?;
	assert!(
		claimed.events.iter().any(|event| matches!(
			event,
			RuntimeEvent::Micropay(pallet_micropay::Event::CoinPaid { seq: 1, offline: true, .. })
		)),
		"{:?}",
		claimed.failure()
	);
	let paid = coin(&client, &id).await?;
	assert_eq!((paid.holder.clone(), paid.seq), (Charlie.to_account_id(), 1));
	assert!(paid.history.first().is_some_and(|t| t.offline && t.to == Charlie.to_account_id()));
	let charlies: Vec<CoinJson<AccountId>> =
		client.request("micropay_coinsOf", rpc_params![Charlie.to_account_id().to_string()]).await?;
	assert_eq!(charlies.len(), 1);

	// Dave's claim for the same seq: refused as a payment, kept as a proof, Alice marked, Dave paid from her bond.
	let caught = execute(&client, &Dave.pair(), claim(to_dave)).await?;
	assert!(caught.events.iter().any(|event| matches!(
		event,
		RuntimeEvent::Micropay(pallet_micropay::Event::DoubleSpendDetected { seq: 1, disputed: false, .. })
	)));
	assert!(caught.events.iter().any(|event| matches!(
		event,
		RuntimeEvent::Micropay(pallet_micropay::Event::VictimCompensated { victim, amount, .. })
			if *victim == Dave.to_account_id() && *amount == UNIT
	)));
	assert_eq!(coin(&client, &id).await?.holder, Charlie.to_account_id(), "the coin did not move");
	let proofs: Vec<FraudProofJson<AccountId>> =
		client.request("micropay_fraudProofs", rpc_params![Alice.to_account_id().to_string()]).await?;
	assert_eq!(proofs.len(), 1);
	assert_eq!(proofs[0].second.payee, Dave.to_account_id());
	let seen: ValidityReportJson<AccountId> = client
		.request("trust_validity", rpc_params![Eve.to_account_id().to_string(), Alice.to_account_id().to_string()])
		.await?;
	// Eve has no identity, but the mark applies to every viewer; Alice herself is registered.
	assert_eq!(seen.validity, ValidityJson::Never { reason: NeverReasonJson::FraudMark });

	// Charlie redeems: the backing, minus the broker's fee, is his.
	let before = free_balance(&client, &Charlie.to_account_id(), None).await?;
	let redeem = RuntimeCall::Micropay(pallet_micropay::Call::redeem { coin: id.clone() });
	let redeemed = execute(&client, &Charlie.pair(), redeem).await?;
	assert!(redeemed.succeeded(), "{:?}", redeemed.failure());
	let after = free_balance(&client, &Charlie.to_account_id(), Some(redeemed.block_hash)).await?;
	let fee_paid = redeemed
		.events
		.iter()
		.find_map(|event| match event {
			RuntimeEvent::TransactionPayment(pallet_transaction_payment::Event::TransactionFeePaid {
				actual_fee,
				..
			}) => Some(*actual_fee),
			_ => None,
		})
		.unwrap_or_default();
	assert_eq!(after + fee_paid, before + UNIT - UNIT / 100);
	assert!(matches!(coin(&client, &id).await?.state, CoinStateJson::Redeemed { .. }));
	Ok(())
}
