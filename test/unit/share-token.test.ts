import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { shareRefusal } from "@/lib/share/gate";
import { shareSecret } from "@/lib/share/secret";
import { SnapshotFiles } from "@/lib/share/snapshots";
import type { Snapshot } from "@/lib/api/shapes";
import { newShareId, signShareToken, tokenFailureStatus, verifyShareToken } from "@/lib/share/token";

const secret = Buffer.alloc(32, 7);
const other = Buffer.alloc(32, 8);
const now = Date.UTC(2025, 0, 1);
const id = newShareId();
const good = signShareToken(secret, { id, expiresAt: now + 60_000 });
const [gid, gexp, gmac] = good.split(".") as [string, string, string];
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "depwatch-share-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("share tokens", () => {
  it("makes 128-bit random ids", () => {
    const ids = new Set(Array.from({ length: 1000 }, newShareId));
    expect(ids.size).toBe(1000);
    for (const x of [...ids].slice(0, 10)) expect(Buffer.from(x, "base64url")).toHaveLength(16);
  });

  it("refuses a signature respelt in base64url that decodes to the same bytes", () => {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const last = good.at(-1) ?? "A";
    // A 32-byte MAC leaves 2 unused bits in its last character: flipping them keeps the bytes.
    const respelt = good.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
    const sig = (t: string) => t.split(".")[2] ?? "";
    expect(Buffer.from(sig(respelt), "base64url")).toEqual(Buffer.from(sig(good), "base64url"));
    expect(verifyShareToken(secret, respelt, now)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("accepts its own token and returns the claims", () => {
    expect(verifyShareToken(secret, good, now)).toEqual({ ok: true, id, expiresAt: Math.floor((now + 60_000) / 1000) * 1000 });
  });

  it.each([
    ["expired at the instant of expiry", good, now + 60_000, "expired"],
    ["expired long ago", good, now + 86_400_000, "expired"],
    ["signed with another secret", signShareToken(other, { id, expiresAt: now + 60_000 }), now, "bad_signature"],
    ["expiry pushed later", `${gid}.${Number(gexp) + 3600}.${gmac}`, now, "bad_signature"],
    ["expiry edited on an expired token", `${gid}.${Number(gexp) + 3600}.${gmac}`, now + 120_000, "bad_signature"],
    ["id changed", `${flip(gid, 3)}.${gexp}.${gmac}`, now, "bad_signature"],
    ["mac changed", `${gid}.${gexp}.${flip(gmac, 10)}`, now, "bad_signature"],
    ["mac truncated", `${gid}.${gexp}.${gmac.slice(0, 42)}`, now, "malformed"],
    ["mac missing", `${gid}.${gexp}`, now, "malformed"],
    ["extra part", `${good}.x`, now, "malformed"],
    ["non-numeric expiry", `${gid}.soon.${gmac}`, now, "malformed"],
    ["short id", `abc.${gexp}.${gmac}`, now, "malformed"],
    ["empty", "", now, "malformed"],
    ["path traversal in id", `../../../etc/passwd.${gexp}.${gmac}`, now, "malformed"],
  ])("refuses a token %s", (_name, token, at, reason) => {
    expect(verifyShareToken(secret, token, at)).toEqual({ ok: false, reason });
  });

  it.each([
    ["expired", 410],
    ["bad_signature", 404],
    ["malformed", 404],
  ] as const)("%s answers %i", (reason, status) => {
    expect(tokenFailureStatus(reason)).toBe(status);
  });
});

describe("share secret", () => {
  it("uses DEPWATCH_SHARE_SECRET when set and refuses a short one", () => {
    expect(shareSecret({ DEPWATCH_SHARE_SECRET: "0123456789abcdef-long" }).toString()).toBe("0123456789abcdef-long");
    expect(() => shareSecret({ DEPWATCH_SHARE_SECRET: "short" })).toThrow(/16 characters/);
  });

  it("otherwise creates a random secret file once (mode 0600) and keeps using it", () => {
    const dir = tempDir();
    const a = shareSecret({ DEPWATCH_DATA: dir });
    expect(a).toHaveLength(32);
    const file = join(dir, "share-secret");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "hex").equals(a)).toBe(true);
    expect(shareSecret({ DEPWATCH_DATA: dir }).equals(a)).toBe(true);
    // Another data dir, another secret.
    expect(shareSecret({ DEPWATCH_DATA: tempDir() }).equals(a)).toBe(false);
  });
});

describe("snapshot files", () => {
  const snap = (expiresAt: number): Snapshot => ({ version: 1, takenAt: new Date(now).toISOString(), expiresAt: new Date(expiresAt).toISOString(), status: { generatedAt: new Date(now).toISOString(), services: [], order: [] } });

  it("saves, loads by verified claims, and prunes expired ones", async () => {
    const files = new SnapshotFiles(join(tempDir(), "shares"));
    const keep = newShareId();
    const old = newShareId();
    await files.save(old, snap(now + 1_000), now);
    await files.save(keep, snap(now + 7 * 86_400_000), now);
    expect(await files.load(keep, now + 7 * 86_400_000)).toEqual(snap(now + 7 * 86_400_000));
    // Same id, another expiry (a forged claim could not get here, but the lookup still misses).
    expect(await files.load(keep, now + 1_000)).toBeUndefined();
    expect(await files.prune(now + 2_000)).toBe(1);
    expect(await files.load(old, now + 1_000)).toBeUndefined();
    expect(await files.load(keep, now + 7 * 86_400_000)).toBeDefined();
  });

  it("refuses an id that could escape the folder", async () => {
    const files = new SnapshotFiles(tempDir());
    await expect(files.load("../../etc/passwd", now)).rejects.toThrow(/invalid/);
  });
});

describe("share gate (in front of /share/<token>)", () => {
  it.each([
    ["/", undefined],
    ["/services/api", undefined],
    ["/share/not-a-token", 404],
    ["/share/a.b.c", 404],
  ])("%s → %s", (path, status) => {
    const res = shareRefusal(path, now);
    expect(res?.status).toBe(status);
  });

  it("passes a valid token, answers 410 with a page for an expired one", async () => {
    const dir = tempDir();
    const before = process.env.DEPWATCH_DATA;
    process.env.DEPWATCH_DATA = dir;
    try {
      const s = shareSecret();
      const token = signShareToken(s, { id: newShareId(), expiresAt: now + 1_000 });
      expect(shareRefusal(`/share/${token}`, now)).toBeUndefined();
      const res = shareRefusal(`/share/${token}`, now + 5_000);
      expect(res?.status).toBe(410);
      expect(res?.headers.get("content-type")).toMatch(/text\/html/);
      expect(await res?.text()).toContain("expired");
    } finally {
      if (before === undefined) delete process.env.DEPWATCH_DATA;
      else process.env.DEPWATCH_DATA = before;
    }
  });
});
