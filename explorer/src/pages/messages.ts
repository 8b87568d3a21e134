// An account's inbox or outbox, newest first, each message with its verdict and the reasons for it, as a chosen
// reader sees it (by default each message's recipient). Bodies are shown as the chain holds them, which is
// ciphertext when the sender encrypted them: the explorer holds no private key. The chain names a message by its
// sender and the sender's counter; an inbox numbers its messages by their position in it (`#N` in the `sigil`
// client), an outbox by that counter.

import { h, notice, table } from "../dom";
import { accountLink, keyStatus, mono, time, verdict } from "../format";
import { toHex } from "../hashing";
import type { PageContext } from "../page";
import { toAccount } from "../query";

const PAGE = 20;

const REASONS: Record<string, string> = {
  BadSignature: "the signature does not verify under the key",
  KeyNotActiveWhenSent: "the key was not active when the message was sent",
  SenderNotRegistered: "the sender's identity is no longer registered",
  SenderNotTrusted: "the reader does not trust the sender",
  TrustUnknown: "trust is unknown",
  KeyCompromised: "the key was since revoked as compromised",
};

export async function messagesPage(ctx: PageContext, address = ""): Promise<Node> {
  const { api, params } = ctx;
  const account = toAccount(address);
  if (!account) return notice("error", `“${address}” is not an SS58 address.`);
  const box = params.get("box") === "outbox" ? "outbox" : "inbox";
  const readerText = params.get("reader") ?? "";
  const reader = readerText ? toAccount(readerText) : undefined;
  if (reader === null) return notice("error", `The reader “${readerText}” is not an SS58 address.`);
  const before = params.has("before") ? BigInt(params.get("before")!) : undefined;

  const page = await api.apis.MessagesApi[box](account, reader, before, PAGE);
  const link = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams({ box, ...(reader ? { reader } : {}) });
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    return `#/messages/${account}?${next}`;
  };
  const readerInput = h("input", {
    name: "reader",
    value: reader ?? "",
    placeholder: "reader's SS58 address",
    size: 50,
  });
  const readerForm = h(
    "form",
    { class: "viewer" },
    h("label", {}, "Verdicts as seen by ", readerInput),
    h("button", { type: "submit" }, "Show"),
  );
  readerForm.addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = link({ reader: readerInput.value.trim() || undefined, before: undefined });
  });

  return h(
    "div",
    { class: "page messages" },
    h("h1", {}, box === "inbox" ? "Inbox of " : "Outbox of ", accountLink(api, account)),
    h(
      "p",
      { class: "links" },
      h("a", { href: link({ box: "inbox", before: undefined }) }, "inbox"),
      " · ",
      h("a", { href: link({ box: "outbox", before: undefined }) }, "outbox"),
      ` — ${page.total} message(s) ever ${box === "inbox" ? "received" : "sent"}; `,
      reader ? ["verdicts for ", accountLink(api, reader)] : "verdicts for each message's recipient",
    ),
    readerForm,
    page.messages.length === 0
      ? notice("empty", `No message in this ${box}${before === undefined ? "" : " before this point"}.`)
      : table(
          [box === "inbox" ? "#" : "counter", "sent", "from", "to", "verdict", "key", "body (as stored)"],
          page.messages.map((message) => [
            String(box === "inbox" ? message.inbox_index : message.counter),
            time(message.sent_at),
            box === "inbox"
              ? [accountLink(api, message.from), h("br"), h("small", {}, `its message #${message.counter}`)]
              : accountLink(api, message.from),
            box === "outbox"
              ? [accountLink(api, message.to), h("br"), h("small", {}, `#${message.inbox_index} in its inbox`)]
              : accountLink(api, message.to),
            h(
              "div",
              { class: "verdict" },
              verdict(message.verdict.verified, "verified", "unverified"),
              message.verdict.reasons.length
                ? h(
                    "ul",
                    { class: "reasons" },
                    message.verdict.reasons.map((reason) =>
                      h("li", { "data-reason": reason.type }, REASONS[reason.type] ?? reason.type),
                    ),
                  )
                : [],
              h(
                "small",
                {},
                `signature ${message.verdict.signature_valid ? "valid" : "invalid"}; sender trust: `,
                message.verdict.sender_trust
                  ? `${message.verdict.sender_trust.validity.type.toLowerCase()} (${message.verdict.sender_trust.amount}/120)`
                  : "unknown",
              ),
            ),
            h(
              "div",
              {},
              mono(`${message.key_id.slice(0, 18)}…`, message.key_id),
              h("br"),
              "when sent: ",
              keyStatus(message.verdict.key_status_at_sending),
              h("br"),
              "now: ",
              keyStatus(message.verdict.key_status_now),
            ),
            h("details", {}, h("summary", {}, `${message.body.length} bytes`), mono(toHex(message.body))),
          ]),
          { class: "message-list" },
        ),
    page.next_before === undefined
      ? []
      : h("p", {}, h("a", { href: link({ before: String(page.next_before) }), id: "older" }, "older messages")),
  );
}
