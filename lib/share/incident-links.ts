import path from "node:path";
import { dataDir, shareSecret } from "@/lib/share/secret";
import { buildSnapshot, type SnapshotSource } from "@/lib/share/snapshot";
import { SnapshotFiles } from "@/lib/share/snapshots";
import { newShareId, signShareToken } from "@/lib/share/token";

const WEEK = 7 * 86_400_000;

/** The dashboard's public address for links in notifications: `notify.baseUrl`, DEPWATCH_PUBLIC_URL, else localhost. */
export function publicBaseUrl(configured: string | undefined, env: Record<string, string | undefined> = process.env): string {
  const base = configured ?? env.DEPWATCH_PUBLIC_URL ?? `http://localhost:${env.PORT ?? "3000"}`;
  return base.replace(/\/+$/, "");
}

/**
 * The links a notification carries: the incident page, and a signed share snapshot of the root
 * service taken when the notification is queued (valid a week), so the message shows what was seen.
 */
export async function incidentLinks(source: SnapshotSource, base: string, incidentId: number, root: string, now = Date.now()): Promise<{ incident: string; share?: string }> {
  const incident = `${base}/incidents/${incidentId}`;
  try {
    const expiresAt = Math.floor((now + WEEK) / 1000) * 1000;
    const id = newShareId();
    const snapshot = await buildSnapshot(source, { service: root, range: "1h", rangeMs: 3_600_000, expiresAt, now });
    await new SnapshotFiles(path.join(dataDir(), "shares")).save(id, snapshot, now);
    return { incident, share: `${base}/share/${signShareToken(shareSecret(), { id, expiresAt })}` };
  } catch {
    // A snapshot that cannot be written must not hold the notification back.
    return { incident };
  }
}

/** The link maker the server hands the engine: incident page and snapshot under the public address. */
export function linkMaker(source: SnapshotSource, baseUrl: () => string | undefined): (inc: { id: number; root: string }) => Promise<{ incident: string; share?: string }> {
  return (inc) => incidentLinks(source, publicBaseUrl(baseUrl()), inc.id, inc.root);
}
