// The explorer against an empty development chain, through a node's RPC and through the light client: the chain
// page follows blocks, searches for what does not exist say so in the same words in both modes, and a node that
// goes away shows as a state, not a blank or frozen page.

import { AccountId } from "polkadot-api";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  launchBrowser,
  openExplorer,
  screenshot,
  serveExplorer,
  startDevNode,
  type DevNode,
  type Mode,
} from "./harness";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
// A light client first syncs from its boot node; allow it the time a cold start takes on a loaded 2-core machine.
const SYNC_TIMEOUT = 60_000;

function unknownAccount(): string {
  return AccountId(42).dec(crypto.getRandomValues(new Uint8Array(32)));
}

describe.each<Mode>(["rpc", "light"])("%s mode, empty dev chain", (mode) => {
  let node: DevNode;
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    node = await startDevNode();
    server = await serveExplorer(mode, { rpcUrl: node.rpcUrl, chainSpec: node.chainSpec, bootnodes: [node.bootnode] });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await node?.stop();
  });

  test("the chain page follows new and finalized blocks and shows the validators", async () => {
    const { page, errors } = await openExplorer(browser, server.url, "#/chain");
    await page.locator('#status[data-state="live"]').waitFor({ timeout: SYNC_TIMEOUT });
    const number = async (id: string) => Number((await page.locator(id).textContent())?.replace("#", ""));
    await expect.poll(() => number("#best-number"), { timeout: SYNC_TIMEOUT }).toBeGreaterThan(0);
    const first = await number("#best-number");
    await expect.poll(() => number("#best-number"), { timeout: 20_000 }).toBeGreaterThan(first);
    await expect.poll(() => number("#finalized-number"), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator("#blocks tr.finalized").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.locator(`#validators [data-account="${ALICE}"]`).first().waitFor();
    expect(await page.locator("#source").textContent()).toContain(mode === "rpc" ? "RPC node" : "light client");
    await screenshot(page, `chain-${mode}`);

    // A block's events, decoded by name: every block applies the timestamp inherent.
    await page.locator("#blocks tr a").first().click();
    await page.locator("table.events .event-name", { hasText: "System.ExtrinsicSuccess" }).first().waitFor();
    expect(await page.locator("h1").textContent()).toMatch(/^Block #\d+$/);
    await screenshot(page, `block-${mode}`);
    expect(errors).toEqual([]);
  });

  test("a search for something that does not exist says so", async () => {
    const { page, errors } = await openExplorer(browser, server.url, "#/search");
    await page.locator('#status[data-state="live"]').waitFor({ timeout: SYNC_TIMEOUT });
    const search = async (query: string) => {
      await page.fill("#search", query);
      await page.press("#search", "Enter");
      const answer = page.locator(`#search-results[data-query="${query}"] .notice:not(.info)`);
      await answer.waitFor();
      return answer.textContent();
    };
    const account = unknownAccount();
    expect(await search(account)).toBe(
      `Nothing is recorded for account ${account}: no identity, key, coin, broker terms or admission.`,
    );
    expect(await search("nobody@example.org")).toMatch(
      /^No identity claims this email address \(its hash 0x[0-9a-f]{64} is not on chain\)\.$/,
    );
    const hash = `0x${"5a".repeat(32)}`;
    expect(await search(hash)).toBe(
      `Nothing on chain matches ${hash}: it is no key id, document hash, email hash or identity's account.`,
    );
    expect(await search("0123 4567 89ab cdef")).toBe("No key has the short id 0x0123456789abcdef.");
    expect(await search(`${ALICE} #42`)).toBe(`Broker ${ALICE} has no coin #42 on chain (never issued, or retired).`);
    expect(await search("not a thing")).toMatch(/^Not an SS58 address/);
    await screenshot(page, `search-not-found-${mode}`);

    // The dev chain's genesis admits Alice: an account that exists is found.
    await page.fill("#search", ALICE);
    await page.press("#search", "Enter");
    await page.locator('#search-results li[data-kind="admitted"]').waitFor();
    expect(errors).toEqual([]);
  });

  test("the governance page shows the members and the admitted accounts", async () => {
    const { page, errors } = await openExplorer(browser, server.url, "#/governance");
    await page.locator(`#members [data-account="${ALICE}"]`).waitFor({ timeout: SYNC_TIMEOUT });
    await page.locator(`#admitted-accounts [data-account="${ALICE}"]`).waitFor();
    await screenshot(page, `governance-${mode}`);
    expect(errors).toEqual([]);
  });

  // Every runtime API the pages call answers through this mode, and an empty answer reads as one.
  test("each page says what an empty chain does not hold", async () => {
    const { page, errors } = await openExplorer(browser, server.url, `#/account/${ALICE}`);
    // Polled: until a section answers, its first notice is "Loading…", and just after a navigation the selector
    // may still match the previous page.
    const says = (selector: string, words: string) =>
      expect
        .poll(async () => (await page.locator(selector).allTextContents())[0], { timeout: SYNC_TIMEOUT })
        .toBe(words);
    await says("#identity .notice", "This account has no identity on chain.");
    await says("#keys .notice", "No key was ever added to this account's ring.");
    await says("#trust .notice.empty", "It set no trust.");
    await says("#network-validity .validity-word", "not registered, amount 0/120");
    await says("#coins .notice", "It holds no active coin.");
    await screenshot(page, `account-empty-${mode}`);

    await page.goto(`${server.url}#/messages/${ALICE}?box=inbox`);
    await says("#page .notice.empty", "No message in this inbox.");
    await page.goto(`${server.url}#/document/0x${"d0".repeat(32)}`);
    await says("#page .notice.empty", "No attestation or pending or completed agreement covers this document hash.");
    await page.goto(`${server.url}#/coin/${ALICE}/0`);
    await says("#page .notice.empty", "This coin is not on chain: it was never issued, or it was retired.");
    expect(errors).toEqual([]);
  });

  test("a node that goes away shows a clear state", async () => {
    const { page } = await openExplorer(browser, server.url, "#/chain");
    await page.locator('#status[data-state="live"]').waitFor({ timeout: SYNC_TIMEOUT });
    await node.stop();
    // Through RPC the socket closes at once; a light client notices it has no peer, or that no block comes.
    const gone =
      mode === "rpc"
        ? '#status[data-state="disconnected"]'
        : '#status[data-state="no-peers"], #status[data-state="stalled"]';
    await page.locator(gone).waitFor({ timeout: 30_000 });
    expect(await page.locator("#status").textContent()).toMatch(
      mode === "rpc" ? /Lost the connection to ws:\/\/127\.0\.0\.1:\d+/ : /no peer|No new block/,
    );
    // The page keeps what it showed, with the state above it.
    expect(await page.locator("#blocks tr").count()).toBeGreaterThan(0);
    await screenshot(page, `node-gone-${mode}`);
  });
});
