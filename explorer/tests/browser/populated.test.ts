// The explorer against a chain the end-to-end journeys populated: each page shows what the journeys did, in RPC
// mode and (when the expectations name a light-client spec) through the light client, with the same answers.
//
// The journeys write the expectations as JSON and name the file in SIGIL_EXPLORER_EXPECTATIONS; the format is in
// explorer/README.md ("Tests against a populated chain"). Without that file there is nothing to compare with, and
// the tests are skipped.

import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchBrowser, openExplorer, screenshot, serveExplorer, type Mode } from "./harness";

interface Expectations {
  rpc: string;
  light?: { chainSpec: string; bootnodes: string[] };
  identities?: {
    account: string;
    displayName: string;
    email?: string;
    emailState?: "verified" | "unverified" | "pending";
    keys?: {
      shortId: string;
      status: "active" | "expired" | "revoked";
      reason?: "superseded" | "compromised" | "retired";
    }[];
    trusts?: string[];
    trustedBy?: string[];
    networkValidity?: string;
  }[];
  validity?: { viewer: string; target: string; validity: string; amount: number; paths: number }[];
  messages?: {
    account: string;
    box: "inbox" | "outbox";
    reader?: string;
    /** Its number in that box: the position in an inbox, the sender's counter in an outbox. */
    index: number;
    verified: boolean;
    reasons?: string[];
  }[];
  documents?: { hash: string; file?: string; signedBy: string[]; attestations: number; agreements: number }[];
  coins?: {
    broker: string;
    serial: number;
    holder: string;
    state: "active" | "reissued" | "redeemed";
    transfers: number;
    reissueChain?: number[];
    doubleSpends?: number;
  }[];
  governance?: {
    members: string[];
    ayesNeeded: number;
    admittedAccounts?: number;
    nodes?: string[];
    motions?: { index: number; call: string }[];
  };
}

const file = process.env.SIGIL_EXPLORER_EXPECTATIONS;
const expected: Expectations | null = file ? JSON.parse(readFileSync(file, "utf8")) : null;
const modes: Mode[] = expected?.light ? ["rpc", "light"] : ["rpc"];
const SYNC_TIMEOUT = 60_000;

if (!expected) test.skip("populated chain: set SIGIL_EXPLORER_EXPECTATIONS to the journeys' expectations file");

describe.runIf(expected).each(modes)("%s mode, populated chain", (mode) => {
  // Vitest collects a skipped suite's tests too: without expectations they are collected from an empty set.
  const want = expected ?? ({ rpc: "" } satisfies Expectations);
  let server: { url: string; close: () => Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    server = await serveExplorer(mode, {
      rpcUrl: want.rpc,
      chainSpec: want.light?.chainSpec ?? "",
      bootnodes: want.light?.bootnodes ?? [],
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(route: string): Promise<{ page: Page; errors: string[] }> {
    const opened = await openExplorer(browser, server.url, route);
    await opened.page.locator('#status[data-state="live"]').waitFor({ timeout: SYNC_TIMEOUT });
    // Loaded: no section still says "Loading…".
    await opened.page.waitForFunction(() => !document.querySelector("#page .notice.info"), undefined, {
      timeout: SYNC_TIMEOUT,
    });
    return opened;
  }

  const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.trim();

  test.skipIf(!want.identities?.length)(
    "identity pages: names, email claims, keys with their history, trust",
    async () => {
      for (const [index, identity] of (want.identities ?? []).entries()) {
        const { page, errors } = await open(`#/account/${identity.account}`);
        expect(await text(page, "#display-name")).toBe(identity.displayName);
        if (identity.emailState) await page.locator(`#identity [data-email="${identity.emailState}"]`).waitFor();
        for (const key of identity.keys ?? []) {
          const row = page.locator("table.keys tbody tr", { hasText: key.shortId });
          const status = (await row.locator("td").nth(4).textContent()) ?? "";
          expect(status).toMatch(new RegExp(`^${key.status}`));
          if (key.reason) expect(status).toContain(`(${key.reason})`);
        }
        for (const account of identity.trusts ?? [])
          await page.locator(`#trust-set [data-account="${account}"]`).first().waitFor();
        for (const account of identity.trustedBy ?? [])
          await page.locator(`#trust-received [data-account="${account}"]`).first().waitFor();
        if (identity.networkValidity) {
          expect(await text(page, "#network-validity .validity-word")).toMatch(
            new RegExp(`^${identity.networkValidity}`),
          );
        }
        if (index === 0) await screenshot(page, `identity-${mode}`);
        expect(errors).toEqual([]);

        if (identity.email) {
          const search = await open(`#/search/${encodeURIComponent(identity.email)}`);
          await search.page
            .locator(`#search-results li[data-kind="email holder"] [data-account="${identity.account}"]`)
            .first()
            .waitFor();
        }
      }
    },
  );

  test.skipIf(!want.validity?.length)("validity from a viewer, with its paths drawn", async () => {
    for (const [index, view] of (want.validity ?? []).entries()) {
      const { page, errors } = await open(`#/account/${view.target}?viewer=${view.viewer}`);
      expect(await text(page, "#viewer-validity .validity-word")).toBe(`${view.validity}, amount ${view.amount}/120`);
      expect(await page.locator("#viewer-validity ol.paths li").count()).toBe(view.paths);
      if (view.paths > 0)
        expect(Number(await page.locator("#viewer-validity .trust-graph").getAttribute("data-edges"))).toBeGreaterThan(
          0,
        );
      if (index === 0) await screenshot(page, `validity-${mode}`);
      expect(errors).toEqual([]);
    }
  });

  test.skipIf(!want.messages?.length)("messages with their verdicts and reasons", async () => {
    for (const [index, message] of (want.messages ?? []).entries()) {
      const reader = message.reader ? `&reader=${message.reader}` : "";
      const { page, errors } = await open(`#/messages/${message.account}?box=${message.box}${reader}`);
      const row = page
        .locator("table.message-list tbody tr")
        .filter({ has: page.locator(`td:first-child:text-is("${message.index}")`) });
      expect(await row.locator("[data-verdict]").getAttribute("data-verdict")).toBe(message.verified ? "yes" : "no");
      const reasons = await row
        .locator("[data-reason]")
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-reason")));
      expect(reasons).toEqual(message.reasons ?? []);
      if (index === 0) await screenshot(page, `messages-${mode}`);
      expect(errors).toEqual([]);
    }
  });

  test.skipIf(!want.documents?.length)("documents: attestations, agreements and who validly signed", async () => {
    for (const [index, document] of (want.documents ?? []).entries()) {
      const { page, errors } = await open(`#/document/${document.hash}`);
      for (const signer of document.signedBy)
        await page.locator(`#signed-by [data-account="${signer}"]`).first().waitFor();
      expect(await page.locator("table.attestations tbody tr").count()).toBe(document.attestations);
      expect(await page.locator(".agreement").count()).toBe(document.agreements);
      if (index === 0) await screenshot(page, `document-${mode}`);
      expect(errors).toEqual([]);
      if (document.file) {
        // The file is hashed in the page; the result links to the same document.
        const search = await open("#/search");
        await search.page.setInputFiles("#document-file", document.file);
        await search.page
          .locator(`#search-results li[data-kind^="document"] a[href="#/document/${document.hash}"]`)
          .waitFor();
      }
    }
  });

  test.skipIf(!want.coins?.length)("coins: history, reissue chain and double-spend proofs", async () => {
    for (const [index, coin] of (want.coins ?? []).entries()) {
      const { page, errors } = await open(`#/coin/${coin.broker}/${coin.serial}`);
      expect(await text(page, "#coin-state")).toMatch(new RegExp(`^${coin.state}`));
      await page.locator(`#coin-facts [data-account="${coin.holder}"]`).first().waitFor();
      expect(await page.locator("table.transfers tbody tr").count()).toBe(coin.transfers);
      if (coin.reissueChain) {
        const chain = await page.locator("#reissue-chain li a").allTextContents();
        expect(chain).toEqual(coin.reissueChain.map((serial) => `#${serial}`));
      }
      expect(await page.locator(".fraud-proof").count()).toBe(coin.doubleSpends ?? 0);
      if (index === 0 || coin.doubleSpends) await screenshot(page, `coin-${coin.serial}-${mode}`);
      expect(errors).toEqual([]);
    }
  });

  test.skipIf(!want.governance)("governance: members, threshold, motions, admitted accounts and nodes", async () => {
    const governance = want.governance!;
    const { page, errors } = await open("#/governance");
    for (const member of governance.members) await page.locator(`#members [data-account="${member}"]`).waitFor();
    expect(await text(page, "#ayes-needed")).toMatch(new RegExp(`^${governance.ayesNeeded} aye\\(s\\)`));
    if (governance.admittedAccounts !== undefined) {
      expect(await page.locator("h2", { hasText: "Admitted accounts" }).textContent()).toBe(
        `Admitted accounts (${governance.admittedAccounts})`,
      );
    }
    for (const peer of governance.nodes ?? []) await page.locator("table.nodes code", { hasText: peer }).waitFor();
    for (const motion of governance.motions ?? []) {
      expect(await text(page, `.motion[data-motion="${motion.index}"] .call-name`)).toBe(motion.call);
    }
    await screenshot(page, `governance-populated-${mode}`);
    expect(errors).toEqual([]);
  });
});
