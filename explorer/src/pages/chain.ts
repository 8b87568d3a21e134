// The chain page: new and finalized blocks as they come, the validator sets and the session; and one block's
// events, decoded by name.

import type { BlockInfo } from "polkadot-api";
import { facts, h, notice, section, table } from "../dom";
import { accountLink, mono, renderValue, time } from "../format";
import { errorText, type PageContext } from "../page";

const RECENT_BLOCKS = 20;
/** How long the listed blocks stay pinned after the page is left (for the block page opened from it). */
const PINS_OUTLIVE_PAGE_MS = 60_000;

interface Row {
  block: BlockInfo;
  element: HTMLTableRowElement;
  release: () => void;
}

export function chainPage(ctx: PageContext): Node {
  const { conn, api, signal } = ctx;
  const best = h("strong", { id: "best-number" }, "…");
  const finalized = h("strong", { id: "finalized-number" }, "…");
  const body = h("tbody", { id: "blocks" });
  const validators = h("div", { id: "validators" }, notice("info", "Loading the validator sets…"));
  const rows: Row[] = [];
  let finalizedNumber = -1;

  const markFinalized = () => {
    for (const row of rows) {
      const isFinal = row.block.number <= finalizedNumber;
      row.element.classList.toggle("finalized", isFinal);
      row.element.querySelector(".finality")!.textContent = isFinal ? "finalized" : "best chain";
    }
  };

  const addBlock = (block: BlockInfo) => {
    if (rows.some((row) => row.block.hash === block.hash)) return;
    const when = h("td", {}, "…");
    const events = h("td", {}, "…");
    const element = h(
      "tr",
      { "data-number": block.number },
      h("td", {}, h("a", { href: `#/block/${block.hash}` }, `#${block.number}`)),
      h("td", {}, mono(`${block.hash.slice(0, 18)}…`, block.hash)),
      when,
      events,
      h("td", { class: "finality" }, ""),
    );
    // Kept pinned while listed, so that its events can still be opened after it is finalized.
    const release = conn.client.hodlBlock(block.hash);
    const row = { block, element, release };
    const position = rows.findIndex((other) => other.block.number < block.number);
    const before = position === -1 ? null : rows[position]!.element;
    body.insertBefore(element, before);
    rows.splice(position === -1 ? rows.length : position, 0, row);
    while (rows.length > RECENT_BLOCKS) {
      const dropped = rows.pop()!;
      dropped.element.remove();
      dropped.release();
    }
    markFinalized();
    api.query.Timestamp.Now.getValue({ at: block.hash }).then(
      (now) => (when.textContent = time(now)),
      () => (when.textContent = "?"),
    );
    api.query.System.Events.getValue({ at: block.hash }).then(
      (list) => (events.textContent = String(list.length)),
      () => (events.textContent = "?"),
    );
  };

  const refreshValidators = async (at: string) => {
    try {
      const sets = await api.apis.ConsortiumApi.validators({ at });
      const list = (accounts: string[]) =>
        accounts.length === 0
          ? "none"
          : h(
              "ul",
              { class: "accounts" },
              accounts.map((a) => h("li", {}, accountLink(api, a))),
            );
      validators.replaceChildren(
        facts([
          ["session", h("span", { id: "session-index" }, String(sets.session_index))],
          ["session length", `${sets.session_length} blocks`],
          ["next session at", sets.next_session_at === undefined ? "not scheduled" : `#${sets.next_session_at}`],
          ["validators now", list(sets.current)],
          ["queued for the next session", list(sets.queued)],
          ["decided by the consortium", list(sets.decided)],
          ["bounds", `at least ${sets.min_validators}, at most ${sets.max_validators}`],
        ]),
      );
    } catch (error) {
      validators.replaceChildren(notice("error", `Could not read the validator sets: ${errorText(error)}`));
    }
  };

  // blocks$ completes when the client cannot vouch for the blocks' continuity (after the connection was lost and
  // found again): follow it afresh, so the list goes on once the chain is back.
  const followBlocks = () => {
    const resume = () => setTimeout(() => signal.aborted || followBlocks(), 1000);
    subscriptions.push(conn.client.blocks$.subscribe({ next: addBlock, complete: resume, error: resume }));
  };
  const subscriptions = [
    conn.client.bestBlocks$.subscribe((blocks) => {
      if (blocks[0]) best.textContent = `#${blocks[0].number}`;
    }),
    conn.client.finalizedBlock$.subscribe((block) => {
      finalizedNumber = block.number;
      finalized.textContent = `#${block.number}`;
      markFinalized();
      void refreshValidators(block.hash);
    }),
  ];
  followBlocks();
  signal.addEventListener("abort", () => {
    subscriptions.forEach((subscription) => subscription.unsubscribe());
    // Leaving this page is usually opening one of its rows: the pins outlive the page for a while, so that the
    // block page can still read the block's events.
    setTimeout(() => rows.forEach((row) => row.release()), PINS_OUTLIVE_PAGE_MS);
  });

  return h(
    "div",
    { class: "page chain" },
    h("h1", {}, "Chain"),
    facts([
      ["best block", best],
      ["finalized block", finalized],
    ]),
    section(
      "Recent blocks",
      h(
        "table",
        { class: "blocks" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ["block", "hash", "time", "events", "state"].map((title) => h("th", {}, title)),
          ),
        ),
        body,
      ),
    ),
    section("Validators and session", validators),
  );
}

export async function blockPage(ctx: PageContext, hash = ""): Promise<Node> {
  const { conn, api } = ctx;
  let header;
  try {
    header = await conn.client.getBlockHeader(hash);
  } catch (error) {
    return notice(
      "error",
      `Block ${hash} is not available: only blocks the client still holds (the recent ones) can be opened. ` +
        `(${errorText(error)})`,
    );
  }
  const [now, extrinsics, events] = await Promise.all([
    api.query.Timestamp.Now.getValue({ at: hash }),
    conn.client.getBlockBody(hash),
    api.query.System.Events.getValue({ at: hash }),
  ]);
  const phase = (p: (typeof events)[number]["phase"]) =>
    p.type === "ApplyExtrinsic"
      ? `extrinsic ${p.value}`
      : p.type === "Finalization"
        ? "finalization"
        : "initialization";
  return h(
    "div",
    { class: "page block" },
    h("h1", {}, `Block #${header.number}`),
    facts([
      ["hash", mono(hash)],
      ["parent", h("a", { href: `#/block/${header.parentHash}` }, mono(header.parentHash))],
      ["time", time(now)],
      ["state root", mono(header.stateRoot)],
      ["extrinsics root", mono(header.extrinsicRoot)],
      ["extrinsics", String(extrinsics.length)],
    ]),
    section(
      `Events (${events.length})`,
      events.length === 0
        ? notice("empty", "This block has no events.")
        : table(
            ["#", "phase", "event", "fields"],
            events.map((record, index) => [
              String(index),
              phase(record.phase),
              h("span", { class: "event-name" }, `${record.event.type}.${record.event.value.type}`),
              renderValue(api, record.event.value.value),
            ]),
            { class: "events" },
          ),
    ),
  );
}
