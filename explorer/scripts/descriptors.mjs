#!/usr/bin/env node
// Regenerates the explorer's typed descriptors from the runtime in a raw chain spec, or checks that they match it.
//
//   node scripts/descriptors.mjs            # update .papi/metadata/sigil.scale and the generated descriptors
//   node scripts/descriptors.mjs --check    # exit 1 if the committed metadata is not the spec's runtime's
//   ... --spec PATH                         # another raw spec (default: ../chain-spec/dev-raw.json)
//
// The metadata comes from the spec's `:code` (papi runs the wasm's metadata call), so no node is needed, and the
// descriptors describe exactly the runtime a light client started from that spec meets.
// @ts-check

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const explorer = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const committed = join(explorer, ".papi/metadata/sigil.scale");
const papi = join(explorer, "node_modules/.bin/papi");

const args = process.argv.slice(2);
const check = args.includes("--check");
const specIndex = args.indexOf("--spec");
const spec = specIndex >= 0 ? resolve(args[specIndex + 1] ?? "") : join(explorer, "../chain-spec/dev-raw.json");

/**
 * The raw spec's runtime code (storage key `:code`).
 * @param {string} path
 */
function runtimeCode(path) {
  const code = JSON.parse(readFileSync(path, "utf8")).genesis?.raw?.top?.["0x3a636f6465"];
  if (typeof code !== "string") throw new Error(`${path} is not a raw chain spec with runtime code`);
  return Buffer.from(code.slice(2), "hex");
}

const work = mkdtempSync(join(tmpdir(), "sigil-descriptors-"));
try {
  const wasm = join(work, "runtime.wasm");
  writeFileSync(wasm, runtimeCode(spec));
  if (check) {
    // papi writes the metadata under .papi/ of its working directory: a scratch one, so nothing committed moves.
    execFileSync(papi, ["add", "sigil", "--wasm", wasm, "--skip-codegen"], { cwd: work, stdio: "ignore" });
    const fresh = readFileSync(join(work, ".papi/metadata/sigil.scale"));
    if (!fresh.equals(readFileSync(committed))) {
      console.error(
        `descriptors: .papi/metadata/sigil.scale is not the metadata of the runtime in ${spec}.\n` +
          "Run `npm run descriptors --prefix explorer` and commit .papi/ and package-lock.json.",
      );
      process.exit(1);
    }
    console.log(`descriptors: up to date with ${spec}`);
  } else {
    execFileSync(papi, ["add", "sigil", "--wasm", wasm], { cwd: explorer, stdio: "inherit" });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
