import { clientAddress, trustProxy } from "@/lib/auth/client";
import { safeNext } from "@/lib/auth/decide";
import { LoginLimiter } from "@/lib/auth/rate-limit";
import { safeEqual, SESSION_COOKIE, SESSION_MAX_AGE_S } from "@/lib/auth/secret";
import { createSession } from "@/lib/auth/sessions";
import { errorResponse, handle, json } from "@/lib/api/respond";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function readForm(req: Request): Promise<{ token: string; next: string; wantsJson: boolean }> {
  if ((req.headers.get("content-type") ?? "").includes("application/json")) {
    const body = (await req.json().catch(() => ({}))) as { token?: unknown; next?: unknown };
    return { token: typeof body.token === "string" ? body.token : "", next: safeNext(typeof body.next === "string" ? body.next : "/"), wantsJson: true };
  }
  const form = await req.formData().catch(() => new FormData());
  const token = form.get("token");
  const next = form.get("next");
  return { token: typeof token === "string" ? token : "", next: safeNext(typeof next === "string" ? next : "/"), wantsJson: false };
}

function redirect(location: string, cookie?: string): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  if (cookie) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}

const limiter = new LoginLimiter();

/**
 * Checks the entered token and opens a server-side session (HttpOnly cookie); a form post is
 * redirected back. Failed logins are limited per client address (README "Authentication").
 */
export const POST = handle(async (req: Request) => {
  const expected = process.env.DEPWATCH_TOKEN || undefined;
  const client = clientAddress(req.headers);
  const gate = limiter.check(client);
  if (!gate.allowed) {
    return errorResponse(429, "too_many_logins", `too many failed logins from this address; try again in ${gate.retryAfterS}s`, { "retry-after": String(gate.retryAfterS) });
  }
  const { token, next, wantsJson } = await readForm(req);
  if (!expected) return wantsJson ? json({ ok: true }) : redirect(next);
  if (!safeEqual(token.trim(), expected)) {
    limiter.fail(client);
    if (wantsJson) return errorResponse(401, "unauthorized", "wrong token");
    return redirect(`/login?error=1&next=${encodeURIComponent(next)}`);
  }
  limiter.succeed(client);
  const trusted = trustProxy();
  const secure = new URL(req.url).protocol === "https:" || (trusted && req.headers.get("x-forwarded-proto") === "https");
  const cookie = `${SESSION_COOKIE}=${createSession(expected, SESSION_MAX_AGE_S * 1000)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_S}${secure ? "; Secure" : ""}`;
  if (wantsJson) return json({ ok: true }, { headers: { "set-cookie": cookie } });
  return redirect(next, cookie);
});
