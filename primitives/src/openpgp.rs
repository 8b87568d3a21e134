//! OpenPGP (RFC 4880) v4 Ed25519 keys, as `gpg --quick-gen-key NAME ed25519` makes them, and the few signatures the
//! runtime checks by them: a proof of possession (a detached signature over bytes) and a key revocation.
//!
//! A small parser of our own, because the OpenPGP libraries (rpgp, Sequoia) need `std`: it reads exactly what GnuPG
//! 2.2 writes for these keys and refuses the rest with an [`OpenPgpError`]. Its tests check it against keys and
//! signatures made by `gpg` (`primitives/testdata/openpgp`) and against rpgp.

#[cfg(any(test, feature = "openpgp-builder"))]
use alloc::vec;
use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sha2::Digest;
use sp_core::{ed25519, H256};
use sp_runtime::Saturating;

use crate::key_ring::KeyId;

#[cfg(test)]
mod tests;

/// Public-key algorithm 22, EdDSA (the "legacy" EdDSA of RFC 4880bis that GnuPG 2.2 uses for Ed25519).
const EDDSA: u8 = 22;
/// The Ed25519 curve OID, 1.3.6.1.4.1.11591.15.1, after its length octet.
const ED25519_OID: [u8; 10] = [9, 0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01];
/// The bit count of the key's MPI: 263, a `0x40` prefix octet and 32 bytes of key.
const ED25519_MPI_BITS: [u8; 2] = [0x01, 0x07];
const SIGNATURE_TAG: u8 = 2;
const SECRET_KEY_TAG: u8 = 5;
const PUBLIC_KEY_TAG: u8 = 6;
const SECRET_SUBKEY_TAG: u8 = 7;
const USER_ID_TAG: u8 = 13;
const PUBLIC_SUBKEY_TAG: u8 = 14;
const USER_ATTRIBUTE_TAG: u8 = 17;
/// The longest OpenPGP packet a call carries (header included): room for RSA-4096 key packets, so that they are
/// refused as unsupported rather than undecodable, and for signatures with long notations.
pub const MAX_PACKET_LENGTH: u32 = 1024;
/// The length of a v4 Ed25519 public-key packet's body.
pub const KEY_BODY_LENGTH: usize = 51;

/// What a signature signs (RFC 4880 5.2.1): the types the runtime accepts.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SignatureType {
	/// 0x00, a signature of a binary document: `gpg --detach-sign` over a file.
	Binary,
	/// 0x20, a revocation of the key it is made by: `gpg --gen-revoke`.
	KeyRevocation,
}

impl SignatureType {
	fn octet(self) -> u8 {
		match self {
			Self::Binary => 0x00,
			Self::KeyRevocation => 0x20,
		}
	}
}

/// Why the runtime refuses an OpenPGP key or signature.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OpenPgpError {
	/// Not a well-formed packet: truncated, a bad header or length, bytes left over, a bad MPI, or a signature
	/// without its creation time.
	Malformed,
	/// The key is not a v4 EdDSA Ed25519 key (RSA, NIST curves and v5/v6 keys are not supported yet).
	UnsupportedKey,
	/// Not a v4 EdDSA signature packet, or one with a critical subpacket the runtime does not understand.
	UnsupportedSignature,
	/// The digest is shorter than 256 bits (MD5, SHA-1, RIPEMD-160, SHA-224) or unknown.
	WeakHash,
	/// The signature is of another type than the one asked for (a text signature instead of a binary one, ...).
	WrongSignatureType,
	/// The signature's issuer subpackets name another key, or no key at all.
	IssuerMismatch,
	/// The signature does not verify under the key.
	BadSignature,
	/// A transferable key whose first packet is not this key's public-key packet.
	KeyMismatch,
	/// A transferable key with a secret-key packet (`gpg --export-secret-keys` output): never published.
	SecretKeyPacket,
	/// A transferable key with a packet that has no place in one (a second primary key, a trust packet, data...).
	UnexpectedPacket,
	/// A transferable key without a user ID, which `gpg` would skip on import.
	NoUserId,
}

/// A v4 Ed25519 OpenPGP public key: enough to rebuild its public-key packet, and so its fingerprint.
#[derive(
	Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct OpenPgpKey {
	/// The creation time its packet states, in seconds since the Unix epoch. It is hashed into the fingerprint: the
	/// same Ed25519 key created at another second is another OpenPGP key.
	pub created: u32,
	/// The Ed25519 public key.
	pub key: ed25519::Public,
}

/// What a verified signature says about itself.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SignatureFacts {
	/// The signature's creation time (its hashed subpacket 2), in seconds since the Unix epoch.
	pub created: u32,
	/// A revocation's reason code (hashed subpacket 29): 0 none given, 1 superseded, 2 compromised, 3 retired.
	pub revocation_reason: Option<u8>,
}

impl OpenPgpKey {
	/// The key in a public-key packet, header included: the first packet `gpg --export` writes.
	pub fn from_packet(bytes: &[u8]) -> Result<Self, OpenPgpError> {
		let (packet, rest) = next_packet(bytes)?;
		if packet.tag != PUBLIC_KEY_TAG || !rest.is_empty() {
			return Err(OpenPgpError::Malformed);
		}
		Self::from_body(packet.body)
	}

	/// The key in a public-key packet's body.
	pub fn from_body(body: &[u8]) -> Result<Self, OpenPgpError> {
		let mut reader = Reader(body);
		if reader.octet()? != 4 {
			return Err(OpenPgpError::UnsupportedKey);
		}
		let created = reader.u32()?;
		if reader.octet()? != EDDSA || reader.take(ED25519_OID.len())? != ED25519_OID {
			return Err(OpenPgpError::UnsupportedKey);
		}
		if reader.take(2)? != ED25519_MPI_BITS || reader.octet()? != 0x40 {
			return Err(OpenPgpError::Malformed);
		}
		let key = reader.array::<32>()?;
		reader.finish()?;
		Ok(Self { created, key: ed25519::Public::from_raw(key) })
	}

	/// The body of the key's public-key packet, byte for byte as GnuPG writes it.
	pub fn packet_body(&self) -> [u8; KEY_BODY_LENGTH] {
		let mut body = [0u8; KEY_BODY_LENGTH];
		let created = self.created.to_be_bytes();
		let fields = [4u8]
			.iter()
			.chain(&created)
			.chain(&[EDDSA])
			.chain(&ED25519_OID)
			.chain(&ED25519_MPI_BITS)
			.chain(&[0x40])
			.chain(&self.key.0);
		for (slot, byte) in body.iter_mut().zip(fields) {
			*slot = *byte;
		}
		body
	}

	/// The public-key packet, header included: old format, tag 6, a one-octet length, as GnuPG writes it.
	pub fn packet(&self) -> Vec<u8> {
		[&[0x98, KEY_BODY_LENGTH as u8][..], &self.packet_body()[..]].concat()
	}

	/// The v4 fingerprint, as `gpg --fingerprint` shows it: SHA-1 over `0x99`, the body's length and the body.
	pub fn fingerprint(&self) -> [u8; 20] {
		let mut sha1 = sha1::Sha1::new();
		sha1.update(self.hashed_key());
		sha1.finalize().into()
	}

	/// The key's id in the ring: twelve zero bytes, then the v4 fingerprint. Its last eight bytes, the ring's short
	/// id, are the PGP key id `gpg` shows.
	pub fn key_id(&self) -> KeyId {
		let mut id = [0u8; 32];
		for (slot, byte) in id.iter_mut().skip(12).zip(self.fingerprint()) {
			*slot = byte;
		}
		H256(id)
	}

	/// Checks that `packet` is this key's v4 signature of type `kind` over `data` (nothing for a key revocation,
	/// which signs the key itself), with a digest of at least 256 bits and issuer subpackets naming this key.
	pub fn verify(&self, kind: SignatureType, data: &[u8], packet: &[u8]) -> Result<SignatureFacts, OpenPgpError> {
		let signature = ParsedSignature::parse(packet)?;
		if signature.kind != kind.octet() {
			return Err(OpenPgpError::WrongSignatureType);
		}
		let fingerprint = self.fingerprint();
		let named_by_fingerprint = signature.issuer_fingerprint.map(|named| named == fingerprint);
		let named_by_key_id = signature.issuer_key_ids.iter().flatten().map(|named| fingerprint.ends_with(named));
		let names: Vec<bool> = named_by_fingerprint.into_iter().chain(named_by_key_id).collect();
		if names.is_empty() || names.contains(&false) {
			return Err(OpenPgpError::IssuerMismatch);
		}
		let digest = digest(signature.hash_algorithm, &self.signed_data(kind, data), signature.hashed_part)?;
		if !digest.starts_with(&signature.digest_prefix) {
			return Err(OpenPgpError::BadSignature);
		}
		if !sp_io::crypto::ed25519_verify(&ed25519::Signature::from_raw(signature.rs), &digest, &self.key) {
			return Err(OpenPgpError::BadSignature);
		}
		Ok(SignatureFacts { created: signature.created, revocation_reason: signature.revocation_reason })
	}

	/// Checks that `bytes` is this key as a transferable public key, as `gpg --export` writes it (binary): its
	/// public-key packet first, then only user IDs, user attributes, signatures and public subkeys, at least one
	/// user ID among them. Signatures are not verified here: `gpg` checks them on import and drops what does not
	/// verify.
	pub fn check_transferable(&self, bytes: &[u8]) -> Result<(), OpenPgpError> {
		let mut packets = packets(bytes);
		let primary = packets.next().ok_or(OpenPgpError::Malformed)??;
		if primary.tag != PUBLIC_KEY_TAG || primary.body != self.packet_body() {
			return Err(OpenPgpError::KeyMismatch);
		}
		let mut user_ids = 0u32;
		for packet in packets {
			match packet?.tag {
				SECRET_KEY_TAG | SECRET_SUBKEY_TAG => return Err(OpenPgpError::SecretKeyPacket),
				USER_ID_TAG => user_ids.saturating_inc(),
				SIGNATURE_TAG | PUBLIC_SUBKEY_TAG | USER_ATTRIBUTE_TAG => {}
				_ => return Err(OpenPgpError::UnexpectedPacket),
			}
		}
		if user_ids == 0 {
			return Err(OpenPgpError::NoUserId);
		}
		Ok(())
	}

	/// The key as signatures over it hash it: `0x99`, the body's length in two octets, the body.
	fn hashed_key(&self) -> Vec<u8> {
		[&[0x99, 0, KEY_BODY_LENGTH as u8][..], &self.packet_body()[..]].concat()
	}

	/// What a signature of type `kind` signs before its own hashed part: `data`, or for a key revocation the key.
	fn signed_data(&self, kind: SignatureType, data: &[u8]) -> Vec<u8> {
		match kind {
			SignatureType::Binary => data.to_vec(),
			SignatureType::KeyRevocation => self.hashed_key(),
		}
	}

	/// A v4 signature packet of type `kind` over `data` by this key, as `gpg` would make it but `length` bytes
	/// long (at least 150), its hashed area padded with a notation: the largest signature a call may carry, for
	/// benchmarks, and signatures `gpg` will not make, for tests. `sign` signs the digest with the key's private
	/// half.
	#[cfg(any(test, feature = "openpgp-builder"))]
	pub fn signature_packet(
		&self,
		kind: SignatureType,
		hash_algorithm: u8,
		data: &[u8],
		length: usize,
		sign: impl FnOnce(&[u8]) -> Option<[u8; 64]>,
	) -> Option<Vec<u8>> {
		let fingerprint = self.fingerprint();
		let key_id = fingerprint.get(12..)?;
		// Header (3) + fixed fields (12) + issuer key id (10) + issuer fingerprint (23) + creation time (6) + MPIs
		// (68) + the notation's header (3) and fixed fields (8) and name (9).
		let value_length = length.checked_sub(142)?;
		let notation =
			[&[0x80, 0, 0, 0, 0, 9][..], &(value_length as u16).to_be_bytes(), b"pad@sigil", &vec![b'x'; value_length]]
				.concat();
		let notation_length = notation.len().checked_add(1)?;
		let mut hashed_area = [&[22, 33, 4][..], &fingerprint, &[5, 2], &0u32.to_be_bytes()].concat();
		hashed_area.extend_from_slice(&subpacket_length(notation_length)?);
		hashed_area.push(20);
		hashed_area.extend_from_slice(&notation);
		let hashed_part =
			[&[4, kind.octet(), EDDSA, hash_algorithm][..], &(hashed_area.len() as u16).to_be_bytes(), &hashed_area]
				.concat();
		let digest = digest(hash_algorithm, &self.signed_data(kind, data), &hashed_part).ok()?;
		let rs = sign(&digest)?;
		let mut body = hashed_part;
		body.extend_from_slice(&[0, 10, 9, 16]);
		body.extend_from_slice(key_id);
		body.extend_from_slice(digest.get(..2)?);
		for half in rs.chunks(32) {
			let value: Vec<u8> = half.iter().copied().skip_while(|byte| *byte == 0).collect();
			let bits = value.first().map_or(0, |first| value.len() * 8 - first.leading_zeros() as usize);
			body.extend_from_slice(&(bits as u16).to_be_bytes());
			body.extend_from_slice(&value);
		}
		let mut packet = if body.len() < 256 { vec![0x88, body.len() as u8] } else { vec![0x89] };
		if body.len() >= 256 {
			packet.extend_from_slice(&(body.len() as u16).to_be_bytes());
		}
		packet.extend_from_slice(&body);
		Some(packet)
	}
}

/// A signature packet's fields that the checks need.
struct ParsedSignature<'a> {
	kind: u8,
	hash_algorithm: u8,
	/// From the version octet to the end of the hashed subpackets: what the digest covers after the data.
	hashed_part: &'a [u8],
	digest_prefix: [u8; 2],
	/// The Ed25519 signature: r and s, each left-padded to 32 bytes.
	rs: [u8; 64],
	created: u32,
	issuer_fingerprint: Option<[u8; 20]>,
	/// Issuer key ids (subpacket 16) from the hashed and the unhashed area.
	issuer_key_ids: [Option<[u8; 8]>; 2],
	revocation_reason: Option<u8>,
}

impl<'a> ParsedSignature<'a> {
	fn parse(bytes: &'a [u8]) -> Result<Self, OpenPgpError> {
		let (packet, rest) = next_packet(bytes)?;
		if !rest.is_empty() {
			return Err(OpenPgpError::Malformed);
		}
		if packet.tag != SIGNATURE_TAG {
			return Err(OpenPgpError::UnsupportedSignature);
		}
		let body = packet.body;
		let mut reader = Reader(body);
		if reader.octet()? != 4 {
			return Err(OpenPgpError::UnsupportedSignature);
		}
		let kind = reader.octet()?;
		if reader.octet()? != EDDSA {
			return Err(OpenPgpError::UnsupportedSignature);
		}
		let hash_algorithm = reader.octet()?;
		let hashed_length = usize::from(reader.u16()?);
		let hashed_area = reader.take(hashed_length)?;
		let hashed_part = body.get(..body.len().saturating_sub(reader.0.len())).ok_or(OpenPgpError::Malformed)?;
		let unhashed_length = usize::from(reader.u16()?);
		let unhashed_area = reader.take(unhashed_length)?;
		let digest_prefix = reader.array::<2>()?;
		let (r, s) = (reader.mpi::<32>()?, reader.mpi::<32>()?);
		reader.finish()?;
		let mut rs = [0u8; 64];
		for (slot, byte) in rs.iter_mut().zip(r.iter().chain(&s)) {
			*slot = *byte;
		}

		let mut signature = Self {
			kind,
			hash_algorithm,
			hashed_part,
			digest_prefix,
			rs,
			created: 0,
			issuer_fingerprint: None,
			issuer_key_ids: [None, None],
			revocation_reason: None,
		};
		let mut created = None;
		for subpacket in Subpackets(hashed_area) {
			let (critical, kind, data) = subpacket?;
			match kind {
				2 => created = Some(u32::from_be_bytes(data.try_into().map_err(|_| OpenPgpError::Malformed)?)),
				33 => match data {
					[4, fingerprint @ ..] => {
						signature.issuer_fingerprint =
							Some(fingerprint.try_into().map_err(|_| OpenPgpError::Malformed)?)
					}
					_ => return Err(OpenPgpError::IssuerMismatch),
				},
				16 => signature.issuer_key_ids[0] = Some(data.try_into().map_err(|_| OpenPgpError::Malformed)?),
				29 => signature.revocation_reason = Some(*data.first().ok_or(OpenPgpError::Malformed)?),
				// A critical subpacket changes what the signature means (an expiry, a policy): one the runtime
				// does not read makes the signature one it cannot judge (RFC 4880 5.2.3.1).
				_ if critical => return Err(OpenPgpError::UnsupportedSignature),
				_ => {}
			}
		}
		// The unhashed area is not signed: only its issuer key id is read, and it must name the key too.
		for subpacket in Subpackets(unhashed_area) {
			let (_, kind, data) = subpacket?;
			if kind == 16 {
				signature.issuer_key_ids[1] = Some(data.try_into().map_err(|_| OpenPgpError::Malformed)?);
			}
		}
		signature.created = created.ok_or(OpenPgpError::Malformed)?;
		Ok(signature)
	}
}

/// The digest a v4 signature signs: the hash of `signed`, of its hashed part (from the version octet to the end
/// of the hashed subpackets) and of the v4 trailer. SHA-256 (8), SHA-384 (9) and SHA-512 (10) only.
fn digest(hash_algorithm: u8, signed: &[u8], hashed_part: &[u8]) -> Result<Vec<u8>, OpenPgpError> {
	let length = u32::try_from(hashed_part.len()).map_err(|_| OpenPgpError::Malformed)?;
	let trailer = [&[4u8, 0xFF][..], &length.to_be_bytes()[..]].concat();
	let parts = [signed, hashed_part, &trailer[..]];
	match hash_algorithm {
		8 => Ok(sp_io::hashing::sha2_256(&parts.concat()).to_vec()),
		9 => Ok(hash::<sha2::Sha384>(&parts)),
		10 => Ok(hash::<sha2::Sha512>(&parts)),
		_ => Err(OpenPgpError::WeakHash),
	}
}

/// A subpacket length of one or two octets (RFC 4880 5.2.3.1), for lengths below 8384.
#[cfg(any(test, feature = "openpgp-builder"))]
fn subpacket_length(length: usize) -> Option<Vec<u8>> {
	match length {
		0..=191 => Some(vec![length as u8]),
		192..=8383 => {
			let rest = length - 192;
			Some(vec![(rest / 256 + 192) as u8, (rest % 256) as u8])
		}
		_ => None,
	}
}

fn hash<H: Digest>(parts: &[&[u8]]) -> Vec<u8> {
	let mut hasher = H::new();
	for part in parts {
		hasher.update(part);
	}
	hasher.finalize().to_vec()
}

/// One OpenPGP packet: its tag and its body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Packet<'a> {
	/// The packet tag: 2 signature, 6 public key, 13 user ID, 14 public subkey, ...
	pub tag: u8,
	/// The body, after the header.
	pub body: &'a [u8],
}

/// Splits `bytes` into packets, in order; the first error ends the sequence. Partial (streamed) and indeterminate
/// lengths are refused as [`OpenPgpError::Malformed`]: keys and signatures never use them.
pub fn packets(bytes: &[u8]) -> impl Iterator<Item = Result<Packet<'_>, OpenPgpError>> {
	let mut rest = Some(bytes);
	core::iter::from_fn(move || {
		let bytes = rest.take().filter(|bytes| !bytes.is_empty())?;
		match next_packet(bytes) {
			Ok((packet, remaining)) => {
				rest = Some(remaining);
				Some(Ok(packet))
			}
			Err(error) => Some(Err(error)),
		}
	})
}

/// Splits `bytes` after its first packet: that packet, header included, and what follows it. Key servers insert a
/// key's revocation signature there, where a transferable key carries it.
pub fn split_first_packet(bytes: &[u8]) -> Result<(&[u8], &[u8]), OpenPgpError> {
	let (_, rest) = next_packet(bytes)?;
	// `rest` is a tail of `bytes`.
	Ok(bytes.split_at(bytes.len().saturating_sub(rest.len())))
}

/// The first packet of `bytes` and what follows it.
fn next_packet(bytes: &[u8]) -> Result<(Packet<'_>, &[u8]), OpenPgpError> {
	let mut reader = Reader(bytes);
	let header = reader.octet()?;
	if header & 0x80 == 0 {
		return Err(OpenPgpError::Malformed);
	}
	let (tag, length) = if header & 0x40 != 0 {
		// New format: one-, two- or five-octet lengths.
		let tag = header & 0x3F;
		let length = match reader.octet()? {
			first @ 0..=191 => usize::from(first),
			first @ 192..=223 => two_octet_length(first, reader.octet()?),
			255 => usize::try_from(reader.u32()?).map_err(|_| OpenPgpError::Malformed)?,
			_ => return Err(OpenPgpError::Malformed),
		};
		(tag, length)
	} else {
		// Old format: the length type in the low two bits.
		let tag = (header >> 2) & 0x0F;
		let length = match header & 0x03 {
			0 => usize::from(reader.octet()?),
			1 => usize::from(reader.u16()?),
			2 => usize::try_from(reader.u32()?).map_err(|_| OpenPgpError::Malformed)?,
			_ => return Err(OpenPgpError::Malformed),
		};
		(tag, length)
	};
	let body = reader.take(length)?;
	Ok((Packet { tag, body }, reader.0))
}

/// A two-octet length (RFC 4880 4.2.2.2 and 5.2.3.1): 192 to 8383. `first` is at least 192.
fn two_octet_length(first: u8, second: u8) -> usize {
	usize::from(first).saturating_sub(192).saturating_mul(256).saturating_add(usize::from(second)).saturating_add(192)
}

/// The subpackets of a signature's subpacket area: `(critical, type, data)` each.
struct Subpackets<'a>(&'a [u8]);

impl<'a> Iterator for Subpackets<'a> {
	type Item = Result<(bool, u8, &'a [u8]), OpenPgpError>;

	fn next(&mut self) -> Option<Self::Item> {
		if self.0.is_empty() {
			return None;
		}
		let mut reader = Reader(self.0);
		let subpacket = (|| {
			let length = match reader.octet()? {
				first @ 0..=191 => usize::from(first),
				first @ 192..=254 => two_octet_length(first, reader.octet()?),
				255 => usize::try_from(reader.u32()?).map_err(|_| OpenPgpError::Malformed)?,
			};
			let mut content = Reader(reader.take(length)?);
			let kind = content.octet()?;
			Ok((kind & 0x80 != 0, kind & 0x7F, content.0))
		})();
		// After an error nothing more is read.
		self.0 = if subpacket.is_ok() { reader.0 } else { &[] };
		Some(subpacket)
	}
}

/// Reads big-endian fields from the front of a byte slice; reading past its end is [`OpenPgpError::Malformed`].
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
	fn take(&mut self, n: usize) -> Result<&'a [u8], OpenPgpError> {
		let (taken, rest) = self.0.split_at_checked(n).ok_or(OpenPgpError::Malformed)?;
		self.0 = rest;
		Ok(taken)
	}

	fn array<const N: usize>(&mut self) -> Result<[u8; N], OpenPgpError> {
		self.take(N)?.try_into().map_err(|_| OpenPgpError::Malformed)
	}

	fn octet(&mut self) -> Result<u8, OpenPgpError> {
		let [octet] = self.array()?;
		Ok(octet)
	}

	fn u16(&mut self) -> Result<u16, OpenPgpError> {
		Ok(u16::from_be_bytes(self.array()?))
	}

	fn u32(&mut self) -> Result<u32, OpenPgpError> {
		Ok(u32::from_be_bytes(self.array()?))
	}

	/// An MPI of at most `N` bytes, left-padded to `N`: leading zero bits are not written (254-bit values are
	/// common).
	fn mpi<const N: usize>(&mut self) -> Result<[u8; N], OpenPgpError> {
		let bits = usize::from(self.u16()?);
		let value = self.take(bits.div_ceil(8))?;
		let padding = N.checked_sub(value.len()).ok_or(OpenPgpError::Malformed)?;
		let mut out = [0u8; N];
		for (slot, byte) in out.iter_mut().skip(padding).zip(value) {
			*slot = *byte;
		}
		Ok(out)
	}

	fn finish(&self) -> Result<(), OpenPgpError> {
		if self.0.is_empty() {
			Ok(())
		} else {
			Err(OpenPgpError::Malformed)
		}
	}
}
