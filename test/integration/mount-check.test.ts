import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountCheck } from "@/lib/checks/mount";
import type { ProbeResult } from "@/lib/model";

// Real mounts of the machine: /dev/shm is tmpfs, /proc is proc, /sys is sysfs (never writable).
// A directory made under /dev/shm is on tmpfs but is not itself a mount point.
let sub: string;

function probe(check: Record<string, unknown>, signal = AbortSignal.timeout(10_000)): Promise<ProbeResult> {
  return mountCheck.probe(mountCheck.schema.parse({ type: "mount", ...check }), { signal, timeoutMs: 10_000 });
}

beforeAll(async () => {
  sub = await mkdtemp("/dev/shm/depwatch-mount-");
  await writeFile(join(sub, ".ready"), "");
});

afterAll(async () => {
  await rm(sub, { recursive: true, force: true });
});

describe("mount check on real mounts", () => {
  it("passes for a writable tmpfs mount point with room, and leaves no probe file behind", async () => {
    const r = await probe({ path: "/dev/shm", fsType: "tmpfs", writable: true, minFreeBytes: "1MiB", minFreeInodes: 10 });
    expect(r.outcome).toBe("ok");
    expect(r.message).toMatch(/^\/dev\/shm: tmpfs mount point, readable, writable, [\d.]+ \w+ free, \d+ inodes free$/);
    expect((await readdir("/dev/shm")).filter((f) => f.startsWith(".depwatch-probe-"))).toEqual([]);
  });

  it.each([
    { path: "/proc", fsType: "proc" },
    { path: "/dev/shm", fsType: "tmpfs" },
  ])("matches the filesystem type of $path ($fsType)", async (check) => {
    expect((await probe(check)).outcome).toBe("ok");
  });

  it("passes for a plain directory when mountPoint is off, writing and finding the marker there", async () => {
    const r = await probe({ path: sub, mountPoint: false, fsType: "tmpfs", writable: true, marker: ".ready" });
    expect(r).toEqual({ outcome: "ok", message: `${sub}: on tmpfs, readable, writable, marker .ready present` });
    expect(await readdir(sub)).toEqual([".ready"]);
  });

  // SUB stands for the temp directory, made only once the tests run.
  const cases: { name: string; check: Record<string, unknown>; message: string | RegExp }[] = [
    { name: "a filesystem type mismatch", check: { path: "/dev/shm", fsType: "ext4" }, message: "/dev/shm is tmpfs, expected ext4" },
    { name: "a directory that is not a mount point", check: { path: "SUB" }, message: "SUB is not a mount point (it lies on /dev/shm, tmpfs)" },
    { name: "a missing path", check: { path: "/nonexistent/depwatch-test" }, message: "path /nonexistent/depwatch-test does not exist" },
    { name: "a missing marker file", check: { path: "SUB", mountPoint: false, marker: "sub/.mounted" }, message: "marker file SUB/sub/.mounted is missing" },
    { name: "a minimum of inodes it cannot have", check: { path: "/dev/shm", minFreeInodes: 1e15 }, message: /^\/dev\/shm has \d+ free inodes, expected at least 1000000000000000$/ },
    { name: "a minimum of free bytes it cannot have", check: { path: "/dev/shm", minFreeBytes: "1000TiB" }, message: /^\/dev\/shm has [\d.]+ \w+ free, expected at least 1000 TiB$/ },
    { name: "a filesystem that refuses writes", check: { path: "/sys", writable: true }, message: /^\/sys is not writable: [a-z -]+ \((EACCES|EROFS|EPERM)\)$/ },
  ];
  it.each(cases)("fails for $name, naming what is wrong", async ({ check, message }) => {
    const r = await probe({ ...check, path: String(check.path).replace("SUB", sub) });
    const want = typeof message === "string" ? message.replace("SUB", sub) : expect.stringMatching(message);
    expect(r).toEqual({ outcome: "assertion", message: want });
  });

  it("lists every problem at once", async () => {
    const r = await probe({ path: "/dev/shm", minFreeBytes: "1000TiB", marker: "absent" });
    expect(r.outcome).toBe("assertion");
    expect(r.message).toMatch(/free, expected at least 1000 TiB; marker file \/dev\/shm\/absent is missing$/);
  });

  it("ends as a timeout when the attempt's signal has fired", async () => {
    const r = await probe({ path: "/dev/shm" }, AbortSignal.abort(new DOMException("attempt timed out", "TimeoutError")));
    expect(r.outcome).toBe("timeout");
  });
});

describe("mount check config", () => {
  it.each([
    { check: { path: "relative/dir" }, why: "relative path" },
    { check: { path: "/mnt", marker: "../etc/passwd" }, why: "marker escaping the path" },
    { check: { path: "/mnt", minFreeBytes: "lots" }, why: "size without a unit" },
  ])("rejects a $why", ({ check }) => {
    expect(mountCheck.schema.safeParse({ type: "mount", ...check }).success).toBe(false);
  });

  it("sets the defaults and parses sizes", () => {
    expect(mountCheck.schema.parse({ type: "mount", path: "/mnt/shared", minFreeBytes: "1GiB" })).toEqual({
      type: "mount", path: "/mnt/shared", mountPoint: true, readable: true, writable: false, minFreeBytes: 1024 ** 3,
    });
  });
});
