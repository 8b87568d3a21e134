import type { Connection, SigilApi } from "./connection";

/** What a page is given: the connection, the query string of its route, and a signal raised when it is left. */
export interface PageContext {
  conn: Connection;
  api: SigilApi;
  params: URLSearchParams;
  signal: AbortSignal;
}

/** A page renders from its route's path segments; live pages keep updating until `signal` is aborted. */
export type Page = (ctx: PageContext, ...path: string[]) => Promise<Node> | Node;

/** The message of an error thrown by a query, for a notice. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Rejects when `promise` has not settled within `ms`. A light client that cannot check a node's answer retries and
 * may never settle a query; the reader is told instead of waiting on a page that never loads.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from the chain within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
