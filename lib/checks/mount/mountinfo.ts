import { readFile } from "node:fs/promises";

/** One line of /proc/self/mountinfo, with the fields this check uses (escapes undone). */
export interface MountInfoEntry {
  mountPoint: string;
  fsType: string;
  source: string;
  /** Per-mount options such as `ro` or `rw,noatime`. */
  options: string;
}

/** Undoes the kernel's octal escapes in mountinfo fields (`\040` space, `\011` tab, `\012` newline, `\134` backslash). */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/**
 * Parses mountinfo text (see proc(5)): fields 5 and 6 are the mount point and options; after the
 * optional fields and a lone `-` come the filesystem type and the source.
 */
export function parseMountInfo(text: string): MountInfoEntry[] {
  const entries: MountInfoEntry[] = [];
  for (const line of text.split("\n")) {
    const fields = line.split(" ");
    const sep = fields.indexOf("-", 6);
    const mountPoint = fields[4];
    const fsType = sep > 0 ? fields[sep + 1] : undefined;
    if (mountPoint === undefined || fsType === undefined) continue;
    entries.push({
      mountPoint: unescapeMountField(mountPoint),
      fsType: unescapeMountField(fsType),
      source: unescapeMountField(fields[sep + 2] ?? ""),
      options: fields[5] ?? "",
    });
  }
  return entries;
}

/** The mount whose mount point is exactly `path`; the last one wins, as a later mount hides an earlier one. */
export function mountAt(entries: readonly MountInfoEntry[], path: string): MountInfoEntry | undefined {
  return entries.findLast((e) => e.mountPoint === path);
}

function contains(mountPoint: string, path: string): boolean {
  return mountPoint === "/" || path === mountPoint || path.startsWith(`${mountPoint}/`);
}

/** The mount that holds `path` (an absolute, resolved path): the longest containing mount point, last one winning. */
export function mountContaining(entries: readonly MountInfoEntry[], path: string): MountInfoEntry | undefined {
  let best: MountInfoEntry | undefined;
  for (const e of entries) {
    if (contains(e.mountPoint, path) && (best === undefined || e.mountPoint.length >= best.mountPoint.length)) best = e;
  }
  return best;
}

/** Reads this process's mount table; the process's own namespace is what its paths resolve through. */
export async function readMountInfo(file = "/proc/self/mountinfo"): Promise<MountInfoEntry[]> {
  return parseMountInfo(await readFile(/*turbopackIgnore: true*/ file, "utf8"));
}
