//! The owner's opened key ring: the account key that signs transactions, and the ring keys that sign messages,
//! documents and coin transfers and decrypt messages.

use std::{
	fs::File,
	path::{Path, PathBuf},
};

use anyhow::{anyhow, bail, Context, Result};
use sigil_primitives::{KeyId, KeyPurpose, KeySignature, KeyStatus, PublicKey};
use sp_core::{ed25519, sr25519, Pair};
use zeroize::Zeroizing;

use crate::{
	chain::{api, AccountId, Chain, Config},
	keyring::{self, KdfParams, Keyring, Purpose, RingKey, Scheme},
	passphrase,
};

/// An opened key ring, with the passphrase it was opened with so that changes can be saved, and the lock that keeps
/// other `sigil` commands from changing it meanwhile.
pub struct Wallet {
	path: PathBuf,
	passphrase: Zeroizing<String>,
	pub keyring: Keyring,
	account: sr25519::Pair,
	_lock: File,
}

impl Wallet {
	/// Opens the key ring at `path`, asking for its passphrase. Holds the key ring's lock until dropped: two commands
	/// that each read the file, wait for the chain and write it back would otherwise lose one's changes.
	pub fn open(path: &Path) -> Result<Self> {
		if !path.exists() {
			bail!("no key ring at {}: create one with `sigil init` (or name another with --keyring)", path.display());
		}
		let lock = lock(path)?;
		let passphrase = passphrase::existing(&format!("Passphrase for {}", path.display()))?;
		let keyring = keyring::open(path, &passphrase)?;
		Self::with_lock(path, passphrase, keyring, lock)
	}

	/// A wallet over a key ring that is not saved yet (`sigil init`), holding its lock.
	pub fn create(path: &Path, passphrase: Zeroizing<String>, keyring: Keyring) -> Result<Self> {
		let lock = lock(path)?;
		Self::with_lock(path, passphrase, keyring, lock)
	}

	fn with_lock(path: &Path, passphrase: Zeroizing<String>, keyring: Keyring, lock: File) -> Result<Self> {
		let account = account_pair(&keyring.mnemonic)?;
		Ok(Self { path: path.to_path_buf(), passphrase, keyring, account, _lock: lock })
	}

	pub fn passphrase(&self) -> &Zeroizing<String> {
		&self.passphrase
	}

	/// Encrypts with `passphrase` from the next save on.
	pub fn set_passphrase(&mut self, passphrase: Zeroizing<String>) {
		self.passphrase = passphrase;
	}

	/// Writes the key ring back (atomically).
	pub fn save(&self) -> Result<()> {
		keyring::save(&self.path, &self.keyring, &self.passphrase, KdfParams::DEFAULT)?;
		Ok(())
	}

	pub fn path(&self) -> &Path {
		&self.path
	}

	/// The account, as the chain knows it.
	pub fn account_id(&self) -> AccountId {
		AccountId(self.account.public().0)
	}

	/// The account in the runtime's type, for the payloads of `sigil-primitives`.
	pub fn account_id32(&self) -> sp_core::crypto::AccountId32 {
		sp_core::crypto::AccountId32::new(self.account.public().0)
	}

	/// The transaction signer.
	pub fn signer(&self) -> AccountSigner<'_> {
		AccountSigner(&self.account)
	}

	/// The newest ring key with `purpose`, or the one named by `key_id` (a full id or a short id in hex).
	pub fn ring_key(&self, purpose: Purpose, key_id: Option<&str>) -> Result<&RingKey> {
		match key_id {
			Some(id) => {
				let wanted = id.trim_start_matches("0x").to_ascii_lowercase();
				let key = self
					.keyring
					.keys
					.iter()
					.find(|key| {
						let full = hex::encode(key.key_id);
						full == wanted || full.ends_with(&wanted) && wanted.len() == 16
					})
					.ok_or_else(|| anyhow!("no key {id} in the key ring {}", self.path.display()))?;
				if key.purpose != purpose {
					bail!("key {id} is a{} key, not a{} key", article(key.purpose), article(purpose));
				}
				Ok(key)
			}
			None => self.keyring.keys.iter().rev().find(|key| key.purpose == purpose).ok_or_else(|| {
				anyhow!(
					"the key ring has no {} key: add one with `sigil key add --purpose {}`",
					purpose_name(purpose),
					purpose_name(purpose)
				)
			}),
		}
	}

	/// The signing key to sign with: the one named by `key_id`, or else the newest ring key the chain holds active
	/// (a key revoked or expired elsewhere is skipped, not tried).
	pub async fn signing_key(&self, chain: &Chain, key_id: Option<&str>) -> Result<&RingKey> {
		if key_id.is_some() {
			return self.ring_key(Purpose::Signing, key_id);
		}
		let on_chain = chain.query(api::runtime_apis().key_ring_api().keys_of(self.account_id())).await?;
		let active: Vec<[u8; 32]> = on_chain
			.iter()
			.filter(|key| key.purpose.0 == KeyPurpose::Signing && key.status.0 == KeyStatus::Active)
			.map(|key| key.key_id.0)
			.collect();
		self.keyring
			.keys
			.iter()
			.rev()
			.find(|key| key.purpose == Purpose::Signing && active.contains(&key.key_id))
			.ok_or_else(|| {
				anyhow!(
					"none of the signing keys in {} is active on chain: add one with `sigil key add --purpose signing`",
					self.path.display()
				)
			})
	}

	/// The ring keys with `purpose`, newest first (to find the one a message was sealed to).
	pub fn ring_keys(&self, purpose: Purpose) -> impl Iterator<Item = &RingKey> {
		self.keyring.keys.iter().rev().filter(move |key| key.purpose == purpose)
	}
}

fn article(purpose: Purpose) -> &'static str {
	match purpose {
		Purpose::Signing => " signing",
		Purpose::Encryption => "n encryption",
	}
}

pub fn purpose_name(purpose: Purpose) -> &'static str {
	match purpose {
		Purpose::Signing => "signing",
		Purpose::Encryption => "encryption",
	}
}

/// The sr25519 account key of a BIP-39 mnemonic, derived as Substrate's tools (subkey, polkadot-js) derive it, so
/// the same words give the same account everywhere. A derivation path may follow the words (`... //hard/soft`), and
/// the words may be left out for the well-known development accounts (`//Alice`).
pub fn account_pair(mnemonic: &str) -> Result<sr25519::Pair> {
	sr25519::Pair::from_string(mnemonic, None)
		.map_err(|error| anyhow!("not a valid BIP-39 mnemonic (with an optional derivation path): {error:?}"))
}

/// A ring key's public key, as the chain records it.
pub fn public_key(key: &RingKey) -> PublicKey {
	match key.scheme {
		Scheme::Ed25519 => PublicKey::Ed25519(ed25519::Pair::from_seed(&key.seed).public()),
		Scheme::Sr25519 => PublicKey::Sr25519(sr25519::Pair::from_seed(&key.seed).public()),
	}
}

/// `key`'s signature over `message`.
pub fn sign(key: &RingKey, message: &[u8]) -> KeySignature {
	match key.scheme {
		Scheme::Ed25519 => KeySignature::Ed25519(ed25519::Pair::from_seed(&key.seed).sign(message)),
		Scheme::Sr25519 => KeySignature::Sr25519(sr25519::Pair::from_seed(&key.seed).sign(message)),
	}
}

/// A new ring key. Encryption keys are ed25519: the chain needs a signature as proof of possession, and senders
/// encrypt to the key's X25519 form (see `seal`).
pub fn generate(scheme: Scheme, purpose: Purpose) -> Result<RingKey> {
	if purpose == Purpose::Encryption && scheme != Scheme::Ed25519 {
		bail!("encryption keys are ed25519 keys (senders encrypt to their X25519 form)");
	}
	let mut seed = Zeroizing::new([0u8; 32]);
	rand_core::RngCore::try_fill_bytes(&mut rand_core::OsRng, &mut seed[..])
		.context("the operating system's random number generator failed")?;
	let mut key = RingKey { scheme, purpose, seed, key_id: [0; 32], created_at: unix_now(), pending: false };
	key.key_id = public_key(&key).key_id().0;
	Ok(key)
}

pub fn key_id(key: &RingKey) -> KeyId {
	KeyId::from(key.key_id)
}

pub fn unix_now() -> u64 {
	std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|elapsed| elapsed.as_secs()).unwrap_or(0)
}

/// Signs transactions with the account key.
pub struct AccountSigner<'a>(&'a sr25519::Pair);

impl subxt::transactions::Signer<Config> for AccountSigner<'_> {
	fn account_id(&self) -> AccountId {
		AccountId(self.0.public().0)
	}

	fn sign(&self, payload: &[u8]) -> subxt::utils::MultiSignature {
		subxt::utils::MultiSignature::Sr25519(self.0.sign(payload).0)
	}
}

/// The account of `chain::AccountId` in the runtime's type.
pub fn runtime_account(id: &AccountId) -> sp_core::crypto::AccountId32 {
	sp_core::crypto::AccountId32::new(id.0)
}

/// Takes the key ring's lock (`<key ring>.lock` beside it), waiting for another `sigil` command that holds it.
pub fn lock(path: &Path) -> Result<File> {
	let mut name = path.file_name().unwrap_or_default().to_os_string();
	name.push(".lock");
	let lock_path = path.with_file_name(name);
	if let Some(parent) = lock_path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
		std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
	}
	let file = File::options()
		.create(true)
		.truncate(false)
		.write(true)
		.open(&lock_path)
		.with_context(|| format!("cannot open the lock file {}", lock_path.display()))?;
	match file.try_lock() {
		Ok(()) => {}
		Err(std::fs::TryLockError::WouldBlock) => {
			eprintln!("sigil: waiting for another sigil command that is using {}", path.display());
			file.lock().with_context(|| format!("cannot lock {}", lock_path.display()))?;
		}
		Err(std::fs::TryLockError::Error(error)) => {
			return Err(error).with_context(|| format!("cannot lock {}", lock_path.display()))
		}
	}
	Ok(file)
}
