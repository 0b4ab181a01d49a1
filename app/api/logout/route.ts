import { SESSION_COOKIE } from "@/lib/auth/secret";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Clears the login cookie and goes back to the login form. */
export function POST(): Response {
  return new Response(null, {
    status: 303,
    headers: { location: "/login", "set-cookie": `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`, "cache-control": "no-store" },
  });
}
