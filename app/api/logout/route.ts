import { SESSION_COOKIE } from "@/lib/auth/secret";
import { endSession } from "@/lib/auth/sessions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function cookieValue(header: string | null): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=");
  }
  return undefined;
}

/** Ends the session server-side (the old cookie stops working), clears it and goes back to the login form. */
export function POST(request: Request): Response {
  const value = cookieValue(request.headers.get("cookie"));
  if (value) endSession(value);
  return new Response(null, {
    status: 303,
    headers: { location: "/login", "set-cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`, "cache-control": "no-store" },
  });
}
