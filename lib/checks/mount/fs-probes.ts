import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, open, opendir, statfs, unlink } from "node:fs/promises";
import { join } from "node:path";
import { errorCode } from "@/lib/checks/classify";

/**
 * Error codes that answer "no" to a readable/writable question. Any other code (EIO, ESTALE,
 * ENOTCONN) means the mount itself is broken and is rethrown, to be classified as an error.
 */
const REFUSALS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left",
  EDQUOT: "disk quota exceeded",
};

/** Only for writes: /proc, for one, answers ENOENT to any new file. */
const WRITE_REFUSALS: Record<string, string> = { ...REFUSALS, ENOENT: "cannot create files there" };

async function refusal(path: string, what: string, codes: Record<string, string>, op: () => Promise<void>): Promise<string | undefined> {
  try {
    await op();
    return undefined;
  } catch (err) {
    const code = errorCode(err);
    const text = code !== undefined ? codes[code] : undefined;
    if (text === undefined) throw err;
    return `${path} is not ${what}: ${text} (${code})`;
  }
}

/** Lists one entry of a directory (or reads a byte of a file), which reaches the filesystem itself; a problem or undefined. */
export function checkReadable(path: string, isDirectory: boolean): Promise<string | undefined> {
  return refusal(path, "readable", REFUSALS, async () => {
    if (isDirectory) {
      const dir = await opendir(path);
      try {
        await dir.read();
      } finally {
        await dir.close();
      }
    } else {
      const fh = await open(path, "r");
      try {
        await fh.read({ buffer: Buffer.alloc(1), length: 1 });
      } finally {
        await fh.close();
      }
    }
  });
}

/**
 * Creates, syncs and removes a probe file in a directory (a file is only checked for write access):
 * a read-only remount or a full disk shows up here. The probe file is removed on every path.
 */
export function checkWritable(path: string, isDirectory: boolean): Promise<string | undefined> {
  return refusal(path, "writable", WRITE_REFUSALS, async () => {
    if (!isDirectory) return access(path, constants.W_OK);
    const probe = join(path, `.depwatch-probe-${process.pid}-${randomBytes(4).toString("hex")}`);
    const fh = await open(probe, "wx");
    try {
      await fh.writeFile("depwatch write probe\n");
      // Some network filesystems report write errors only on sync or close.
      await fh.sync();
    } finally {
      await fh.close().catch(() => undefined);
      await unlink(probe);
    }
  });
}

const BYTE_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/** Formats a byte count with binary units ("23.5 GiB"). */
export function formatBytes(n: number): string {
  let v = n;
  let i = 0;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : Number(v.toFixed(1))} ${BYTE_UNITS[i]}`;
}

/** Free space and inodes against their minimums: problems, and notes for a passing message. */
export async function checkSpace(path: string, minFreeBytes: number | undefined, minFreeInodes: number | undefined): Promise<{ problems: string[]; notes: string[] }> {
  const out = { problems: [] as string[], notes: [] as string[] };
  const s = await statfs(path);
  if (minFreeBytes !== undefined) {
    // bavail, not bfree: blocks reserved for root are no use to the application.
    const free = s.bavail * s.bsize;
    if (free < minFreeBytes) out.problems.push(`${path} has ${formatBytes(free)} free, expected at least ${formatBytes(minFreeBytes)}`);
    else out.notes.push(`${formatBytes(free)} free`);
  }
  if (minFreeInodes !== undefined) {
    // Filesystems without a fixed inode table (btrfs, some FUSE) report zero files: nothing to compare.
    if (s.files === 0) out.notes.push("inode counts not reported");
    else if (s.ffree < minFreeInodes) out.problems.push(`${path} has ${s.ffree} free inodes, expected at least ${minFreeInodes}`);
    else out.notes.push(`${s.ffree} inodes free`);
  }
  return out;
}
