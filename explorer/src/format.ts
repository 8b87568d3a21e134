// How chain values are shown: accounts as links with their display names, times in UTC, balances in SGL, key
// statuses as words, and any decoded value (event fields, call arguments) as a readable tree.

import { getSs58AddressInfo, type SS58String } from "polkadot-api";
import { h } from "./dom";
import { toHex } from "./hashing";
import type { SigilApi } from "./connection";

const DECIMALS = 12n;
const SYMBOL = "SGL";

export function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

export function shortAccount(account: string): string {
  return account.length > 16 ? `${account.slice(0, 6)}…${account.slice(-6)}` : account;
}

/** A chain timestamp (milliseconds since the epoch), in UTC so that every reader sees the same text. */
export function time(ms: bigint | number): string {
  // The genesis block has no timestamp: the timestamp pallet's value is 0 until the first block sets it.
  if (Number(ms) === 0) return "genesis";
  return new Date(Number(ms))
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");
}

export function balance(amount: bigint): string {
  const unit = 10n ** DECIMALS;
  const fraction = (amount % unit).toString().padStart(Number(DECIMALS), "0").replace(/0+$/, "");
  return `${amount / unit}${fraction ? `.${fraction}` : ""} ${SYMBOL}`;
}

export function duration(ms: bigint): string {
  const seconds = Number(ms / 1000n);
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  return `${seconds} s`;
}

export function mono(text: string, title?: string): HTMLElement {
  return h("code", { title }, text);
}

// Display names are looked up once per page: a page shows the same account many times.
const names = new Map<string, Promise<string | null>>();

export function forgetNames(): void {
  names.clear();
}

export function displayName(api: SigilApi, account: SS58String): Promise<string | null> {
  let name = names.get(account);
  if (!name) {
    name = api.apis.KeyRingApi.identity(account).then(
      (identity) => (identity && identity.forgotten_at === undefined ? utf8(identity.display_name) : null),
      () => null,
    );
    names.set(account, name);
  }
  return name;
}

/** A link to an account's page, labelled with its display name once known (the address stays in its title). */
export function accountLink(api: SigilApi, account: SS58String): HTMLAnchorElement {
  const link = h(
    "a",
    { href: `#/account/${account}`, class: "account", "data-account": account, title: account },
    shortAccount(account),
  );
  void displayName(api, account).then((name) => {
    // Isolated, so that bidirectional controls in a name cannot reorder the address shown after it.
    if (name) link.replaceChildren(h("bdi", {}, name), ` (${shortAccount(account)})`);
  });
  return link;
}

function isAccount(text: string): boolean {
  return !text.startsWith("0x") && text.length >= 46 && getSs58AddressInfo(text).isValid;
}

/**
 * Any decoded value: polkadot-api gives enums as `{ type, value }`, accounts as SS58 strings, hashes as hex
 * strings, byte vectors as `Uint8Array`, integers as `number` or `bigint`, options as `undefined` or the value.
 */
export function renderValue(api: SigilApi, value: unknown): Node {
  if (value === undefined || value === null) return h("span", { class: "none" }, "none");
  if (typeof value === "string") return isAccount(value) ? accountLink(api, value) : mono(value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") {
    return document.createTextNode(String(value));
  }
  if (value instanceof Uint8Array) return mono(toHex(value));
  if (Array.isArray(value)) {
    if (value.length === 0) return h("span", { class: "none" }, "[]");
    return h(
      "ol",
      { class: "value-list", start: 0 },
      value.map((item) => h("li", {}, renderValue(api, item))),
    );
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2 && typeof record.type === "string" && "value" in record) {
      if (record.value === undefined) return h("span", { class: "variant" }, record.type);
      return h("span", { class: "variant" }, `${record.type} `, renderValue(api, record.value));
    }
    if (keys.length === 1 && keys[0] === "type" && typeof record.type === "string") {
      return h("span", { class: "variant" }, record.type);
    }
    return h(
      "dl",
      { class: "value-struct" },
      keys.map((key) => [h("dt", {}, key), h("dd", {}, renderValue(api, record[key]))]),
    );
  }
  return document.createTextNode(String(value));
}

type KeyStatus =
  | { type: "Active"; value?: undefined }
  | { type: "NotYetAdded"; value: { added_at: bigint } }
  | { type: "Expired"; value: { expired_at: bigint } }
  | { type: "Revoked"; value: { revoked_at: bigint; reason: { type: string } } };

/** A key's status as words, with a class for its colour. */
export function keyStatus(status: KeyStatus | undefined): HTMLElement {
  if (!status) return h("span", { class: "status bad" }, "unknown key");
  switch (status.type) {
    case "Active":
      return h("span", { class: "status good" }, "active");
    case "NotYetAdded":
      return h("span", { class: "status bad" }, `not yet added (added ${time(status.value.added_at)})`);
    case "Expired":
      return h("span", { class: "status warn" }, `expired ${time(status.value.expired_at)}`);
    case "Revoked":
      return h(
        "span",
        { class: `status ${status.value.reason.type === "Compromised" ? "bad" : "warn"}` },
        `revoked ${time(status.value.revoked_at)} (${status.value.reason.type.toLowerCase()})`,
      );
  }
}

/** A yes/no verdict with its words. */
export function verdict(ok: boolean, yes: string, no: string): HTMLElement {
  return h("span", { class: `status ${ok ? "good" : "bad"}`, "data-verdict": ok ? "yes" : "no" }, ok ? yes : no);
}
