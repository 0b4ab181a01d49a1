import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** What a verified share token carries. */
export interface ShareClaims {
  /** 128 random bits, base64url: the snapshot's key. */
  id: string;
  /** Epoch milliseconds (whole seconds) after which the link is dead. */
  expiresAt: number;
}

/** Why a token was refused; `expired` is only said of an authentic token. */
export type TokenFailure = "malformed" | "bad_signature" | "expired";

/** The outcome of verifying a token. */
export type TokenCheck = ({ ok: true } & ShareClaims) | { ok: false; reason: TokenFailure };

const ID_RE = /^[A-Za-z0-9_-]{22}$/;
const MAC_RE = /^[A-Za-z0-9_-]{43}$/;
// Domain separation: a MAC made for anything else with the same secret never verifies here.
const CONTEXT = "depwatch-share.v1";

/** A fresh snapshot id: 16 bytes (128 bits) from the CSPRNG, base64url. */
export function newShareId(): string {
  return randomBytes(16).toString("base64url");
}

function mac(secret: Buffer, id: string, expSeconds: string): Buffer {
  return createHmac("sha256", secret).update(`${CONTEXT}.${id}.${expSeconds}`).digest();
}

/** Signs `id.expiry` with HMAC-SHA256: the token is `<id>.<expiry seconds>.<mac>`. */
export function signShareToken(secret: Buffer, claims: ShareClaims): string {
  if (!ID_RE.test(claims.id)) throw new Error("share id must be 22 base64url characters");
  const exp = String(Math.floor(claims.expiresAt / 1000));
  return `${claims.id}.${exp}.${mac(secret, claims.id, exp).toString("base64url")}`;
}

/**
 * Checks shape, then the signature in constant time, then the expiry; a token whose expiry was
 * edited fails as `bad_signature`, not `expired`.
 */
export function verifyShareToken(secret: Buffer, token: string, now = Date.now()): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, reason: "malformed" };
  const [id, exp, sig] = parts as [string, string, string];
  if (!ID_RE.test(id) || !/^\d{1,12}$/.test(exp) || !MAC_RE.test(sig)) return { ok: false, reason: "malformed" };
  // Compare the text, not decoded bytes: base64url has several spellings of the same last byte,
  // and a link that was changed must never verify.
  const given = Buffer.from(sig);
  const expected = Buffer.from(mac(secret, id, exp).toString("base64url"));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  const expiresAt = Number(exp) * 1000;
  if (now >= expiresAt) return { ok: false, reason: "expired" };
  return { ok: true, id, expiresAt };
}

/** The HTTP status for a refused token: 410 Gone once expired, 404 for anything not ours. */
export function tokenFailureStatus(reason: TokenFailure): 404 | 410 {
  return reason === "expired" ? 410 : 404;
}
