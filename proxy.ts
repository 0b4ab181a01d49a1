import { NextResponse, type NextRequest } from "next/server";
import { requestOrigin } from "@/lib/api/same-origin";
import { decideAccess, isPublicPath } from "@/lib/auth/decide";
import { SESSION_COOKIE } from "@/lib/auth/secret";
import { shareRefusal } from "@/lib/share/gate";

/** Request header the layout reads: "1" on pages readable without credentials. */
const PUBLIC_HEADER = "x-depwatch-public";

/**
 * Lets the request through, telling the layout whether the viewer may be anonymous (share
 * snapshots, login) so it leaves live details such as a rejected config's errors out of those
 * pages. Always set here, so a client cannot supply it.
 */
function passOn(request: NextRequest): NextResponse {
  const headers = new Headers(request.headers);
  headers.set(PUBLIC_HEADER, isPublicPath(request.nextUrl.pathname) ? "1" : "0");
  return NextResponse.next({ request: { headers } });
}

function errorJson(status: number, code: string, message: string, headers: Record<string, string> = {}): NextResponse {
  return NextResponse.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store", ...headers } });
}

/**
 * Access control in front of every route (Next 16 runs proxy in the Node.js runtime): the
 * decision itself lives in lib/auth, this only adapts the request and the answer.
 */
export function proxy(request: NextRequest): NextResponse | Response {
  const decision = decideAccess(
    {
      method: request.method,
      pathname: request.nextUrl.pathname,
      search: request.nextUrl.search,
      authorization: request.headers.get("authorization"),
      session: request.cookies.get(SESSION_COOKIE)?.value,
      origin: request.headers.get("origin"),
      selfOrigin: requestOrigin(request),
      secFetchSite: request.headers.get("sec-fetch-site"),
    },
    process.env.DEPWATCH_TOKEN || undefined,
  );
  switch (decision.kind) {
    case "allow":
      // An expired or tampered share link answers 410/404 here: a rendered page cannot say 410.
      return shareRefusal(request.nextUrl.pathname) ?? passOn(request);
    case "unauthorized":
      return errorJson(401, "unauthorized", "this dashboard needs a token: send Authorization: Bearer <token>", { "www-authenticate": 'Bearer realm="depwatch"' });
    case "cross-origin":
      return errorJson(403, "cross_origin", "state-changing requests must come from this site or carry the token");
    case "login":
      return NextResponse.redirect(new URL(decision.location, request.url), 303);
  }
}

export const config = {
  // Static chunks and images never need a decision; everything else (pages, APIs, /metrics) does.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
