// The explorer's shell: connects as config.json says, shows where the data comes from and whether it is live, and
// routes `#/...` addresses to pages.

import "./style.css";
import { connect, loadConfig, type Connection } from "./connection";
import { h, notice } from "./dom";
import { forgetNames } from "./format";
import { errorText, withTimeout, type Page } from "./page";
import { accountPage } from "./pages/account";
import { blockPage, chainPage } from "./pages/chain";
import { coinPage } from "./pages/coins";
import { documentPage } from "./pages/documents";
import { governancePage } from "./pages/governance";
import { messagesPage } from "./pages/messages";
import { searchPage } from "./pages/search";

// Longer than any section's own limit (see pages/account.ts), so that a page with slow parts still shows the rest.
const PAGE_TIMEOUT_MS = 60_000;

const ROUTES: Record<string, Page> = {
  chain: chainPage,
  block: blockPage,
  search: searchPage,
  account: accountPage,
  messages: messagesPage,
  document: documentPage,
  coin: coinPage,
  governance: governancePage,
};

function layout(): { main: HTMLElement; status: HTMLElement; source: HTMLElement } {
  const input = h("input", {
    name: "q",
    id: "search",
    placeholder: "account, email, key id, document hash, broker #serial",
    size: 48,
  });
  const form = h("form", { class: "search-form" }, input, h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/search/${encodeURIComponent(input.value)}`;
  });
  const status = h("div", { id: "status", "data-state": "connecting" }, "Connecting…");
  const source = h("div", { id: "source" });
  const main = h("main", { id: "page" });
  document.body.replaceChildren(
    h(
      "header",
      {},
      h(
        "nav",
        {},
        h("a", { href: "#/chain", class: "brand" }, "Sigil explorer"),
        h("a", { href: "#/chain" }, "Chain"),
        h("a", { href: "#/search" }, "Search"),
        h("a", { href: "#/governance" }, "Governance"),
        form,
      ),
      status,
      source,
    ),
    main,
  );
  return { main, status, source };
}

async function start(): Promise<void> {
  const { main, status, source } = layout();
  let conn: Connection;
  try {
    conn = await connect(await loadConfig());
  } catch (error) {
    status.dataset.state = "disconnected";
    status.textContent = `Could not start: ${errorText(error)}`;
    return;
  }
  source.textContent = `Reading through the ${conn.source}.`;
  conn.status.subscribe(({ state, detail }) => {
    status.dataset.state = state;
    status.textContent = detail;
  });

  let leave = new AbortController();
  const route = async () => {
    leave.abort();
    leave = new AbortController();
    const signal = leave.signal;
    forgetNames();
    // "#/account/5Grw…?viewer=…#keys": a route, its query, and a section to scroll to.
    const [address = "", anchor] = location.hash.replace(/^#\/?/, "").split("#");
    const [path, query = ""] = address.split("?");
    const [name = "chain", ...segments] = (path ?? "").split("/");
    const page = Object.hasOwn(ROUTES, name || "chain") ? ROUTES[name || "chain"] : undefined;
    main.replaceChildren(notice("info", "Loading…"));
    let content: Node;
    try {
      content = page
        ? await withTimeout(
            Promise.resolve(page({ conn, api: conn.api, params: new URLSearchParams(query), signal }, ...segments)),
            PAGE_TIMEOUT_MS,
          )
        : notice("error", `No page “${name}”.`);
    } catch (error) {
      content = notice("error", `This page could not be read: ${errorText(error)}`);
    }
    // A slower page must not replace the one the reader has moved on to.
    if (!signal.aborted) main.replaceChildren(content);
    if (anchor) document.getElementById(anchor)?.scrollIntoView();
  };
  window.addEventListener("hashchange", () => void route());
  await route();
}

void start();
