//! The operator's subcommands on a real database: export the chain's blocks, purge it, import them back, check a
//! block, revert the head, and restart from the result.

use std::time::Duration;

use sigil_e2e::*;

#[tokio::test(flavor = "multi_thread")]
async fn export_purge_import_check_and_revert_a_chain() -> Result<()> {
	let (mut dev, client) = start_dev_node("subcommands").await?;
	let finalized_before = wait_finalized(&client, 6, Duration::from_secs(60)).await?;
	drop(client);
	dev.stop()?;
	let base = dev.base_path().to_str().ok_or("path is not UTF-8")?.to_string();
	let exported = dev.base_path().join("blocks.bin");
	let exported = exported.to_str().ok_or("path is not UTF-8")?.to_string();
	let chain = ["--chain", "dev", "--base-path", &base];

	node_command(
		&[
			&["export-blocks", "--binary", "--from", "1", "--to", &finalized_before.to_string()][..],
			&chain,
			&[&exported],
		]
		.concat(),
	)?;
	assert!(std::fs::metadata(&exported)?.len() > 0);

	node_command(&[&["purge-chain", "-y"][..], &chain].concat())?;
	assert!(!dev.base_path().join("chains/sigil_dev/db/full/CURRENT").exists(), "purge-chain left the database");

	node_command(&[&["import-blocks", "--binary"][..], &chain, &[&exported]].concat())?;
	node_command(&[&["check-block"][..], &chain, &["1"]].concat())?;
	node_command(&[&["revert"][..], &chain, &["2"]].concat())?;

	// The node restarts on the imported (and reverted) chain and produces on top of it.
	dev.restart()?;
	let client = dev.client(Duration::from_secs(60)).await?;
	let best = best_number(&client).await?;
	assert!(best >= finalized_before.saturating_sub(2), "restarted at #{best}, imported up to #{finalized_before}");
	wait_finalized(&client, finalized_before + 2, Duration::from_secs(60))
		.await
		.map_err(|e| format!("{e}\n{}", dev.log_tail()))?;
	Ok(())
}
