//! The owner's key ring: the account mnemonic and the ring keys' secret seeds, kept in one file encrypted with the
//! owner's passphrase.
//!
//! # File format, version 1
//!
//! All integers are little-endian. Offsets and lengths are in bytes.
//!
//! | Offset | Length | Field                                                                 |
//! |-------:|-------:|-----------------------------------------------------------------------|
//! |      0 |     14 | magic: the ASCII bytes `SIGIL-KEYRING\n`                              |
//! |     14 |      1 | format version: `1`                                                   |
//! |     15 |      1 | KDF id: `1` = Argon2id, version 0x13                                  |
//! |     16 |      4 | Argon2id memory cost in KiB (u32)                                     |
//! |     20 |      4 | Argon2id iterations (u32)                                             |
//! |     24 |      4 | Argon2id parallelism, lanes (u32)                                     |
//! |     28 |     16 | salt, random                                                          |
//! |     44 |     32 | passphrase check                                                      |
//! |     76 |      1 | AEAD id: `1` = XChaCha20-Poly1305                                     |
//! |     77 |     24 | nonce, random                                                         |
//! |    101 |   rest | ciphertext: as long as the plaintext, then the 16-byte Poly1305 tag   |
//!
//! The header is bytes 0..101. Keys come from Argon2id over the passphrase's UTF-8 bytes with the header's salt and
//! costs, 64 bytes of output: bytes 0..32 are the XChaCha20-Poly1305 key, bytes 32..64 are the passphrase check
//! stored in the header. The check tells a wrong passphrase from a damaged file; it gives an attacker nothing
//! cheaper than trying the AEAD, since both sit behind the same Argon2id run. The AEAD's associated data is the
//! whole header (bytes 0..101), so a change to any header byte makes the file fail to open.
//!
//! The plaintext is the UTF-8 JSON of [`Keyring`]:
//!
//! ```json
//! {
//!   "mnemonic": "twelve or twenty-four English BIP-39 words ...",
//!   "keys": [
//!     {
//!       "scheme": "ed25519",
//!       "purpose": "encryption",
//!       "seed": "0x<64 hex digits>",
//!       "key_id": "0x<64 hex digits>",
//!       "created_at": 1767225600
//!     }
//!   ],
//!   "genesis_hash": "0x<64 hex digits>",
//!   "coins": [
//!     { "broker": "0x<64 hex digits>", "serial": 7, "seq": 2, "value": "1000000000000", "expiry": 1767312000000 }
//!   ]
//! }
//! ```
//!
//! `scheme` is `ed25519` or `sr25519`, `purpose` is `signing` or `encryption`, `created_at` is Unix seconds. Readers
//! also accept `seed`, `key_id`, `genesis_hash` and `broker` without the `0x` prefix. `genesis_hash` (the chain the
//! coins are on; absent until the client has seen a chain) and `coins` (the micropayment coins the owner held when
//! it last looked, for off-line transfers; `value` in the smallest unit as decimal text, `expiry` in Unix
//! milliseconds) may be absent; readers take them as none.
//!
//! New files use 64 MiB of memory, 3 iterations and 1 lane. Readers refuse, before running Argon2id, a memory cost
//! outside 65536..=1048576 KiB (64 MiB to 1 GiB), iterations outside 1..=64 and parallelism outside 1..=16, and any
//! file larger than 16 MiB: a crafted file can make the client do no more work than that.
//!
//! Files are written to a temporary file next to the target with mode 0600, synced, renamed over the target, and
//! the directory is synced, so a crash or error leaves either the old file or the new one, never a mix.

use std::{
	fmt,
	fs::{self, File},
	io::{self, Read, Write},
	ops::RangeInclusive,
	path::{Path, PathBuf},
};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::{
	aead::{AeadInPlace, KeyInit},
	Key, XChaCha20Poly1305, XNonce,
};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

/// The environment variable that, when set and not empty, names the key ring file in place of the default.
pub const PATH_ENV: &str = "SIGIL_KEYRING";

/// The first bytes of every key ring file.
pub const MAGIC: &[u8; 14] = b"SIGIL-KEYRING\n";
/// The file format version this client reads and writes.
pub const FORMAT_VERSION: u8 = 1;

const KDF_ARGON2ID: u8 = 1;
const AEAD_XCHACHA20POLY1305: u8 = 1;

const SALT_LEN: usize = 16;
const CHECK_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const AEAD_KEY_LEN: usize = 32;

const VERSION_AT: usize = MAGIC.len();
const KDF_ID_AT: usize = VERSION_AT + 1;
const MEMORY_AT: usize = KDF_ID_AT + 1;
const ITERATIONS_AT: usize = MEMORY_AT + 4;
const PARALLELISM_AT: usize = ITERATIONS_AT + 4;
const SALT_AT: usize = PARALLELISM_AT + 4;
const CHECK_AT: usize = SALT_AT + SALT_LEN;
const AEAD_ID_AT: usize = CHECK_AT + CHECK_LEN;
const NONCE_AT: usize = AEAD_ID_AT + 1;
/// Length of the header, which is also the AEAD's associated data.
const HEADER_LEN: usize = NONCE_AT + NONCE_LEN;

/// Files bigger than this are refused unread: a key ring is a few KiB, and reading an arbitrary file whole could
/// exhaust memory.
pub const MAX_FILE_LEN: u64 = 16 * 1024 * 1024;

const MEMORY_KIB_RANGE: RangeInclusive<u32> = 65_536..=1_048_576;
const ITERATIONS_RANGE: RangeInclusive<u32> = 1..=64;
const PARALLELISM_RANGE: RangeInclusive<u32> = 1..=16;

/// Signature scheme of a ring key.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
	/// Ed25519; the seed is the RFC 8032 secret key.
	Ed25519,
	/// Sr25519 (Schnorrkel); the seed is the mini secret key.
	Sr25519,
}

/// What a ring key is for.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
	/// Signing messages and documents.
	Signing,
	/// Receiving encrypted message bodies (always an ed25519 key; see the `seal` module).
	Encryption,
}

/// One ring key: its secret seed and what the chain knows it by.
#[derive(Clone, Serialize, Deserialize)]
pub struct RingKey {
	/// The signature scheme.
	pub scheme: Scheme,
	/// What the key is for.
	pub purpose: Purpose,
	/// The 32-byte secret seed (ed25519 seed, or sr25519 mini secret key). Hex in the JSON. Zeroized on drop.
	#[serde(with = "secret_hex")]
	pub seed: Zeroizing<[u8; 32]>,
	/// The on-chain key id, 32 bytes, hex "0x..." in the JSON.
	#[serde(with = "hex_32")]
	pub key_id: [u8; 32],
	/// Unix seconds when the client generated it.
	pub created_at: u64,
	/// Submitted to the chain but not yet seen final there: kept so that a key which lands after a lost connection
	/// still has its private half; `sigil key list` settles it.
	#[serde(default, skip_serializing_if = "std::ops::Not::not")]
	pub pending: bool,
}

impl fmt::Debug for RingKey {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("RingKey")
			.field("scheme", &self.scheme)
			.field("purpose", &self.purpose)
			.field("seed", &format_args!("<redacted>"))
			.field("key_id", &format_args!("0x{}", hex::encode(self.key_id)))
			.field("created_at", &self.created_at)
			.field("pending", &self.pending)
			.finish()
	}
}

/// The decrypted contents of a key ring.
#[derive(Clone, Serialize, Deserialize)]
pub struct Keyring {
	/// The account key's BIP-39 mnemonic (English, 12 or 24 words); the sr25519 account key is derived from it as
	/// Substrate does (the caller does that).
	#[serde(with = "secret_string")]
	pub mnemonic: Zeroizing<String>,
	/// Ring keys, oldest first. Add keys with [`Keyring::push_key`], which does not leave copies of seeds behind when
	/// the vector grows.
	#[serde(deserialize_with = "deserialize_keys")]
	pub keys: Vec<RingKey>,
	/// The genesis hash of the chain the coins below are on, once the client has seen it; off-line coin transfers
	/// sign it without asking a node.
	#[serde(default, with = "opt_hex_32", skip_serializing_if = "Option::is_none")]
	pub genesis_hash: Option<[u8; 32]>,
	/// The micropayment coins the owner held when the client last looked, for off-line transfers.
	#[serde(default)]
	pub coins: Vec<HeldCoin>,
	/// Off-line transfers the owner signed whose window is still open: their coins are not spent again.
	#[serde(default)]
	pub promised: Vec<PromisedCoin>,
	/// The longest window of an off-line transfer the chain accepts (milliseconds), as last seen.
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub max_transfer_window: Option<u64>,
}

/// A coin promised in an off-line transfer: until the payee claims it or its window closes, spending the coin any
/// other way would be a double spend.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct PromisedCoin {
	#[serde(with = "hex_32")]
	pub broker: [u8; 32],
	pub serial: u64,
	/// The sequence number promised (the coin's number then, plus one).
	pub seq: u32,
	/// The end of the transfer's window, Unix milliseconds.
	pub valid_until: u64,
}

/// A micropayment coin the owner held when the client last looked at the chain.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct HeldCoin {
	/// The account that issued the coin.
	#[serde(with = "hex_32")]
	pub broker: [u8; 32],
	/// The coin's serial number at its broker.
	pub serial: u64,
	/// How many times the coin had been transferred.
	pub seq: u32,
	/// The coin's value in the smallest unit, as decimal text (JSON numbers cannot hold every u128).
	pub value: String,
	/// When the coin expires, Unix milliseconds.
	pub expiry: u64,
}

impl fmt::Debug for Keyring {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.debug_struct("Keyring")
			.field("mnemonic", &format_args!("<redacted>"))
			.field("keys", &self.keys)
			.field("genesis_hash", &self.genesis_hash.map(hex::encode))
			.field("coins", &self.coins)
			.finish()
	}
}

impl Keyring {
	/// A key ring holding the account mnemonic and nothing else yet.
	pub fn new(mnemonic: Zeroizing<String>) -> Self {
		Keyring {
			mnemonic,
			keys: Vec::new(),
			genesis_hash: None,
			coins: Vec::new(),
			promised: Vec::new(),
			max_transfer_window: None,
		}
	}

	/// Appends a ring key (keys stay oldest first).
	pub fn push_key(&mut self, key: RingKey) {
		push_wiping(&mut self.keys, key);
	}
}

/// Appends to `keys`, growing the allocation by hand: `Vec::push` would reallocate and free the old buffer with the
/// seeds still in it.
fn push_wiping(keys: &mut Vec<RingKey>, key: RingKey) {
	if keys.len() == keys.capacity() {
		let mut bigger = Vec::with_capacity(keys.capacity().saturating_mul(2).max(4));
		bigger.append(keys);
		// The elements were moved out bitwise; their old bytes are still in the buffer about to be freed.
		keys.spare_capacity_mut().zeroize();
		*keys = bigger;
	}
	keys.push(key);
}

fn deserialize_keys<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<RingKey>, D::Error> {
	struct KeysVisitor;
	impl<'de> serde::de::Visitor<'de> for KeysVisitor {
		type Value = Vec<RingKey>;
		fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
			f.write_str("a list of ring keys")
		}
		fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
			let mut keys = Vec::new();
			while let Some(key) = seq.next_element::<RingKey>()? {
				push_wiping(&mut keys, key);
			}
			Ok(keys)
		}
	}
	deserializer.deserialize_seq(KeysVisitor)
}

/// Argon2id cost parameters, stored in the file header.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct KdfParams {
	/// Memory cost in KiB.
	pub memory_kib: u32,
	/// Number of passes over the memory.
	pub iterations: u32,
	/// Number of lanes.
	pub parallelism: u32,
}

impl KdfParams {
	/// What new files use: 64 MiB, 3 iterations, 1 lane.
	pub const DEFAULT: KdfParams = KdfParams { memory_kib: 65536, iterations: 3, parallelism: 1 };

	/// Why these parameters are outside what readers accept, or `None` if they are within it.
	fn out_of_range(&self) -> Option<String> {
		if !MEMORY_KIB_RANGE.contains(&self.memory_kib) {
			Some(format!(
				"Argon2id memory cost {} KiB is outside {}..={} KiB",
				self.memory_kib,
				MEMORY_KIB_RANGE.start(),
				MEMORY_KIB_RANGE.end()
			))
		} else if !ITERATIONS_RANGE.contains(&self.iterations) {
			Some(format!(
				"Argon2id iteration count {} is outside {}..={}",
				self.iterations,
				ITERATIONS_RANGE.start(),
				ITERATIONS_RANGE.end()
			))
		} else if !PARALLELISM_RANGE.contains(&self.parallelism) {
			Some(format!(
				"Argon2id parallelism {} is outside {}..={}",
				self.parallelism,
				PARALLELISM_RANGE.start(),
				PARALLELISM_RANGE.end()
			))
		} else {
			None
		}
	}
}

impl Default for KdfParams {
	fn default() -> Self {
		KdfParams::DEFAULT
	}
}

/// Why a key ring could not be read or written. The Display texts are full sentences naming the file.
#[derive(Debug)]
pub enum KeyringError {
	/// No file at the path.
	NotFound(PathBuf),
	/// The file does not start with the magic bytes: not a Sigil key ring.
	NotAKeyring(PathBuf),
	/// A format version this client does not know (a file made by a newer client?).
	UnsupportedVersion {
		/// The file.
		path: PathBuf,
		/// The version byte found.
		version: u8,
	},
	/// The file is shorter than its header plus an authentication tag: cut short.
	Truncated(PathBuf),
	/// A header field holds a value this version does not allow: an unknown algorithm id, or KDF costs outside the
	/// limits readers accept.
	Malformed {
		/// The file.
		path: PathBuf,
		/// Which field and why, for people.
		detail: String,
	},
	/// The file is larger than [`MAX_FILE_LEN`]; it was not read.
	TooLarge(PathBuf),
	/// The passphrase check failed.
	WrongPassphrase(PathBuf),
	/// The passphrase was right but the ciphertext does not authenticate, or the plaintext is not valid contents:
	/// damaged or tampered with.
	Damaged(PathBuf),
	/// `create`, or `write_raw` with `no_clobber`, found a file already at the path and left it alone.
	AlreadyExists(PathBuf),
	/// `save` or `create` was given KDF parameters outside what readers accept; nothing was written.
	InvalidParams {
		/// The file that was to be written.
		path: PathBuf,
		/// The parameters given.
		params: KdfParams,
	},
	/// An I/O error.
	Io {
		/// The file (or, for directory operations, the file whose directory it is).
		path: PathBuf,
		/// What was being done, as a verb phrase that reads before the path ("read", "create the directory of").
		action: &'static str,
		/// The operating system's error.
		source: io::Error,
	},
}

impl KeyringError {
	fn io(path: &Path, action: &'static str, source: io::Error) -> Self {
		KeyringError::Io { path: path.to_path_buf(), action, source }
	}
}

impl fmt::Display for KeyringError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			KeyringError::NotFound(path) => write!(f, "there is no key ring file at {}", path.display()),
			KeyringError::NotAKeyring(path) => {
				write!(f, "{} is not a Sigil key ring: it does not begin with the key ring signature", path.display())
			}
			KeyringError::UnsupportedVersion { path, version } => write!(
				f,
				"the key ring {} is in format version {version}, which this version of sigil cannot read; it was \
				 probably written by a newer sigil",
				path.display()
			),
			KeyringError::Truncated(path) => write!(
				f,
				"the key ring {} is truncated: shorter than any key ring can be (cut short or damaged)",
				path.display()
			),
			KeyringError::Malformed { path, detail } => write!(
				f,
				"the key ring {} has an invalid header ({detail}): it is damaged or was not written by sigil",
				path.display()
			),
			KeyringError::TooLarge(path) => write!(
				f,
				"{} is larger than {} MiB, far too large for a key ring, so it was not read",
				path.display(),
				MAX_FILE_LEN / (1024 * 1024)
			),
			KeyringError::WrongPassphrase(path) => {
				write!(f, "wrong passphrase: it does not open the key ring {}", path.display())
			}
			KeyringError::Damaged(path) => write!(
				f,
				"the key ring {} is damaged or has been tampered with: the passphrase is right, but the contents fail \
				 their integrity check",
				path.display()
			),
			KeyringError::AlreadyExists(path) => {
				write!(f, "{} already exists; it was left as it is, not overwritten", path.display())
			}
			KeyringError::InvalidParams { path, params } => write!(
				f,
				"the key ring {} was not written: the Argon2id costs ({} KiB, {} iterations, {} lanes) are outside \
				 what sigil can read back ({}..={} KiB, {}..={} iterations, {}..={} lanes)",
				path.display(),
				params.memory_kib,
				params.iterations,
				params.parallelism,
				MEMORY_KIB_RANGE.start(),
				MEMORY_KIB_RANGE.end(),
				ITERATIONS_RANGE.start(),
				ITERATIONS_RANGE.end(),
				PARALLELISM_RANGE.start(),
				PARALLELISM_RANGE.end()
			),
			KeyringError::Io { path, action, source } => {
				write!(f, "could not {action} {}: {source}", path.display())
			}
		}
	}
}

/// No `source()`: the message already ends with the operating system's error, and callers that print the whole
/// chain of causes would show it twice.
impl std::error::Error for KeyringError {}

/// Reads and decrypts the key ring at `path`.
pub fn open(path: &Path, passphrase: &Zeroizing<String>) -> Result<Keyring, KeyringError> {
	let bytes = read_limited(path)?;
	decrypt(&bytes, passphrase, path)
}

/// Encrypts `keyring` with `passphrase` (fresh random salt and nonce, `params`) and writes it to `path` atomically
/// with owner-only permissions. Overwrites an existing file (atomically).
pub fn save(
	path: &Path,
	keyring: &Keyring,
	passphrase: &Zeroizing<String>,
	params: KdfParams,
) -> Result<(), KeyringError> {
	let bytes = encrypt(keyring, passphrase, params, path)?;
	write_atomically(path, &bytes, false)
}

/// As [`save`], but fails with [`KeyringError::AlreadyExists`] if `path` exists, so that a key ring is never
/// overwritten by accident. The check and the write are one atomic step (a no-replace rename), so there is no race.
pub fn create(
	path: &Path,
	keyring: &Keyring,
	passphrase: &Zeroizing<String>,
	params: KdfParams,
) -> Result<(), KeyringError> {
	let bytes = encrypt(keyring, passphrase, params, path)?;
	write_atomically(path, &bytes, true)
}

/// Checks that the file at `path` is a key ring this passphrase opens, and returns its raw bytes (for export, which
/// copies the encrypted file as it is).
pub fn read_verified(path: &Path, passphrase: &Zeroizing<String>) -> Result<Vec<u8>, KeyringError> {
	let bytes = read_limited(path)?;
	decrypt(&bytes, passphrase, path)?;
	Ok(bytes)
}

/// Writes raw bytes (an already-encrypted key ring) atomically with owner-only permissions; with `no_clobber` fails
/// with [`KeyringError::AlreadyExists`] if the target exists.
pub fn write_raw(path: &Path, bytes: &[u8], no_clobber: bool) -> Result<(), KeyringError> {
	write_atomically(path, bytes, no_clobber)
}

/// Decrypts key ring bytes that are not (yet) in a file (for import, which checks that a backup opens before
/// installing it). `origin` is the path used in error messages.
pub fn decrypt(bytes: &[u8], passphrase: &Zeroizing<String>, origin: &Path) -> Result<Keyring, KeyringError> {
	if bytes.len() as u64 > MAX_FILE_LEN {
		return Err(KeyringError::TooLarge(origin.to_path_buf()));
	}
	let header = Header::parse(bytes, origin)?;
	let derived = derive(passphrase, &header.salt, header.params).map_err(|e| KeyringError::Malformed {
		path: origin.to_path_buf(),
		detail: format!("Argon2id refused: {e}"),
	})?;
	if !constant_time_eq(&derived[AEAD_KEY_LEN..], &header.check) {
		return Err(KeyringError::WrongPassphrase(origin.to_path_buf()));
	}

	// `from_slice` panics only on a length mismatch; both slices are cut from fixed-size arrays at the right length.
	let cipher = XChaCha20Poly1305::new(Key::from_slice(&derived[..AEAD_KEY_LEN]));
	let mut plaintext = Zeroizing::new(bytes[HEADER_LEN..].to_vec());
	cipher
		.decrypt_in_place(XNonce::from_slice(&header.nonce), &bytes[..HEADER_LEN], &mut *plaintext)
		.map_err(|_| KeyringError::Damaged(origin.to_path_buf()))?;
	// serde_json's message could quote the offending input, which is secret; the variant says enough.
	serde_json::from_slice::<Keyring>(&plaintext).map_err(|_| KeyringError::Damaged(origin.to_path_buf()))
}

/// The default key ring path: `<data dir>/sigil/keyring`, where the data dir is `dirs::data_dir()` (~/.local/share
/// on Linux), or the value of the environment variable `SIGIL_KEYRING` ([`PATH_ENV`]) if it is set and not empty.
pub fn default_path() -> Option<PathBuf> {
	match std::env::var_os(PATH_ENV) {
		Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
		_ => dirs::data_dir().map(|dir| dir.join("sigil").join("keyring")),
	}
}

/// The parsed header of a version 1 file.
struct Header {
	params: KdfParams,
	salt: [u8; SALT_LEN],
	check: [u8; CHECK_LEN],
	nonce: [u8; NONCE_LEN],
}

impl Header {
	fn encode(&self) -> [u8; HEADER_LEN] {
		let mut out = [0u8; HEADER_LEN];
		out[..VERSION_AT].copy_from_slice(MAGIC);
		out[VERSION_AT] = FORMAT_VERSION;
		out[KDF_ID_AT] = KDF_ARGON2ID;
		out[MEMORY_AT..ITERATIONS_AT].copy_from_slice(&self.params.memory_kib.to_le_bytes());
		out[ITERATIONS_AT..PARALLELISM_AT].copy_from_slice(&self.params.iterations.to_le_bytes());
		out[PARALLELISM_AT..SALT_AT].copy_from_slice(&self.params.parallelism.to_le_bytes());
		out[SALT_AT..CHECK_AT].copy_from_slice(&self.salt);
		out[CHECK_AT..AEAD_ID_AT].copy_from_slice(&self.check);
		out[AEAD_ID_AT] = AEAD_XCHACHA20POLY1305;
		out[NONCE_AT..HEADER_LEN].copy_from_slice(&self.nonce);
		out
	}

	/// Checks everything that can be checked without the passphrase, in the order that gives the most useful
	/// error: what the file is, then its version, then its length, then the field values.
	fn parse(bytes: &[u8], origin: &Path) -> Result<Header, KeyringError> {
		let path = || origin.to_path_buf();
		match bytes.get(..MAGIC.len()) {
			Some(magic) if magic == MAGIC => {}
			Some(_) => return Err(KeyringError::NotAKeyring(path())),
			None if MAGIC.starts_with(bytes) => return Err(KeyringError::Truncated(path())),
			None => return Err(KeyringError::NotAKeyring(path())),
		}
		match bytes.get(VERSION_AT) {
			None => return Err(KeyringError::Truncated(path())),
			Some(&FORMAT_VERSION) => {}
			Some(&version) => return Err(KeyringError::UnsupportedVersion { path: path(), version }),
		}
		if bytes.len() < HEADER_LEN + TAG_LEN {
			return Err(KeyringError::Truncated(path()));
		}
		let malformed = |detail: String| KeyringError::Malformed { path: path(), detail };
		if bytes[KDF_ID_AT] != KDF_ARGON2ID {
			return Err(malformed(format!("unknown key derivation function id {}", bytes[KDF_ID_AT])));
		}
		if bytes[AEAD_ID_AT] != AEAD_XCHACHA20POLY1305 {
			return Err(malformed(format!("unknown encryption algorithm id {}", bytes[AEAD_ID_AT])));
		}
		let params = KdfParams {
			memory_kib: le_u32(&bytes[MEMORY_AT..ITERATIONS_AT]),
			iterations: le_u32(&bytes[ITERATIONS_AT..PARALLELISM_AT]),
			parallelism: le_u32(&bytes[PARALLELISM_AT..SALT_AT]),
		};
		if let Some(detail) = params.out_of_range() {
			return Err(malformed(detail));
		}
		let mut header = Header { params, salt: [0; SALT_LEN], check: [0; CHECK_LEN], nonce: [0; NONCE_LEN] };
		header.salt.copy_from_slice(&bytes[SALT_AT..CHECK_AT]);
		header.check.copy_from_slice(&bytes[CHECK_AT..AEAD_ID_AT]);
		header.nonce.copy_from_slice(&bytes[NONCE_AT..HEADER_LEN]);
		Ok(header)
	}
}

/// Callers pass exactly four bytes (a header field); anything else reads as zero, which the range checks refuse.
fn le_u32(bytes: &[u8]) -> u32 {
	<[u8; 4]>::try_from(bytes).map(u32::from_le_bytes).unwrap_or(0)
}

/// Argon2id over the passphrase: 32 bytes of AEAD key, then 32 bytes of passphrase check.
fn derive(
	passphrase: &Zeroizing<String>,
	salt: &[u8; SALT_LEN],
	params: KdfParams,
) -> Result<Zeroizing<[u8; AEAD_KEY_LEN + CHECK_LEN]>, argon2::Error> {
	let argon_params =
		Params::new(params.memory_kib, params.iterations, params.parallelism, Some(AEAD_KEY_LEN + CHECK_LEN))?;
	let mut out = Zeroizing::new([0u8; AEAD_KEY_LEN + CHECK_LEN]);
	Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params).hash_password_into(
		passphrase.as_bytes(),
		salt,
		&mut out[..],
	)?;
	Ok(out)
}

/// Compares without an early exit, so the time taken does not say how many leading bytes matched.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
	a.len() == b.len() && std::hint::black_box(a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y))) == 0
}

/// The complete file contents for `keyring`.
fn encrypt(
	keyring: &Keyring,
	passphrase: &Zeroizing<String>,
	params: KdfParams,
	path: &Path,
) -> Result<Vec<u8>, KeyringError> {
	if params.out_of_range().is_some() {
		return Err(KeyringError::InvalidParams { path: path.to_path_buf(), params });
	}
	let mut header = Header { params, salt: [0; SALT_LEN], check: [0; CHECK_LEN], nonce: [0; NONCE_LEN] };
	OsRng.try_fill_bytes(&mut header.salt).and_then(|()| OsRng.try_fill_bytes(&mut header.nonce)).map_err(|e| {
		KeyringError::io(path, "get random bytes from the operating system to write", io::Error::other(e.to_string()))
	})?;

	let derived = derive(passphrase, &header.salt, params)
		.map_err(|_| KeyringError::InvalidParams { path: path.to_path_buf(), params })?;
	header.check.copy_from_slice(&derived[AEAD_KEY_LEN..]);
	let header_bytes = header.encode();

	let encode_error = |e: serde_json::Error| KeyringError::io(path, "encode the contents of", io::Error::other(e));
	// Sized exactly up front: a growing Vec would reallocate and leave copies of the plaintext in freed memory.
	let mut counter = CountingWriter(0);
	serde_json::to_writer(&mut counter, keyring).map_err(encode_error)?;
	let mut buffer = Zeroizing::new(Vec::with_capacity(counter.0 + TAG_LEN));
	serde_json::to_writer(&mut *buffer, keyring).map_err(encode_error)?;

	// As in `decrypt`: fixed-size slices of the right length, so `from_slice` cannot panic.
	let cipher = XChaCha20Poly1305::new(Key::from_slice(&derived[..AEAD_KEY_LEN]));
	cipher
		.encrypt_in_place(XNonce::from_slice(&header.nonce), &header_bytes, &mut *buffer)
		.map_err(|_| KeyringError::io(path, "encrypt", io::Error::other("the plaintext is too long to encrypt")))?;

	let mut file = Vec::with_capacity(HEADER_LEN + buffer.len());
	file.extend_from_slice(&header_bytes);
	file.extend_from_slice(&buffer);
	Ok(file)
}

/// Counts the bytes written to it and keeps none of them.
struct CountingWriter(usize);

impl Write for CountingWriter {
	fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
		self.0 = self.0.saturating_add(buf.len());
		Ok(buf.len())
	}
	fn flush(&mut self) -> io::Result<()> {
		Ok(())
	}
}

/// Reads a whole file of at most [`MAX_FILE_LEN`] bytes.
/// Reads a key ring file (or a backup of one) without reading more than a key ring can be.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, KeyringError> {
	let file = File::open(path).map_err(|e| match e.kind() {
		io::ErrorKind::NotFound => KeyringError::NotFound(path.to_path_buf()),
		_ => KeyringError::io(path, "open the key ring", e),
	})?;
	let len = file.metadata().map_err(|e| KeyringError::io(path, "read the size of", e))?.len();
	if len > MAX_FILE_LEN {
		return Err(KeyringError::TooLarge(path.to_path_buf()));
	}
	// The length can change between the check and the read; `take` keeps the bound regardless.
	let mut bytes = Vec::with_capacity(len as usize);
	file.take(MAX_FILE_LEN + 1).read_to_end(&mut bytes).map_err(|e| KeyringError::io(path, "read the key ring", e))?;
	if bytes.len() as u64 > MAX_FILE_LEN {
		return Err(KeyringError::TooLarge(path.to_path_buf()));
	}
	Ok(bytes)
}

/// Writes `bytes` to `path` through a synced temporary file in the same directory and a rename, then syncs the
/// directory so that the rename itself is durable.
fn write_atomically(path: &Path, bytes: &[u8], no_clobber: bool) -> Result<(), KeyringError> {
	let Some(name) = path.file_name() else {
		return Err(KeyringError::io(
			path,
			"write to",
			io::Error::new(io::ErrorKind::InvalidInput, "the path does not name a file"),
		));
	};
	let dir = match path.parent() {
		Some(parent) if !parent.as_os_str().is_empty() => parent,
		_ => Path::new("."),
	};
	create_private_dir(dir).map_err(|e| KeyringError::io(path, "create the directory of", e))?;

	let mut prefix = std::ffi::OsString::from(".");
	prefix.push(name);
	prefix.push(".");
	let mut temp = tempfile::Builder::new()
		.prefix(&prefix)
		.suffix(".tmp")
		.tempfile_in(dir)
		.map_err(|e| KeyringError::io(path, "create a temporary file next to", e))?;
	// On error from here on, dropping `temp` deletes the temporary file; the target has not been touched.
	set_owner_only(temp.as_file()).map_err(|e| KeyringError::io(path, "restrict the permissions of the new", e))?;
	temp.write_all(bytes).map_err(|e| KeyringError::io(path, "write the new", e))?;
	temp.as_file().sync_all().map_err(|e| KeyringError::io(path, "flush to disk the new", e))?;

	let persisted = if no_clobber { temp.persist_noclobber(path) } else { temp.persist(path) };
	if let Err(e) = persisted {
		return Err(if no_clobber && e.error.kind() == io::ErrorKind::AlreadyExists {
			KeyringError::AlreadyExists(path.to_path_buf())
		} else {
			KeyringError::io(path, "put the new file in place at", e.error)
		});
	}
	File::open(dir).and_then(|d| d.sync_all()).map_err(|e| KeyringError::io(path, "flush to disk the directory of", e))
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
	use std::os::unix::fs::DirBuilderExt;
	fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
	fs::DirBuilder::new().recursive(true).create(dir)
}

#[cfg(unix)]
fn set_owner_only(file: &File) -> io::Result<()> {
	use std::os::unix::fs::PermissionsExt;
	file.set_permissions(fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn set_owner_only(_file: &File) -> io::Result<()> {
	Ok(())
}

/// Parses 64 hex digits, with or without a `0x` prefix, into `out`.
fn parse_hex_32(text: &str, out: &mut [u8; 32]) -> bool {
	let digits = text.strip_prefix("0x").unwrap_or(text);
	digits.len() == 64 && hex::decode_to_slice(digits, &mut out[..]).is_ok()
}

/// Serde for a secret 32-byte seed as `"0x<hex>"`, with the text forms kept in buffers that are wiped.
mod secret_hex {
	use super::*;

	pub fn serialize<S: serde::Serializer>(seed: &Zeroizing<[u8; 32]>, serializer: S) -> Result<S::Ok, S::Error> {
		let mut text = Zeroizing::new([0u8; 66]);
		text[..2].copy_from_slice(b"0x");
		hex::encode_to_slice(&seed[..], &mut text[2..]).map_err(serde::ser::Error::custom)?;
		let text = std::str::from_utf8(&text[..]).map_err(serde::ser::Error::custom)?;
		serializer.serialize_str(text)
	}

	pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Zeroizing<[u8; 32]>, D::Error> {
		struct SeedVisitor;
		impl serde::de::Visitor<'_> for SeedVisitor {
			type Value = Zeroizing<[u8; 32]>;
			fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				f.write_str("a 32-byte seed in hex")
			}
			fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
				let mut seed = Zeroizing::new([0u8; 32]);
				// The error must not quote the text: it is the secret.
				if parse_hex_32(text, &mut seed) {
					Ok(seed)
				} else {
					Err(E::custom("a seed is not 32 bytes of hex"))
				}
			}
			fn visit_string<E: serde::de::Error>(self, mut text: String) -> Result<Self::Value, E> {
				let seed = self.visit_str(&text);
				text.zeroize();
				seed
			}
		}
		deserializer.deserialize_str(SeedVisitor)
	}
}

/// Serde for a public 32-byte value as `"0x<hex>"`.
mod hex_32 {
	use super::*;

	pub fn serialize<S: serde::Serializer>(value: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(&format!("0x{}", hex::encode(value)))
	}

	pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<[u8; 32], D::Error> {
		let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
		let mut value = [0u8; 32];
		if parse_hex_32(&text, &mut value) {
			Ok(value)
		} else {
			Err(serde::de::Error::custom(format!("{text:?} is not 32 bytes of hex")))
		}
	}
}

/// Serde for an optional public 32-byte value as `"0x<hex>"`.
mod opt_hex_32 {
	use super::*;

	#[derive(Serialize, Deserialize)]
	struct Hex32(#[serde(with = "super::hex_32")] [u8; 32]);

	pub fn serialize<S: serde::Serializer>(value: &Option<[u8; 32]>, serializer: S) -> Result<S::Ok, S::Error> {
		value.map(Hex32).serialize(serializer)
	}

	pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<[u8; 32]>, D::Error> {
		Ok(Option::<Hex32>::deserialize(deserializer)?.map(|value| value.0))
	}
}

/// Serde for a secret string, deserialized straight into its wiped-on-drop home.
mod secret_string {
	use super::*;

	pub fn serialize<S: serde::Serializer>(text: &Zeroizing<String>, serializer: S) -> Result<S::Ok, S::Error> {
		serializer.serialize_str(text)
	}

	pub fn deserialize<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Zeroizing<String>, D::Error> {
		struct SecretVisitor;
		impl serde::de::Visitor<'_> for SecretVisitor {
			type Value = Zeroizing<String>;
			fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
				f.write_str("a string")
			}
			fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
				// Exact capacity, so the String is never reallocated with the secret left behind.
				let mut owned = Zeroizing::new(String::with_capacity(text.len()));
				owned.push_str(text);
				Ok(owned)
			}
			fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Self::Value, E> {
				Ok(Zeroizing::new(text))
			}
		}
		deserializer.deserialize_str(SecretVisitor)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const MNEMONIC: &str =
		"legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title";

	fn passphrase(text: &str) -> Zeroizing<String> {
		Zeroizing::new(text.to_owned())
	}

	fn sample() -> Keyring {
		let mut keyring = Keyring::new(Zeroizing::new(MNEMONIC.to_owned()));
		keyring.push_key(RingKey {
			scheme: Scheme::Sr25519,
			purpose: Purpose::Signing,
			seed: Zeroizing::new([0x11; 32]),
			key_id: [0xa1; 32],
			created_at: 1_700_000_000,
			pending: false,
		});
		keyring.push_key(RingKey {
			scheme: Scheme::Ed25519,
			purpose: Purpose::Encryption,
			seed: Zeroizing::new([0x22; 32]),
			key_id: [0xb2; 32],
			created_at: 1_700_000_100,
			pending: true,
		});
		keyring.genesis_hash = Some([0xc3; 32]);
		keyring.coins.push(HeldCoin {
			broker: [0xd4; 32],
			serial: 7,
			seq: 2,
			value: "340282366920938463463374607431768211455".into(),
			expiry: 1_767_312_000_000,
		});
		keyring.promised.push(PromisedCoin { broker: [0xd4; 32], serial: 8, seq: 1, valid_until: 1_767_000_000_000 });
		keyring.max_transfer_window = Some(604_800_000);
		keyring
	}

	fn assert_same(a: &Keyring, b: &Keyring) {
		assert_eq!(*a.mnemonic, *b.mnemonic);
		assert_eq!(a.keys.len(), b.keys.len());
		for (x, y) in a.keys.iter().zip(&b.keys) {
			assert_eq!(
				(x.scheme, x.purpose, *x.seed, x.key_id, x.created_at, x.pending),
				(y.scheme, y.purpose, *y.seed, y.key_id, y.created_at, y.pending)
			);
		}
		assert_eq!(a.genesis_hash, b.genesis_hash);
		assert_eq!(a.coins, b.coins);
		assert_eq!(a.promised, b.promised);
		assert_eq!(a.max_transfer_window, b.max_transfer_window);
	}

	fn names_in(dir: &Path) -> Vec<String> {
		let mut names: Vec<String> =
			fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect();
		names.sort();
		names
	}

	/// One encrypted sample, shared by the tests that only look at bytes (each encryption costs an Argon2id run).
	fn sample_bytes() -> &'static [u8] {
		static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
		BYTES.get_or_init(|| {
			encrypt(&sample(), &passphrase("correct horse"), KdfParams::DEFAULT, Path::new("x")).unwrap()
		})
	}

	#[test]
	fn layout_constants_match_the_documented_format() {
		assert_eq!(
			(VERSION_AT, KDF_ID_AT, MEMORY_AT, ITERATIONS_AT, PARALLELISM_AT, SALT_AT, CHECK_AT, AEAD_ID_AT, NONCE_AT),
			(14, 15, 16, 20, 24, 28, 44, 76, 77)
		);
		assert_eq!(HEADER_LEN, 101);
		let bytes = sample_bytes();
		assert_eq!(&bytes[..14], b"SIGIL-KEYRING\n");
		assert_eq!(bytes[14], 1);
		assert_eq!(bytes[15], 1);
		assert_eq!(&bytes[16..28], &[0, 0, 1, 0, 3, 0, 0, 0, 1, 0, 0, 0]);
		assert_eq!(bytes[76], 1);
		let plaintext_len = serde_json::to_vec(&sample()).unwrap().len();
		assert_eq!(bytes.len(), HEADER_LEN + plaintext_len + TAG_LEN);
	}

	#[test]
	fn round_trip() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("keyring");
		let pass = passphrase("correct horse");
		save(&path, &sample(), &pass, KdfParams::DEFAULT).unwrap();
		assert_same(&open(&path, &pass).unwrap(), &sample());

		let raw = read_verified(&path, &pass).unwrap();
		assert_eq!(raw, fs::read(&path).unwrap());
		assert_same(&decrypt(&raw, &pass, &path).unwrap(), &sample());
	}

	#[test]
	fn empty_passphrase_and_empty_ring_round_trip() {
		let keyring = Keyring::new(Zeroizing::new(String::new()));
		let bytes = encrypt(&keyring, &passphrase(""), KdfParams::DEFAULT, Path::new("x")).unwrap();
		assert_same(&decrypt(&bytes, &passphrase(""), Path::new("x")).unwrap(), &keyring);
	}

	#[test]
	fn wrong_passphrase() {
		let result = decrypt(sample_bytes(), &passphrase("correct horsf"), Path::new("ring"));
		assert!(matches!(result, Err(KeyringError::WrongPassphrase(p)) if p == Path::new("ring")));
	}

	#[test]
	fn every_header_region_is_protected() {
		let pass = passphrase("correct horse");
		let original = sample_bytes();
		let flipped = |at: usize| {
			let mut bytes = original.to_vec();
			bytes[at] ^= 0x01;
			decrypt(&bytes, &pass, Path::new("ring"))
		};
		let last = original.len() - 1;

		for at in [0, 7, 13] {
			assert!(matches!(flipped(at), Err(KeyringError::NotAKeyring(_))), "magic byte {at}");
		}
		assert!(matches!(flipped(14), Err(KeyringError::UnsupportedVersion { version: 0, .. })));
		let mut newer = original.to_vec();
		newer[14] = 2;
		assert!(matches!(
			decrypt(&newer, &pass, Path::new("ring")),
			Err(KeyringError::UnsupportedVersion { version: 2, .. })
		));
		assert!(matches!(flipped(15), Err(KeyringError::Malformed { .. })), "KDF id");
		// Each flip keeps the costs near the defaults or pushes them out of range, so no case runs a huge Argon2id.
		for at in MEMORY_AT..SALT_AT {
			let result = flipped(at);
			assert!(
				matches!(result, Err(KeyringError::Malformed { .. } | KeyringError::WrongPassphrase(_))),
				"KDF parameter byte {at}: {result:?}"
			);
		}
		assert!(matches!(flipped(MEMORY_AT + 2), Err(KeyringError::Malformed { .. })));
		assert!(matches!(flipped(MEMORY_AT), Err(KeyringError::WrongPassphrase(_))));
		for at in [SALT_AT, SALT_AT + 9, CHECK_AT - 1] {
			assert!(matches!(flipped(at), Err(KeyringError::WrongPassphrase(_))), "salt byte {at}");
		}
		for at in [CHECK_AT, CHECK_AT + 17, AEAD_ID_AT - 1] {
			assert!(matches!(flipped(at), Err(KeyringError::WrongPassphrase(_))), "check byte {at}");
		}
		assert!(matches!(flipped(AEAD_ID_AT), Err(KeyringError::Malformed { .. })), "AEAD id");
		for at in [NONCE_AT, NONCE_AT + 11, HEADER_LEN - 1] {
			assert!(matches!(flipped(at), Err(KeyringError::Damaged(_))), "nonce byte {at}");
		}
		for at in [HEADER_LEN, (HEADER_LEN + last) / 2, last - TAG_LEN, last] {
			assert!(matches!(flipped(at), Err(KeyringError::Damaged(_))), "ciphertext byte {at}");
		}
	}

	#[test]
	fn truncated_or_extended_files_are_refused_without_panicking() {
		let pass = passphrase("correct horse");
		let original = sample_bytes();
		for len in [0, 1, 13, 14, 15, 16, 50, HEADER_LEN - 1, HEADER_LEN, HEADER_LEN + TAG_LEN - 1] {
			let result = decrypt(&original[..len], &pass, Path::new("ring"));
			assert!(matches!(result, Err(KeyringError::Truncated(_))), "length {len}: {result:?}");
		}
		for len in [HEADER_LEN + TAG_LEN, original.len() - 1] {
			let result = decrypt(&original[..len], &pass, Path::new("ring"));
			assert!(matches!(result, Err(KeyringError::Damaged(_))), "length {len}: {result:?}");
		}
		let mut longer = original.to_vec();
		longer.push(0);
		assert!(matches!(decrypt(&longer, &pass, Path::new("ring")), Err(KeyringError::Damaged(_))));

		assert!(matches!(decrypt(b"hello", &pass, Path::new("ring")), Err(KeyringError::NotAKeyring(_))));
		assert!(matches!(decrypt(b"SIGIL-K", &pass, Path::new("ring")), Err(KeyringError::Truncated(_))));
	}

	#[test]
	fn invalid_contents_under_a_valid_seal_are_damaged() {
		let pass = passphrase("correct horse");
		let params = KdfParams::DEFAULT;
		let mut header = Header { params, salt: [7; SALT_LEN], check: [0; CHECK_LEN], nonce: [9; NONCE_LEN] };
		let derived = derive(&pass, &header.salt, params).unwrap();
		header.check.copy_from_slice(&derived[AEAD_KEY_LEN..]);
		let header_bytes = header.encode();
		let mut body = b"{\"mnemonic\": 5}".to_vec();
		XChaCha20Poly1305::new(Key::from_slice(&derived[..AEAD_KEY_LEN]))
			.encrypt_in_place(XNonce::from_slice(&header.nonce), &header_bytes, &mut body)
			.unwrap();
		let file = [&header_bytes[..], &body].concat();
		assert!(matches!(decrypt(&file, &pass, Path::new("ring")), Err(KeyringError::Damaged(_))));
	}

	#[test]
	fn create_refuses_to_overwrite() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("keyring");
		create(&path, &sample(), &passphrase("first"), KdfParams::DEFAULT).unwrap();
		let before = fs::read(&path).unwrap();
		let result =
			create(&path, &Keyring::new(Zeroizing::new("other".into())), &passphrase("second"), KdfParams::DEFAULT);
		assert!(matches!(result, Err(KeyringError::AlreadyExists(_))));
		assert_eq!(fs::read(&path).unwrap(), before);
		assert_eq!(names_in(dir.path()), ["keyring"]);
	}

	#[test]
	fn save_replaces_and_leaves_no_temporary_files() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("keyring");
		save(&path, &sample(), &passphrase("first"), KdfParams::DEFAULT).unwrap();
		let mut changed = sample();
		changed.keys.truncate(1);
		save(&path, &changed, &passphrase("second"), KdfParams::DEFAULT).unwrap();
		assert_same(&open(&path, &passphrase("second")).unwrap(), &changed);
		assert!(matches!(open(&path, &passphrase("first")), Err(KeyringError::WrongPassphrase(_))));
		assert_eq!(names_in(dir.path()), ["keyring"]);
	}

	#[cfg(unix)]
	#[test]
	fn files_are_owner_only_and_missing_directories_private() {
		use std::os::unix::fs::PermissionsExt;
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("a").join("b").join("keyring");
		create(&path, &sample(), &passphrase("p"), KdfParams::DEFAULT).unwrap();
		assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
		assert_eq!(fs::metadata(dir.path().join("a").join("b")).unwrap().permissions().mode() & 0o777, 0o700);

		let raw = dir.path().join("copy");
		write_raw(&raw, sample_bytes(), true).unwrap();
		assert_eq!(fs::metadata(&raw).unwrap().permissions().mode() & 0o777, 0o600);
	}

	#[test]
	fn failed_writes_leave_the_previous_state() {
		let dir = tempfile::tempdir().unwrap();

		// The rename fails because the target is a non-empty directory; neither it nor the directory may change.
		let target = dir.path().join("keyring");
		fs::create_dir(&target).unwrap();
		fs::write(target.join("inside"), b"keep").unwrap();
		let result = save(&target, &sample(), &passphrase("p"), KdfParams::DEFAULT);
		assert!(matches!(result, Err(KeyringError::Io { .. })), "{result:?}");
		assert_eq!(fs::read(target.join("inside")).unwrap(), b"keep");
		assert_eq!(names_in(dir.path()), ["keyring"]);

		// Refused before any write: an existing key ring stays byte for byte.
		let path = dir.path().join("ring");
		write_raw(&path, sample_bytes(), true).unwrap();
		let weak = KdfParams { memory_kib: 1024, ..KdfParams::DEFAULT };
		let result = save(&path, &sample(), &passphrase("p"), weak);
		assert!(matches!(result, Err(KeyringError::InvalidParams { .. })));
		assert_eq!(fs::read(&path).unwrap(), sample_bytes());

		// The directory cannot be created because a file is in its place.
		let result = write_raw(&path.join("below"), b"x", false);
		assert!(matches!(result, Err(KeyringError::Io { .. })), "{result:?}");
		assert_eq!(fs::read(&path).unwrap(), sample_bytes());
		assert_eq!(names_in(dir.path()), ["keyring", "ring"]);
	}

	#[test]
	fn write_raw_overwrites_only_when_asked() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("backup");
		write_raw(&path, b"first", true).unwrap();
		assert!(matches!(write_raw(&path, b"second", true), Err(KeyringError::AlreadyExists(_))));
		assert_eq!(fs::read(&path).unwrap(), b"first");
		write_raw(&path, b"third", false).unwrap();
		assert_eq!(fs::read(&path).unwrap(), b"third");
		assert_eq!(names_in(dir.path()), ["backup"]);
	}

	#[test]
	fn reading_refuses_missing_and_oversized_files() {
		let dir = tempfile::tempdir().unwrap();
		let pass = passphrase("p");
		let missing = dir.path().join("missing");
		assert!(matches!(open(&missing, &pass), Err(KeyringError::NotFound(p)) if p == missing));

		let big = dir.path().join("big");
		File::create(&big).unwrap().set_len(MAX_FILE_LEN + 1).unwrap();
		assert!(matches!(open(&big, &pass), Err(KeyringError::TooLarge(_))));
		assert!(matches!(read_verified(&big, &pass), Err(KeyringError::TooLarge(_))));
	}

	#[test]
	fn default_path_honours_the_environment() {
		let saved = std::env::var_os(PATH_ENV);
		std::env::set_var(PATH_ENV, "/somewhere/my-ring");
		assert_eq!(default_path(), Some(PathBuf::from("/somewhere/my-ring")));
		std::env::set_var(PATH_ENV, "");
		let fallback = default_path();
		std::env::remove_var(PATH_ENV);
		assert_eq!(fallback, default_path());
		if let Some(path) = &fallback {
			assert!(path.ends_with("sigil/keyring"));
		}
		if let Some(value) = saved {
			std::env::set_var(PATH_ENV, value);
		}
	}

	#[test]
	fn json_shape() {
		let value = serde_json::to_value(sample()).unwrap();
		assert_eq!(value["mnemonic"], MNEMONIC);
		let key = &value["keys"][1];
		assert_eq!(key["scheme"], "ed25519");
		assert_eq!(key["purpose"], "encryption");
		assert_eq!(key["seed"], format!("0x{}", "22".repeat(32)));
		assert_eq!(key["key_id"], format!("0x{}", "b2".repeat(32)));
		assert_eq!(key["created_at"], 1_700_000_100);
		assert_eq!(value["genesis_hash"], format!("0x{}", "c3".repeat(32)));
		let coin = &value["coins"][0];
		assert_eq!(coin["broker"], format!("0x{}", "d4".repeat(32)));
		assert_eq!(
			(&coin["serial"], &coin["seq"], &coin["expiry"]),
			(&7.into(), &2.into(), &1_767_312_000_000u64.into())
		);
		assert_eq!(coin["value"], "340282366920938463463374607431768211455");

		// Files from before the coin fields, and rings that have not seen a chain, open with none.
		let fresh = serde_json::to_value(Keyring::new(Zeroizing::new("m".into()))).unwrap();
		assert_eq!(fresh, serde_json::json!({ "mnemonic": "m", "keys": [], "coins": [], "promised": [] }));
		assert_eq!(value["keys"][1]["pending"], true);
		assert!(value["keys"][0].get("pending").is_none(), "settled keys carry no flag");
		assert_eq!(value["promised"][0]["seq"], 1);
		assert_eq!(value["max_transfer_window"], 604_800_000);
		let unprefixed = format!(
			r#"{{"mnemonic":"m","keys":[{{"scheme":"sr25519","purpose":"signing","seed":"{}","key_id":"{}","created_at":1}}]}}"#,
			"0f".repeat(32),
			"f0".repeat(32)
		);
		let parsed: Keyring = serde_json::from_str(&unprefixed).unwrap();
		assert_eq!(*parsed.keys[0].seed, [0x0f; 32]);
		assert_eq!(parsed.keys[0].key_id, [0xf0; 32]);
		assert_eq!((parsed.genesis_hash, parsed.coins.len(), parsed.promised.len()), (None, 0, 0));
		assert!(!parsed.keys[0].pending);

		let short_seed = unprefixed.replacen(&"0f".repeat(32), "0f0f", 1);
		let error = serde_json::from_str::<Keyring>(&short_seed).err().unwrap().to_string();
		assert!(!error.contains("0f0f"), "{error}");
	}

	#[test]
	fn many_keys_keep_their_order() {
		let mut keyring = Keyring::new(Zeroizing::new("m".into()));
		for i in 0..40u8 {
			keyring.push_key(RingKey {
				scheme: Scheme::Ed25519,
				purpose: Purpose::Signing,
				seed: Zeroizing::new([i; 32]),
				key_id: [i; 32],
				created_at: u64::from(i),
				pending: false,
			});
		}
		let parsed: Keyring = serde_json::from_slice(&serde_json::to_vec(&keyring).unwrap()).unwrap();
		assert_same(&parsed, &keyring);
	}

	#[test]
	fn debug_output_has_no_secrets() {
		let text = format!("{:?}", sample());
		assert!(!text.contains("legal"), "{text}");
		assert!(!text.contains("17, 17") && !text.contains("1111") && !text.contains("2222"), "{text}");
		assert!(text.contains(&"b2".repeat(32)), "{text}");
	}

	#[test]
	fn errors_name_the_file() {
		let path = Path::new("/home/me/.local/share/sigil/keyring");
		let errors = [
			KeyringError::NotFound(path.into()),
			KeyringError::NotAKeyring(path.into()),
			KeyringError::UnsupportedVersion { path: path.into(), version: 9 },
			KeyringError::Truncated(path.into()),
			KeyringError::Malformed { path: path.into(), detail: "x".into() },
			KeyringError::TooLarge(path.into()),
			KeyringError::WrongPassphrase(path.into()),
			KeyringError::Damaged(path.into()),
			KeyringError::AlreadyExists(path.into()),
			KeyringError::InvalidParams { path: path.into(), params: KdfParams::DEFAULT },
			KeyringError::io(path, "read", io::Error::from(io::ErrorKind::PermissionDenied)),
		];
		for error in errors {
			let text = error.to_string();
			// Printed after "sigil: " like every other error: a lower-case clause without a full stop.
			assert!(text.contains(&*path.to_string_lossy()) && !text.ends_with('.'), "{text}");
			assert!(text.chars().next().is_some_and(|first| !first.is_uppercase()), "{text}");
		}
	}
}
