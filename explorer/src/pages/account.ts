// An account's page: its identity and email-hash claim, every key with its status over time, the trust it set and
// received, its validity from the network's view and from a chosen viewer (paths drawn as a graph), and its coins.

import type { SS58String } from "polkadot-api";
import { append, facts, h, notice, section, table, type Child } from "../dom";
import { accountLink, balance, duration, keyStatus, mono, time, utf8, verdict } from "../format";
import { trustGraph } from "../graph";
import { errorText, withTimeout, type PageContext } from "../page";
import { toAccount } from "../query";
import type { SigilApi } from "../connection";

type Keys = Awaited<ReturnType<SigilApi["apis"]["KeyRingApi"]["keys_of"]>>;
type Report = Awaited<ReturnType<SigilApi["apis"]["OwnerTrustApi"]["validity"]>>;

export async function accountPage(ctx: PageContext, address = ""): Promise<Node> {
  const { api } = ctx;
  const account = toAccount(address);
  if (!account) return notice("error", `“${address}” is not an SS58 address.`);
  const now = await api.query.Timestamp.Now.getValue();
  const viewer = toAccount(ctx.params.get("viewer") ?? "");
  const sections = [
    identitySection(api, account),
    keysSection(api, account, now),
    trustSection(api, account),
    networkValiditySection(ctx, account),
    viewerValiditySection(ctx, account, viewer),
    coinsSection(api, account),
  ];
  return h(
    "div",
    { class: "page account" },
    h("h1", {}, "Account ", mono(account)),
    h(
      "p",
      { class: "links" },
      h("a", { href: `#/messages/${account}?box=inbox` }, "inbox"),
      " · ",
      h("a", { href: `#/messages/${account}?box=outbox` }, "outbox"),
    ),
    sections,
  );
}

// Each section is one or a few queries; the slowest (a trust search) must not hold the others back.
const SECTION_TIMEOUT_MS = 30_000;

/** A section shown at once and filled when its queries answer; it shows its own error instead of failing the page. */
function guarded(title: string, id: string, build: () => Promise<Child[]>): HTMLElement {
  const element = section(title, notice("info", "Loading…"));
  element.id = id;
  withTimeout(build(), SECTION_TIMEOUT_MS).then(
    (content) => {
      element.replaceChildren(h("h2", {}, title));
      append(element, content);
    },
    (error: unknown) =>
      element.replaceChildren(h("h2", {}, title), notice("error", `Could not read this: ${errorText(error)}`)),
  );
  return element;
}

function identitySection(api: SigilApi, account: SS58String) {
  return guarded("Identity", "identity", async () => {
    const [identity, admitted] = await Promise.all([
      api.apis.KeyRingApi.identity(account),
      api.apis.ConsortiumApi.admission(account),
    ]);
    const admission = admitted === undefined ? "not admitted to sign transactions" : `admitted at block #${admitted}`;
    if (!identity)
      return [notice("empty", "This account has no identity on chain."), facts([["admission", admission]])];
    let email: Node | string = "none claimed";
    if (identity.email_hash) {
      const claim = await api.apis.KeyRingApi.email_claim(identity.email_hash);
      const held = claim?.account === account;
      email = h(
        "span",
        {},
        mono(identity.email_hash),
        " — ",
        !claim
          ? h("span", { class: "status warn", "data-email": "pending" }, "no claim on record for this hash")
          : !held
            ? h(
                "span",
                { class: "status warn", "data-email": "pending" },
                "claim pending: another identity holds this hash",
              )
            : claim.verified_by
              ? h(
                  "span",
                  { class: "status good", "data-email": "verified" },
                  "held, verified by ",
                  accountLink(api, claim.verified_by),
                )
              : h("span", { class: "status warn", "data-email": "unverified" }, "held, not verified by any member"),
      );
    }
    return [
      facts(
        [
          [
            "name",
            h(
              "span",
              { id: "display-name" },
              identity.forgotten_at === undefined ? utf8(identity.display_name) : "(forgotten)",
            ),
          ],
          ["email hash", email],
          ["registered", time(identity.registered_at)],
          ["forgotten", identity.forgotten_at === undefined ? "no" : time(identity.forgotten_at)],
          ["live keys", String(identity.live_keys)],
          ["admission", admission],
        ],
        { id: "identity-facts" },
      ),
    ];
  });
}

function keysSection(api: SigilApi, account: SS58String, now: bigint) {
  return guarded("Keys", "keys", async () => {
    const keys = await api.apis.KeyRingApi.keys_of(account);
    if (keys.length === 0) return [notice("empty", "No key was ever added to this account's ring.")];
    return [
      keyTimeline(keys, now),
      table(
        ["short id", "key id", "scheme", "purpose", "status now", "history"],
        keys.map((key) => [
          mono(key.short_id),
          mono(`${key.key_id.slice(0, 18)}…`, key.key_id),
          key.public.type.toLowerCase(),
          key.purpose.type.toLowerCase(),
          keyStatus(key.status),
          h(
            "ol",
            { class: "history" },
            keyHistory(key).map(([at, what]) => h("li", {}, `${time(at)}: ${what}`)),
          ),
        ]),
        { class: "keys" },
      ),
    ];
  });
}

/** A key's status changes, in time order: added, then revoked or expired (revocation wins, as on chain). */
function keyHistory(key: Keys[number]): [bigint, string][] {
  const history: [bigint, string][] = [[key.added_at, "added, active"]];
  const revokedAt = key.revoked?.[0];
  if (key.expires_at !== undefined && (revokedAt === undefined || key.expires_at < revokedAt)) {
    history.push([key.expires_at, "expires"]);
  }
  if (key.revoked) history.push([key.revoked[0], `revoked (${key.revoked[1].type.toLowerCase()})`]);
  return history;
}

// One bar per key on a common time axis from the first key's addition to now: active (green) until it expired or
// was revoked, then grey (expired) or red (revoked as compromised) or amber (revoked otherwise).
function keyTimeline(keys: Keys, now: bigint): SVGSVGElement {
  const NS = "http://www.w3.org/2000/svg";
  const width = 640;
  const row = 22;
  const left = 140;
  const start = keys.reduce((min, key) => (key.added_at < min ? key.added_at : min), now);
  const span = Number(now - start) || 1;
  const x = (at: bigint) => left + ((width - left - 10) * Number((at < now ? at : now) - start)) / span;
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("class", "timeline");
  svg.setAttribute("viewBox", `0 0 ${width} ${row * keys.length + 24}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Key time line from ${time(start)} to ${time(now)}`);
  const add = (name: string, attributes: Record<string, string | number>, text?: string) => {
    const element = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    svg.appendChild(element);
    return element;
  };
  keys.forEach((key, index) => {
    const y = index * row + 6;
    add("text", { x: 0, y: y + 12, class: "label" }, key.short_id);
    const history = keyHistory(key);
    const end = history.length > 1 ? history[1]![0] : now;
    add("rect", { x: x(key.added_at), y, width: Math.max(2, x(end) - x(key.added_at)), height: 14, class: "active" });
    for (let i = 1; i < history.length; i++) {
      const [at, what] = history[i]!;
      const kind = what.startsWith("expires") ? "expired" : what.includes("compromised") ? "compromised" : "revoked";
      const segmentEnd = i + 1 < history.length ? history[i + 1]![0] : now;
      add("rect", { x: x(at), y, width: Math.max(2, x(segmentEnd) - x(at)), height: 14, class: kind }).appendChild(
        Object.assign(document.createElementNS(NS, "title"), { textContent: `${time(at)}: ${what}` }),
      );
    }
  });
  const axis = row * keys.length + 20;
  add("text", { x: left, y: axis, class: "axis" }, time(start));
  add("text", { x: width - 10, y: axis, class: "axis", "text-anchor": "end" }, `now ${time(now)}`);
  return svg;
}

function edgeTable(
  api: SigilApi,
  edges: { account: SS58String; level: { type: string }; set_at: number }[],
  who: string,
  id: string,
) {
  return table(
    [who, "level", "set at block"],
    edges.map((edge) => [accountLink(api, edge.account), edge.level.type.toLowerCase(), `#${edge.set_at}`]),
    { class: "edges", id },
  );
}

function trustSection(api: SigilApi, account: SS58String) {
  return guarded("Owner trust", "trust", async () => {
    const [outgoing, incoming, mark] = await Promise.all([
      api.apis.OwnerTrustApi.outgoing(account),
      api.apis.OwnerTrustApi.incoming(account, undefined, 1000),
      api.apis.OwnerTrustApi.fraud_mark(account),
    ]);
    return [
      mark
        ? notice(
            "error",
            `Fraud mark since block #${mark.marked_at} (${mark.reports} report(s), evidence ${mark.evidence}).`,
          )
        : h("p", {}, "No fraud mark."),
      h("h3", {}, `Trust set by this account (${outgoing.length})`),
      outgoing.length ? edgeTable(api, outgoing, "trusts", "trust-set") : notice("empty", "It set no trust."),
      h("h3", {}, `Trust received (${incoming.length}${incoming.length === 1000 ? ", first 1000" : ""})`),
      incoming.length
        ? edgeTable(api, incoming, "trusted by", "trust-received")
        : notice("empty", "Nobody set trust on it."),
    ];
  });
}

function describeValidity(report: Report): string {
  const validity = report.validity;
  const word =
    validity.type === "Never"
      ? `never (${validity.value.type === "FraudMark" ? "fraud mark" : "distrusted"})`
      : validity.type;
  return `${word.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}, amount ${report.amount}/120`;
}

async function reportView(ctx: PageContext, roots: SS58String[], target: SS58String, report: Report, id: string) {
  const { api } = ctx;
  return h(
    "div",
    { class: "validity", id },
    facts([
      ["validity", h("strong", { class: "validity-word" }, describeValidity(report))],
      ["depth", report.depth === undefined ? "—" : String(report.depth)],
      [
        "search",
        `${report.visited} identities read${report.complete ? "" : ", stopped at its bound: the amount may be understated"}`,
      ],
    ]),
    report.paths.length === 0
      ? notice("empty", "No trust path leads to this identity.")
      : [
          await trustGraph(api, roots, target, report.paths, ctx.signal),
          h(
            "ol",
            { class: "paths" },
            report.paths.map((path) =>
              h(
                "li",
                {},
                path.hops.map((hop, i) => [i ? " → " : "", accountLink(api, hop)]),
                ` (${path.level.type.toLowerCase()}, ${path.amount})`,
              ),
            ),
          ),
        ],
  );
}

function networkValiditySection(ctx: PageContext, account: SS58String) {
  const { api } = ctx;
  return guarded("Validity: the network's view", "validity", async () => {
    const [roots, network] = await Promise.all([
      api.apis.OwnerTrustApi.network_roots(),
      api.apis.OwnerTrustApi.network_validity(account),
    ]);
    return [
      h("p", { class: "hint" }, "The consortium's members are the roots."),
      await reportView(ctx, roots, account, network, "network-validity"),
    ];
  });
}

/** How a chosen viewer sees the account: a form to choose one, and the report once chosen. */
function viewerValiditySection(ctx: PageContext, account: SS58String, viewer: SS58String | null) {
  const { api } = ctx;
  const input = h("input", { name: "viewer", placeholder: "a viewer's SS58 address", value: viewer ?? "", size: 50 });
  const form = h(
    "form",
    { class: "viewer" },
    h("label", {}, "From the point of view of ", input),
    h("button", { type: "submit" }, "Show"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = `#/account/${account}?viewer=${encodeURIComponent(input.value.trim())}`;
  });
  return guarded("Validity: as a viewer sees it", "viewer", async () => {
    if (!viewer) return [form];
    const report = await api.apis.OwnerTrustApi.validity(viewer, account);
    return [
      form,
      h("h3", {}, "As seen by ", accountLink(api, viewer)),
      await reportView(ctx, [viewer], account, report, "viewer-validity"),
    ];
  });
}

function coinsSection(api: SigilApi, account: SS58String) {
  return guarded("Coins", "coins", async () => {
    const [coins, broker, proofs, bond] = await Promise.all([
      api.apis.MicropayApi.coins_of(account),
      api.apis.MicropayApi.broker(account),
      api.apis.MicropayApi.fraud_proofs(account),
      api.apis.MicropayApi.bond(account),
    ]);
    const coinLink = (id: { broker: SS58String; serial: bigint }) =>
      h("a", { href: `#/coin/${id.broker}/${id.serial}` }, `#${id.serial}`);
    return [
      h("h3", {}, `Active coins held (${coins.length})`),
      coins.length
        ? table(
            ["coin", "broker", "value", "expiry", "seq"],
            coins.map((coin) => [
              coinLink(coin.id),
              accountLink(api, coin.id.broker),
              balance(coin.value),
              time(coin.expiry),
              String(coin.seq),
            ]),
            { class: "coins" },
          )
        : notice("empty", "It holds no active coin."),
      bond
        ? facts([
            [
              "bond for off-line payments",
              `${balance(bond.amount)}${bond.unlocks_at === undefined ? "" : `, unbonding until ${time(bond.unlocks_at)}`}`,
            ],
          ])
        : [],
      broker
        ? [
            h("h3", {}, "Broker terms"),
            facts([
              ["fee", balance(broker.fee)],
              ["coin validity", duration(broker.validity)],
              ["largest coin", balance(broker.max_value)],
              ["suspended", broker.suspended ? "yes" : "no"],
              ["outstanding", `${broker.outstanding} coin(s), ${balance(broker.outstanding_value)}`],
              [
                "active coins",
                broker.active_coins.length
                  ? h(
                      "span",
                      {},
                      broker.active_coins.map((id) => [coinLink(id), " "]),
                    )
                  : "none",
              ],
            ]),
          ]
        : [],
      h("h3", {}, `Double-spend proofs against it (${proofs.length})`),
      proofs.length
        ? table(
            ["coin", "seq", "detected", "disputed"],
            proofs.map((proof) => [
              coinLink(proof.second.transfer.coin),
              String(proof.second.transfer.seq),
              time(proof.detected_at),
              verdict(!proof.disputed, "no", "disputed: a key reported compromised signed it"),
            ]),
            { class: "fraud-proofs" },
          )
        : notice("empty", "No double spend was proven against it."),
    ];
  });
}
