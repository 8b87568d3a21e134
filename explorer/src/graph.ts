// The trust paths of a validity report drawn as a graph: who vouched for whom, from the viewer (or the network's
// roots) to the target, each edge labelled with the owner-trust level its truster set.

import cytoscape from "cytoscape";
import type { SS58String } from "polkadot-api";
import { h } from "./dom";
import { displayName, shortAccount } from "./format";
import type { SigilApi } from "./connection";

export interface TrustPath {
  hops: SS58String[];
  level: { type: string };
  amount: number;
}

/** The levels of the edges on the paths, read from each truster's outgoing edges (a path carries only its last). */
async function edgeLevels(api: SigilApi, paths: TrustPath[]): Promise<Map<string, string>> {
  const trusters = new Set(paths.flatMap((path) => path.hops.slice(0, -1)));
  const levels = new Map<string, string>();
  await Promise.all(
    [...trusters].map(async (truster) => {
      for (const edge of await api.apis.OwnerTrustApi.outgoing(truster)) {
        levels.set(`${truster}>${edge.account}`, edge.level.type.toLowerCase());
      }
    }),
  );
  return levels;
}

function label(account: SS58String, name: string | null): string {
  return name ? `${name}\n${shortAccount(account)}` : shortAccount(account);
}

/** Runs `draw` once `element` is in the document (cytoscape measures its container), unless the page is left. */
function whenAttached(element: HTMLElement, signal: AbortSignal, draw: () => void): void {
  const tick = () => {
    if (signal.aborted) return;
    if (element.isConnected) draw();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

export async function trustGraph(
  api: SigilApi,
  roots: SS58String[],
  target: SS58String,
  paths: TrustPath[],
  signal: AbortSignal,
): Promise<HTMLElement> {
  const accounts = [...new Set([...roots, target, ...paths.flatMap((path) => path.hops)])];
  const [names, levels] = await Promise.all([
    Promise.all(accounts.map((account) => displayName(api, account))),
    edgeLevels(api, paths),
  ]);
  const nodes = accounts.map((account, index) => ({
    data: { id: account, label: label(account, names[index] ?? null) },
    classes: account === target ? "target" : roots.includes(account) ? "root" : "",
  }));
  const edges = new Map<string, { data: { id: string; source: string; target: string; label: string } }>();
  for (const path of paths) {
    for (let i = 0; i + 1 < path.hops.length; i++) {
      const id = `${path.hops[i]}>${path.hops[i + 1]}`;
      edges.set(id, { data: { id, source: path.hops[i]!, target: path.hops[i + 1]!, label: levels.get(id) ?? "" } });
    }
  }
  const container = h("div", {
    class: "trust-graph",
    "data-nodes": nodes.length,
    "data-edges": edges.size,
    role: "img",
    "aria-label": `Trust graph: ${nodes.length} identities, ${edges.size} edges`,
  });
  whenAttached(container, signal, () => {
    cytoscape({
      container,
      elements: [...nodes, ...edges.values()],
      layout: {
        name: "breadthfirst",
        directed: true,
        roots: roots.filter((root) => accounts.includes(root)),
        spacingFactor: 1.2,
      },
      userZoomingEnabled: false,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "text-wrap": "wrap",
            "text-valign": "bottom",
            "font-size": 10,
            "background-color": "#8a94a6",
          },
        },
        { selector: "node.root", style: { "background-color": "#2f6fdf", shape: "round-rectangle" } },
        { selector: "node.target", style: { "background-color": "#1f9d55", shape: "star" } },
        {
          selector: "edge",
          style: {
            label: "data(label)",
            "font-size": 9,
            "curve-style": "bezier",
            "target-arrow-shape": "triangle",
            width: 2,
            "line-color": "#b5bdca",
            "target-arrow-color": "#b5bdca",
          },
        },
      ],
    });
  });
  return container;
}
