//! Measures, on real nodes, the time from submitting a transfer to seeing it in a block and finalized, and
//! block production and finality lag over an observation window.
//!
//! ```text
//! finality-bench [dev|local] [TRANSFERS] [OBSERVE_SECONDS]      (defaults: dev 30 120)
//! ```
//! `dev` runs one `--dev` node; `local` the four validators of `chain-spec/local-raw.json` on 127.0.0.1.

use std::time::{Duration, Instant};

use codec::Encode;
use jsonrpsee::{
	core::client::{Subscription, SubscriptionClientT},
	rpc_params,
	ws_client::WsClient,
};
use serde_json::Value;
use sigil_e2e::*;
use sigil_runtime::{BalancesCall, RuntimeCall};
use sp_keyring::Sr25519Keyring::{Alice, Bob};

fn median(values: &mut [f64]) -> f64 {
	values.sort_by(|a, b| a.total_cmp(b));
	match values.len() {
		0 => f64::NAN,
		n if n % 2 == 1 => values[n / 2],
		n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
	}
}

fn percentile(values: &mut [f64], p: f64) -> f64 {
	values.sort_by(|a, b| a.total_cmp(b));
	if values.is_empty() {
		return f64::NAN;
	}
	let rank = ((p / 100.0) * (values.len() - 1) as f64).round() as usize;
	values[rank.min(values.len() - 1)]
}

/// Submits one transfer and watches it: seconds until it is in a block, and until that block is finalized.
async fn timed_transfer(client: &WsClient, value: u128) -> Result<(f64, f64)> {
	let call = RuntimeCall::Balances(BalancesCall::transfer_keep_alive { dest: Bob.to_account_id().into(), value });
	let extrinsic = sign(client, &Alice.pair(), call).await?.encode();
	let started = Instant::now();
	let mut watch: Subscription<Value> = client
		.subscribe(
			"author_submitAndWatchExtrinsic",
			rpc_params![format!("0x{}", hex::encode(&extrinsic))],
			"author_unwatchExtrinsic",
		)
		.await?;
	let mut in_block = None;
	while let Some(status) = watch.next().await {
		let status = status?;
		if status.get("inBlock").is_some() && in_block.is_none() {
			in_block = Some(started.elapsed().as_secs_f64());
		}
		if status.get("finalized").is_some() {
			let finalized = started.elapsed().as_secs_f64();
			return Ok((in_block.unwrap_or(finalized), finalized));
		}
		if let Some(reason) = ["dropped", "invalid", "usurped", "finalityTimeout"]
			.iter()
			.find(|key| status.get(**key).is_some() || status.as_str() == Some(**key))
		{
			return Err(format!("transfer {reason}: {status}").into());
		}
	}
	Err("the watch subscription ended before finality".into())
}

#[tokio::main]
async fn main() -> Result<()> {
	let args: Vec<String> = std::env::args().collect();
	let network = args.get(1).map(String::as_str).unwrap_or("dev");
	let transfers: usize = args.get(2).map(|a| a.parse()).transpose()?.unwrap_or(30);
	let observe = Duration::from_secs(args.get(3).map(|a| a.parse()).transpose()?.unwrap_or(120));

	let (_nodes, clients) = match network {
		"dev" => {
			let node = Node::start("bench-dev", &["--dev"])?;
			let client = node.client(Duration::from_secs(60)).await?;
			(vec![node], vec![client])
		}
		"local" => start_local_network().await?,
		other => return Err(format!("unknown network `{other}`: use dev or local").into()),
	};
	let client = &clients[0];
	wait_finalized(client, 3, Duration::from_secs(120)).await?;
	eprintln!("{network}: chain is finalizing; sending {transfers} transfers one after another");

	let (mut to_block, mut to_final) = (Vec::new(), Vec::new());
	for i in 0..transfers {
		let (in_block, finalized) = timed_transfer(client, 1_000_000 + i as u128).await?;
		to_block.push(in_block);
		to_final.push(finalized);
	}

	eprintln!("{network}: observing block production and finality for {observe:?}");
	let started = Instant::now();
	let (best_start, (final_start, _)) = (best_number(client).await?, finalized(client).await?);
	let mut lags = Vec::new();
	while started.elapsed() < observe {
		let best = best_number(client).await?;
		let (fin, _) = finalized(client).await?;
		lags.push(best.saturating_sub(fin) as f64);
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	let seconds = started.elapsed().as_secs_f64();
	let best_end = best_number(client).await?;
	let (final_end, _) = finalized(client).await?;

	println!("network: {network} ({} node(s))", clients.len());
	println!(
		"transfer -> in block: median {:.2} s, p90 {:.2} s (n = {})",
		median(&mut to_block),
		percentile(&mut to_block, 90.0),
		to_block.len()
	);
	println!(
		"transfer -> finalized: median {:.2} s, p90 {:.2} s, max {:.2} s (n = {})",
		median(&mut to_final),
		percentile(&mut to_final, 90.0),
		percentile(&mut to_final, 100.0),
		to_final.len()
	);
	println!(
		"over {seconds:.0} s: {} blocks ({:.2} s per block), {} finalized; best - finalized lag: median {:.0}, max {:.0} blocks",
		best_end - best_start,
		seconds / f64::from((best_end - best_start).max(1)),
		final_end - final_start,
		median(&mut lags),
		percentile(&mut lags, 100.0)
	);
	Ok(())
}
