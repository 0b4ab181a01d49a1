import { z } from "zod";
import type { DeliveryView, IncidentView, SilenceView } from "@/lib/api/shapes";
import { ApiError } from "@/lib/api/respond";
import { DEFAULT_LIMIT, instant, MAX_LIMIT } from "@/lib/api/checks-query";
import { duration } from "@/lib/units";
import { deliveryView, incidentView, silenceView } from "@/lib/api/incident-view";
import type { Engine } from "@/lib/runtime/engine";

const limit = z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT);
const cursor = z.coerce.number().int().min(1).optional();
const id = z.string().regex(/^[a-z0-9-]+$/, "expected a service id").max(64);

const incidentQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  service: id.optional(),
  open: z.enum(["1", "0", "true", "false"]).transform((v) => v === "1" || v === "true").optional(),
  limit,
  before: cursor,
});

/** `GET /api/incidents?from&to&service&open&limit&before`: newest first, paged. */
export async function incidentsPage(engine: Engine, params: URLSearchParams): Promise<{ incidents: (IncidentView & { notifications: number })[]; next?: number }> {
  const q = incidentQuery.parse(Object.fromEntries(params));
  const store = engine.alerting.store;
  const page = await store.listIncidents(q);
  const now = Date.now();
  const sent = await Promise.all(page.incidents.map(async (i) => (await store.listDeliveries({ incidentId: i.id, limit: MAX_LIMIT })).deliveries.filter((d) => d.state === "sent").length));
  const incidents = page.incidents.map((i, n) => ({ ...incidentView(i, now), notifications: sent[n] ?? 0 }));
  return page.next === undefined ? { incidents } : { incidents, next: page.next };
}

/** `GET /api/incidents/{id}`: one incident with its notifications. */
export async function incidentDetail(engine: Engine, rawId: string): Promise<IncidentView & { notifications: DeliveryView[] }> {
  const n = Number(rawId);
  const inc = Number.isSafeInteger(n) && n > 0 ? await engine.alerting.store.incident(n) : undefined;
  if (!inc) throw new ApiError(404, "not_found", `no incident ${JSON.stringify(rawId.slice(0, 20))}`);
  return { ...incidentView(inc), notifications: (await engine.alerting.store.listDeliveries({ incidentId: inc.id, limit: MAX_LIMIT })).deliveries.map(deliveryView) };
}

/** `GET /api/notifications?incident&limit&before`: the delivery log, newest first. */
export async function notificationsPage(engine: Engine, params: URLSearchParams): Promise<{ notifications: DeliveryView[]; channels: { id: string; type: string }[]; next?: number }> {
  const q = z.strictObject({ incident: z.coerce.number().int().min(0).optional(), limit, before: cursor }).parse(Object.fromEntries(params));
  const page = await engine.alerting.store.listDeliveries({ incidentId: q.incident, limit: q.limit, before: q.before });
  // Channels are listed by id and type only: their URLs and keys are secrets (SPEC §4).
  const channels = [...engine.alerting.channels().values()].map((c) => ({ id: c.id, type: c.type }));
  const body = { notifications: page.deliveries.map(deliveryView), channels };
  return page.next === undefined ? body : { ...body, next: page.next };
}

/** `POST /api/notifications/test/{channel}`: queues a test notice on one channel. */
export async function sendTest(engine: Engine, channel: string): Promise<DeliveryView> {
  const d = await engine.alerting.sendTest(channel);
  if (!d) throw new ApiError(404, "not_found", `no channel ${JSON.stringify(channel.slice(0, 64))}`);
  return deliveryView(d);
}

const silenceBody = z
  .strictObject({
    services: z.array(id).max(1_000).default([]),
    groups: z.array(z.string().max(64)).max(100).default([]),
    reason: z.string().trim().min(1, "say why").max(200),
    createdBy: z.string().trim().min(1).max(80),
    /** How long from now (or from `startsAt`), e.g. "2h"; or `endsAt`. */
    duration: duration.pipe(z.number().min(60_000, "at least 1m").max(90 * 86_400_000, "at most 90d")).optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
  })
  .refine((b) => b.services.length + b.groups.length > 0, "name the services or groups to silence")
  .refine((b) => (b.duration === undefined) !== (b.endsAt === undefined), "give either duration or endsAt");

/** `POST /api/silences`: creates a silence; unknown service ids are refused. */
export async function createSilence(engine: Engine, body: unknown, now = Date.now()): Promise<SilenceView> {
  const b = silenceBody.parse(body ?? {});
  const unknown = b.services.filter((s) => !engine.service(s));
  if (unknown.length > 0) throw new ApiError(422, "unknown_service", `unknown service ${unknown.slice(0, 5).join(", ")}`);
  const startsAt = b.startsAt ?? now;
  const endsAt = b.endsAt ?? startsAt + b.duration!;
  if (endsAt <= now || endsAt <= startsAt) throw new ApiError(422, "bad_window", "the silence must end in the future and after it starts");
  const s = await engine.alerting.store.addSilence({ services: b.services, groups: b.groups, reason: b.reason, createdBy: b.createdBy, startsAt, endsAt });
  await engine.silencesChanged(now);
  engine.log.log("info", "silence_created", { id: s.id, services: s.services.length, groups: s.groups.length, by: s.createdBy });
  return silenceView(s, now);
}

/** `GET /api/silences`: active and recent silences, newest first. */
export async function listSilences(engine: Engine): Promise<{ silences: SilenceView[] }> {
  const now = Date.now();
  return { silences: (await engine.alerting.store.listSilences(200)).map((s) => silenceView(s, now)) };
}

/** `DELETE /api/silences/{id}`: ends a silence now. */
export async function endSilence(engine: Engine, rawId: string): Promise<{ ended: true }> {
  const n = Number(rawId);
  if (!Number.isSafeInteger(n) || n <= 0 || !(await engine.alerting.store.endSilence(n, Date.now()))) throw new ApiError(404, "not_found", "no active silence with that id");
  await engine.silencesChanged();
  return { ended: true };
}

/** The server's clock, for pages that seed their "x min ago" texts. */
export function serverNow(): number {
  return Date.now();
}
