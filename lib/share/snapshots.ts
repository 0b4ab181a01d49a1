import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Snapshot } from "@/lib/api/shapes";

const ID_RE = /^[A-Za-z0-9_-]{22}$/;

/**
 * Frozen snapshots, one JSON file each under `<DEPWATCH_DATA>/shares/`, named
 * `<expiry seconds>.<id>.json`: the expiry in the name lets pruning skip reading files, and the
 * verified token carries both parts, so a lookup is one open, never a directory scan.
 */
export class SnapshotFiles {
  constructor(private readonly dir: string) {}

  private file(id: string, expiresAt: number): string {
    if (!ID_RE.test(id)) throw new Error("invalid snapshot id");
    return path.join(this.dir, `${Math.floor(expiresAt / 1000)}.${id}.json`);
  }

  /** Writes a snapshot (atomically: temp file, then rename) and prunes expired ones. */
  async save(id: string, snapshot: Snapshot, now = Date.now()): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.file(id, Date.parse(snapshot.expiresAt));
    const tmp = `${target}.tmp`;
    await writeFile(tmp, JSON.stringify(snapshot), { mode: 0o600 });
    await rename(tmp, target);
    await this.prune(now);
  }

  /** The snapshot of a verified token, or undefined when it is gone (pruned, data dir wiped). */
  async load(id: string, expiresAt: number): Promise<Snapshot | undefined> {
    try {
      return JSON.parse(await readFile(/*turbopackIgnore: true*/ this.file(id, expiresAt), "utf8")) as Snapshot;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
  }

  /** Deletes every snapshot whose expiry has passed; returns how many. */
  async prune(now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      const m = /^(\d+)\.[A-Za-z0-9_-]{22}\.json$/.exec(name);
      if (!m || Number(m[1]) * 1000 > now) continue;
      await unlink(path.join(this.dir, name)).catch(() => undefined);
      removed++;
    }
    return removed;
  }
}
