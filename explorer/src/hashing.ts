// Hashes the explorer computes in the browser, so that an email address or a document never leaves it.

import { blake2b } from "@noble/hashes/blake2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

export type Hex = `0x${string}`;

export function toHex(bytes: Uint8Array): Hex {
  return `0x${bytesToHex(bytes)}`;
}

export function blake2_256(bytes: Uint8Array): Hex {
  return toHex(blake2b(bytes, { dkLen: 32 }));
}

// The key-ring pallet hashes "the trimmed, lower-cased address" (pallets/key-ring/README.md) as Rust clients do it:
// `str::trim` strips Unicode White_Space, which is not the set JavaScript's `trim` strips (JavaScript also strips
// U+FEFF and keeps U+0085), so the set is spelled out to give the same hash as a Rust client.
const WHITE_SPACE = "[\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const OUTER_WHITE_SPACE = new RegExp(`^${WHITE_SPACE}+|${WHITE_SPACE}+$`, "gu");

/** `text` without the white space Rust's `str::trim` removes (JavaScript's `trim` also removes U+FEFF). */
export function trimWhiteSpace(text: string): string {
  return text.replace(OUTER_WHITE_SPACE, "");
}

export function normaliseEmail(address: string): string {
  // Both Rust's `to_lowercase` and JavaScript's `toLowerCase` apply Unicode's locale-independent full mapping.
  return trimWhiteSpace(address).toLowerCase();
}

/** The email hash an identity claims: blake2-256 of the normalised address's UTF-8 bytes. */
export function emailHash(address: string): Hex {
  return blake2_256(new TextEncoder().encode(normaliseEmail(address)));
}

/**
 * The two hashes a document may be attested under: the documents pallet takes "blake2-256 or SHA-256, as the
 * parties agree" (pallets/documents/README.md), so a dropped file is looked up under both.
 */
export function documentHashes(contents: Uint8Array): { blake2: Hex; sha256: Hex } {
  return { blake2: blake2_256(contents), sha256: toHex(sha256(contents)) };
}
