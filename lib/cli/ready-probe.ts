/** One dependency as the readiness gate reports it. */
export interface WaitingOn {
  id: string;
  status: string;
}

/** What one request to `GET /api/ready/{id}` told us. */
export type ProbeAnswer =
  | { kind: "ready"; dependencies: WaitingOn[] }
  | { kind: "waiting"; waitingFor: WaitingOn[] }
  /** The dashboard cannot answer yet (not listening, name not resolvable, no answer in time, 5xx): wait on. */
  | { kind: "unreachable"; reason: string }
  /** Waiting cannot help (unknown service, bad token, bad URL): stop at once. */
  | { kind: "fatal"; message: string };

// Network faults that mean "the dashboard is not up yet" rather than "this will never work".
const TRANSIENT: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connect timed out",
  EPIPE: "connection closed",
  UND_ERR_SOCKET: "connection closed",
  UND_ERR_CONNECT_TIMEOUT: "connect timed out",
};

/** The error code of a fetch failure: undici puts the socket's error in `cause`. */
function codeOf(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** `scheme://host[:port]/path`, never the userinfo part of a URL. */
export function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Asks the readiness gate once, bounded by `timeoutMs` (the request is aborted and its socket
 * closed when it runs out). Classifies the answer by HTTP status and error code.
 */
export async function probeReady(base: URL, id: string, opts: { token?: string; timeoutMs: number }): Promise<ProbeAnswer> {
  const url = new URL(`api/ready/${encodeURIComponent(id)}`, base.href.endsWith("/") ? base : `${base.href}/`);
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let res: Response;
  let body: unknown;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(opts.timeoutMs), redirect: "manual" });
    body = await res.json().catch(() => undefined);
  } catch (err) {
    if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return { kind: "unreachable", reason: `no answer within ${opts.timeoutMs} ms` };
    const code = codeOf(err);
    if (code !== undefined) return { kind: "unreachable", reason: TRANSIENT[code] ?? code };
    return { kind: "fatal", message: `cannot request ${safeUrl(url)}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const b = (body ?? {}) as { ready?: unknown; waitingFor?: unknown; dependencies?: unknown; error?: { message?: unknown } };
  if (res.status === 200 && b.ready === true) return { kind: "ready", dependencies: Array.isArray(b.dependencies) ? (b.dependencies as WaitingOn[]) : [] };
  if (res.status === 503 && b.ready === false) return { kind: "waiting", waitingFor: Array.isArray(b.waitingFor) ? (b.waitingFor as WaitingOn[]) : [] };
  const said = typeof b.error?.message === "string" ? b.error.message : res.statusText;
  // A 5xx that is not the gate's own answer (starting up, proxy in front) may pass; a 4xx will not.
  if (res.status >= 500) return { kind: "unreachable", reason: `HTTP ${res.status}${said ? ` ${said}` : ""}` };
  return { kind: "fatal", message: `${said || "unexpected answer"} (HTTP ${res.status} from ${safeUrl(url)})` };
}
