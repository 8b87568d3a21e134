// One coin: its broker and terms, its transfers, its reissue chain C -> C' -> C'', and the double-spend proofs
// against its payers with both signatures.

import { h, notice, section, facts, table } from "../dom";
import { accountLink, balance, mono, time, verdict } from "../format";
import type { PageContext } from "../page";
import { toAccount } from "../query";
import type { SigilApi } from "../connection";
import type { SS58String } from "polkadot-api";

type Coin = NonNullable<Awaited<ReturnType<SigilApi["apis"]["MicropayApi"]["coin"]>>>;
type Proof = Awaited<ReturnType<SigilApi["apis"]["MicropayApi"]["fraud_proofs"]>>[number];
type Signed = Proof["second"];

// A reissue chain grows by one coin per expiry; this many links either way is far beyond any real coin's life.
const MAX_CHAIN = 32;

export async function coinPage(ctx: PageContext, brokerText = "", serialText = ""): Promise<Node> {
  const { api } = ctx;
  const broker = toAccount(brokerText);
  if (!broker || !/^\d+$/.test(serialText))
    return notice("error", "A coin is named by its broker's SS58 address and its serial number.");
  const serial = BigInt(serialText);
  const coin = await api.apis.MicropayApi.coin({ broker, serial });
  const heading = h("h1", {}, `Coin #${serial} of `, accountLink(api, broker));
  if (!coin) {
    return h(
      "div",
      { class: "page coin" },
      heading,
      notice("empty", "This coin is not on chain: it was never issued, or it was retired."),
    );
  }
  const [chain, proofs] = await Promise.all([reissueChain(api, coin), proofsAbout(api, coin)]);
  const state =
    coin.state.type === "Reissued"
      ? h(
          "span",
          {},
          `reissued ${time(coin.state.value.at)} into `,
          h("a", { href: `#/coin/${broker}/${coin.state.value.into}` }, `#${coin.state.value.into}`),
        )
      : coin.state.type === "Redeemed"
        ? `redeemed ${time(coin.state.value.at)}`
        : "active";
  return h(
    "div",
    { class: "page coin" },
    heading,
    facts(
      [
        ["state", h("span", { id: "coin-state" }, state)],
        ["value", balance(coin.value)],
        ["holder", accountLink(api, coin.holder)],
        ["original owner", accountLink(api, coin.owner)],
        ["backed by", accountLink(api, coin.backer)],
        ["issued", time(coin.issued_at)],
        ["expiry", time(coin.expiry)],
        ["sequence number", String(coin.seq)],
        ["double spends proven", String(coin.double_spends)],
      ],
      { id: "coin-facts" },
    ),
    section(
      "Reissue chain",
      h(
        "ol",
        { class: "reissue-chain", id: "reissue-chain" },
        chain.map(({ serial: link, known }) =>
          h(
            "li",
            { class: link === serial ? "current" : "" },
            h("a", { href: `#/coin/${broker}/${link}` }, `#${link}`),
            known ? "" : " (retired)",
          ),
        ),
      ),
    ),
    section(
      `Transfers (${coin.history.length})`,
      coin.history.length === 0
        ? notice("empty", "Not transferred yet.")
        : table(
            ["seq", "from", "to", "at", "how"],
            coin.history.map((transfer) => [
              String(transfer.seq),
              accountLink(api, transfer.from),
              accountLink(api, transfer.to),
              time(transfer.at),
              transfer.offline ? "off line (signed transfer claimed by the payee)" : "on line",
            ]),
            { class: "transfers" },
          ),
    ),
    section(
      `Double-spend proofs (${proofs.length})`,
      proofs.length === 0
        ? notice("empty", "No double spend of this coin was proven.")
        : proofs.map(({ payer, proof }) => proofView(api, payer, proof)),
    ),
  );
}

/** The serials from the first coin of the chain to the last, each marked whether the chain still holds it. */
async function reissueChain(api: SigilApi, coin: Coin): Promise<{ serial: bigint; known: boolean }[]> {
  const broker = coin.id.broker;
  const links = [{ serial: coin.id.serial, known: true }];
  let previous = coin.previous;
  while (previous !== undefined && links.length < MAX_CHAIN) {
    const older = await api.apis.MicropayApi.coin({ broker, serial: previous });
    links.unshift({ serial: previous, known: older !== undefined });
    previous = older?.previous;
  }
  let state = coin.state;
  while (state.type === "Reissued" && links.length < MAX_CHAIN) {
    const into = state.value.into;
    const newer = await api.apis.MicropayApi.coin({ broker, serial: into });
    links.push({ serial: into, known: newer !== undefined });
    if (!newer) break;
    state = newer.state;
  }
  return links;
}

/** The proofs against anyone who held the coin that concern this coin (proofs are kept per offender). */
async function proofsAbout(api: SigilApi, coin: Coin): Promise<{ payer: SS58String; proof: Proof }[]> {
  const holders = [...new Set([coin.owner, coin.holder, ...coin.history.map((transfer) => transfer.from)])];
  const perHolder = await Promise.all(holders.map((holder) => api.apis.MicropayApi.fraud_proofs(holder)));
  return holders.flatMap((payer, index) =>
    perHolder[index]!.filter(
      (proof) =>
        proof.second.transfer.coin.broker === coin.id.broker && proof.second.transfer.coin.serial === coin.id.serial,
    ).map((proof) => ({ payer, proof })),
  );
}

function signedTransfer(api: SigilApi, signed: Signed): HTMLElement {
  const transfer = signed.transfer;
  return facts([
    ["payee", accountLink(api, transfer.payee)],
    ["seq", String(transfer.seq)],
    ["window", `${time(transfer.valid_from)} – ${time(transfer.valid_until)}`],
    ["key", mono(signed.key_id)],
    [`signature (${signed.signature.type.toLowerCase()})`, mono(signed.signature.value, "signature")],
  ]);
}

function proofView(api: SigilApi, payer: SS58String, proof: Proof): HTMLElement {
  const first = proof.first;
  let firstView: Node;
  switch (first.type) {
    case "Recorded": {
      const how = first.value.proof;
      firstView = h(
        "div",
        {},
        facts([
          ["recorded transfer to", accountLink(api, first.value.to)],
          ["at", time(first.value.at)],
          ["how", how.type === "OnLine" ? "on line (the holder's own extrinsic)" : "off line, signed"],
          ...(how.type === "OffLine"
            ? ([
                ["key", mono(how.value.key_id)],
                [`signature (${how.value.signature.type.toLowerCase()})`, mono(how.value.signature.value, "signature")],
                ["window", `${time(how.value.valid_from)} – ${time(how.value.valid_until)}`],
              ] as [string, Node | string][])
            : []),
        ]),
      );
      break;
    }
    case "Signed":
      firstView = signedTransfer(api, first.value);
      break;
    case "Redeemed":
      firstView = h("p", {}, `the holder redeemed the coin at ${time(first.value.at)}`);
      break;
    case "Reissued":
      firstView = h("p", {}, `the coin was reissued at ${time(first.value.at)}`);
      break;
  }
  return h(
    "div",
    { class: "fraud-proof" },
    h("h3", {}, "Double spend of seq ", String(proof.second.transfer.seq), " by ", accountLink(api, payer)),
    facts([
      ["detected", time(proof.detected_at)],
      [
        "marks the payer",
        verdict(!proof.disputed, "yes", "no: disputed, a key its owner reported compromised signed it"),
      ],
    ]),
    h(
      "div",
      { class: "spends" },
      h("div", {}, h("h4", {}, "First spend"), firstView),
      h("div", {}, h("h4", {}, "Second spend"), signedTransfer(api, proof.second)),
    ),
  );
}
