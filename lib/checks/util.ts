import { isUtf8 } from "node:buffer";
import { connect, isIP, type Socket } from "node:net";
import { z } from "zod";
import type { Phase } from "@/lib/model";

/** The parts of a `scheme://[user[:pass]@]host[:port][/path]` URL that the protocol checks use. */
export interface ServiceUrl {
  scheme: string;
  host: string;
  port: number;
  username?: string;
  password?: string;
  /** The path without its leading slash, percent-decoded ("" when absent). */
  path: string;
  /** Query parameters, for drivers that read options from them. */
  params: URLSearchParams;
}

/** Parses a service URL whose scheme is one of `defaultPorts`' keys; undefined when it is not one. */
export function parseServiceUrl(text: string, defaultPorts: Record<string, number>): ServiceUrl | undefined {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return undefined;
  }
  const scheme = u.protocol.replace(/:$/, "");
  const defaultPort = defaultPorts[scheme];
  const host = u.hostname.replace(/^\[|\]$/g, "");
  if (defaultPort === undefined || host === "" || !text.includes("//")) return undefined;
  const port = u.port === "" ? defaultPort : Number(u.port);
  // Port 0 and malformed percent-encoding are config mistakes, not something to dial (README "Config bounds").
  if (port < 1 || port > 65_535) return undefined;
  const path = decodeOrUndefined(u.pathname.replace(/^\//, ""));
  const username = decodeOrUndefined(u.username);
  const password = decodeOrUndefined(u.password);
  if (path === undefined || username === undefined || password === undefined) return undefined;
  const out: ServiceUrl = { scheme, host, port, path, params: u.searchParams };
  if (username !== "") out.username = username;
  if (password !== "") out.password = password;
  return out;
}

function decodeOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** A zod string schema that accepts only URLs `parseServiceUrl` understands for these schemes. */
export function serviceUrlSchema(defaultPorts: Record<string, number>, example: string) {
  return z.string().refine((s) => parseServiceUrl(s, defaultPorts) !== undefined, `expected a URL like "${example}"`);
}

/** Parses a URL the schema already accepted; throws only on a programming error. */
export function mustParse(text: string, defaultPorts: Record<string, number>): ServiceUrl {
  const u = parseServiceUrl(text, defaultPorts);
  if (!u) throw new Error("invalid service URL");
  return u;
}

/** `host:port`, with IPv6 hosts in brackets. */
export function endpoint(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A check type's `target()` for URL-based checks: `host:port/path`, never the credentials. */
export function urlTarget(defaultPorts: Record<string, number>): (config: { url: string }) => string {
  return (c) => {
    const u = mustParse(c.url, defaultPorts);
    return endpoint(u.host, u.port) + (u.path ? `/${u.path}` : "");
  };
}

/** Replaces every occurrence of each non-empty secret (plain and percent-encoded) with `***`. */
export function hideSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s === undefined || s === "") continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join("***");
  }
  return out;
}

/**
 * Opens a TCP connection that the attempt's signal destroys: whatever the driver does with it,
 * an aborted attempt leaves no socket behind. Callers cap what it reads (read-cap.ts).
 */
export function dial(host: string, port: number, signal: AbortSignal): Socket {
  const socket = connect({ host, port, signal });
  // Errors are reported to whoever uses the socket; this keeps a late one from crashing the process.
  socket.on("error", () => undefined);
  return socket;
}

/** Runs `fn` once when `signal` aborts (at once if it already has); returns the disposer. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    fn();
    return () => undefined;
  }
  signal.addEventListener("abort", fn, { once: true });
  return () => signal.removeEventListener("abort", fn);
}

/** The leading upper-case word of a protocol error reply ("WRONGPASS invalid …" → "WRONGPASS"). */
export function replyCode(reply: string): string | undefined {
  return /^-?([A-Z][A-Z0-9_]*)\b/.exec(reply)?.[1];
}

/** An Error carrying a `code`, for failures the probes detect themselves. */
export function codedError(message: string, code: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

/**
 * Makes a message safe to store and show: control characters, lone surrogates and replacement
 * characters become `\xNN` / `\uNNNN` escapes, so a target's raw bytes never reach a page or log.
 */
export function escapeText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** Decodes bytes a target sent as text: UTF-8 when they are valid UTF-8, else each byte outside printable ASCII as `\xNN`. */
export function decodeBytes(bytes: Buffer): string {
  if (isUtf8(bytes)) return bytes.toString("utf8");
  let out = "";
  for (const b of bytes) out += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, "0")}`;
  return out;
}

/**
 * Follows a socket through the phases of an attempt: `connect` until the TCP handshake is done,
 * `tls` until the TLS handshake is (when `tls`), then `request` while bytes wait to be sent and
 * `response` while the check waits for an answer (README "Checks, attempts and statuses").
 */
export function phaseTracker(socket: Socket, tls = false): () => Phase {
  let connected = false;
  let secured = !tls;
  let resetEarly = false;
  socket.once("connect", () => (connected = true));
  // A reset (unlike a refusal) means the peer accepted the connection, even when it comes before
  // the connect callback: the phase must not depend on that race.
  socket.on("error", (err: Error & { code?: string }) => {
    if (err.code === "ECONNRESET" && !connected) resetEarly = true;
  });
  if (tls) socket.once("secureConnect", () => (secured = true));
  return () => {
    if (resetEarly) return "response";
    if (!connected) return "connect";
    if (!secured) return "tls";
    return socket.writableLength > 0 ? "request" : "response";
  };
}
