// How the explorer reaches the chain: a light client (smoldot, in a worker) that checks every answer against
// block headers it verified itself, or a node's JSON-RPC over a WebSocket, which it has to trust. Both speak the
// new JSON-RPC spec (chainHead_v1), so everything above this file is the same in both modes.

import { createClient, type PolkadotClient, type TypedApi } from "polkadot-api";
import { getWsProvider, WsEvent, type StatusChange } from "polkadot-api/ws";
import { getSmProvider } from "polkadot-api/sm-provider";
import { startFromWorker } from "polkadot-api/smoldot/from-worker";
import SmoldotWorker from "polkadot-api/smoldot/worker?worker";
import { sigil } from "@polkadot-api/descriptors";
import { BehaviorSubject } from "rxjs";

export type SigilApi = TypedApi<typeof sigil>;

/** What `config.json` (written by `serve.mjs`) tells the page. */
export type ExplorerConfig = { mode: "rpc"; rpc: string } | { mode: "light"; chainSpec: string };

export type ConnectionState =
  | "connecting" // no block yet
  | "live" // blocks arrive
  | "disconnected" // the RPC node's socket is closed; the provider keeps retrying
  | "no-peers" // the light client has no peer to sync from
  | "stalled"; // connected, but no new block for a while

export interface ConnectionStatus {
  state: ConnectionState;
  detail: string;
}

export interface Connection {
  config: ExplorerConfig;
  client: PolkadotClient;
  api: SigilApi;
  status: BehaviorSubject<ConnectionStatus>;
  /** One line saying where the data comes from and how far it is trusted. */
  source: string;
}

// Blocks come every 2 s; a few missed slots are normal, five in a row are not.
const STALL_AFTER_MS = 10_000;
const HEALTH_EVERY_MS = 3_000;
const RESUBSCRIBE_AFTER_MS = 2_000;

export async function loadConfig(): Promise<ExplorerConfig> {
  const response = await fetch("./config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ExplorerConfig;
}

export async function connect(config: ExplorerConfig): Promise<Connection> {
  const status = new BehaviorSubject<ConnectionStatus>({ state: "connecting", detail: "Connecting…" });
  let client: PolkadotClient;
  let source: string;
  if (config.mode === "rpc") {
    const provider = getWsProvider(config.rpc, {
      onStatusChanged: (change: StatusChange) => onSocketChange(config.rpc, change, status),
    });
    client = createClient(provider);
    source = `RPC node ${config.rpc} (answers are the node's word)`;
  } else {
    const response = await fetch(config.chainSpec, { cache: "no-store" });
    if (!response.ok) throw new Error(`${config.chainSpec}: HTTP ${response.status}`);
    const chainSpec = await response.text();
    const smoldot = startFromWorker(new SmoldotWorker(), { maxLogLevel: 3 });
    const chain = smoldot.addChain({ chainSpec });
    client = createClient(getSmProvider(() => chain));
    source = `light client (smoldot) from the chain spec "${JSON.parse(chainSpec).id}" (answers checked against proofs)`;
  }
  watchProgress(config, client, status);
  return { config, client, api: client.getTypedApi(sigil), status, source };
}

function onSocketChange(url: string, change: StatusChange, status: BehaviorSubject<ConnectionStatus>): void {
  switch (change.type) {
    case WsEvent.CONNECTING:
      if (status.value.state !== "connecting")
        status.next({ state: "disconnected", detail: `Reconnecting to ${url}…` });
      break;
    case WsEvent.CONNECTED:
      if (status.value.state === "disconnected") status.next({ state: "live", detail: `Connected to ${url}` });
      break;
    case WsEvent.ERROR:
    case WsEvent.CLOSE:
      status.next({
        state: "disconnected",
        detail: `Lost the connection to ${url}; retrying. Data shown may be stale.`,
      });
      break;
  }
}

// A node that goes away, or a light client that cannot find peers, shows as a state in the page header rather
// than a page that silently stops changing: the time of the last block, and (light client) the peer count.
function watchProgress(
  config: ExplorerConfig,
  client: PolkadotClient,
  status: BehaviorSubject<ConnectionStatus>,
): void {
  let lastBlockAt = 0;
  let peers: number | null = null;
  // Followed again whenever the subscription ends (a reconnect can end it), or the header would say "stalled"
  // for good.
  const follow = (): void => {
    client.bestBlocks$.subscribe({
      next: (blocks) => {
        lastBlockAt = Date.now();
        if (status.value.state !== "disconnected")
          status.next({ state: "live", detail: `Best block #${blocks[0]?.number}` });
      },
      error: (error: unknown) => {
        status.next({ state: "disconnected", detail: `The chain subscription failed: ${error}` });
        setTimeout(follow, RESUBSCRIBE_AFTER_MS);
      },
      complete: () => setTimeout(follow, RESUBSCRIBE_AFTER_MS),
    });
  };
  follow();
  setInterval(async () => {
    if (config.mode === "light") {
      try {
        peers = (await client._request<{ peers: number }>("system_health", [])).peers;
      } catch {
        peers = null;
      }
    }
    const state = status.value.state;
    if (state === "disconnected") return;
    if (config.mode === "light" && peers === 0) {
      status.next({
        state: "no-peers",
        detail: "The light client has no peer: no node it can sync from is reachable.",
      });
    } else if (lastBlockAt > 0 && Date.now() - lastBlockAt > STALL_AFTER_MS) {
      const seconds = Math.round((Date.now() - lastBlockAt) / 1000);
      status.next({
        state: "stalled",
        detail: `No new block for ${seconds} s: the chain or the node serving it is not progressing.`,
      });
    } else if (state === "no-peers" || state === "stalled") {
      status.next({ state: lastBlockAt > 0 ? "live" : "connecting", detail: peers === null ? "" : `${peers} peer(s)` });
    }
  }, HEALTH_EVERY_MS);
}
