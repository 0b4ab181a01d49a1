import { ApiError } from "@/lib/api/respond";
import { trustProxy } from "@/lib/auth/client";

/**
 * The origin this request was addressed to, as the browser sees it. `X-Forwarded-Host` and
 * `-Proto` count only with `DEPWATCH_TRUST_PROXY` (README "Authentication"): anyone can send them.
 */
export function requestOrigin(request: Request, trusted = trustProxy()): string {
  const url = new URL(request.url);
  const forwardedHost = trusted ? first(request.headers.get("x-forwarded-host")) : undefined;
  const forwardedProto = trusted ? first(request.headers.get("x-forwarded-proto")) : undefined;
  const host = forwardedHost ?? request.headers.get("host") ?? url.host;
  const proto = forwardedProto ?? url.protocol.replace(/:$/, "");
  return `${proto}://${host}`;
}

function first(value: string | null): string | undefined {
  const v = value?.split(",")[0]?.trim();
  return v ? v : undefined;
}

/**
 * Rejects a browser request sent from another site: an `Origin` header that is present and differs
 * from the request's own origin answers 403. Requests without `Origin` (curl, scripts) pass.
 */
export function assertSameOrigin(request: Request, trusted = trustProxy()): void {
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (origin.toLowerCase() !== requestOrigin(request, trusted).toLowerCase()) {
    throw new ApiError(403, "cross_origin", "cross-origin requests are not allowed");
  }
}
