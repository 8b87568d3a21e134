import { describe, expect, test } from "vitest";
import { documentHashes, emailHash, normaliseEmail } from "../../src/hashing";
import { parseQuery } from "../../src/query";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
// Alice's public key in Kusama's prefix (2): the same account, another network's spelling.
const ALICE_ON_KUSAMA = "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F";

describe("email hashes", () => {
  test("are blake2-256 of the address, as the chain's tests hash alice@example.org", () => {
    // sp_io::hashing::blake2_256(b"alice@example.org"), the hash tests/tests/key_ring.rs registers.
    expect(emailHash("alice@example.org")).toBe("0xe3468b629dcc918ce74606e0412325b0d5410abea3edd43c642e602e97512fec");
  });

  test("are taken of the trimmed, lower-cased address", () => {
    expect(emailHash("  Alice@Example.ORG\n")).toBe(emailHash("alice@example.org"));
    expect(normaliseEmail("\u3000Ünïcode@Example.org\u0085")).toBe("ünïcode@example.org");
  });

  test("trim what Rust's str::trim trims, not what JavaScript's trim trims", () => {
    // U+FEFF is not Unicode White_Space: a Rust client keeps it, so the hash must too.
    expect(normaliseEmail("\ufeffa@b.c")).toBe("\ufeffa@b.c");
  });
});

test("a document is hashed both ways the documents pallet accepts", () => {
  const hashes = documentHashes(new TextEncoder().encode("abc"));
  expect(hashes.sha256).toBe("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  expect(hashes.blake2).toBe("0xbddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
});

describe("search queries", () => {
  test("an SS58 address in any prefix is an account, spelled in Sigil's prefix", () => {
    expect(parseQuery(ALICE)).toEqual({ kind: "account", account: ALICE });
    expect(parseQuery(ALICE_ON_KUSAMA)).toEqual({ kind: "account", account: ALICE });
  });

  test("an email address becomes its hash and nothing else", () => {
    expect(parseQuery(" Alice@Example.org ")).toEqual({ kind: "email", hash: emailHash("alice@example.org") });
  });

  test("hex is a 32-byte hash or an 8-byte short key id, with or without 0x, in groups or not", () => {
    const hash = `0x${"ab".repeat(32)}`;
    expect(parseQuery(hash)).toEqual({ kind: "hash32", hash });
    expect(parseQuery(hash.slice(2).toUpperCase())).toEqual({ kind: "hash32", hash });
    expect(parseQuery("0AB1 C2D3 E4F5 0617")).toEqual({ kind: "shortKey", id: "0x0ab1c2d3e4f50617" });
  });

  test("a coin is its broker and serial", () => {
    expect(parseQuery(`${ALICE} #7`)).toEqual({ kind: "coin", broker: ALICE, serial: 7n });
    expect(parseQuery(`${ALICE}/12`)).toEqual({ kind: "coin", broker: ALICE, serial: 12n });
  });

  test("anything else is refused with what would be understood", () => {
    expect(parseQuery("hello world").kind).toBe("invalid");
    expect(parseQuery("0x1234").kind).toBe("invalid");
    expect(parseQuery("").kind).toBe("invalid");
  });
});
