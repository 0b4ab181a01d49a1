import { safeEqual, sessionValue, SESSION_COOKIE, SESSION_MAX_AGE_S } from "@/lib/auth/secret";
import { safeNext } from "@/lib/auth/decide";
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

/** Checks the entered token and sets the HttpOnly login cookie; a form post is redirected back. */
export const POST = handle(async (req: Request) => {
  const expected = process.env.DEPWATCH_TOKEN || undefined;
  const { token, next, wantsJson } = await readForm(req);
  if (!expected) return wantsJson ? json({ ok: true }) : redirect(next);
  if (!safeEqual(token.trim(), expected)) {
    if (wantsJson) return errorResponse(401, "unauthorized", "wrong token");
    return redirect(`/login?error=1&next=${encodeURIComponent(next)}`);
  }
  const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  const cookie = `${SESSION_COOKIE}=${sessionValue(expected)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_MAX_AGE_S}${secure ? "; Secure" : ""}`;
  if (wantsJson) return json({ ok: true }, { headers: { "set-cookie": cookie } });
  return redirect(next, cookie);
});
