import { ApiError } from "@/lib/api/respond";

/** The origin this request was addressed to, as the browser sees it (proxy headers first). */
export function requestOrigin(request: Request): string {
  const url = new URL(request.url);
  const host = first(request.headers.get("x-forwarded-host")) ?? request.headers.get("host") ?? url.host;
  const proto = first(request.headers.get("x-forwarded-proto")) ?? url.protocol.replace(/:$/, "");
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
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (origin === null) return;
  if (origin.toLowerCase() !== requestOrigin(request).toLowerCase()) {
    throw new ApiError(403, "cross_origin", "cross-origin requests are not allowed");
  }
}
