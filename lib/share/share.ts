import path from "node:path";
import { z } from "zod";
import type { ShareLink, Snapshot } from "@/lib/api/shapes";
import { InvalidInputError, NotFoundError } from "@/lib/errors";
import { longDuration } from "@/lib/units";
import { shareSecret, dataDir } from "@/lib/share/secret";
import { buildSnapshot, type SnapshotSource } from "@/lib/share/snapshot";
import { SnapshotFiles } from "@/lib/share/snapshots";
import { newShareId, signShareToken, tokenFailureStatus, verifyShareToken, type TokenFailure } from "@/lib/share/token";

const DAY = 86_400_000;

/** The body of `POST /api/share`. `ttl` and `range` are durations ("7d", "1h") or milliseconds. */
export const shareRequest = z.strictObject({
  service: z.string().regex(/^[a-z0-9-]+$/, "expected a service id").max(64).optional(),
  range: z.string().max(16).optional(),
  ttl: longDuration.pipe(z.number().min(1_000, "ttl must be at least 1s").max(30 * DAY, "ttl must be at most 30d")).optional(),
});

/** Where snapshots are kept: saved and loaded by id and expiry. */
export type SnapshotStore = Pick<SnapshotFiles, "save" | "load">;

// Instances sharing a database keep snapshots there (lib/cluster); route bundles share it via globalThis.
const SHARED = Symbol.for("depwatch.sharedSnapshots");
type Holder = { [SHARED]?: SnapshotStore };

/** Keeps snapshots in `store` instead of files, so every instance behind a load balancer opens every link. */
export function keepSnapshotsIn(store: SnapshotStore | undefined): void {
  (globalThis as Holder)[SHARED] = store;
}

/** The shared snapshot store when one is set, else the snapshot files under `DEPWATCH_DATA`. */
export function snapshotFiles(env: Record<string, string | undefined> = process.env): SnapshotStore {
  return (globalThis as Holder)[SHARED] ?? new SnapshotFiles(path.join(dataDir(env), "shares"));
}

/**
 * Freezes the status (of one service, or all) into a snapshot file and answers a signed link that
 * expires after `ttl` (default 7 days, at most 30).
 */
export async function createShare(source: SnapshotSource & { has(id: string): boolean }, body: unknown, origin: string, now = Date.now()): Promise<ShareLink> {
  const req = shareRequest.parse(body ?? {});
  if (req.service !== undefined && !source.has(req.service)) throw new NotFoundError(`unknown service "${req.service}"`);
  const rangeMs = req.range === undefined ? 3_600_000 : longDuration.safeParse(req.range).data;
  if (rangeMs === undefined || rangeMs <= 0 || rangeMs > 30 * DAY) throw new InvalidInputError(`range: expected a duration up to 30d like "1h", got ${JSON.stringify(req.range)}`);
  // Whole seconds, because the token carries the expiry in seconds.
  const expiresAt = Math.floor((now + (req.ttl ?? 7 * DAY)) / 1000) * 1000;
  const id = newShareId();
  const snapshot = await buildSnapshot(source, { service: req.service, range: req.range, rangeMs, expiresAt, now });
  await snapshotFiles().save(id, snapshot, now);
  const token = signShareToken(shareSecret(), { id, expiresAt });
  return { url: `${origin}/share/${token}`, token, expiresAt: snapshot.expiresAt };
}

/** A share token resolved: its snapshot, or why not with the HTTP status to answer. */
export type OpenedShare = { ok: true; snapshot: Snapshot } | { ok: false; status: 404 | 410; reason: TokenFailure | "missing" };

/** Verifies a token and loads its snapshot. */
export async function openShare(token: string, now = Date.now()): Promise<OpenedShare> {
  const check = verifyShareToken(shareSecret(), token, now);
  if (!check.ok) return { ok: false, status: tokenFailureStatus(check.reason), reason: check.reason };
  const snapshot = await snapshotFiles().load(check.id, check.expiresAt);
  return snapshot ? { ok: true, snapshot } : { ok: false, status: 404, reason: "missing" };
}
