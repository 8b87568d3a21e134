#!/usr/bin/env node
// Reads storage through the smoldot light client, as a public reader of a Sigil network does: it starts from a raw
// chain spec, syncs from the given boot nodes (on a network that lists its nodes: a read-only node started with
// `--accept-unlisted-peers`), and checks every answer against the state root of a block GRANDPA finalized.
//
//   node scripts/light-storage.mjs --spec RAW_SPEC.json --bootnode MULTIADDR [--bootnode ...] \
//     --key 0xSTORAGE_KEY [--key ...] [--min-block N] [--timeout SECONDS]
//
// Waits until the light client has a finalized block numbered at least N (default 1), then prints one JSON line:
// {"number": N, "hash": "0x..", "values": {"0xkey": "0xvalue" | null, ...}}. Exits with status 2 and a message if
// no such block arrives within the timeout (default 60 s): the light client found no peer that would serve it.
// Smoldot's log goes to stderr (its level from $SMOLDOT_LOG, default 2: warnings); stdout carries the answer alone.
// @ts-check

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { createClient } from "polkadot-api";
import { getSmProvider } from "polkadot-api/sm-provider";
import { start } from "polkadot-api/smoldot";

const usage =
  "usage: node scripts/light-storage.mjs --spec RAW_SPEC.json --bootnode MULTIADDR [--bootnode ...] " +
  "--key 0xSTORAGE_KEY [--key ...] [--min-block N] [--timeout SECONDS]";

/**
 * Says what went wrong on stderr and exits.
 * @param {string} message
 * @param {number} [status]
 * @returns {never}
 */
function fail(message, status = 1) {
  process.stderr.write(`light-storage: ${message}\n`);
  process.exit(status);
}

/** @param {unknown} error */
const describe = (error) => (error instanceof Error ? error.message : String(error));

/** @returns {{ spec: string, bootnodes: string[], keys: string[], minBlock: number, timeoutSeconds: number }} */
function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        spec: { type: "string" },
        bootnode: { type: "string", multiple: true },
        key: { type: "string", multiple: true },
        "min-block": { type: "string", default: "1" },
        timeout: { type: "string", default: "60" },
      },
    }));
  } catch (error) {
    fail(`${describe(error)}\n${usage}`);
  }
  const { spec, bootnode: bootnodes = [], key: keys = [] } = values;
  if (!spec || bootnodes.length === 0 || keys.length === 0) fail(usage);
  const minBlock = Number(values["min-block"]);
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isSafeInteger(minBlock) || minBlock < 0)
    fail(`--min-block must be a block number, not "${values["min-block"]}"`);
  if (!(timeoutSeconds > 0)) fail(`--timeout must be a positive number of seconds, not "${values.timeout}"`);
  for (const key of keys) {
    if (!/^0x([0-9a-fA-F]{2})+$/.test(key)) fail(`--key must be a hex storage key (0x...), not "${key}"`);
  }
  return { spec, bootnodes, keys, minBlock, timeoutSeconds };
}

const { spec: specPath, bootnodes, keys, minBlock, timeoutSeconds } = options();
let spec;
try {
  spec = JSON.parse(readFileSync(specPath, "utf8"));
} catch (error) {
  fail(`cannot read the chain spec ${specPath}: ${describe(error)}`);
}
// The given boot nodes replace the spec's: the reader chooses whom it asks; the proofs make the answers trustworthy.
spec.bootNodes = bootnodes;

const smoldot = start({
  maxLogLevel: Number(process.env.SMOLDOT_LOG ?? 2),
  logCallback: (_level, target, message) => process.stderr.write(`[${target}] ${message}\n`),
});
const chain = smoldot.addChain({ chainSpec: JSON.stringify(spec) });
const client = createClient(getSmProvider(() => chain));

/** @type {{ number: number, hash: string } | undefined} */
let finalized;
const timer = setTimeout(() => {
  const at = finalized ? `#${finalized.number}` : "genesis";
  fail(
    `no finalized block #${minBlock} within ${timeoutSeconds} s (the light client is at ${at}): no peer served it`,
    2,
  );
}, timeoutSeconds * 1000);

// The subscription stays open while the values are read, so that the block stays pinned.
/** @type {import("rxjs").Subscription | undefined} */
let subscription;
/** @type {{ number: number, hash: string }} */
const block = await new Promise((resolve, reject) => {
  subscription = client.finalizedBlock$.subscribe({
    next: (latest) => {
      finalized = latest;
      if (latest.number >= minBlock) resolve(latest);
    },
    error: reject,
  });
}).catch((error) => fail(`the light client failed: ${describe(error)}`));

/** @type {Record<string, string | null>} */
const values = {};
for (const key of keys) {
  values[key] = await client.rawQuery(key, { at: block.hash });
}
clearTimeout(timer);
subscription?.unsubscribe();
process.stdout.write(`${JSON.stringify({ number: block.number, hash: block.hash, values })}\n`);
client.destroy();
await smoldot.terminate();
process.exit(0);
