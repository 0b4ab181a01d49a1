/** The request header the server stamps with the TCP peer's address (lib/auth/peer.ts). */
export const PEER_HEADER = "x-depwatch-peer";

/** Whether `X-Forwarded-*` headers are believed: only when `DEPWATCH_TRUST_PROXY` says so. */
export function trustProxy(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.DEPWATCH_TRUST_PROXY?.trim().toLowerCase();
  return v !== undefined && v !== "" && v !== "0" && v !== "false" && v !== "no";
}

function lastEntry(value: string | null): string | undefined {
  const v = value?.split(",").pop()?.trim();
  return v ? v : undefined;
}

/**
 * The address a request came from, for rate limiting: behind a trusted proxy, the last
 * `X-Forwarded-For` entry (the one the proxy itself added); otherwise the TCP peer.
 */
export function clientAddress(headers: Headers, trusted = trustProxy()): string {
  if (trusted) {
    const forwarded = lastEntry(headers.get("x-forwarded-for"));
    if (forwarded) return forwarded;
  }
  return headers.get(PEER_HEADER) || "unknown";
}
