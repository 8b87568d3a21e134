// What the browser tests run against: a real sigil-node on free 127.0.0.1 ports, the built explorer served by
// serve.mjs in either mode, and Debian's Chromium driven by playwright-core (no browser download).

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { serve } from "../../serve.mjs";

export const EXPLORER = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const ARTIFACTS = join(EXPLORER, "test-results");

export type Mode = "rpc" | "light";

/** The node binary: $SIGIL_NODE, or the release build in $CARGO_TARGET_DIR (default: the workspace's target/). */
export function nodeBinary(): string {
  const binary =
    process.env.SIGIL_NODE ?? join(process.env.CARGO_TARGET_DIR ?? join(EXPLORER, "../target"), "release/sigil-node");
  if (!existsSync(binary)) {
    throw new Error(`no sigil-node at ${binary}: build it (cargo build --release) or set SIGIL_NODE to its path`);
  }
  return binary;
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function rpc<T>(port: number, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export interface DevNode {
  rpcUrl: string;
  /** The raw spec the node runs, for the light client (the same genesis). */
  chainSpec: string;
  /** The node's WebSocket libp2p address, the only transport a browser's light client has. */
  bootnode: string;
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A development chain (Alice authoring, sudo) on a temporary database. It runs the binary's own dev spec, exported
 * first so that the light client starts from exactly the genesis the node has.
 */
export async function startDevNode(): Promise<DevNode> {
  const binary = nodeBinary();
  const dir = mkdtempSync(join(tmpdir(), "sigil-explorer-node-"));
  const chainSpec = join(dir, "dev-raw.json");
  writeFileSync(
    chainSpec,
    execFileSync(binary, ["build-spec", "--chain", "dev", "--raw"], {
      stdio: ["ignore", "pipe", "ignore"],
      maxBuffer: 64 << 20,
    }),
  );
  const [rpcPort, tcpPort, wsPort] = [await freePort(), await freePort(), await freePort()];
  const log = join(ARTIFACTS, `node-${rpcPort}.log`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const child: ChildProcess = spawn(
    binary,
    [
      "--dev",
      "--chain",
      chainSpec,
      "--base-path",
      join(dir, "db"),
      "--rpc-port",
      String(rpcPort),
      "--listen-addr",
      `/ip4/127.0.0.1/tcp/${tcpPort}`,
      "--listen-addr",
      `/ip4/127.0.0.1/tcp/${wsPort}/ws`,
      "--no-prometheus",
      "--no-mdns",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  const logLines: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => logLines.push(chunk.toString()));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const deadline = Date.now() + 60_000;
  let peerId = "";
  // A node that does not come up is stopped and its data removed before the error, so that no run leaks one.
  const giveUp = (message: string) => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    return new Error(message);
  };
  while (!peerId) {
    if (child.exitCode !== null) throw giveUp(`sigil-node exited: ${logLines.join("").slice(-2000)}`);
    if (Date.now() > deadline) throw giveUp("sigil-node did not answer on its RPC port within 60 s");
    try {
      peerId = await rpc<string>(rpcPort, "system_localPeerId");
    } catch {
      await new Promise((wait) => setTimeout(wait, 250));
    }
  }
  return {
    rpcUrl: `ws://127.0.0.1:${rpcPort}`,
    chainSpec,
    bootnode: `/ip4/127.0.0.1/tcp/${wsPort}/ws/p2p/${peerId}`,
    rpc: (method, params) => rpc(rpcPort, method, params),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      writeFileSync(log, logLines.join(""));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Builds dist/ (vite), as scripts/explorer does: once per test run, from vitest's global setup (global-setup.ts). */
export function buildExplorer(): void {
  execFileSync(join(EXPLORER, "node_modules/.bin/vite"), ["build", "--logLevel", "warn"], {
    cwd: EXPLORER,
    stdio: "inherit",
  });
}

export async function serveExplorer(mode: Mode, node: { rpcUrl: string; chainSpec: string; bootnodes: string[] }) {
  return mode === "rpc" ? serve({ rpc: node.rpcUrl }) : serve({ chainSpec: node.chainSpec, bootnodes: node.bootnodes });
}

// Flags from ../shared/research/browser-tests.md: without the background-networking ones Chromium keeps dialling
// hosts the closed network refuses.
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/** Opens the explorer at `route` and collects the page's uncaught errors, which a test can assert are none. */
export async function openExplorer(
  browser: Browser,
  url: string,
  route = "#/chain",
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${url}${route}`);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
