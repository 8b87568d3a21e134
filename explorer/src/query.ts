// What a search box entry means. Parsing is separate from looking things up so that it can be tested without a
// chain, and so that a query that is not well-formed is answered at once instead of after a round trip.

import { AccountId, getSs58AddressInfo, type SS58String } from "polkadot-api";
import { emailHash, trimWhiteSpace, type Hex } from "./hashing";

/** Sigil's SS58 prefix (the generic 42): addresses are shown, and re-encoded, with it. */
export const SS58_PREFIX = 42;

const accountCodec = AccountId(SS58_PREFIX);

export type Query =
  | { kind: "account"; account: SS58String }
  | { kind: "email"; hash: Hex }
  // 32 bytes: a key id, a document hash, an email hash or an account's public key.
  | { kind: "hash32"; hash: Hex }
  // 8 bytes: a key's short id, as PGP's 64-bit key id.
  | { kind: "shortKey"; id: Hex }
  | { kind: "coin"; broker: SS58String; serial: bigint }
  | { kind: "invalid"; reason: string };

/** An account in Sigil's prefix, from an address in any SS58 prefix, or `null` if it is not an address. */
export function toAccount(text: string): SS58String | null {
  const info = getSs58AddressInfo(text);
  if (!info.isValid || info.publicKey.length !== 32) return null;
  return accountCodec.dec(info.publicKey);
}

export function accountFromPublicKey(hex: Hex): SS58String {
  return accountCodec.dec(hexToBytes(hex));
}

export function hexToBytes(hex: string): Uint8Array {
  const digits = hex.startsWith("0x") ? hex.slice(2) : hex;
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function parseQuery(input: string): Query {
  // Trimmed as the key-ring pallet trims an email address, so that the hash searched is the one it stores.
  const text = trimWhiteSpace(input);
  if (text === "") return { kind: "invalid", reason: "Type an account, an email address, a key id or a coin." };

  // A coin: its broker's address and its serial, "5Grw…utQY #3" or "5Grw…utQY/3".
  const coin = /^(\S+?)\s*[#/]\s*(\d+)$/.exec(text);
  if (coin) {
    const broker = toAccount(coin[1]!);
    if (broker) return { kind: "coin", broker, serial: BigInt(coin[2]!) };
  }

  if (text.includes("@") && !/\s/.test(text)) return { kind: "email", hash: emailHash(text) };

  // Hex, with or without 0x, and as PGP tools print ids: in groups of four separated by spaces.
  const digits = text.replace(/^0x/i, "").replace(/\s+/g, "").toLowerCase();
  if (/^[0-9a-f]+$/.test(digits)) {
    if (digits.length === 64) return { kind: "hash32", hash: `0x${digits}` };
    if (digits.length === 16) return { kind: "shortKey", id: `0x${digits}` };
  }

  const account = toAccount(text);
  if (account) return { kind: "account", account };

  return {
    kind: "invalid",
    reason:
      "Not an SS58 address, an email address, a 64-digit hash or key id, a 16-digit short key id, " +
      "or a coin written as broker #serial.",
  };
}
