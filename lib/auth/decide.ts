import { credentialsOf } from "@/lib/auth/secret";

/** What the access decision needs from a request (no framework types). */
export interface AccessRequest {
  method: string;
  pathname: string;
  /** The query string with its leading "?", or "". */
  search: string;
  authorization?: string | null;
  /** The login cookie's value, if sent. */
  session?: string | null;
  origin?: string | null;
  /** The origin the client addressed (`proto://host`, proxy headers first; see lib/api/same-origin). */
  selfOrigin?: string | null;
  secFetchSite?: string | null;
}

/** The outcome: let it through, or answer it here. */
export type AccessDecision =
  | { kind: "allow" }
  | { kind: "unauthorized" }
  | { kind: "login"; location: string }
  | { kind: "cross-origin" };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Readable without the dashboard's credentials: liveness, share snapshots, badges, assets, login. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/api/health" ||
    pathname === "/favicon.ico" ||
    pathname === "/icon.svg" ||
    pathname === "/login" ||
    pathname === "/api/login" ||
    pathname === "/api/logout" ||
    pathname.startsWith("/share/") ||
    pathname.startsWith("/api/badge/") ||
    pathname.startsWith("/_next/")
  );
}

/** Machine endpoints answer 401 in the JSON error shape; pages redirect to the login form. */
export function isApiPath(pathname: string): boolean {
  return pathname === "/api" || pathname.startsWith("/api/") || pathname === "/metrics";
}

/** Whether a browser sent this request from another site (Origin or Sec-Fetch-Site says so). */
export function isCrossOrigin(req: AccessRequest): boolean {
  if (req.secFetchSite === "cross-site" || req.secFetchSite === "same-site") return true;
  if (!req.origin) return false; // not a browser (curl, Prometheus, `depwatch wait`)
  return !req.selfOrigin || req.origin.toLowerCase() !== req.selfOrigin.toLowerCase();
}

/**
 * A `next` target that stays on this site: a path, never `//host`, a scheme, a backslash or a
 * control character (browsers drop tabs and newlines, so `/\t/evil.example` reads as `//evil.example`).
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !/^\/(?![/\\])[^\\\u0000-\u001f\u007f]*$/.test(next)) return "/";
  try {
    // Whatever a browser makes of it must still be this origin.
    if (new URL(next, "http://depwatch.invalid").origin !== "http://depwatch.invalid") return "/";
  } catch {
    return "/";
  }
  return next;
}

/**
 * Decides one request. Without a token everything is readable, but a state-changing request from
 * another site is still refused (it would let any web page trigger checks). With a token, every
 * path but the public ones needs `Authorization: Bearer <token>` or the login cookie.
 */
export function decideAccess(req: AccessRequest, token: string | undefined): AccessDecision {
  const creds = token ? credentialsOf(token, req.authorization, req.session) : "none";
  // A bearer header cannot be forged by a foreign page, so it stands in for same-origin.
  if (!SAFE_METHODS.has(req.method.toUpperCase()) && creds !== "bearer" && isCrossOrigin(req)) return { kind: "cross-origin" };
  if (!token || isPublicPath(req.pathname)) return { kind: "allow" };
  if (creds === "bearer" || creds === "cookie") return { kind: "allow" };
  if (isApiPath(req.pathname)) return { kind: "unauthorized" };
  return { kind: "login", location: `/login?next=${encodeURIComponent(safeNext(req.pathname + req.search))}` };
}
