import { Client } from "undici";
import { z } from "zod";
import { dockerSocketPath, pickApiVersion } from "@/lib/checks/docker/engine";

const containerSchema = z.object({
  Id: z.string(),
  Names: z.array(z.string()).nullable().default([]),
  Labels: z.record(z.string(), z.string()).nullable().default({}),
  State: z.string().default(""),
  Status: z.string().default(""),
});

/** One container as `GET /containers/json?all=1` lists it. */
export type ContainerSummary = z.infer<typeof containerSchema>;

/** Options of a watch on one Docker daemon. */
export interface DockerWatchOptions {
  socket?: string;
  /** Called with every container after each full list (the first one, and after events). */
  onContainers: (containers: ContainerSummary[]) => void;
  /** Called when the stream breaks, with the cause; a reconnect follows. */
  onError?: (message: string) => void;
  /** Quiet time after an event before the list is read again (events come in bursts). */
  settleMs?: number;
  /** First wait before reconnecting; doubles up to `maxReconnectMs`. */
  reconnectMs?: number;
  maxReconnectMs?: number;
}

/** Counters that show the watch's cost: one stream per connection, one list per burst of events. */
export interface DockerWatchStats {
  streams: number;
  lists: number;
  events: number;
}

/**
 * Follows the containers of one Docker daemon with a single `/events` stream (containers only);
 * each burst of events, and every (re)connection, is followed by one full list, so nothing
 * missed while disconnected stays missed (README.md, "Point depwatch at your Compose project").
 */
export class DockerWatch {
  readonly stats: DockerWatchStats = { streams: 0, lists: 0, events: 0 };
  private readonly socket: string;
  private readonly abort = new AbortController();
  // Two connections: the event stream holds one for as long as it lives.
  private clients: Client[] = [];
  private settle?: ReturnType<typeof setTimeout>;
  private running?: Promise<void>;

  constructor(private readonly options: DockerWatchOptions) {
    this.socket = dockerSocketPath(options.socket);
  }

  /** Starts following the daemon; reconnects by itself until stop(). */
  start(): void {
    this.running ??= this.loop();
  }

  /** Ends the stream and every timer. */
  async stop(): Promise<void> {
    this.abort.abort();
    clearTimeout(this.settle);
    await this.close();
    await this.running;
  }

  private async loop(): Promise<void> {
    let wait = this.options.reconnectMs ?? 1_000;
    while (!this.abort.signal.aborted) {
      const started = Date.now();
      try {
        await this.follow();
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.options.onError?.(err instanceof Error ? err.message : String(err));
      }
      // A connection that lived a while starts the backoff over.
      if (Date.now() - started > 30_000) wait = this.options.reconnectMs ?? 1_000;
      await this.pause(wait);
      wait = Math.min(wait * 2, this.options.maxReconnectMs ?? 30_000);
    }
  }

  /** Waits `ms`, or less when stop() is called meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.abort.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.abort.signal.addEventListener("abort", done, { once: true });
    });
  }

  private async close(): Promise<void> {
    const clients = this.clients;
    this.clients = [];
    await Promise.all(clients.map((c) => c.destroy().catch(() => undefined)));
  }

  private async follow(): Promise<void> {
    await this.close();
    // The events stream is idle for as long as nothing happens: no body timeout there.
    const stream = new Client("http://docker", { socketPath: this.socket, bodyTimeout: 0, headersTimeout: 10_000 });
    const client = new Client("http://docker", { socketPath: this.socket, bodyTimeout: 30_000, headersTimeout: 30_000 });
    this.clients = [stream, client];
    const signal = this.abort.signal;
    const version = await client.request({ method: "GET", path: "/version", signal });
    const v = pickApiVersion(await version.body.json().catch(() => undefined));
    const base = `/v${v}`;
    const filters = encodeURIComponent(JSON.stringify({ type: ["container"] }));
    const events = await stream.request({ method: "GET", path: `${base}/events?filters=${filters}`, signal });
    if (events.statusCode !== 200) throw new Error(`Docker answered HTTP ${events.statusCode} to /events: ${(await events.body.text()).slice(0, 200)}`);
    this.stats.streams++;
    // The stream is open before the list is read, so no change falls between the two.
    await this.list(client, base);
    let buffered = "";
    for await (const chunk of events.body) {
      buffered += (chunk as Buffer).toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      const n = lines.filter((l) => l.trim() !== "").length;
      if (n === 0) continue;
      this.stats.events += n;
      clearTimeout(this.settle);
      this.settle = setTimeout(() => void this.list(client, base).catch((err: unknown) => this.options.onError?.(String(err))), this.options.settleMs ?? 200);
    }
    throw new Error("the Docker event stream ended");
  }

  private async list(client: Client, base: string): Promise<void> {
    this.stats.lists++;
    const res = await client.request({ method: "GET", path: `${base}/containers/json?all=1`, signal: this.abort.signal });
    if (res.statusCode !== 200) throw new Error(`Docker answered HTTP ${res.statusCode} to the container list`);
    const parsed = z.array(containerSchema).safeParse(await res.body.json());
    if (!parsed.success) throw new Error("Docker answered the container list with an unexpected body");
    this.options.onContainers(parsed.data);
  }
}
