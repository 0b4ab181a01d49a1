import { describe, expect, it } from "vitest";
import { dockerSocketPath, pickApiVersion } from "@/lib/checks/docker/engine";
import { inspectSchema, judgeState } from "@/lib/checks/docker/inspect";
import { mountAt, mountContaining, parseMountInfo } from "@/lib/checks/mount/mountinfo";
import { parseConfig } from "@/lib/config/load";

describe("dockerSocketPath", () => {
  it.each([
    { configured: "/run/user/1000/docker.sock", env: { DOCKER_HOST: "unix:///other.sock" }, want: "/run/user/1000/docker.sock" },
    { configured: "unix:///srv/docker.sock", env: {}, want: "/srv/docker.sock" },
    { configured: undefined, env: { DOCKER_HOST: "unix:///run/docker.sock" }, want: "/run/docker.sock" },
    { configured: undefined, env: { DOCKER_HOST: "tcp://10.0.0.1:2375" }, want: "/var/run/docker.sock" },
    { configured: undefined, env: {}, want: "/var/run/docker.sock" },
  ])("$configured with DOCKER_HOST=$env.DOCKER_HOST → $want", ({ configured, env, want }) => {
    expect(dockerSocketPath(configured, env as NodeJS.ProcessEnv)).toBe(want);
  });
});

describe("pickApiVersion", () => {
  it.each([
    { body: { ApiVersion: "1.41", MinAPIVersion: "1.12" }, want: "1.41" },
    { body: { ApiVersion: "1.49", MinAPIVersion: "1.24" }, want: "1.41" },
    { body: { ApiVersion: "1.52", MinAPIVersion: "1.44" }, want: "1.44" },
    { body: { ApiVersion: "1.40", MinAPIVersion: "1.12" }, want: "1.40" },
    { body: "not json", want: "1.41" },
  ])("daemon $body → $want", ({ body, want }) => {
    expect(pickApiVersion(body)).toBe(want);
  });
});

describe("judgeState", () => {
  const base = { Id: "abc", RestartCount: 2, Mounts: null };
  it.each([
    { state: { Status: "running", Running: true, Health: { Status: "unhealthy", FailingStreak: 1, Log: [{ ExitCode: 7, Output: "" }] } }, want: "container api is unhealthy: 1 failing check, last: exit code 7" },
    { state: { Status: "paused", Running: true }, want: "container api is paused, not running" },
    { state: { Status: "exited", ExitCode: 137, OOMKilled: true }, want: "container api is exited with exit code 137 (killed for lack of memory)" },
  ])("$state.Status → $want", ({ state, want }) => {
    expect(judgeState("api", inspectSchema.parse({ ...base, State: state }), undefined).problem).toBe(want);
  });
});

describe("mountinfo", () => {
  const text = [
    "22 27 0:21 / /proc rw,relatime - proc proc rw",
    "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
    "40 27 0:40 / /mnt/my\\040share rw,relatime shared:5 master:2 - nfs4 srv:/exp\\040dir rw",
    "41 27 0:41 / /mnt/my\\040share ro,relatime - tmpfs tmpfs ro",
    "",
  ].join("\n");
  const entries = parseMountInfo(text);

  it("unescapes octal escapes and skips optional fields", () => {
    expect(entries[2]).toEqual({ mountPoint: "/mnt/my share", fsType: "nfs4", source: "srv:/exp dir", options: "rw,relatime" });
  });

  it("takes the last of stacked mounts, and the longest containing mount point", () => {
    expect(mountAt(entries, "/mnt/my share")?.fsType).toBe("tmpfs");
    expect(mountAt(entries, "/mnt")).toBeUndefined();
    expect(mountContaining(entries, "/mnt/my share/x")?.fsType).toBe("tmpfs");
    expect(mountContaining(entries, "/mnt/my sharex")?.fsType).toBe("ext4");
  });
});

describe("docker and mount checks in depwatch.yaml", () => {
  it("parses the SPEC's examples with their defaults", () => {
    const yaml = [
      "services:",
      "  - id: api-uploads",
      "    check: { type: docker, container: api, mounts: [{ destination: /data, rw: true }] }",
      "  - id: shared-fs",
      "    check: { type: mount, path: /mnt/shared, writable: true, minFreeBytes: 1GiB }",
    ].join("\n");
    const parsed = parseConfig(yaml, {} as NodeJS.ProcessEnv);
    if (!("config" in parsed)) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.config.services.map((s) => s.check)).toEqual([
      { type: "docker", container: "api", mounts: [{ destination: "/data", rw: true }] },
      { type: "mount", path: "/mnt/shared", writable: true, minFreeBytes: 1024 ** 3, mountPoint: true, readable: true },
    ]);
  });

  it("names the path and line of a misspelt mount field", () => {
    const parsed = parseConfig("services:\n  - id: c\n    check: { type: docker, container: api, mounts: [{ dest: /x }] }\n", {} as NodeJS.ProcessEnv);
    expect("issues" in parsed && parsed.issues.map((i) => `${i.path} (line ${i.line}): ${i.message}`)).toEqual([
      "services[0].check.mounts[0].destination (line 3): is required",
      "services[0].check.mounts[0].dest (line 3): unknown field",
    ]);
  });
});
