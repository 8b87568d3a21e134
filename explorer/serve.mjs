#!/usr/bin/env node
// Serves the built explorer (dist/) on 127.0.0.1, with the config.json that tells the page how to reach the chain:
//
//   node serve.mjs [--port N]                                   light client from ../chain-spec/dev-raw.json
//   node serve.mjs --chain-spec PATH [--bootnode MULTIADDR]...  light client from another raw spec
//   node serve.mjs --rpc ws://127.0.0.1:9944                    a node's JSON-RPC
//
// In light-client mode the page gets the spec with the given boot nodes added: a browser's light client reaches
// nodes over WebSocket only, so a boot node address ends in /ws/p2p/<peer id> (a node listening with
// `--listen-addr /ip4/127.0.0.1/tcp/30333/ws`). The port is 0 (any free one) unless --port says; it is printed.
// @ts-check

import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * @typedef {{ dist?: string, port?: number } & ({ rpc: string } | { chainSpec: string, bootnodes?: string[] })} ServeOptions
 */

/**
 * Starts the server; resolves once it listens.
 * @param {ServeOptions} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serve(options) {
  const dist = resolve(options.dist ?? join(here, "dist"));
  /** @type {Record<string, { type: string, body: string | Buffer }>} */
  const generated = {};
  if ("rpc" in options) {
    generated["/config.json"] = json({ mode: "rpc", rpc: options.rpc });
  } else {
    const spec = JSON.parse(await readFile(options.chainSpec, "utf8"));
    spec.bootNodes = [...(spec.bootNodes ?? []), ...(options.bootnodes ?? [])];
    generated["/config.json"] = json({ mode: "light", chainSpec: "./chain-spec.json" });
    generated["/chain-spec.json"] = json(spec);
  }
  const server = createServer(async (request, response) => {
    let path;
    try {
      path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    } catch {
      // A malformed escape ("/%"): any page in the browser can ask for one, and it must not stop the server.
      response.writeHead(400).end();
      return;
    }
    const fixed = generated[path];
    if (fixed) {
      response.writeHead(200, { "content-type": fixed.type, "cache-control": "no-store" });
      response.end(fixed.body);
      return;
    }
    const file = normalize(join(dist, path === "/" ? "index.html" : path));
    if (file !== dist && !file.startsWith(dist + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": TYPES[/** @type {keyof TYPES} */ (extname(file))] ?? "application/octet-stream",
      });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  await new Promise((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolveListen(undefined));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** @param {unknown} value */
function json(value) {
  return { type: "application/json", body: JSON.stringify(value) };
}

/** @param {string[]} args */
function parseArgs(args) {
  /** @type {{ rpc?: string, chainSpec: string, bootnodes: string[], port?: number, dist?: string }} */
  const parsed = { chainSpec: join(here, "../chain-spec/dev-raw.json"), bootnodes: [] };
  for (let i = 0; i < args.length; i++) {
    const value = args[i + 1];
    const need = () => {
      if (value === undefined) throw new Error(`${args[i]} needs a value`);
      i++;
      return value;
    };
    switch (args[i]) {
      case "--rpc":
        parsed.rpc = need();
        break;
      case "--chain-spec":
        parsed.chainSpec = resolve(need());
        break;
      case "--bootnode":
        parsed.bootnodes.push(need());
        break;
      case "--port":
        parsed.port = Number(need());
        break;
      case "--dist":
        parsed.dist = need();
        break;
      default:
        throw new Error(`unknown argument ${args[i]} (see the comment at the top of serve.mjs)`);
    }
  }
  return parsed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const mode = args.rpc ? { rpc: args.rpc } : { chainSpec: args.chainSpec, bootnodes: args.bootnodes };
  const { url } = await serve({ ...mode, port: args.port, dist: args.dist });
  if (args.rpc) {
    console.log(`Sigil explorer: ${url} (RPC mode: ${args.rpc})`);
  } else {
    console.log(`Sigil explorer: ${url} (light client from ${args.chainSpec})`);
    const listed = JSON.parse(await readFile(args.chainSpec, "utf8")).bootNodes ?? [];
    if (listed.length + args.bootnodes.length === 0) {
      console.log(
        "The chain spec lists no boot node: pass --bootnode /ip4/127.0.0.1/tcp/<port>/ws/p2p/<peer id> of a node " +
          "started with --listen-addr /ip4/127.0.0.1/tcp/<port>/ws, or the light client finds no peer.",
      );
    }
  }
}
