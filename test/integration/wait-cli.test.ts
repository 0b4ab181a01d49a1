import { spawn } from "node:child_process";
import type { Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePort, openPort, readyStackConfig } from "@/test/fixtures/ready-stack";
import { freePort, startServer, type TestServer } from "@/test/fixtures/server";

// `depwatch wait` run as a real process against a real server (needs a production build, see
// test/fixtures/server.ts). The server requires a token, so the token handling is exercised too.
const root = join(import.meta.dirname, "..", "..");
const TOKEN = "wait-cli-test-token";
let server: TestServer;
let dbPort: number;
let listener: Server | undefined;

interface Run {
  code: number | null;
  stderr: string;
}

/** Runs a command in the repo; `onStderr` sees the output as it arrives. */
function run(cmd: string, args: string[], env: Record<string, string> = {}, onStderr?: (text: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, DEPWATCH_TOKEN: TOKEN, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr);
    });
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, stderr }));
  });
}

const depwatch = (args: string[], env?: Record<string, string>, onStderr?: (text: string) => void) => run(process.execPath, ["bin/depwatch.mjs", ...args], env, onStderr);

beforeAll(async () => {
  dbPort = await freePort();
  server = await startServer({ config: readyStackConfig(dbPort, await freePort()), env: { DEPWATCH_TOKEN: TOKEN } });
});

afterAll(async () => {
  await closePort(listener);
  await server?.stop();
});

describe("depwatch wait, before the dependencies are up", () => {
  it.each<{ name: string; args: () => string[]; env: Record<string, string>; code: number; says: RegExp }>([
    { name: "an unknown service", args: () => ["wait", "no-such-service", "--url", server.url, "--timeout", "10s"], env: {}, code: 1, says: /unknown service "no-such-service".*404/ },
    { name: "a missing token", args: () => ["wait", "web", "--url", server.url, "--timeout", "10s"], env: { DEPWATCH_TOKEN: "" }, code: 1, says: /token.*HTTP 401/ },
    { name: "a missing service id", args: () => ["wait", "--url", server.url], env: {}, code: 1, says: /missing <service-id>[\s\S]*Usage: depwatch wait/ },
    { name: "a malformed duration", args: () => ["wait", "web", "--url", server.url, "--timeout", "soon"], env: {}, code: 1, says: /--timeout: expected a duration/ },
    { name: "an unknown command", args: () => ["wiat"], env: {}, code: 1, says: /unknown command "wiat"[\s\S]*wait/ },
    { name: "a timeout while waiting", args: () => ["wait", "web", "--url", server.url, "--timeout", "1s", "--interval", "200ms"], env: {}, code: 124, says: /waiting for db \(\w+\), api[\s\S]*timed out after 1s waiting for web; still waiting for db/ },
  ])("exits $code on $name", async ({ args, env, code, says }) => {
    const r = await depwatch(args(), env);
    expect(r.stderr).toMatch(says);
    expect(r.code).toBe(code);
  });

  it("waits on a dashboard that is not listening yet and times out with 124", async () => {
    const r = await depwatch(["wait", "web", "--url", `http://127.0.0.1:${await freePort()}`, "--timeout", "600ms", "--interval", "200ms"]);
    expect(r.stderr).toMatch(/not reachable yet \(connection refused\); waiting/);
    // Printed once, not once per poll.
    expect(r.stderr.match(/not reachable yet/g)).toHaveLength(1);
    expect(r.code).toBe(124);
  });
});

describe("depwatch wait, when the dependencies come up", () => {
  it("exits 0 once a dependency becomes ready while it waits", async () => {
    let opened = false;
    const r = await depwatch(["wait", "web", "--url", server.url, "--timeout", "20s", "--interval", "200ms"], {}, (text) => {
      // Open the port only once the command has reported that it waits.
      if (!opened && text.includes("is waiting for")) {
        opened = true;
        void openPort(dbPort).then((s) => (listener = s));
      }
    });
    expect(opened).toBe(true);
    expect(r.stderr).toMatch(/web is waiting for db/);
    expect(r.stderr).toMatch(/web is ready: db \((up|degraded)\), api \((up|degraded)\)/);
    expect(r.code).toBe(0);
  });

  it.each([
    { form: "node bin/depwatch.mjs", cmd: process.execPath, pre: ["bin/depwatch.mjs"] },
    { form: "npm run depwatch --", cmd: "npm", pre: ["run", "-s", "depwatch", "--"] },
    // --no: resolve the repo's own bin, never ask the registry.
    { form: "npx depwatch", cmd: "npx", pre: ["--no", "depwatch"] },
  ])("exits 0 when ready, run as `$form wait …`", async ({ cmd, pre }) => {
    const r = await run(cmd, [...pre, "wait", "web", "--url", server.url, "--timeout", "10s"]);
    expect(r.stderr).toMatch(/web is ready/);
    expect(r.code).toBe(0);
  });
});
