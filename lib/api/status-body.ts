import { gzip } from "node:zlib";
import { perEngine } from "@/lib/api/per-engine";
import type { StatusView } from "@/lib/api/shapes";
import { configErrorText, serviceView, storageView, type StatusSource } from "@/lib/api/status-view";
import type { ServiceConfig } from "@/lib/config/load";
import type { GraphState } from "@/lib/graph";
import type { CheckCounts, CheckRecord } from "@/lib/model";
import type { Engine } from "@/lib/runtime/engine";

/** The longest a `/api/status` body is reused when nothing was pushed meanwhile (README "Performance"). */
export const STATUS_REUSE_MS = 250;

/** One service's JSON in the body, with everything it was built from. */
interface Fragment {
  service: ServiceConfig;
  check: CheckRecord | undefined;
  streak: number;
  since: number;
  shown: GraphState | undefined;
  target: string;
  recent: CheckCounts;
  uptime: number | null;
  text: string;
}

const sameList = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
const sameShown = (a: GraphState | undefined, b: GraphState | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.status === b.status && sameList(a.blockedBy, b.blockedBy) && sameList(a.waitingFor, b.waitingFor));
const sameCounts = (a: CheckCounts, b: CheckCounts) => a.checks === b.checks && a.failed === b.failed && a.retries === b.retries && a.timeouts === b.timeouts;

/**
 * Each service's JSON text, kept until something it shows changes (its config, last check,
 * failure streak, shown status, last-hour counts or 24 h uptime): a body at 1,000 services then
 * serialises the services that moved since the last one, not all of them.
 */
export class ServiceFragments {
  private readonly kept = new Map<string, Fragment>();
  /** Services serialised since this was made (what tests and the bench count). */
  built = 0;

  /** The JSON text of every service of the config, in config order. */
  texts(engine: StatusSource, now: number): string[] {
    const shown = engine.graphStatuses();
    const uptime = engine.uptime24h(now);
    const services = engine.config.services;
    const out = new Array<string>(services.length);
    for (let i = 0; i < services.length; i++) {
      const service = services[i]!;
      const e = engine.runtime(service.id);
      const d = shown.get(service.id);
      const target = engine.targetOf(service);
      const recent = engine.recentCounts(service.id, now);
      const up = uptime.get(service.id) ?? null;
      const f = this.kept.get(service.id);
      // A service without runtime state shows "since now": never kept.
      if (f && e && f.service === service && f.check === e.lastCheck && f.streak === e.counters.failStreak && f.since === e.counters.since && sameShown(f.shown, d) && f.target === target && sameCounts(f.recent, recent) && f.uptime === up) {
        out[i] = f.text;
        continue;
      }
      const text = JSON.stringify({ ...serviceView(service, e, d, target, recent), uptime24h: up });
      this.built++;
      if (e) this.kept.set(service.id, { service, check: e.lastCheck, streak: e.counters.failStreak, since: e.counters.since, shown: d, target, recent, uptime: up, text });
      out[i] = text;
    }
    // A config that dropped services: forget theirs.
    if (this.kept.size > services.length) {
      const ids = new Set(services.map((s) => s.id));
      for (const id of this.kept.keys()) if (!ids.has(id)) this.kept.delete(id);
    }
    return out;
  }
}

/** The `/api/status` body as JSON text (the shape of `StatusView`), from kept service fragments. */
export function statusText(engine: StatusSource, fragments: ServiceFragments, now = Date.now()): string {
  const services = fragments.texts(engine, now);
  const rest: Omit<StatusView, "generatedAt" | "services"> = { order: engine.order() };
  const configError = configErrorText(engine.configIssues);
  if (configError) rest.configError = configError;
  const storage = storageView(engine);
  if (storage) rest.storage = storage;
  if (engine.peers) rest.cluster = engine.peers.view();
  // Same keys, same order as JSON.stringify(statusView(engine)).
  return `{"generatedAt":${JSON.stringify(new Date(now).toISOString())},"services":[${services.join(",")}],${JSON.stringify(rest).slice(1)}`;
}

/**
 * The `/api/status` body, built once and shared by the requests that come before the next
 * check, status or config event (and at most STATUS_REUSE_MS apart): fifty polling clients then
 * cost one build per change, not fifty. The bytes and their gzip are kept with the text.
 */
export class StatusBody {
  private text: string | undefined;
  private bytes: Buffer | undefined;
  private zipped: Promise<Buffer> | undefined;
  private at = 0;
  private off: (() => void) | undefined;

  constructor(
    private readonly bus: { subscribe(onCheck: () => void, onConfig: () => void, onStatus?: () => void): () => void },
    private readonly build: (now: number) => string,
    private readonly maxAgeMs = STATUS_REUSE_MS,
  ) {}

  /** The current body as JSON text. */
  json(now = Date.now()): string {
    if (!this.off) {
      const stale = () => (this.text = undefined);
      this.off = this.bus.subscribe(stale, stale, stale);
    }
    if (this.text === undefined || now - this.at >= this.maxAgeMs) {
      this.text = this.build(now);
      this.bytes = undefined;
      this.zipped = undefined;
      this.at = now;
    }
    return this.text;
  }

  /** The current body as UTF-8 bytes, and a gzip of those same bytes made once (off the main thread) when asked. */
  current(now = Date.now()): { bytes: Buffer; gzip: () => Promise<Buffer> } {
    const text = this.json(now);
    const bytes = (this.bytes ??= Buffer.from(text));
    return {
      bytes,
      gzip: () => {
        // A newer body may have replaced this one meanwhile: each keeps its own gzip.
        if (this.bytes !== bytes) return zipOf(bytes);
        return (this.zipped ??= zipOf(bytes));
      },
    };
  }
}

const zipOf = (bytes: Buffer) => new Promise<Buffer>((resolve, reject) => gzip(bytes, (err, out) => (err ? reject(err) : resolve(out))));

const holders = perEngine("statusBodies", () => ({ body: undefined as StatusBody | undefined, fragments: new ServiceFragments() }));

/** The status body of this engine (one per process). */
export function statusBodyFor(engine: Engine): StatusBody {
  const h = holders(engine);
  return (h.body ??= new StatusBody(engine.bus, (now) => statusText(engine, h.fragments, now)));
}
