//! The subcommands, one module per part of the chain.

pub mod coins;
pub mod documents;
pub mod governance;
pub mod gpg;
pub mod identity;
pub mod keyring_cmd;
pub mod messages;
pub mod trust;
pub mod watch;

use std::path::PathBuf;

use anyhow::{anyhow, Result};

use crate::{
	chain::{AccountId, Chain},
	keyring,
	output::Output,
	resolve::{self, Emails},
	wallet::Wallet,
};

/// What every command gets: where the node and the key ring are, how to print, and how far to trust email claims.
pub struct Context {
	pub url: String,
	pub keyring_path: PathBuf,
	pub out: Output,
	pub emails: Emails,
}

impl Context {
	pub fn new(url: String, keyring: Option<PathBuf>, out: Output, accept_unverified_email: bool) -> Result<Self> {
		let keyring_path = match keyring {
			Some(path) => path,
			None => keyring::default_path()
				.ok_or_else(|| anyhow!("no data directory for the key ring: name a file with --keyring"))?,
		};
		let emails = if accept_unverified_email { Emails::AnyClaim } else { Emails::VerifiedOnly };
		Ok(Self { url, keyring_path, out, emails })
	}

	/// The account someone means to send, pay, trust or vote for: an email address only by a verified claim (unless
	/// `--accept-unverified-email`).
	pub async fn target(&self, chain: &Chain, who: &str) -> Result<AccountId> {
		resolve::account(chain, who, self.emails).await
	}

	/// The account someone means to look up: any email claim will do, since the lookup shows its verification.
	pub async fn lookup(&self, chain: &Chain, who: &str) -> Result<AccountId> {
		resolve::account(chain, who, Emails::AnyClaim).await
	}

	/// The owner's key ring, opened with the passphrase.
	pub fn wallet(&self) -> Result<Wallet> {
		Wallet::open(&self.keyring_path)
	}

	pub async fn chain(&self) -> Result<Chain> {
		Chain::connect(&self.url, !self.out.is_json()).await
	}
}
