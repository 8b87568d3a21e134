//! `sigil init` and `sigil keyring ...`: creating, listing, backing up, restoring and re-encrypting the key ring.

use std::path::PathBuf;

use anyhow::{bail, Context as _, Result};
use clap::{Args, Subcommand};
use serde_json::json;
use zeroize::Zeroizing;

use super::Context;
use crate::{
	keyring::{self, KdfParams, Keyring},
	output::{hex0x, time},
	passphrase,
	wallet::{self, purpose_name, Wallet},
};

/// Names a file holding the BIP-39 words for `sigil init --import` in scripts.
pub const MNEMONIC_FILE: &str = "SIGIL_MNEMONIC_FILE";

#[derive(Args)]
pub struct InitArgs {
	/// Use your existing BIP-39 words (asked for at the terminal, or read from $SIGIL_MNEMONIC_FILE) instead of new
	/// ones, optionally followed by a derivation path (`... //hard/soft`).
	#[arg(long)]
	import: bool,
	/// With --import, accept a derivation path without words (`//Alice`): a development account, derived from a
	/// phrase everybody knows, so its key is public.
	#[arg(long, requires = "import")]
	dev: bool,
}

#[derive(Subcommand)]
pub enum KeyringCommand {
	/// List the account and the ring keys.
	Show,
	/// Copy the key ring, still encrypted, to FILE (a backup).
	Export {
		file: PathBuf,
		/// Replace FILE if it exists.
		#[arg(long)]
		force: bool,
	},
	/// Install the key ring backed up in FILE (asks for the backup's passphrase).
	Import {
		file: PathBuf,
		/// Replace the current key ring if there is one.
		#[arg(long)]
		force: bool,
	},
	/// Encrypt the key ring with a new passphrase.
	Passwd,
}

pub fn init(ctx: &Context, args: InitArgs) -> Result<()> {
	let path = &ctx.keyring_path;
	if path.exists() {
		bail!("{} already exists: nothing was changed (name another file with --keyring)", path.display());
	}
	let (mnemonic, new_words) = if args.import {
		(read_mnemonic(args.dev)?, false)
	} else {
		let mnemonic = bip39::Mnemonic::generate(12).context("cannot generate a mnemonic")?;
		(Zeroizing::new(mnemonic.to_string()), true)
	};
	let passphrase = passphrase::new(passphrase::PASSPHRASE_FILE, "New passphrase for the key ring")?;
	let keyring = Keyring::new(mnemonic);
	let wallet = Wallet::create(path, passphrase, keyring)?;
	keyring::create(path, &wallet.keyring, wallet.passphrase(), KdfParams::DEFAULT)?;
	let account = wallet.account_id();
	let mut json = json!({ "keyring": path, "account": account.to_string() });
	if new_words {
		json["mnemonic"] = json!(wallet.keyring.mnemonic.as_str());
	}
	ctx.out.emit(json, || {
		let mut text = format!("Created the key ring {}\nYour account: {account}\n", path.display());
		if new_words {
			text.push_str(&format!(
				"\nYour recovery words (write them down and keep them safe; anyone with them controls the account):\n\n  \
				 {}\n\n",
				wallet.keyring.mnemonic.as_str()
			));
		}
		text.push_str(
			"Next: have a consortium member admit and fund the account, then `sigil register --name ... --email ...`.",
		);
		text
	});
	Ok(())
}

fn read_mnemonic(dev: bool) -> Result<Zeroizing<String>> {
	let words = match std::env::var_os(MNEMONIC_FILE) {
		Some(file) => Zeroizing::new(
			std::fs::read_to_string(&file)
				.with_context(|| format!("cannot read {} ({MNEMONIC_FILE})", PathBuf::from(&file).display()))?,
		),
		None => Zeroizing::new(
			rpassword::prompt_password("Your BIP-39 words: ").context("cannot read the words from the terminal")?,
		),
	};
	let normalised = Zeroizing::new(words.split_whitespace().collect::<Vec<_>>().join(" "));
	// Words, then an optional derivation path (`//hard/soft`); the development accounts are a path alone.
	let phrase = normalised.split('/').next().unwrap_or("").trim();
	if phrase.is_empty() {
		// A path alone derives from Substrate's development phrase, which everybody knows.
		if !dev {
			bail!(
				"a derivation path without words derives from the public development phrase, so anyone can compute \
				 its key: give your BIP-39 words, or --dev for a development account"
			);
		}
	} else {
		bip39::Mnemonic::parse_normalized(phrase)
			.map_err(|error| anyhow::anyhow!("those are not valid BIP-39 words: {error}"))?;
	}
	wallet::account_pair(&normalised)?;
	Ok(normalised)
}

pub fn run(ctx: &Context, command: KeyringCommand) -> Result<()> {
	match command {
		KeyringCommand::Show => show(ctx),
		KeyringCommand::Export { file, force } => {
			let passphrase = passphrase::existing(&format!("Passphrase for {}", ctx.keyring_path.display()))?;
			let bytes = keyring::read_verified(&ctx.keyring_path, &passphrase)?;
			keyring::write_raw(&file, &bytes, !force)?;
			ctx.out.emit(json!({ "exported": file }), || {
				format!("Exported the key ring (still encrypted with its passphrase) to {}", file.display())
			});
			Ok(())
		}
		KeyringCommand::Import { file, force } => {
			if ctx.keyring_path.exists() && !force {
				bail!(
					"{} already exists: nothing was changed (use --force to replace it with the backup)",
					ctx.keyring_path.display()
				);
			}
			let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
			let passphrase = passphrase::existing(&format!("Passphrase for {}", file.display()))?;
			let keyring = keyring::decrypt(&bytes, &passphrase, &file)?;
			let account = wallet::account_pair(&keyring.mnemonic)?;
			keyring::write_raw(&ctx.keyring_path, &bytes, !force)?;
			let account = crate::chain::AccountId(sp_core::Pair::public(&account).0);
			ctx.out.emit(
				json!({ "imported": file, "keyring": ctx.keyring_path, "account": account.to_string() }),
				|| {
					format!(
						"Installed the backup {} as {}\nAccount: {account}",
						file.display(),
						ctx.keyring_path.display()
					)
				},
			);
			Ok(())
		}
		KeyringCommand::Passwd => {
			let mut wallet = ctx.wallet()?;
			let passphrase = passphrase::new(passphrase::NEW_PASSPHRASE_FILE, "New passphrase")?;
			wallet.set_passphrase(passphrase);
			wallet.save()?;
			ctx.out.emit(json!({ "keyring": ctx.keyring_path, "passphrase": "changed" }), || {
				format!("The key ring {} is now encrypted with the new passphrase.", ctx.keyring_path.display())
			});
			Ok(())
		}
	}
}

fn show(ctx: &Context) -> Result<()> {
	let wallet = ctx.wallet()?;
	let keys: Vec<_> = wallet
		.keyring
		.keys
		.iter()
		.map(|key| {
			json!({
				"keyId": hex0x(key.key_id),
				"shortId": hex::encode(&key.key_id[24..]),
				"scheme": key.scheme,
				"purpose": key.purpose,
				"createdAt": key.created_at.saturating_mul(1000),
				"pending": key.pending,
			})
		})
		.collect();
	let account = wallet.account_id();
	ctx.out.emit(json!({ "keyring": wallet.path(), "account": account.to_string(), "keys": keys }), || {
		let mut text = format!("Key ring {}\nAccount {account}\n", wallet.path().display());
		if wallet.keyring.keys.is_empty() {
			text.push_str("No ring keys yet: add one with `sigil key add --purpose signing`.\n");
		}
		for key in &wallet.keyring.keys {
			text.push_str(&format!(
				"  {}  {:<10} {:<8} created {}{}\n     {}\n",
				hex::encode(&key.key_id[24..]),
				purpose_name(key.purpose),
				format!("{:?}", key.scheme).to_lowercase(),
				time(key.created_at.saturating_mul(1000)),
				if key.pending { " (pending: not yet seen final on chain; `sigil key list` settles it)" } else { "" },
				hex0x(key.key_id),
			));
		}
		text
	});
	Ok(())
}
