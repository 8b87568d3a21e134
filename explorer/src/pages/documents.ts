// Everything that covers one document hash: attestations and agreements, who signed when, with which key, that
// key's status when it signed and now, and what the chain makes of each signature.

import type { SS58String } from "polkadot-api";
import { facts, h, notice, section, table } from "../dom";
import { accountLink, keyStatus, mono, time, utf8, verdict } from "../format";
import type { Hex } from "../hashing";
import type { PageContext } from "../page";
import type { SigilApi } from "../connection";

type Report = Awaited<ReturnType<SigilApi["apis"]["DocumentsApi"]["verify"]>>;
type Signature = Report["attestations"][number]["signature"];

function signatureStatus(signature: Signature): HTMLElement {
  const status = signature.status;
  switch (status.type) {
    case "Valid":
      return verdict(true, "valid", "");
    case "BadSignature":
      return verdict(false, "", "invalid signature");
    case "KeyNotActiveWhenSigned":
      return verdict(false, "", "key not active when it signed");
    case "KeyCompromised":
      return verdict(false, "", `key revoked as compromised ${time(status.value.revoked_at)}`);
  }
}

function signatureCells(signature: Signature) {
  return [
    `${time(signature.signed_at)} (#${signature.block})`,
    mono(`${signature.key_id.slice(0, 18)}…`, signature.key_id),
    keyStatus(signature.key_status_at_signing),
    keyStatus(signature.key_status_now),
    signatureStatus(signature),
  ];
}

export async function documentPage(ctx: PageContext, hash = ""): Promise<Node> {
  const { api } = ctx;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hash)) return notice("error", `“${hash}” is not a 32-byte document hash.`);
  const report = await api.apis.DocumentsApi.verify(hash.toLowerCase() as Hex);
  const signers = (accounts: SS58String[]) =>
    h(
      "span",
      {},
      accounts.map((account, i) => [i ? ", " : "", accountLink(api, account)]),
    );
  if (report.attestations.length === 0 && report.agreements.length === 0) {
    return h(
      "div",
      { class: "page document" },
      h("h1", {}, "Document ", mono(hash)),
      notice("empty", "No attestation or pending or completed agreement covers this document hash."),
    );
  }
  return h(
    "div",
    { class: "page document" },
    h("h1", {}, "Document ", mono(hash)),
    facts([["validly signed by", report.signed_by.length ? signers(report.signed_by) : "nobody"]], { id: "signed-by" }),
    section(
      `Attestations (${report.attestations.length})`,
      report.attestations.length === 0
        ? notice("empty", "No attestation.")
        : table(
            ["signer", "signed", "key", "key status then", "key status now", "signature", "revocation", "counts"],
            report.attestations.map((attestation) => [
              accountLink(api, attestation.signer),
              ...signatureCells(attestation.signature),
              attestation.revocation
                ? `revoked ${time(attestation.revocation.revoked_at)}: ${utf8(attestation.revocation.reason)}`
                : "—",
              verdict(attestation.valid, "yes", "no"),
            ]),
            { class: "attestations" },
          ),
    ),
    section(
      `Agreements (${report.agreements.length})`,
      report.agreements.length === 0
        ? notice("empty", "No pending or completed agreement.")
        : report.agreements.map((agreement) =>
            h(
              "div",
              { class: "agreement", "data-agreement": String(agreement.id) },
              h("h3", {}, `Agreement ${agreement.id}`),
              facts([
                ["created by", accountLink(api, agreement.creator)],
                ["created", time(agreement.created_at)],
                ["deadline", `block #${agreement.deadline}`],
                [
                  "state",
                  agreement.state.type === "Completed"
                    ? `completed ${time(agreement.state.value.at)} (#${agreement.state.value.block})`
                    : agreement.state.type === "Expired"
                      ? `expired at #${agreement.state.value.block}`
                      : "pending",
                ],
                ["valid", verdict(agreement.valid, "yes: completed and every signature valid", "no")],
              ]),
              table(
                ["signer", "signed", "key", "key status then", "key status now", "signature"],
                agreement.signers.map((signer) => [
                  accountLink(api, signer.account),
                  ...(signer.signature ? signatureCells(signer.signature) : ["not yet", "—", "—", "—", "—"]),
                ]),
                { class: "signers" },
              ),
            ),
          ),
    ),
  );
}
