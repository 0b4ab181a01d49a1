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
  /** Longest wait between looks at the store, ms (default 5 s): other instances may queue too. */
  pollMs?: number;
  /** How long a claim on a delivery lasts, ms (default {@link CLAIM_MS}). */
  claimMs?: number;
  /** Told after each delivery attempt settles. */
  onSettled?: (d: DeliveryRecord, ok: boolean) => void;
}

/** How long a sender's claim on a delivery lasts, ms: past every channel's own bound, so only a dead sender's claim runs out. */
export const CLAIM_MS = 60_000;

/**
 * The durable notification queue: deliveries live in the alert store, are sent off the check path
 * with retries and exponential backoff, and a graceful stop waits for those in flight so a restart
 * neither loses nor repeats one. Each send is claimed in the store first, so with several instances
 * on one database no two send the same delivery. A crash mid-send leaves the delivery claimed; once
 * the claim runs out it is sent again with the same delivery id (README.md "Notifications" explains
 * how receivers drop repeats).
 */
export class DeliveryQueue {
  private readonly o: Required<Omit<QueueOptions, "log" | "onSettled">> & Pick<QueueOptions, "log" | "onSettled">;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly inFlight = new Map<number, Promise<void>>();
  private stopped = true;
  private running?: Promise<void>;

  constructor(options: QueueOptions) {
    this.o = { scrub: (t) => t, send: sendNotice, initialBackoffMs: 5_000, maxBackoffMs: 600_000, maxAttempts: 8, concurrency: 4, pollMs: 5_000, claimMs: CLAIM_MS, ...options };
  }

  /** Recovers deliveries whose sender died, then starts sending what is due. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.o.store.resetSending().then(
      (recovered) => {
        if (recovered > 0) this.o.log?.log("warn", "notify_recovered", { deliveries: recovered });
      },
      (err: unknown) => this.failed(err),
    ).finally(() => this.kick());
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
    await this.running;
    await Promise.all(this.inFlight.values());
  }

  private run(): Promise<void> {
    if (this.running || this.stopped) return this.running ?? Promise.resolve();
    this.running = (async () => {
      try {
        const free = this.o.concurrency - this.inFlight.size;
        // Claimed deliveries are sent even when a stop came meanwhile: stop() waits for them.
        if (free > 0) for (const d of await this.o.store.claimDue(Date.now(), free, this.o.claimMs)) this.dispatch(d);
        await this.arm();
      } catch (err) {
        this.failed(err);
        this.rearm(this.o.pollMs);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async arm(): Promise<void> {
    if (this.stopped || this.inFlight.size >= this.o.concurrency) return;
    const next = await this.o.store.nextDue();
    // Other instances queue into a shared store too, so the wait is bounded even with nothing due.
    this.rearm(next === undefined ? this.o.pollMs : Math.max(0, Math.min(next - Date.now(), this.o.pollMs)));
  }

  private rearm(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), ms);
    this.timer.unref?.();
  }

  private failed(err: unknown): void {
    this.o.log?.log("warn", "notify_store_failed", { error: this.o.scrub(err instanceof Error ? err.message : String(err)) });
  }

  private dispatch(d: DeliveryRecord): void {
    const p = this.deliver(d, d.attempts)
      .catch((err: unknown) => this.failed(err))
      .finally(() => {
        this.inFlight.delete(d.id);
        this.kick();
      });
    this.inFlight.set(d.id, p);
  }

  private async deliver(d: DeliveryRecord, attempt: number): Promise<void> {
    const channel = this.o.channels().get(d.channel);
    if (!channel) {
      await this.o.store.markFailed(d.id, "channel is no longer configured");
      this.o.onSettled?.(d, false);
      return;
    }
    // Only the send is caught here: a failed write after it must not turn a sent notice into a retry.
    let sent = false;
    let error: unknown;
    try {
      await this.o.send(channel, JSON.parse(d.notice) as Notice);
      sent = true;
    } catch (err) {
      error = err;
    }
    if (sent) {
      await this.o.store.markSent(d.id, Date.now());
      this.o.log?.log("info", "notify_sent", { channel: d.channel, kind: d.kind, incident: d.incidentId, attempt });
      this.o.onSettled?.(d, true);
      return;
    }
    const message = this.o.scrub(error instanceof Error ? error.message : String(error));
    const retry = !(error instanceof DeliveryError) || error.retry;
    if (retry && attempt < this.o.maxAttempts) {
      const delay = Math.min(this.o.maxBackoffMs, this.o.initialBackoffMs * 2 ** (attempt - 1));
      await this.o.store.markRetry(d.id, Date.now() + delay, message);
      this.o.log?.log("warn", "notify_retry", { channel: d.channel, kind: d.kind, attempt, delayMs: delay, error: message });
    } else {
      await this.o.store.markFailed(d.id, message);
      this.o.log?.log("error", "notify_failed", { channel: d.channel, kind: d.kind, attempt, error: message });
    }
    this.o.onSettled?.(d, false);
  }
}
