//! Message bodies sealed to a recipient's on-chain encryption key.
//!
//! The chain has no X25519 key type: every ring key is a signature key, registered with a proof of possession that
//! is a signature. An encryption ring key is therefore an ed25519 key (purpose `encryption`), and senders encrypt to
//! its X25519 form under the standard birational map from Edwards to Montgomery form (as libsodium's
//! `crypto_sign_ed25519_pk_to_curve25519` and age's ssh-ed25519 recipients do). The recipient's X25519 secret is
//! the first half of SHA-512 of the ed25519 seed, the same scalar ed25519 signs with; X25519 clamps it as ed25519
//! does.
//!
//! Encryption is HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and ChaCha20-Poly1305,
//! `info` = [`INFO`], and the caller's associated data (sender account ++ recipient account) as the AAD.
//!
//! A sealed body is:
//!
//! | Offset | Length | Field                                                    |
//! |-------:|-------:|----------------------------------------------------------|
//! |      0 |      1 | format version, [`SEALED_V1`] = `1`                      |
//! |      1 |     32 | HPKE encapsulated key (the ephemeral X25519 public key)  |
//! |     33 |   rest | ciphertext: as long as the plaintext, then a 16-byte tag |

use std::fmt;

use ed25519_dalek::{SigningKey, VerifyingKey};
use hpke::{
	aead::{AeadTag, ChaCha20Poly1305},
	kdf::HkdfSha256,
	kem::X25519HkdfSha256,
	Deserializable, OpModeR, OpModeS, Serializable,
};
use zeroize::Zeroizing;

type Kem = X25519HkdfSha256;
type Kdf = HkdfSha256;
type Aead = ChaCha20Poly1305;

/// Format version byte of a sealed body.
pub const SEALED_V1: u8 = 1;
/// The HPKE `info`: binds the context so that a sealed body from elsewhere never opens as a Sigil message.
pub const INFO: &[u8] = b"SIGIL/messages/body/v1";

const ENC_LEN: usize = 32;
const TAG_LEN: usize = 16;
const CIPHERTEXT_AT: usize = 1 + ENC_LEN;
/// How many bytes sealing adds to a plaintext: version byte, encapsulated key and tag.
pub const OVERHEAD: usize = CIPHERTEXT_AT + TAG_LEN;

/// Why a body could not be sealed or opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SealError {
	/// Too short to be a sealed body, or an unknown version byte.
	NotSealed,
	/// The recipient's key is not a usable ed25519 public key (not a curve point, or a weak one).
	BadRecipientKey,
	/// The body does not decrypt with this key: sealed to another key, bound to other parties, or altered.
	Decrypt,
}

impl fmt::Display for SealError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			SealError::NotSealed => "the message body is not a sealed (encrypted) Sigil message body",
			SealError::BadRecipientKey => {
				"the recipient's encryption key is not a usable ed25519 public key, so nothing can be encrypted to it"
			}
			SealError::Decrypt => {
				"the message body does not decrypt with this key: it was sealed to another key or for other parties, \
				 or it has been altered"
			}
		})
	}
}

impl std::error::Error for SealError {}

/// The X25519 public key of an ed25519 public key (Edwards -> Montgomery). Refuses bytes that are not a curve point,
/// and points of small order or with a small-order component (as libsodium does): no honestly made key is one, and
/// a small-order key would make the shared secret guessable.
pub fn x25519_public(ed25519_public: &[u8; 32]) -> Result<[u8; 32], SealError> {
	let key = VerifyingKey::from_bytes(ed25519_public).map_err(|_| SealError::BadRecipientKey)?;
	// Torsion-free also rules out the non-canonical encodings: they exist only for y < 19, and no such point is in
	// the prime-order subgroup except the identity, which `is_weak` refuses.
	if key.is_weak() || !key.to_edwards().is_torsion_free() {
		return Err(SealError::BadRecipientKey);
	}
	Ok(key.to_montgomery().to_bytes())
}

/// Encrypts `plaintext` to the holder of the ed25519 encryption key `recipient`. `aad` is bound too (the caller
/// passes sender account ++ recipient account, so a sealed body cannot be replayed between other parties).
/// Output: [`SEALED_V1`] (1 byte) ++ HPKE encapsulated key (32 bytes) ++ ciphertext (plaintext + 16-byte tag).
pub fn seal(recipient: &[u8; 32], plaintext: &[u8], aad: &[u8]) -> Result<Vec<u8>, SealError> {
	seal_to_x25519(&x25519_public(recipient)?, plaintext, aad, INFO, &mut SystemRng)
}

/// Decrypts a sealed body with the recipient's ed25519 seed. Fails with [`SealError::NotSealed`] if `sealed` is too
/// short or has an unknown version byte, and with [`SealError::Decrypt`] if it does not decrypt with this key (sealed
/// to another key, with another `aad`, or altered).
pub fn open(recipient_seed: &[u8; 32], sealed: &[u8], aad: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
	// SigningKey wipes itself on drop; the scalar is the unclamped SHA-512 half that X25519 clamps the same way.
	let scalar = Zeroizing::new(SigningKey::from_bytes(recipient_seed).to_scalar_bytes());
	open_with_x25519(&scalar, sealed, aad, INFO)
}

/// Whether `body` looks like a sealed body (starts with [`SEALED_V1`] and is long enough); plaintext bodies sent
/// with --plaintext are shown as text. A plaintext body can pass this test, so callers fall back when [`open`] fails.
pub fn is_sealed(body: &[u8]) -> bool {
	body.len() >= OVERHEAD && body[0] == SEALED_V1
}

/// HPKE base-mode seal to a raw X25519 public key, in the sealed-body layout.
fn seal_to_x25519<R: hpke::rand_core::CryptoRng + hpke::rand_core::RngCore>(
	x25519_public: &[u8; 32],
	plaintext: &[u8],
	aad: &[u8],
	info: &[u8],
	rng: &mut R,
) -> Result<Vec<u8>, SealError> {
	let recipient = <Kem as hpke::Kem>::PublicKey::from_bytes(x25519_public).map_err(|_| SealError::BadRecipientKey)?;
	// Encrypted in place in the output buffer, sized so it never reallocates; wiped if sealing fails with the
	// plaintext still in it.
	let mut out = Zeroizing::new(Vec::with_capacity(OVERHEAD + plaintext.len()));
	out.push(SEALED_V1);
	out.extend_from_slice(&[0; ENC_LEN]);
	out.extend_from_slice(plaintext);
	// The only failure single-shot sealing can have is a Diffie-Hellman result of zero, i.e. a small-order
	// recipient point: a bad key.
	let (encapped, tag) = hpke::single_shot_seal_in_place_detached::<Aead, Kdf, Kem, R>(
		&OpModeS::Base,
		&recipient,
		info,
		&mut out[CIPHERTEXT_AT..],
		aad,
		rng,
	)
	.map_err(|_| SealError::BadRecipientKey)?;
	out[1..CIPHERTEXT_AT].copy_from_slice(&encapped.to_bytes());
	out.extend_from_slice(&tag.to_bytes());
	Ok(std::mem::take(&mut *out))
}

/// HPKE base-mode open with a raw X25519 secret (clamped or not), from the sealed-body layout.
fn open_with_x25519(
	x25519_secret: &[u8; 32],
	sealed: &[u8],
	aad: &[u8],
	info: &[u8],
) -> Result<Zeroizing<Vec<u8>>, SealError> {
	if !is_sealed(sealed) {
		return Err(SealError::NotSealed);
	}
	let tag_at = sealed.len() - TAG_LEN;
	let secret = <Kem as hpke::Kem>::PrivateKey::from_bytes(x25519_secret).map_err(|_| SealError::Decrypt)?;
	let encapped =
		<Kem as hpke::Kem>::EncappedKey::from_bytes(&sealed[1..CIPHERTEXT_AT]).map_err(|_| SealError::Decrypt)?;
	let tag = AeadTag::<Aead>::from_bytes(&sealed[tag_at..]).map_err(|_| SealError::Decrypt)?;
	let mut plaintext = Zeroizing::new(sealed[CIPHERTEXT_AT..tag_at].to_vec());
	hpke::single_shot_open_in_place_detached::<Aead, Kdf, Kem>(
		&OpModeR::Base,
		&secret,
		&encapped,
		info,
		&mut plaintext,
		aad,
		&tag,
	)
	.map_err(|_| SealError::Decrypt)?;
	Ok(plaintext)
}

/// The operating system's generator behind the rand_core 0.9 traits hpke 0.13 asks for (the rest of the client uses
/// rand_core 0.6; both read getrandom). A failure of the system generator panics inside rand_core, as it does for
/// every user of `OsRng`: there is no way to report it through these traits.
struct SystemRng;

impl hpke::rand_core::RngCore for SystemRng {
	fn next_u32(&mut self) -> u32 {
		rand_core::RngCore::next_u32(&mut rand_core::OsRng)
	}
	fn next_u64(&mut self) -> u64 {
		rand_core::RngCore::next_u64(&mut rand_core::OsRng)
	}
	fn fill_bytes(&mut self, dest: &mut [u8]) {
		rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, dest)
	}
}

impl hpke::rand_core::CryptoRng for SystemRng {}

#[cfg(test)]
mod tests {
	use super::*;

	fn hex32(text: &str) -> [u8; 32] {
		hex::decode(text).unwrap().try_into().unwrap()
	}

	fn random_seed() -> [u8; 32] {
		let mut seed = [0u8; 32];
		rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut seed);
		seed
	}

	fn public_of(seed: &[u8; 32]) -> [u8; 32] {
		SigningKey::from_bytes(seed).verifying_key().to_bytes()
	}

	/// Hands out fixed bytes, so that sealing is reproducible; asking for more than it holds is a test failure.
	struct FixedRng(Vec<u8>);

	impl hpke::rand_core::RngCore for FixedRng {
		fn next_u32(&mut self) -> u32 {
			let mut bytes = [0; 4];
			self.fill_bytes(&mut bytes);
			u32::from_le_bytes(bytes)
		}
		fn next_u64(&mut self) -> u64 {
			let mut bytes = [0; 8];
			self.fill_bytes(&mut bytes);
			u64::from_le_bytes(bytes)
		}
		fn fill_bytes(&mut self, dest: &mut [u8]) {
			assert!(dest.len() <= self.0.len(), "the fixed RNG ran dry");
			let rest = self.0.split_off(dest.len());
			dest.copy_from_slice(&self.0);
			self.0 = rest;
		}
	}

	impl hpke::rand_core::CryptoRng for FixedRng {}

	#[test]
	fn round_trip() {
		let seed = random_seed();
		for plaintext in [&b""[..], b"x", b"Beauty is truth, truth beauty", &[0xab; 5000]] {
			let sealed = seal(&public_of(&seed), plaintext, b"alice bob").unwrap();
			assert_eq!(sealed.len(), OVERHEAD + plaintext.len());
			assert!(is_sealed(&sealed));
			assert_eq!(&open(&seed, &sealed, b"alice bob").unwrap()[..], plaintext);
		}
	}

	#[test]
	fn sealing_is_randomised() {
		let recipient = public_of(&random_seed());
		assert_ne!(seal(&recipient, b"same", b"").unwrap(), seal(&recipient, b"same", b"").unwrap());
	}

	#[test]
	fn another_key_cannot_open() {
		let sealed = seal(&public_of(&random_seed()), b"secret", b"ab").unwrap();
		assert_eq!(open(&random_seed(), &sealed, b"ab"), Err(SealError::Decrypt));
	}

	#[test]
	fn every_byte_is_authenticated() {
		let seed = random_seed();
		let sealed = seal(&public_of(&seed), b"a short message", b"ab").unwrap();
		for at in 0..sealed.len() {
			let mut altered = sealed.clone();
			altered[at] ^= 0x01;
			let expected = if at == 0 { SealError::NotSealed } else { SealError::Decrypt };
			assert_eq!(open(&seed, &altered, b"ab"), Err(expected), "byte {at}");
		}
	}

	#[test]
	fn other_aad_or_info_cannot_open() {
		let seed = random_seed();
		let sealed = seal(&public_of(&seed), b"secret", b"alice bob").unwrap();
		assert_eq!(open(&seed, &sealed, b"alice eve"), Err(SealError::Decrypt));
		assert_eq!(open(&seed, &sealed, b""), Err(SealError::Decrypt));
		let scalar = SigningKey::from_bytes(&seed).to_scalar_bytes();
		assert_eq!(open_with_x25519(&scalar, &sealed, b"alice bob", b"OTHER/v1"), Err(SealError::Decrypt));
		assert_eq!(&open_with_x25519(&scalar, &sealed, b"alice bob", INFO).unwrap()[..], b"secret");
	}

	#[test]
	fn short_or_unversioned_bodies_are_not_sealed() {
		let seed = random_seed();
		let sealed = seal(&public_of(&seed), b"", b"").unwrap();
		assert_eq!(sealed.len(), OVERHEAD);
		for len in 0..OVERHEAD {
			assert!(!is_sealed(&sealed[..len]));
			assert_eq!(open(&seed, &sealed[..len], b""), Err(SealError::NotSealed), "length {len}");
		}
		assert!(!is_sealed(&[2; 100]));
		assert!(is_sealed(&[1; OVERHEAD]));
		assert_eq!(open(&seed, &[1; OVERHEAD], b""), Err(SealError::Decrypt));
	}

	/// The property the scheme rests on: the sender's conversion of the public key and the recipient's conversion
	/// of the seed land on the same X25519 key pair.
	#[test]
	fn public_and_secret_conversions_agree() {
		for _ in 0..32 {
			let signing = SigningKey::from_bytes(&random_seed());
			let secret = <Kem as hpke::Kem>::PrivateKey::from_bytes(&signing.to_scalar_bytes()).unwrap();
			let from_secret = <Kem as hpke::Kem>::sk_to_pk(&secret).to_bytes();
			assert_eq!(x25519_public(&signing.verifying_key().to_bytes()).unwrap()[..], from_secret[..]);
		}
	}

	/// libsodium's test vector for crypto_sign_ed25519_{pk,sk}_to_curve25519 (test/default/ed25519_convert).
	#[test]
	fn conversion_matches_libsodium() {
		let signing =
			SigningKey::from_bytes(&hex32("421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee"));
		assert_eq!(
			x25519_public(&signing.verifying_key().to_bytes()).unwrap(),
			hex32("f1814f0e8ff1043d8a44d25babff3cedcae6c22c3edaa48f857ae70de2baae50")
		);
		let mut clamped = signing.to_scalar_bytes();
		clamped[0] &= 248;
		clamped[31] &= 127;
		clamped[31] |= 64;
		assert_eq!(clamped, hex32("8052030376d47112be7f73ed7a019293dd12ad910b654455798b4667d73de166"));
	}

	#[test]
	fn unusable_recipient_keys_are_refused() {
		let mut bad = Vec::new();
		// y = 2 and y = 7 are not on the curve; y = 0 has order 4; y = 1 is the identity.
		for y in [2u8, 7, 0, 1] {
			let mut key = [0u8; 32];
			key[0] = y;
			bad.push(key);
		}
		// libsodium refuses this one as well: on the curve, but not in the prime-order subgroup.
		bad.push(hex32("0500000000000000000000000000000000000000000000000000000000000000"));
		// A legitimate key plus a point of order 2 has a small-order component.
		let legit = SigningKey::from_bytes(&random_seed()).verifying_key().to_edwards();
		let order_two =
			VerifyingKey::from_bytes(&hex32("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))
				.unwrap()
				.to_edwards();
		bad.push((legit + order_two).compress().to_bytes());
		// Non-canonical encodings of the identity: y = p + 1, and x = -0.
		bad.push(hex32("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"));
		bad.push(hex32("0100000000000000000000000000000000000000000000000000000000000080"));
		for key in bad {
			assert_eq!(x25519_public(&key), Err(SealError::BadRecipientKey), "{}", hex::encode(key));
			assert_eq!(seal(&key, b"x", b""), Err(SealError::BadRecipientKey), "{}", hex::encode(key));
		}
	}

	/// RFC 9180, appendix A.2.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305, base mode, first
	/// encryption. Pins the suite and the sealed-body layout around it.
	#[test]
	fn rfc_9180_known_answer() {
		let info = hex::decode("4f6465206f6e2061204772656369616e2055726e").unwrap();
		let ikm_e = hex::decode("909a9b35d3dc4713a5e72a4da274b55d3d3821a37e5d099e74a647db583a904b").unwrap();
		let pk_r = hex32("4310ee97d88cc1f088a5576c77ab0cf5c3ac797f3d95139c6c84b5429c59662a");
		let sk_r = hex32("8057991eef8f1f1af18f4a9491d16a1ce333f695d4db8e38da75975c4478e0fb");
		let enc = "1afa08d3dec047a643885163f1180476fa7ddb54c6a8029ea33f95796bf2ac4a";
		let aad = hex::decode("436f756e742d30").unwrap();
		let pt = hex::decode("4265617574792069732074727574682c20747275746820626561757479").unwrap();
		let ct = "1c5250d8034ec2b784ba2cfd69dbdb8af406cfe3ff938e131f0def8c8b60b4db21993c62ce81883d2dd1b51a28";

		let expected = hex::decode(format!("01{enc}{ct}")).unwrap();
		let sealed = seal_to_x25519(&pk_r, &pt, &aad, &info, &mut FixedRng(ikm_e)).unwrap();
		assert_eq!(hex::encode(&sealed), hex::encode(&expected));
		assert_eq!(&open_with_x25519(&sk_r, &expected, &aad, &info).unwrap()[..], &pt[..]);
	}

	/// A full Sigil seal with fixed randomness: a change to the conversion, the suite, INFO or the layout shows here.
	/// The expected bytes were checked against an independent HPKE written from RFC 9180 with Python's
	/// `cryptography` package (ephemeral key from ikm = 0x42 x 32, as `Kem::gen_keypair` derives it).
	#[test]
	fn sigil_known_answer() {
		let seed = hex32("421151a459faeade3d247115f94aedae42318124095afabe4d1451a559faedee");
		let recipient = public_of(&seed);
		let plaintext = b"Hello, Sigil!";
		let aad = [[0xaa; 32], [0xbb; 32]].concat();
		let sealed =
			seal_to_x25519(&x25519_public(&recipient).unwrap(), plaintext, &aad, INFO, &mut FixedRng(vec![0x42; 32]))
				.unwrap();
		assert_eq!(sealed.len(), 1 + 32 + plaintext.len() + 16);
		assert_eq!(
			hex::encode(&sealed),
			"01ae3bf1cd87c2d2ed25af4a1a239eed04a990f00e7403e4c8065927de010fd17ace5f87aa98449ec88e13e25c8f56e254add865524659431df219fa4d98"
		);
		assert_eq!(&open(&seed, &sealed, &aad).unwrap()[..], plaintext);
	}

	#[test]
	fn errors_read_as_clauses() {
		for error in [SealError::NotSealed, SealError::BadRecipientKey, SealError::Decrypt] {
			let text = error.to_string();
			assert!(!text.ends_with('.') && text.chars().next().is_some_and(char::is_lowercase), "{text}");
		}
	}
}
