import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StatusView } from "@/lib/api/shapes";
import { startDockerd, TEST_IMAGE, type PrivateDockerd } from "@/test/fixtures/dockerd";
import { startServer, waitFor, type TestServer } from "@/test/fixtures/server";

// The production server with `discover: docker` on a private dockerd: discovered services in the
// API and on the pages, next to a service from the file.
let d: PrivateDockerd;
let server: TestServer;

beforeAll(async () => {
  d = await startDockerd();
  server = await startServer({
    config: `services:\n  - { id: from-file, check: { type: tcp, url: "tcp://127.0.0.1:1" } }\ndiscover: { docker: { socket: "${d.socket}" } }\n`,
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await d?.stop();
}, 60_000);

async function status(): Promise<StatusView> {
  return (await (await fetch(`${server.url}/api/status`)).json()) as StatusView;
}

describe("discovery in the running dashboard", () => {
  it("lists a discovered container in /api/status and /api/services/{id}, marked as discovered", async () => {
    await d.docker("run", "-d", "--name", "shop-cache-1", "--network", "none", "--label", "com.docker.compose.project=shop", "--label", "com.docker.compose.service=cache", "--label", "com.docker.compose.container-number=1", "--label", "com.docker.compose.oneoff=False", "--label", "com.docker.compose.depends_on=", TEST_IMAGE, "sleep", "600");
    const cache = await waitFor(async () => (await status()).services.find((s) => s.id === "shop-cache" && s.status === "up"), 15_000, "shop-cache up in /api/status");
    expect(cache).toMatchObject({ name: "cache", group: "shop", type: "docker", discovered: { by: "docker", container: "shop-cache-1", project: "shop", composeService: "cache" } });
    expect((await status()).services.find((s) => s.id === "from-file")?.discovered).toBeUndefined();
    const detail = (await (await fetch(`${server.url}/api/services/shop-cache`)).json()) as { discovered?: unknown };
    expect(detail.discovered).toEqual({ by: "docker", container: "shop-cache-1", project: "shop", composeService: "cache" });
  });

  it.each(["/", "/services/shop-cache"])("marks it on the page %s", async (path) => {
    const html = await (await fetch(`${server.url}${path}`)).text();
    expect(html).toMatch(/data-discovered="docker"[^>]*title="Discovered from Docker: Compose project shop, service cache, container shop-cache-1"/);
  });

  it("drops it from the API once the container is removed", async () => {
    await d.docker("rm", "-f", "shop-cache-1");
    await waitFor(async () => ((await status()).services.some((s) => s.id === "shop-cache") ? undefined : true), 15_000, "shop-cache gone");
    expect((await status()).services.map((s) => s.id)).toEqual(["from-file"]);
  });
});
