import { createHash, timingSafeEqual } from "node:crypto";
import { sessionValid } from "@/lib/auth/sessions";

/**
 * Compares two strings in time that does not depend on where they differ. Both sides are hashed
 * first, so the comparison is always over 32 bytes and a length mismatch leaks nothing either.
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}

/** The name of the login cookie. */
export const SESSION_COOKIE = "depwatch_session";

/** How long a login lasts, seconds (30 days). */
export const SESSION_MAX_AGE_S = 30 * 86_400;

/** Whether a request's bearer header or login cookie carries the right credentials. */
export function credentialsOf(token: string, authorization: string | null | undefined, cookie: string | null | undefined): "bearer" | "cookie" | "wrong" | "none" {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "")?.[1]?.trim();
  if (bearer !== undefined) return safeEqual(bearer, token) ? "bearer" : "wrong";
  if (cookie) return sessionValid(token, cookie) ? "cookie" : "wrong";
  return "none";
}
