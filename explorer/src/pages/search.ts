// Search: an account, an email address (hashed here, never sent), a key id or short key id, a 32-byte hash (key id,
// document, email hash or account key), a coin, or a document file dropped on the page and hashed here. Every
// kind of thing a query could name is looked up; a query that matches nothing says so.

import { Enum, type SS58String } from "polkadot-api";
import { h, notice } from "../dom";
import { accountLink, mono, utf8 } from "../format";
import { documentHashes, type Hex } from "../hashing";
import { errorText, type PageContext } from "../page";
import { accountFromPublicKey, parseQuery, type Query } from "../query";
import type { SigilApi } from "../connection";

interface Match {
  kind: string;
  body: Node | string;
  href: string;
}

export async function searchPage(ctx: PageContext, encoded = ""): Promise<Node> {
  const text = decodeURIComponent(encoded);
  const results = h("div", { id: "search-results" });
  const page = h(
    "div",
    { class: "page search" },
    h("h1", {}, "Search"),
    h(
      "p",
      { class: "hint" },
      "An SS58 address, an email address (hashed in this browser, never sent), a key id or 16-digit short key id, " +
        "a document hash, a coin as broker #serial — or drop a document here to look up its hash.",
    ),
    fileDrop(ctx.api, results),
    results,
  );
  if (text) await showQuery(ctx.api, text, parseQuery(text), results);
  return page;
}

function matchList(matches: Match[], none: string): HTMLElement {
  if (matches.length === 0) return notice("empty", none);
  return h(
    "ul",
    { class: "matches" },
    matches.map((match) =>
      h("li", { "data-kind": match.kind }, h("a", { href: match.href }, match.kind), ": ", match.body),
    ),
  );
}

async function showQuery(api: SigilApi, text: string, query: Query, results: HTMLElement): Promise<void> {
  // Marks which query the shown answer is for, so that a reader (or a test) can tell it from the previous one.
  results.dataset.query = text;
  if (query.kind === "invalid") {
    results.replaceChildren(notice("error", query.reason));
    return;
  }
  results.replaceChildren(notice("info", `Looking up “${text}”…`));
  try {
    const { heading, matches, none } = await lookUp(api, query);
    results.replaceChildren(h("h2", {}, heading), matchList(matches, none));
  } catch (error) {
    results.replaceChildren(notice("error", `The lookup failed: ${errorText(error)}`));
  }
}

async function lookUp(api: SigilApi, query: Exclude<Query, { kind: "invalid" }>) {
  switch (query.kind) {
    case "account":
      return {
        heading: `Account ${query.account}`,
        matches: await accountMatches(api, query.account),
        none: `Nothing is recorded for account ${query.account}: no identity, key, coin, broker terms or admission.`,
      };
    case "email":
      return {
        heading: `Email hash ${query.hash}`,
        matches: await emailMatches(api, query.hash),
        none: `No identity claims this email address (its hash ${query.hash} is not on chain).`,
      };
    case "hash32":
      return {
        heading: `Hash ${query.hash}`,
        matches: await hashMatches(api, query.hash),
        none: `Nothing on chain matches ${query.hash}: it is no key id, document hash, email hash or identity's account.`,
      };
    case "shortKey": {
      const key = await api.apis.KeyRingApi.key(Enum("Short", query.id));
      return {
        heading: `Short key id ${query.id}`,
        matches: key ? [keyMatch(api, key.key_id, key.owner)] : [],
        none: `No key has the short id ${query.id}.`,
      };
    }
    case "coin": {
      const coin = await api.apis.MicropayApi.coin({ broker: query.broker, serial: query.serial });
      return {
        heading: `Coin #${query.serial} of broker ${query.broker}`,
        matches: coin
          ? [
              {
                kind: "coin",
                href: `#/coin/${query.broker}/${query.serial}`,
                body: h(
                  "span",
                  {},
                  `held by `,
                  accountLink(api, coin.holder),
                  `, state ${coin.state.type.toLowerCase()}`,
                ),
              },
            ]
          : [],
        none: `Broker ${query.broker} has no coin #${query.serial} on chain (never issued, or retired).`,
      };
    }
  }
}

async function accountMatches(api: SigilApi, account: SS58String): Promise<Match[]> {
  const [identity, keys, coins, broker, admitted] = await Promise.all([
    api.apis.KeyRingApi.identity(account),
    api.apis.KeyRingApi.keys_of(account),
    api.apis.MicropayApi.coins_of(account),
    api.apis.MicropayApi.broker(account),
    api.apis.ConsortiumApi.admission(account),
  ]);
  const href = `#/account/${account}`;
  const matches: Match[] = [];
  if (identity) {
    const name = identity.forgotten_at === undefined ? `“${utf8(identity.display_name)}”` : "forgotten";
    matches.push({ kind: "identity", href, body: `${name}, ${identity.live_keys} live key(s)` });
  }
  if (keys.length > 0) matches.push({ kind: "keys", href: `${href}#keys`, body: `${keys.length} key(s) in its ring` });
  if (coins.length > 0)
    matches.push({ kind: "coins", href: `${href}#coins`, body: `holds ${coins.length} active coin(s)` });
  if (broker)
    matches.push({
      kind: "broker",
      href: `${href}#coins`,
      body: `a broker with ${broker.outstanding} outstanding coin(s)`,
    });
  if (admitted !== undefined)
    matches.push({ kind: "admitted", href: "#/governance", body: `admitted at block #${admitted}` });
  return matches;
}

async function emailMatches(api: SigilApi, hash: Hex): Promise<Match[]> {
  const claim = await api.apis.KeyRingApi.email_claim(hash);
  if (!claim) return [];
  return [
    {
      kind: "email holder",
      href: `#/account/${claim.account}`,
      body: h(
        "span",
        {},
        accountLink(api, claim.account),
        claim.verified_by ? [" — verified by ", accountLink(api, claim.verified_by)] : " — not verified by any member",
      ),
    },
  ];
}

function keyMatch(api: SigilApi, keyId: string, owner: SS58String): Match {
  return {
    kind: "key",
    href: `#/account/${owner}#keys`,
    body: h("span", {}, mono(keyId), " of ", accountLink(api, owner)),
  };
}

async function documentMatch(api: SigilApi, hash: Hex, label = "document"): Promise<Match | null> {
  const report = await api.apis.DocumentsApi.verify(hash);
  if (report.attestations.length === 0 && report.agreements.length === 0) return null;
  return {
    kind: label,
    href: `#/document/${hash}`,
    body: `${report.attestations.length} attestation(s), ${report.agreements.length} agreement(s), validly signed by ${report.signed_by.length}`,
  };
}

async function hashMatches(api: SigilApi, hash: Hex): Promise<Match[]> {
  const account = accountFromPublicKey(hash);
  const [key, document, email, identity] = await Promise.all([
    api.apis.KeyRingApi.key(Enum("Full", hash)),
    documentMatch(api, hash),
    emailMatches(api, hash),
    api.apis.KeyRingApi.identity(account),
  ]);
  const matches: Match[] = [];
  if (key) matches.push(keyMatch(api, key.key_id, key.owner));
  if (document) matches.push(document);
  matches.push(...email);
  if (identity)
    matches.push({
      kind: "identity",
      href: `#/account/${account}`,
      body: h("span", {}, "the account ", accountLink(api, account)),
    });
  return matches;
}

function fileDrop(api: SigilApi, results: HTMLElement): HTMLElement {
  const input = h("input", { type: "file", id: "document-file" });
  const zone = h("label", { class: "drop", for: "document-file" }, "Drop a document here, or choose one: ", input);
  const lookUpFile = async (file: File) => {
    results.replaceChildren(notice("info", `Hashing ${file.name} in this browser…`));
    try {
      const hashes = documentHashes(new Uint8Array(await file.arrayBuffer()));
      const found = await Promise.all([
        documentMatch(api, hashes.blake2, "document (blake2-256)"),
        documentMatch(api, hashes.sha256, "document (SHA-256)"),
      ]);
      const matches = found.filter((match): match is Match => match !== null);
      results.replaceChildren(
        h("h2", {}, `File ${file.name}`),
        h("p", {}, "blake2-256 ", mono(hashes.blake2), h("br"), "SHA-256 ", mono(hashes.sha256)),
        matchList(matches, "No attestation or agreement covers this file (under either hash)."),
      );
    } catch (error) {
      results.replaceChildren(notice("error", `The lookup failed: ${errorText(error)}`));
    }
  };
  input.addEventListener("change", () => {
    if (input.files?.[0]) void lookUpFile(input.files[0]);
  });
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("over");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("over");
    const file = event.dataTransfer?.files[0];
    if (file) void lookUpFile(file);
  });
  return zone;
}
