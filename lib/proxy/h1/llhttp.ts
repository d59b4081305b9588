/**
 * Node's own HTTP/1.1 parser (llhttp, the one node:http uses), without node:http's message objects around
 * it. Using the same parser keeps the same strictness (CL+TE, duplicate Content-Length, invalid tokens,
 * header size limit) for free; only the per-request objects and streams are left out. It is an internal
 * module (`_http_common`), so loading is guarded: when it is missing, the proxy stays on node:http.
 */
import { createRequire } from "node:module";
import { ParserPool } from "./parser-pool";

/** One parser instance; the callbacks are installed under numeric keys, as node:http does. */
export interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  /** Bytes consumed, or an Error with `code` (HPE_…) and `reason`. */
  execute(data: Buffer): number | ParserError;
  /** Signals end of input (close-delimited bodies); an Error when a message was cut short. */
  finish(): ParserError | undefined;
  close(): void;
  free(): void;
  /** Reads a stream handle directly (each read reported to kOnExecute); unconsume() gives it back. */
  consume?(handle: object): void;
  unconsume(): void;
  /** Inside kOnExecute: a copy of the bytes just read. */
  getCurrentBuffer(): Buffer;
  [callback: number]: unknown;
}

export interface ParserError extends Error {
  readonly code: string;
  readonly reason?: string;
  readonly bytesParsed?: number;
}

export interface ParserClass {
  new (): NativeParser;
  readonly REQUEST: number;
  readonly RESPONSE: number;
  readonly kOnMessageBegin: number;
  readonly kOnHeaders: number;
  readonly kOnHeadersComplete: number;
  readonly kOnBody: number;
  readonly kOnMessageComplete: number;
  readonly kOnExecute: number;
}

export interface Llhttp {
  readonly Parser: ParserClass;
  /** Parsers are taken from and given back to this pool, never dropped (see parser-pool.ts). */
  readonly parsers: ParserPool;
  /** Method names by the index the parser reports. */
  readonly methods: readonly string[];
}

function load(): Llhttp | undefined {
  if (process.env.WEFT_PROXY_H1_FAST === "0") return undefined;
  try {
    const common = createRequire(import.meta.url)("_http_common") as {
      HTTPParser?: ParserClass;
      methods?: string[];
    };
    const Parser = common.HTTPParser;
    if (!Parser || !Array.isArray(common.methods)) return undefined;
    if (typeof Parser.kOnHeadersComplete !== "number" || typeof Parser.prototype.execute !== "function")
      return undefined;
    return { Parser, methods: common.methods, parsers: new ParserPool(Parser) };
  } catch {
    return undefined;
  }
}

/**
 * The parser binding, or undefined when this Node.js does not expose it (or WEFT_PROXY_H1_FAST=0 turns the
 * fast path off); callers then use node:http.
 */
export const llhttp: Llhttp | undefined = load();

export function isParserError(value: unknown): value is ParserError {
  return value instanceof Error;
}

/** Appends a flat [name, value, …] list to another (headers delivered in pieces, or trailers). */
export function appendPairs(into: string[], more: readonly string[]): void {
  for (const item of more) into.push(item);
}
