//! Owner trust on a running dev node: identities set trust through signed extrinsics, and the `trust_*` RPC
//! methods compute validity, amounts and paths from the chain's state.

use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClient};
use pallet_owner_trust_rpc::{
	EdgesJson, LevelJson, NetworkReportJson, NeverReasonJson, ValidityJson, ValidityReportJson,
};
use sigil_e2e::*;
use sigil_primitives::TrustLevel;
use sigil_runtime::{AccountId, RuntimeCall, RuntimeError, RuntimeEvent};
use sp_core::H256;
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Dave, Eve, Ferdie, One};

async fn register(client: &WsClient, who: Sr25519Keyring) -> Result<()> {
	let call = RuntimeCall::KeyRing(pallet_key_ring::Call::register {
		display_name: format!("{who:?}").into_bytes(),
		email_hash: H256(sp_io::hashing::blake2_256(format!("{who:?}@example.org").as_bytes())),
	});
	let included = execute(client, &who.pair(), call).await?;
	included.succeeded().then_some(()).ok_or_else(|| format!("register {who:?}: {:?}", included.failure()).into())
}

fn set_trust(target: Sr25519Keyring, level: TrustLevel) -> RuntimeCall {
	RuntimeCall::OwnerTrust(pallet_owner_trust::Call::set_trust { target: target.to_account_id(), level })
}

/// Sets each (target, level) from `truster`, one after the other, and checks each succeeded.
async fn trust_all(client: &WsClient, truster: Sr25519Keyring, edges: &[(Sr25519Keyring, TrustLevel)]) -> Result<()> {
	for (target, level) in edges {
		let included = execute(client, &truster.pair(), set_trust(*target, *level)).await?;
		if !included.succeeded() {
			return Err(format!("{truster:?} -> {target:?}: {:?}", included.failure()).into());
		}
	}
	Ok(())
}

async fn validity(
	client: &WsClient,
	viewer: Sr25519Keyring,
	target: Sr25519Keyring,
) -> Result<ValidityReportJson<AccountId>> {
	let viewer = viewer.to_account_id().to_string();
	let target = target.to_account_id().to_string();
	Ok(client.request("trust_validity", rpc_params![viewer, target]).await?)
}

fn hops(names: &[Sr25519Keyring]) -> Vec<AccountId> {
	names.iter().map(|name| name.to_account_id()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn identities_set_trust_and_rpc_computes_validity_amounts_and_paths() -> Result<()> {
	let (_node, client) = start_dev_node("owner-trust").await?;

	tokio::try_join!(
		register(&client, Alice),
		register(&client, Bob),
		register(&client, Charlie),
		register(&client, Dave),
		register(&client, Eve),
		register(&client, Ferdie),
	)?;

	// Bad input is refused with named errors and changes nothing.
	let unregistered = execute(&client, &Ferdie.pair(), set_trust(One, TrustLevel::Full)).await?;
	assert!(matches!(
		unregistered.failure(),
		Some(RuntimeError::OwnerTrust(pallet_owner_trust::Error::TargetNotRegistered))
	));
	let own = execute(&client, &Ferdie.pair(), set_trust(Ferdie, TrustLevel::Full)).await?;
	assert!(matches!(own.failure(), Some(RuntimeError::OwnerTrust(pallet_owner_trust::Error::SelfTrust))));

	// Alice fully trusts Bob, Charlie and Eve; Bob and Charlie trust Dave marginally.
	tokio::try_join!(
		trust_all(&client, Alice, &[(Bob, TrustLevel::Full), (Charlie, TrustLevel::Full), (Eve, TrustLevel::Full)]),
		trust_all(&client, Bob, &[(Dave, TrustLevel::Marginal)]),
		trust_all(&client, Charlie, &[(Dave, TrustLevel::Marginal)]),
	)?;
	let two = validity(&client, Alice, Dave).await?;
	assert_eq!((two.validity, two.amount, two.trusted, two.depth), (ValidityJson::Marginal, 80, false, None));
	assert_eq!(
		two.paths.iter().map(|path| path.hops.clone()).collect::<Vec<_>>(),
		vec![hops(&[Alice, Bob, Dave]), hops(&[Alice, Charlie, Dave])]
	);

	// A third marginal introducer makes Dave valid; the event names the edge.
	let third = execute(&client, &Eve.pair(), set_trust(Dave, TrustLevel::Marginal)).await?;
	assert!(third.events.iter().any(|event| matches!(
		event,
		RuntimeEvent::OwnerTrust(pallet_owner_trust::Event::TrustSet {
			level: TrustLevel::Marginal,
			previous: None,
			..
		})
	)));
	let three = validity(&client, Alice, Dave).await?;
	assert_eq!((three.validity, three.amount, three.trusted, three.depth), (ValidityJson::Full, 120, true, Some(2)));
	assert_eq!(three.paths.len(), 3);
	assert!(three.paths.iter().all(|path| path.amount == 40 && path.level == LevelJson::Marginal));
	assert!(three.complete);

	// The edges both ways.
	let dave: EdgesJson<AccountId> =
		client.request("trust_edges", rpc_params![Dave.to_account_id().to_string(), None::<String>]).await?;
	let mut trusters: Vec<AccountId> = dave.incoming.iter().map(|edge| edge.account.clone()).collect();
	trusters.sort();
	let mut expected = hops(&[Bob, Charlie, Eve]);
	expected.sort();
	assert_eq!(trusters, expected);
	assert!(dave.outgoing.is_empty() && dave.incoming_next.is_none() && dave.fraud_mark.is_none());
	let alice: EdgesJson<AccountId> =
		client.request("trust_edges", rpc_params![Alice.to_account_id().to_string(), None::<String>]).await?;
	assert_eq!(alice.outgoing.len(), 3);
	assert!(alice.outgoing.iter().all(|edge| edge.level == LevelJson::Full));

	// The network view starts from the validators' accounts (Alice on the dev chain).
	let network: NetworkReportJson<AccountId> =
		client.request("trust_networkValidity", rpc_params![Dave.to_account_id().to_string()]).await?;
	assert_eq!(network.roots, hops(&[Alice]));
	assert_eq!(network.report.validity, ValidityJson::Full);

	// Alice's "never" on Eve excludes Eve and her introduction from Alice's view only.
	trust_all(&client, Alice, &[(Eve, TrustLevel::Never)]).await?;
	let eve = validity(&client, Alice, Eve).await?;
	assert_eq!(eve.validity, ValidityJson::Never { reason: NeverReasonJson::Distrusted });
	assert_eq!(validity(&client, Alice, Dave).await?.amount, 80);
	assert_eq!(validity(&client, Bob, Dave).await?.amount, 40, "Bob's own marginal edge");
	assert_eq!(validity(&client, Dave, Dave).await?.validity, ValidityJson::Ultimate);
	assert_eq!(validity(&client, Alice, One).await?.validity, ValidityJson::NotRegistered);

	// Clearing the edge returns Alice's view to before.
	let clear = RuntimeCall::OwnerTrust(pallet_owner_trust::Call::clear_trust { target: Eve.to_account_id() });
	let cleared = execute(&client, &Alice.pair(), clear).await?;
	assert!(cleared.succeeded(), "{:?}", cleared.failure());
	assert_eq!(validity(&client, Alice, Eve).await?.validity, ValidityJson::Unknown);
	Ok(())
}
