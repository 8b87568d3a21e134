//! Where passphrases come from: the terminal, or, for scripts, a file named by an environment variable. Never the
//! command line, where other users of the machine can read it (`ps`) and shells keep it (history).

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use zeroize::Zeroizing;

/// Names a file whose first line is the key ring's passphrase.
pub const PASSPHRASE_FILE: &str = "SIGIL_PASSPHRASE_FILE";
/// Names a file whose first line is the new passphrase, for `sigil keyring passwd` in scripts.
pub const NEW_PASSPHRASE_FILE: &str = "SIGIL_NEW_PASSPHRASE_FILE";
/// The shortest passphrase a new key ring accepts.
pub const MIN_LENGTH: usize = 8;

/// The passphrase of an existing key ring.
pub fn existing(prompt: &str) -> Result<Zeroizing<String>> {
	if let Some(passphrase) = from_file(PASSPHRASE_FILE)? {
		return Ok(passphrase);
	}
	let passphrase = Zeroizing::new(
		rpassword::prompt_password(format!("{prompt}: "))
			.with_context(|| format!("cannot read the passphrase from the terminal (or set {PASSPHRASE_FILE})"))?,
	);
	Ok(passphrase)
}

/// A new passphrase: from `variable`'s file, or typed twice at the terminal.
pub fn new(variable: &str, prompt: &str) -> Result<Zeroizing<String>> {
	let passphrase = match from_file(variable)? {
		Some(passphrase) => passphrase,
		None => {
			let first = Zeroizing::new(
				rpassword::prompt_password(format!("{prompt}: "))
					.with_context(|| format!("cannot read a passphrase from the terminal (or set {variable})"))?,
			);
			let second = Zeroizing::new(
				rpassword::prompt_password("Repeat it: ").context("cannot read the passphrase from the terminal")?,
			);
			if first != second {
				bail!("the two passphrases differ; nothing was changed");
			}
			first
		}
	};
	if passphrase.chars().count() < MIN_LENGTH {
		bail!("the passphrase is too short: at least {MIN_LENGTH} characters");
	}
	Ok(passphrase)
}

/// The first line of the file `variable` names, if it is set.
fn from_file(variable: &str) -> Result<Option<Zeroizing<String>>> {
	let Some(path) = std::env::var_os(variable).map(PathBuf::from) else { return Ok(None) };
	let contents = Zeroizing::new(
		std::fs::read_to_string(&path)
			.with_context(|| format!("cannot read the passphrase file {} ({variable})", path.display()))?,
	);
	let line = contents.lines().next().unwrap_or("");
	Ok(Some(Zeroizing::new(line.to_string())))
}
