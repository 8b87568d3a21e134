//! Owner trust: `trust set|clear|show`.

use anyhow::Result;
use clap::{Subcommand, ValueEnum};
use serde_json::{json, Value};
use sigil_primitives::{NeverReason, TrustLevel, Validity};
use subxt::utils::Static;

use super::Context;
use crate::chain::{api, AccountId};

pub type Report = api::runtime_types::pallet_owner_trust_runtime_api::ValidityReport<AccountId>;

#[derive(Clone, Copy, ValueEnum)]
pub enum LevelArg {
	/// A fully trusted introducer.
	Full,
	/// A marginally trusted introducer.
	Marginal,
	/// Never valid in your view, and introduces nobody.
	Never,
	/// "I don't know": recorded, introduces nobody.
	Unknown,
}

#[derive(Subcommand)]
pub enum TrustCommand {
	/// Say how far you trust someone to introduce others (OpenPGP's owner trust).
	Set {
		/// Account, email address or key id.
		who: String,
		#[arg(value_enum)]
		level: LevelArg,
	},
	/// Remove your trust edge to someone.
	Clear { who: String },
	/// How you and the network see someone: validity, amount (0-120) and the paths.
	Show {
		who: String,
		/// Whose view (default: yours).
		#[arg(long = "as")]
		viewer: Option<String>,
	},
}

pub async fn run(ctx: &Context, command: TrustCommand) -> Result<()> {
	match command {
		TrustCommand::Set { who, level } => {
			let wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let target = ctx.target(&chain, &who).await?;
			let level = match level {
				LevelArg::Full => TrustLevel::Full,
				LevelArg::Marginal => TrustLevel::Marginal,
				LevelArg::Never => TrustLevel::Never,
				LevelArg::Unknown => TrustLevel::Unknown,
			};
			let call = api::tx().owner_trust().set_trust(target, Static(level));
			let done = chain.submit(&call, &wallet.signer(), "trust set").await?;
			ctx.out.emit(
				json!({ "target": target.to_string(), "level": level_name(level), "block": done.block_number }),
				|| format!("You now trust {target} {} (block #{})", level_name(level), done.block_number),
			);
			Ok(())
		}
		TrustCommand::Clear { who } => {
			let wallet = ctx.wallet()?;
			let chain = ctx.chain().await?;
			let target = ctx.target(&chain, &who).await?;
			let call = api::tx().owner_trust().clear_trust(target);
			let done = chain.submit(&call, &wallet.signer(), "trust clear").await?;
			ctx.out.emit(json!({ "target": target.to_string(), "cleared": true, "block": done.block_number }), || {
				format!("Removed your trust edge to {target} (block #{})", done.block_number)
			});
			Ok(())
		}
		TrustCommand::Show { who, viewer } => {
			let chain = ctx.chain().await?;
			let target = ctx.lookup(&chain, &who).await?;
			let viewer = match viewer {
				Some(viewer) => ctx.lookup(&chain, &viewer).await?,
				None => ctx.wallet()?.account_id(),
			};
			let apis = api::runtime_apis();
			let mine = chain.query(apis.owner_trust_api().validity(viewer, target)).await?;
			let network = chain.query(apis.owner_trust_api().network_validity(target)).await?;
			ctx.out.emit(
				json!({ "target": target.to_string(), "viewer": viewer.to_string(), "fromViewer": report_json(&mine),
					"network": report_json(&network) }),
				|| {
					format!(
						"{target}\nYou:     {}\n{}Network: {}\n{}",
						report_line(&mine),
						paths_text(&mine),
						report_line(&network),
						paths_text(&network)
					)
				},
			);
			Ok(())
		}
	}
}

pub fn level_name(level: TrustLevel) -> &'static str {
	match level {
		TrustLevel::Full => "full",
		TrustLevel::Marginal => "marginal",
		TrustLevel::Never => "never",
		TrustLevel::Unknown => "unknown",
	}
}

pub fn validity_name(validity: &Validity) -> &'static str {
	match validity {
		Validity::Ultimate => "ultimate",
		Validity::Full => "full",
		Validity::Marginal => "marginal",
		Validity::Unknown => "unknown",
		Validity::Never(NeverReason::FraudMark) => "never (fraud mark: a proven double spend)",
		Validity::Never(NeverReason::Distrusted) => "never (distrusted)",
		Validity::NotRegistered => "not registered",
	}
}

pub fn report_json(report: &Report) -> Value {
	json!({
		"validity": validity_name(&report.validity.0),
		"amount": report.amount,
		"depth": report.depth,
		"paths": report.paths.iter().map(|path| json!({
			"hops": path.hops.iter().map(ToString::to_string).collect::<Vec<_>>(),
			"level": level_name(path.level.0),
			"amount": path.amount,
		})).collect::<Vec<_>>(),
		"complete": report.complete,
	})
}

/// "full (120/120), 2 paths".
pub fn report_line(report: &Report) -> String {
	let mut line = format!("{} ({}/120)", validity_name(&report.validity.0), report.amount);
	if !report.paths.is_empty() {
		line.push_str(&format!(", {} path{}", report.paths.len(), if report.paths.len() == 1 { "" } else { "s" }));
	}
	if !report.complete {
		line.push_str(" (search cut short: more paths may exist)");
	}
	line
}

/// Each path as `A -> B -> C (full, 120)`.
pub fn paths_text(report: &Report) -> String {
	report
		.paths
		.iter()
		.map(|path| {
			let hops: Vec<String> = path.hops.iter().map(ToString::to_string).collect();
			format!("          {} ({}, {})\n", hops.join(" -> "), level_name(path.level.0), path.amount)
		})
		.collect()
}
