import type { ChannelConfig } from "@/lib/config/notify-schema";
import type { Logger } from "@/lib/log";
import { sendNotice } from "@/lib/notify/channels";
import { DeliveryError } from "@/lib/notify/channels/post";
import type { Notice } from "@/lib/notify/message";
import type { AlertStore, DeliveryRecord } from "@/lib/store/alert-types";

/** Retry policy of the delivery queue. */
export interface QueueOptions {
  store: AlertStore;
  /** The channels of the current config, by id. */
  channels: () => ReadonlyMap<string, ChannelConfig>;
  log?: Logger;
  /** Removes secrets from error texts before they are stored or logged. */
  scrub?: (text: string) => string;
  /** Delivers one notice (the channel registry unless a caller passes its own). */
  send?: (channel: ChannelConfig, notice: Notice) => Promise<void>;
  /** First retry delay, ms (default 5 s); doubles up to `maxBackoffMs` (default 10 min). */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Attempts before a delivery is given up as failed (default 8). */
  maxAttempts?: number;
  /** Deliveries in flight at once (default 4). */
  concurrency?: number;
  /** Told after each delivery attempt settles. */
  onSettled?: (d: DeliveryRecord, ok: boolean) => void;
}

/**
 * The durable notification queue: deliveries live in the alert store, are sent off the check path
 * with retries and exponential backoff, and a graceful stop waits for those in flight so a restart
 * neither loses nor repeats one. A crash mid-send leaves the delivery `sending`; the next start sends
 * it again with the same delivery id (README.md "Notifications" explains how receivers drop repeats).
 */
export class DeliveryQueue {
  private readonly o: Required<Omit<QueueOptions, "log" | "onSettled">> & Pick<QueueOptions, "log" | "onSettled">;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly inFlight = new Map<number, Promise<void>>();
  private stopped = true;
  private running = false;

  constructor(options: QueueOptions) {
    this.o = { scrub: (t) => t, send: sendNotice, initialBackoffMs: 5_000, maxBackoffMs: 600_000, maxAttempts: 8, concurrency: 4, ...options };
  }

  /** Recovers deliveries a crash left `sending`, then starts sending what is due. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const recovered = this.o.store.resetSending();
    if (recovered > 0) this.o.log?.log("warn", "notify_recovered", { deliveries: recovered });
    this.kick();
  }

  /** Looks for due deliveries soon (after something was queued). */
  kick(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), 0);
    this.timer.unref?.();
  }

  /** Stops taking deliveries and waits for those in flight to settle. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all(this.inFlight.values());
  }

  private async run(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const free = this.o.concurrency - this.inFlight.size;
      if (free > 0) for (const d of this.o.store.due(Date.now(), free)) this.dispatch(d);
    } finally {
      this.running = false;
    }
    this.arm();
  }

  private arm(): void {
    if (this.stopped || this.inFlight.size >= this.o.concurrency) return;
    const next = this.o.store.nextDue();
    if (next === undefined) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), Math.max(0, Math.min(next - Date.now(), 60_000)));
    this.timer.unref?.();
  }

  private dispatch(d: DeliveryRecord): void {
    this.o.store.markSending(d.id);
    const attempt = d.attempts + 1;
    const p = this.deliver(d, attempt).finally(() => {
      this.inFlight.delete(d.id);
      this.kick();
    });
    this.inFlight.set(d.id, p);
  }

  private async deliver(d: DeliveryRecord, attempt: number): Promise<void> {
    const channel = this.o.channels().get(d.channel);
    if (!channel) {
      this.o.store.markFailed(d.id, "channel is no longer configured");
      this.o.onSettled?.(d, false);
      return;
    }
    try {
      await this.o.send(channel, JSON.parse(d.notice) as Notice);
      this.o.store.markSent(d.id, Date.now());
      this.o.log?.log("info", "notify_sent", { channel: d.channel, kind: d.kind, incident: d.incidentId, attempt });
      this.o.onSettled?.(d, true);
    } catch (err) {
      const message = this.o.scrub(err instanceof Error ? err.message : String(err));
      const retry = !(err instanceof DeliveryError) || err.retry;
      if (retry && attempt < this.o.maxAttempts) {
        const delay = Math.min(this.o.maxBackoffMs, this.o.initialBackoffMs * 2 ** (attempt - 1));
        this.o.store.markRetry(d.id, Date.now() + delay, message);
        this.o.log?.log("warn", "notify_retry", { channel: d.channel, kind: d.kind, attempt, delayMs: delay, error: message });
      } else {
        this.o.store.markFailed(d.id, message);
        this.o.log?.log("error", "notify_failed", { channel: d.channel, kind: d.kind, attempt, error: message });
      }
      this.o.onSettled?.(d, false);
    }
  }
}
