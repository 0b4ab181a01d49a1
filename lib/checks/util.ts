import { connect, isIP, type Socket } from "node:net";
import { z } from "zod";

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
 * an aborted attempt leaves no socket behind.
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
