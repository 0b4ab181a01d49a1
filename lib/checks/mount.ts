import { realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { classifyError, errorCode } from "@/lib/checks/classify";
import { checkReadable, checkSpace, checkWritable } from "@/lib/checks/mount/fs-probes";
import { mountAt, mountContaining, readMountInfo } from "@/lib/checks/mount/mountinfo";
import type { CheckType } from "@/lib/checks/types";
import { bytes } from "@/lib/units";
import type { ProbeResult } from "@/lib/model";

const schema = z.strictObject({
  type: z.literal("mount"),
  path: z.string().startsWith("/", "expected an absolute path"),
  fsType: z.string().min(1).optional(),
  mountPoint: z.boolean().default(true),
  readable: z.boolean().default(true),
  writable: z.boolean().default(false),
  minFreeBytes: bytes.optional(),
  minFreeInodes: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  marker: z
    .string()
    .min(1)
    .refine((m) => !m.startsWith("/") && !m.split("/").includes(".."), "expected a file name under path, without .. or a leading /")
    .optional(),
});

type MountConfig = z.infer<typeof schema>;

/** Whether `path` exists; false only for "no such file", other errors are thrown. */
async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    const code = errorCode(err);
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw err;
  }
}

/** Is it the right mount? A problem here stops the check before it reads or writes the wrong filesystem. */
async function checkIdentity(config: MountConfig, real: string, notes: string[]): Promise<string | undefined> {
  if (!config.mountPoint && config.fsType === undefined) return undefined;
  const entries = await readMountInfo();
  const at = mountAt(entries, real);
  const holder = at ?? mountContaining(entries, real);
  if (config.mountPoint && !at) {
    const where = holder ? ` (it lies on ${holder.mountPoint}, ${holder.fsType})` : "";
    return `${config.path} is not a mount point${where}`;
  }
  if (config.fsType !== undefined && holder?.fsType !== config.fsType) {
    return `${config.path} is ${holder?.fsType ?? "on an unknown filesystem"}, expected ${config.fsType}`;
  }
  notes.push(at ? `${at.fsType} mount point` : `on ${holder?.fsType ?? "unknown"}`);
  return undefined;
}

async function run(config: MountConfig): Promise<ProbeResult> {
  const path = config.path;
  if (!(await exists(path))) return { outcome: "assertion", message: `path ${path} does not exist` };
  // Symlinks (/var/run → /run) must be resolved to match mountinfo's mount points.
  const real = await realpath(path);
  const isDirectory = (await stat(real)).isDirectory();
  const notes: string[] = [];
  const wrongMount = await checkIdentity(config, real, notes);
  if (wrongMount !== undefined) return { outcome: "assertion", message: wrongMount };

  const problems: string[] = [];
  if (config.readable) {
    const p = await checkReadable(path, isDirectory);
    if (p !== undefined) problems.push(p);
    else notes.push("readable");
  }
  if (config.writable) {
    const p = await checkWritable(path, isDirectory);
    if (p !== undefined) problems.push(p);
    else notes.push("writable");
  }
  if (config.minFreeBytes !== undefined || config.minFreeInodes !== undefined) {
    const space = await checkSpace(path, config.minFreeBytes, config.minFreeInodes);
    problems.push(...space.problems);
    notes.push(...space.notes);
  }
  if (config.marker !== undefined) {
    const marker = join(path, config.marker);
    if (!(await exists(marker))) problems.push(`marker file ${marker} is missing`);
    else notes.push(`marker ${config.marker} present`);
  }
  if (problems.length > 0) return { outcome: "assertion", message: problems.join("; ") };
  return { outcome: "ok", message: `${path}: ${notes.join(", ") || "exists"}` };
}

/** Rejects with the signal's reason when it aborts first. The fs call itself cannot be cancelled and finishes in the background. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Host path: a mount point of the expected type, readable, writable, with free space, inodes and a marker file. */
export const mountCheck: CheckType<MountConfig> = {
  type: "mount",
  schema,
  target: (c) => c.path,
  async probe(config, { signal }) {
    if (signal.aborted) return classifyError(signal.reason, signal);
    try {
      // A hung NFS server blocks stat() in the kernel; the attempt still ends on time.
      return await untilAborted(run(config), signal);
    } catch (err) {
      return classifyError(err, signal);
    }
  },
};
