import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mountSmallDisk, type SmallDisk } from "@/test/fixtures/full-disk";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

let target: Server | undefined;
let disk: SmallDisk | undefined;
let server: TestServer | undefined;
const dirs: string[] = [];

afterAll(async () => {
  await server?.stop();
  disk?.dispose();
  target?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Health { status: string; storage: string }
interface Status { storage?: { status: string; backlog: number; error: string } }

describe("a data folder that cannot be opened", () => {
  it("stops the server with one clear line, not a 500 on every route", async () => {
    const dir = mkdtempSync(join(tmpdir(), "depwatch-nodata-"));
    dirs.push(dir);
    // A regular file where the folder should be: creating the folder fails, even for root.
    writeFileSync(join(dir, "file"), "");
    const err = await startServer({ dataDir: join(dir, "file", "data"), config: "services: []\n" }).then(
      async (s) => {
        await s.stop();
        return "";
      },
      (e: unknown) => String(e),
    );
    expect(err).toMatch(/server exited with 1/);
    expect(err).toMatch(/^depwatch: cannot open the data folder .*file\/data \(ENOTDIR: .*\); set DEPWATCH_DATA to a writable folder$/m);
    expect(err).not.toMatch(/^\s+at /m);
  }, 60_000);
});

describe("a store that fails mid-run (a real tmpfs filled to the last byte)", () => {
  it("says so on health, status, the banner and a metric, logs once, and recovers by itself", async () => {
    target = createServer((s) => s.end());
    await new Promise<void>((r) => target!.listen(0, "127.0.0.1", r));
    const port = (target.address() as { port: number }).port;
    disk = mountSmallDisk(8192);
    const services = Array.from({ length: 5 }, (_, i) => `  - id: s${i}\n    check: { type: tcp, url: "tcp://127.0.0.1:${port}" }\n    interval: 100ms\n    timeout: 100ms\n`).join("");
    server = await startServer({ dataDir: join(disk.dir, "data"), config: `services:\n${services}` });
    const running = server;
    const health = async () => (await (await fetch(`${running.url}/api/health`)).json()) as Health;
    expect(await health()).toMatchObject({ status: "ok", storage: "ok" });

    disk.fill();
    await waitFor(async () => ((await health()).storage === "failing" ? true : undefined), 20_000, "storage failing");
    expect((await fetch(`${running.url}/api/health`)).status).toBe(200);
    const status = (await (await fetch(`${running.url}/api/status`)).json()) as Status;
    expect(status.storage).toMatchObject({ status: "failing", error: expect.stringMatching(/full/) });
    expect(await (await fetch(`${running.url}/metrics`)).text()).toMatch(/^depwatch_storage_failing 1$/m);
    expect(await (await fetch(`${running.url}/`)).text()).toContain("History storage is failing");
    // Checks go on (5 services, 10 a second each) while the log stays quiet.
    await new Promise((r) => setTimeout(r, 2_000));
    const failingLines = running.output().split("\n").filter((l) => l.includes('"event":"store_write_'));
    expect(failingLines).toHaveLength(1);
    expect(failingLines[0]).toContain('"event":"store_write_failing"');

    disk.free();
    await waitFor(async () => ((await health()).storage === "ok" ? true : undefined), 20_000, "storage recovered");
    expect(running.output()).toContain('"event":"store_write_recovered"');
    expect(((await (await fetch(`${running.url}/api/status`)).json()) as Status).storage).toBeUndefined();
    expect(await (await fetch(`${running.url}/metrics`)).text()).toMatch(/^depwatch_storage_failing 0$/m);
    expect(await (await fetch(`${running.url}/`)).text()).not.toContain("History storage is failing");
  }, 90_000);
});
