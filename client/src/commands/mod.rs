//! The subcommands, one module per part of the chain.

pub mod coins;
pub mod documents;
pub mod governance;
pub mod identity;
pub mod keyring_cmd;
pub mod messages;
pub mod trust;
pub mod watch;

use std::path::PathBuf;

use anyhow::{anyhow, Result};

use crate::{chain::Chain, keyring, output::Output, wallet::Wallet};

/// What every command gets: where the node and the key ring are, and how to print.
pub struct Context {
	pub url: String,
	pub keyring_path: PathBuf,
	pub out: Output,
}

impl Context {
	pub fn new(url: String, keyring: Option<PathBuf>, out: Output) -> Result<Self> {
		let keyring_path = match keyring {
			Some(path) => path,
			None => keyring::default_path()
				.ok_or_else(|| anyhow!("no data directory for the key ring: name a file with --keyring"))?,
		};
		Ok(Self { url, keyring_path, out })
	}

	/// The owner's key ring, opened with the passphrase.
	pub fn wallet(&self) -> Result<Wallet> {
		Wallet::open(&self.keyring_path)
	}

	pub async fn chain(&self) -> Result<Chain> {
		Chain::connect(&self.url, !self.out.is_json()).await
	}
}
