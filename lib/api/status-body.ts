import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { perEngine } from "@/lib/api/per-engine";
import type { StatusView } from "@/lib/api/shapes";
import { configErrorText, serviceView, storageView, type StatusSource } from "@/lib/api/status-view";
import type { ServiceConfig } from "@/lib/config/load";
import type { GraphState } from "@/lib/graph";
import type { CheckRecord } from "@/lib/model";
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
  /** The minute of the last-hour counts: they change with a check or as minutes leave the window. */
  minute: number;
  uptime: number | null;
  text: string;
}

const sameList = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
const sameShown = (a: GraphState | undefined, b: GraphState | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.status === b.status && sameList(a.blockedBy, b.blockedBy) && sameList(a.waitingFor, b.waitingFor));

/** Services per segment of the body: a check re-encodes its segment, not the whole body. */
export const SEGMENT_SERVICES = 50;

/**
 * Each service's JSON text, kept until something it shows changes (its config, last check,
 * failure streak, shown status, last-hour counts or 24 h uptime), and the services' part of the
 * body in segments of SEGMENT_SERVICES, kept as bytes until one of theirs changes: a body at
 * 1,000 services then serialises and encodes what moved since the last one, not everything.
 */
export class ServiceFragments {
  private readonly kept = new Map<string, Fragment>();
  /** Each run of SEGMENT_SERVICES services' JSON, comma-separated, as bytes. */
  private segments: (Buffer | undefined)[] = [];
  private forConfig: readonly ServiceConfig[] | undefined;
  /** Services serialised since this was made (what tests count). */
  built = 0;
  /** Segments encoded since this was made. */
  encoded = 0;

  /** The JSON of every service of the config, in config order, comma-separated, in segments of bytes. */
  parts(engine: StatusSource, now: number): Buffer[] {
    const services = engine.config.services;
    if (services !== this.forConfig) {
      this.forConfig = services;
      this.segments = [];
      this.forget(services);
    }
    const shown = engine.graphStatuses();
    const uptime = engine.uptime24h(now);
    const minute = Math.floor(now / 60_000);
    const out: Buffer[] = [];
    for (let from = 0, k = 0; from < services.length; from += SEGMENT_SERVICES, k++) {
      const to = Math.min(services.length, from + SEGMENT_SERVICES);
      let changed = this.segments[k] === undefined;
      const texts: string[] = [];
      for (let i = from; i < to; i++) {
        const t = this.text(engine, services[i]!, shown, uptime, minute, now);
        if (t.fresh) changed = true;
        texts.push(t.text);
      }
      if (changed) {
        this.segments[k] = Buffer.from((from === 0 ? "" : ",") + texts.join(","));
        this.encoded++;
      }
      out.push(this.segments[k]!);
    }
    return out;
  }

  private text(engine: StatusSource, service: ServiceConfig, shown: ReturnType<StatusSource["graphStatuses"]>, uptime: Map<string, number | null>, minute: number, now: number): { text: string; fresh: boolean } {
    const e = engine.runtime(service.id);
    const d = shown.get(service.id);
    const up = uptime.get(service.id) ?? null;
    const f = this.kept.get(service.id);
    const target = engine.targetOf(service);
    // A service without runtime state shows "since now": never kept.
    if (f && e && f.service === service && f.check === e.lastCheck && f.minute === minute && f.streak === e.counters.failStreak && f.since === e.counters.since && sameShown(f.shown, d) && f.target === target && f.uptime === up) {
      return { text: f.text, fresh: false };
    }
    const text = JSON.stringify({ ...serviceView(service, e, d, target, engine.recentCounts(service.id, now)), uptime24h: up });
    this.built++;
    if (e) this.kept.set(service.id, { service, check: e.lastCheck, streak: e.counters.failStreak, since: e.counters.since, shown: d, target, minute, uptime: up, text });
    return { text, fresh: true };
  }

  /** Forgets the services a new config dropped. */
  private forget(services: readonly ServiceConfig[]): void {
    if (this.kept.size <= services.length) return;
    const ids = new Set(services.map((s) => s.id));
    for (const id of this.kept.keys()) if (!ids.has(id)) this.kept.delete(id);
  }
}

/** The `/api/status` body (the shape of `StatusView`) as bytes in parts, the services' from kept segments. */
export function statusParts(engine: StatusSource, fragments: ServiceFragments, now = Date.now()): Buffer[] {
  const services = fragments.parts(engine, now);
  const rest: Omit<StatusView, "generatedAt" | "services"> = { order: engine.order() };
  const configError = configErrorText(engine.configIssues);
  if (configError) rest.configError = configError;
  const storage = storageView(engine);
  if (storage) rest.storage = storage;
  if (engine.peers) rest.cluster = engine.peers.view();
  // Same keys, same order as JSON.stringify(statusView(engine)).
  return [Buffer.from(`{"generatedAt":${JSON.stringify(new Date(now).toISOString())},"services":[`), ...services, Buffer.from(`],${JSON.stringify(rest).slice(1)}`)];
}

/** A body as sent: its parts, their total length, and a gzip of them made once (off the main thread) when asked. */
export interface SentBody {
  parts: readonly Buffer[];
  length: number;
  gzip(): Promise<Buffer>;
}

/**
 * The `/api/status` body, built once and shared by the requests that come before the next
 * check, status or config event (and at most STATUS_REUSE_MS apart): fifty polling clients then
 * cost one build per change, not fifty. Built as parts of bytes (most of them kept from the last
 * build, see ServiceFragments); its text and its gzip are made from them when asked.
 */
export class StatusBody {
  private body: (SentBody & { text?: string }) | undefined;
  private at = 0;
  private off: (() => void) | undefined;

  constructor(
    private readonly bus: { subscribe(onCheck: () => void, onConfig: () => void, onStatus?: () => void): () => void },
    private readonly build: (now: number) => Buffer[],
    private readonly maxAgeMs = STATUS_REUSE_MS,
  ) {}

  /** The current body. */
  current(now = Date.now()): SentBody & { text?: string } {
    if (!this.off) {
      const stale = () => (this.body = undefined);
      this.off = this.bus.subscribe(stale, stale, stale);
    }
    if (this.body === undefined || now - this.at >= this.maxAgeMs) {
      const parts = this.build(now);
      let zipped: Promise<Buffer> | undefined;
      this.body = { parts, length: parts.reduce((n, p) => n + p.length, 0), gzip: () => (zipped ??= gzipAsync(Buffer.concat(parts))) };
      this.at = now;
    }
    return this.body;
  }

  /** The current body as JSON text. */
  json(now = Date.now()): string {
    const body = this.current(now);
    return (body.text ??= Buffer.concat(body.parts).toString());
  }
}

const gzipAsync = promisify(gzip);

const holders = perEngine("statusBodies", () => ({ body: undefined as StatusBody | undefined, fragments: new ServiceFragments() }));

/** The status body of this engine (one per process). */
export function statusBodyFor(engine: Engine): StatusBody {
  const h = holders(engine);
  return (h.body ??= new StatusBody(engine.bus, (now) => statusParts(engine, h.fragments, now)));
}
