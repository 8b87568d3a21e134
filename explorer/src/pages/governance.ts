// The consortium: members and the vote threshold, open motions with their decoded calls and votes, admitted
// accounts (paged) and admitted nodes.

import { base58 } from "@scure/base";
import { facts, h, notice, section, table } from "../dom";
import { accountLink, mono, renderValue, utf8 } from "../format";
import { errorText, type PageContext } from "../page";
import { toAccount } from "../query";
import type { SigilApi } from "../connection";

const ACCOUNTS_PAGE = 100;

type Motion = Awaited<ReturnType<SigilApi["apis"]["ConsortiumApi"]["motions"]>>[number];

export async function governancePage(ctx: PageContext): Promise<Node> {
  const { api, params } = ctx;
  const after = toAccount(params.get("after") ?? "") ?? undefined;
  const [members, motions, count, accounts, nodes] = await Promise.all([
    api.apis.ConsortiumApi.members(),
    api.apis.ConsortiumApi.motions(),
    api.apis.ConsortiumApi.admitted_account_count(),
    api.apis.ConsortiumApi.admitted_accounts(after, ACCOUNTS_PAGE),
    api.apis.ConsortiumApi.nodes(),
  ]);
  const last = accounts.at(-1);
  return h(
    "div",
    { class: "page governance" },
    h("h1", {}, "Governance"),
    section(
      `Members (${members.members.length})`,
      h(
        "ul",
        { class: "accounts", id: "members" },
        members.members.map((member) => h("li", {}, accountLink(api, member))),
      ),
      facts([
        [
          "a motion passes with",
          h(
            "span",
            { id: "ayes-needed" },
            `${members.ayes_needed} aye(s): more than ${members.threshold_numerator}/${members.threshold_denominator} of the members`,
          ),
        ],
        ["prime", members.prime ? accountLink(api, members.prime) : "none"],
      ]),
    ),
    section(
      `Open motions (${motions.length})`,
      motions.length === 0
        ? notice("empty", "No motion is open.")
        : await Promise.all(motions.map((motion) => motionView(api, motion))),
    ),
    section(
      `Admitted accounts (${count})`,
      table(
        ["account", "admitted at"],
        accounts.map((entry) => [accountLink(api, entry.account), entry.since === 0 ? "genesis" : `#${entry.since}`]),
        { class: "admitted", id: "admitted-accounts" },
      ),
      last && accounts.length === ACCOUNTS_PAGE
        ? h("p", {}, h("a", { href: `#/governance?after=${last.account}` }, "next accounts"))
        : [],
    ),
    section(
      `Admitted nodes (${nodes.length})`,
      nodes.length === 0
        ? notice("empty", "No node is listed: the network does not restrict its peers.")
        : table(
            ["peer id", "owner"],
            nodes.map((node) => [
              mono(base58.encode(node.peer_id)),
              node.owner ? accountLink(api, node.owner) : "none",
            ]),
            { class: "nodes" },
          ),
    ),
  );
}

async function motionView(api: SigilApi, motion: Motion): Promise<HTMLElement> {
  let call: Node;
  try {
    const decoded = (await api.txFromCallData(motion.call)).decodedCall;
    call = h(
      "div",
      {},
      h("strong", { class: "call-name" }, `${decoded.type}.${decoded.value.type}`),
      renderValue(api, decoded.value.value),
    );
  } catch (error) {
    call = h(
      "div",
      {},
      h("strong", {}, `${utf8(motion.pallet)}.${utf8(motion.function)}`),
      notice("error", `arguments not decoded: ${errorText(error)}`),
    );
  }
  const voters = (accounts: string[]) =>
    accounts.length
      ? h(
          "span",
          {},
          accounts.map((a, i) => [i ? ", " : "", accountLink(api, a)]),
        )
      : "none";
  return h(
    "div",
    { class: "motion", "data-motion": String(motion.index) },
    h("h3", {}, `Motion ${motion.index} `, mono(motion.hash)),
    facts([
      ["call", call],
      ["ayes", h("span", {}, `${motion.ayes.length} of ${motion.threshold} needed: `, voters(motion.ayes))],
      ["nays", voters(motion.nays)],
      ["can be closed regardless after", `block #${motion.end}`],
    ]),
  );
}
