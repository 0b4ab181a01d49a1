import { createHash, randomBytes } from "node:crypto";

/** Sessions kept at most; the oldest is ended first beyond it (README "Authentication"). */
export const MAX_SESSIONS = 10_000;

interface Session {
  /** Hash of the token the session was opened with: a changed token ends every session. */
  tokenHash: string;
  expiresAt: number;
}

// One table per process, shared by proxy.ts and the login/logout routes through globalThis
// (they are bundled separately). A restart ends every session.
const KEY = Symbol.for("depwatch.sessions");
type Holder = { [KEY]?: Map<string, Session> };

function table(): Map<string, Session> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Map());
}

const hash = (text: string): string => createHash("sha256").update(text, "utf8").digest("base64url");

/** Opens a session for this token and returns the cookie value: a random id, nothing derived from the token. */
export function createSession(token: string, maxAgeMs: number, now = Date.now()): string {
  const sessions = table();
  while (sessions.size >= MAX_SESSIONS) {
    const oldest = sessions.keys().next().value;
    if (oldest === undefined) break;
    sessions.delete(oldest);
  }
  const value = `s1.${randomBytes(32).toString("base64url")}`;
  // Keyed by a hash of the cookie, so the table never holds a usable cookie value.
  sessions.set(hash(value), { tokenHash: hash(token), expiresAt: now + maxAgeMs });
  return value;
}

/** Whether a cookie value names a live session opened with this token. */
export function sessionValid(token: string, value: string, now = Date.now()): boolean {
  const key = hash(value);
  const session = table().get(key);
  if (!session) return false;
  if (session.expiresAt <= now) {
    table().delete(key);
    return false;
  }
  return session.tokenHash === hash(token);
}

/** Ends the session a cookie value names (logout); unknown values are ignored. */
export function endSession(value: string): void {
  table().delete(hash(value));
}
