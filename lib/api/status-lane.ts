import type { IncomingMessage, ServerResponse } from "node:http";
import { securityHeaders } from "@/lib/api/security-headers";
import { statusBodyFor, type SentBody } from "@/lib/api/status-body";
import { decideAccess } from "@/lib/auth/decide";
import { SESSION_COOKIE } from "@/lib/auth/secret";
import type { Engine } from "@/lib/runtime/engine";

/** The value of one cookie in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1");
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/** Whether an Accept-Encoding header takes gzip (listed, or `*`, with a q above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star = false;
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const ok = q === undefined || Number(q) > 0;
    if (name === "gzip" || name === "x-gzip") return ok;
    if (name === "*") star = ok;
  }
  return star;
}

const FIXED_HEADERS: [string, string][] = [
  ["content-type", "application/json"],
  ["cache-control", "no-store"],
  ["vary", "Accept-Encoding"],
  ...securityHeaders().map((h): [string, string] => [h.key.toLowerCase(), h.value]),
];

/**
 * Answers `GET /api/status` straight from the HTTP server, before Next.js's request path: the
 * same body, access rule and headers as the route (app/api/status/route.ts), which still answers
 * everything this leaves (other methods, a request the access rule does not allow outright, an
 * engine not running). At 1,000 services and 50 polling clients, the framework's own work per
 * request was most of the answer's time (README "Performance"). Returns whether it answered.
 */
export function answerStatus(engine: Engine, req: IncomingMessage, res: ServerResponse, token = process.env.DEPWATCH_TOKEN || undefined): boolean {
  if (req.method !== "GET") return false;
  const url = req.url ?? "";
  const q = url.indexOf("?");
  const pathname = q < 0 ? url : url.slice(0, q);
  if (pathname !== "/api/status") return false;
  const h = req.headers;
  const decision = decideAccess(
    {
      method: "GET",
      pathname,
      search: q < 0 ? "" : url.slice(q),
      authorization: h.authorization,
      session: cookieValue(h.cookie, SESSION_COOKIE),
      origin: h.origin,
      secFetchSite: typeof h["sec-fetch-site"] === "string" ? h["sec-fetch-site"] : undefined,
    },
    token,
  );
  if (decision.kind !== "allow") return false;
  let body: SentBody;
  try {
    body = statusBodyFor(engine).current();
  } catch {
    return false; // the route answers, with its error shape
  }
  const send = (parts: readonly Buffer[], length: number, encoding?: string) => {
    if (res.headersSent || res.destroyed) return;
    for (const [k, v] of FIXED_HEADERS) res.setHeader(k, v);
    if (encoding) res.setHeader("content-encoding", encoding);
    res.setHeader("content-length", length);
    // The parts go out together (one writev), without joining them into one buffer first.
    res.cork();
    for (const part of parts) res.write(part);
    res.end();
  };
  if (!acceptsGzip(typeof h["accept-encoding"] === "string" ? h["accept-encoding"] : undefined)) send(body.parts, body.length);
  else
    body.gzip().then(
      (zipped) => send([zipped], zipped.length, "gzip"),
      () => send(body.parts, body.length),
    );
  return true;
}
