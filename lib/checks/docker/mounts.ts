import type { ContainerMount } from "@/lib/checks/docker/inspect";

/** One mount the container must have, as configured under `mounts:`. */
export interface MountExpectation {
  destination: string;
  source?: string;
  volume?: string;
  rw?: boolean;
}

/** What comparing expected mounts with the container's gives: failures, and named volumes still to look up. */
export interface MountVerdict {
  problems: string[];
  volumes: { name: string; destination: string }[];
}

function normalise(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, "") : p;
}

/**
 * Compares the configured mounts with those the Engine API reports, naming each mount that is
 * missing, has another source or volume, or has the wrong access mode.
 */
export function judgeMounts(expected: readonly MountExpectation[], actual: readonly ContainerMount[]): MountVerdict {
  const verdict: MountVerdict = { problems: [], volumes: [] };
  for (const want of expected) {
    const dest = normalise(want.destination);
    const got = actual.find((m) => normalise(m.Destination) === dest);
    if (!got) {
      verdict.problems.push(`mount ${dest} is missing`);
      continue;
    }
    if (want.source !== undefined && normalise(got.Source) !== normalise(want.source)) {
      verdict.problems.push(`mount ${dest} has source ${got.Source || "(none)"}, expected ${want.source}`);
    }
    if (want.volume !== undefined) {
      if (got.Type !== "volume") verdict.problems.push(`mount ${dest} is a ${got.Type || "non-volume"} mount, expected volume ${want.volume}`);
      else if (got.Name !== want.volume) verdict.problems.push(`mount ${dest} uses volume ${got.Name ?? "(anonymous)"}, expected volume ${want.volume}`);
    }
    if (want.rw === true && !got.RW) verdict.problems.push(`mount ${dest} is read-only, expected read-write`);
    if (want.rw === false && got.RW) verdict.problems.push(`mount ${dest} is read-write, expected read-only`);
    // A named volume can vanish under a container that still lists it (removed out of band, a
    // volume plugin that lost it); only the volumes API can tell.
    if (got.Type === "volume" && got.Name !== undefined && got.Name !== "") verdict.volumes.push({ name: got.Name, destination: dest });
  }
  return verdict;
}
