import pg from "pg";
import type { CheckRecord } from "@/lib/model";
import type { ServiceCounters } from "@/lib/model";
import type { AlertNews } from "@/lib/runtime/alerting";
import type { FedCheck } from "@/lib/store/postgres-feed";

/** The channels instances talk on. */
export const CHECKS_CHANNEL = "depwatch_checks";
/** See {@link CHECKS_CHANNEL}. */
export const CONTROL_CHANNEL = "depwatch_control";

/** A check as relayed between instances, with the counters it left. */
export interface RelayedCheck {
  check: CheckRecord;
  counters: ServiceCounters;
}

/** A control message between instances (hand-overs, check-now on another instance, alerting news). */
export type ControlMessage =
  | { type: "released"; from: string }
  | { type: "alerts"; from: string; news: AlertNews }
  | { type: "check"; from: string; req: string; service: string }
  | { type: "checked"; from: string; to: string; req: string; item?: RelayedCheck; error?: string };

/** What the relay needs, passed in. */
export interface RelayOptions {
  url: string;
  pool: pg.Pool;
  instanceId: string;
  /** LISTEN/NOTIFY; false polls only (e.g. behind a transaction-pooling proxy). */
  notify: boolean;
  /** The polling fallback's source: stored checks after an id. */
  feed: (afterId: number) => Promise<FedCheck[]>;
  onChecks: (items: RelayedCheck[]) => void;
  onControl: (msg: ControlMessage) => void;
  onError?: (err: unknown) => void;
  /** Polling period, ms (default 200). */
  pollMs?: number;
}

// NOTIFY payloads must stay under 8,000 bytes.
const MAX_PAYLOAD = 7_500;
const BATCH_MS = 15;
// Writers batch their writes, so a poll re-reads a few seconds back and drops ids already seen.
const LOOKBACK_IDS = 5_000 * 1024;

/**
 * Pushes every finished check to the other instances and hears theirs (README.md "Several
 * instances"): NOTIFY on a shared channel, batched for a few ms; a listener connection receives.
 * Without notifications (refused, lost, or switched off) it polls the stored checks instead, and
 * a listener that reconnects catches up from the store first.
 */
export class Relay {
  private listener?: pg.Client;
  private outbox: RelayedCheck[] = [];
  private flushTimer?: ReturnType<typeof setTimeout>;
  private pollTimer?: ReturnType<typeof setInterval>;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private cursor = Date.now() * 1024;
  private readonly seen = new Set<number>();
  private polling?: Promise<void>;
  private stopped = false;

  constructor(private readonly o: RelayOptions) {}

  /** How checks arrive now. */
  get mode(): "notify" | "polling" {
    return this.listener ? "notify" : "polling";
  }

  /** Starts listening (or polling when notifications are off or refused). */
  async start(): Promise<void> {
    if (this.o.notify) await this.listen();
    if (!this.listener) this.startPolling();
  }

  /** Sends a finished check to the other instances (batched). */
  publish(item: RelayedCheck): void {
    if (this.stopped || !this.o.notify) return;
    this.outbox.push(item);
    this.flushTimer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Sends a control message; resolves once the database took it. */
  async control(msg: ControlMessage): Promise<void> {
    await this.o.pool.query("SELECT pg_notify($1, $2)", [CONTROL_CHANNEL, JSON.stringify(msg)]);
  }

  /** Sends what is batched and stops listening and polling. */
  async stop(): Promise<void> {
    this.flush();
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    await this.polling;
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
  }

  private flush(): void {
    this.flushTimer = undefined;
    const items = this.outbox;
    this.outbox = [];
    let batch: string[] = [];
    let size = 0;
    const send = () => {
      if (batch.length === 0) return;
      const payload = `{"from":${JSON.stringify(this.o.instanceId)},"items":[${batch.join(",")}]}`;
      batch = [];
      size = 0;
      this.o.pool.query("SELECT pg_notify($1, $2)", [CHECKS_CHANNEL, payload]).catch((err: unknown) => this.o.onError?.(err));
    };
    for (const item of items) {
      let text = JSON.stringify(item);
      // A check too big for one notification travels without its attempt messages.
      if (text.length > MAX_PAYLOAD - 100) text = JSON.stringify({ ...item, check: { ...item.check, attempts: item.check.attempts.map(({ message: _m, ...a }) => a) } });
      if (size + text.length > MAX_PAYLOAD - 100) send();
      batch.push(text);
      size += text.length + 1;
    }
    send();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.o.url });
    client.on("notification", (n) => this.receive(n.channel, n.payload));
    client.on("error", (err) => this.lost(client, err));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHECKS_CHANNEL}; LISTEN ${CONTROL_CHANNEL}`);
    } catch (err) {
      this.o.onError?.(err);
      await client.end().catch(() => undefined);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    // Whatever was stored while nobody listened arrives from the store once.
    void this.poll();
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.listener !== client || this.stopped) return;
    this.listener = undefined;
    if (err) this.o.onError?.(err);
    void client.end().catch(() => undefined);
    this.startPolling();
    this.reconnectTimer = setTimeout(() => void this.listen(), 2_000);
    this.reconnectTimer.unref();
  }

  private startPolling(): void {
    if (this.pollTimer || this.stopped) return;
    this.pollTimer = setInterval(() => void this.poll(), this.o.pollMs ?? 200);
    this.pollTimer.unref();
  }

  private poll(): Promise<void> {
    this.polling ??= (async () => {
      try {
        const fed = await this.o.feed(this.cursor - LOOKBACK_IDS);
        const fresh = fed.filter((f) => f.counters && !this.seen.has(f.check.id));
        for (const f of fed) {
          this.seen.add(f.check.id);
          this.cursor = Math.max(this.cursor, f.check.id);
        }
        for (const id of this.seen) if (id < this.cursor - 2 * LOOKBACK_IDS) this.seen.delete(id);
        if (fresh.length > 0) this.o.onChecks(fresh.map((f) => ({ check: f.check, counters: f.counters! })));
      } catch (err) {
        this.o.onError?.(err);
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  private receive(channel: string, payload: string | undefined): void {
    if (!payload) return;
    try {
      if (channel === CHECKS_CHANNEL) {
        const msg = JSON.parse(payload) as { from: string; items: RelayedCheck[] };
        if (msg.from === this.o.instanceId) return;
        for (const i of msg.items) this.seen.add(i.check.id);
        this.o.onChecks(msg.items);
      } else if (channel === CONTROL_CHANNEL) {
        const msg = JSON.parse(payload) as ControlMessage;
        if (msg.from !== this.o.instanceId) this.o.onControl(msg);
      }
    } catch (err) {
      this.o.onError?.(err);
    }
  }
}
