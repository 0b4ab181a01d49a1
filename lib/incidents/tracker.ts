import type { AlertStore, IncidentRecord } from "@/lib/store/alert-types";

/** One service as the tracker sees it after a status pass; a plain shape so any pass can feed it. */
export interface TrackedService {
  id: string;
  /** The graph-applied status: `down` means a root cause (SPEC §2). */
  status: string;
  /** Root causes that block it (when `blocked`). */
  blockedBy: readonly string[];
  /** The deepest not-ready dependencies it waits for (when `waiting`). */
  waitingFor?: readonly string[];
  /** When its latest check started (epoch ms). */
  checkedAt?: number;
}

/** What one pass changed. */
export interface IncidentChanges {
  opened: IncidentRecord[];
  /** Open incidents whose affected list grew. */
  grown: IncidentRecord[];
  closed: IncidentRecord[];
}

const NONE: readonly string[] = [];
const rootsNamedBy = (s: TrackedService): readonly string[] => (s.waitingFor?.length ? [...s.blockedBy, ...s.waitingFor] : s.blockedBy);

/**
 * Keeps one open incident per root cause (SPEC §9): opened when a service becomes a root cause,
 * closed when it no longer is, with the services it blocks or keeps waiting. Services that are
 * muted (maintenance or silenced) open nothing. A service that stops being blocked or waiting
 * becomes a root cause only once a check that started after that still fails: its last failure
 * may be the recovered root's doing, and 50 dependents must not open 50 incidents in the moment
 * between the root's recovery and their next checks. State lives in the alert store, so a restart, or another
 * instance taking over the alerting, continues the same incidents.
 *
 * A pass names only the services whose state changed; the tracker remembers the rest, so the
 * work of a pass grows with the change (and the open incidents), not with the fleet.
 */
export class IncidentTracker {
  private readonly open = new Map<string, IncidentRecord>();
  /** Services blocked or waiting at the last pass. */
  private readonly dependent = new Set<string>();
  /** When each service stopped being blocked or waiting. */
  private readonly releasedAt = new Map<string, number>();
  /** The last state the tracker was told of, per service. */
  private readonly last = new Map<string, TrackedService>();
  /** Down, not held back by a dependency, and confirmed: a root cause unless muted. */
  private readonly candidates = new Set<string>();
  /** Per root, the services that name it (blocked by it or waiting for it). */
  private readonly affected = new Map<string, Set<string>>();
  /** Per root, the services that started naming it since it was last looked at. */
  private readonly joined = new Map<string, Set<string>>();
  /** Services looked at by all passes so far (a pass's work, for tests and profiling). */
  visited = 0;

  constructor(private readonly store: AlertStore) {}

  /** Continues from the open incidents in the store (at start, or when this instance takes over). */
  async load(): Promise<void> {
    const open = await this.store.openIncidents();
    this.open.clear();
    this.dependent.clear();
    this.releasedAt.clear();
    // What was remembered may be stale (another instance drove meanwhile): the next pass must be full.
    this.last.clear();
    this.candidates.clear();
    this.affected.clear();
    this.joined.clear();
    for (const inc of open) this.open.set(inc.root, inc);
  }

  /** The open incidents by root id. */
  openByRoot(): ReadonlyMap<string, IncidentRecord> {
    return this.open;
  }

  /**
   * Applies one status pass: `services` are those whose state changed since the last pass (or
   * all of them); with `full`, they are the whole fleet and any service not named is forgotten.
   * `muted(id)` says a service is in maintenance.
   */
  async update(services: readonly TrackedService[], now: number, muted: (id: string) => boolean = () => false, full = false): Promise<IncidentChanges> {
    if (full) {
      const named = new Set(services.map((s) => s.id));
      for (const id of [...this.last.keys()]) if (!named.has(id)) this.forget(id);
    }
    for (const s of services) this.take(s, now);
    this.visited += services.length;

    const changes: IncidentChanges = { opened: [], grown: [], closed: [] };
    for (const [root, inc] of this.open) {
      // A root put in maintenance mid-incident keeps it open and silent; the window's end decides.
      if (this.candidates.has(root) || muted(root)) continue;
      await this.store.closeIncident(inc.id, now);
      this.open.delete(root);
      changes.closed.push({ ...inc, endedAt: now });
    }
    // Root causes are few next to the fleet; only those with new dependents (or none open) do work.
    for (const root of [...this.candidates].sort()) {
      if (muted(root)) continue;
      const inc = this.open.get(root);
      const joined = this.joined.get(root);
      this.joined.delete(root);
      const members = this.affected.get(root) ?? new Set<string>();
      if (!inc) {
        const opened = await this.store.openIncident(root, now, [...members].sort());
        this.open.set(root, opened);
        changes.opened.push(opened);
        continue;
      }
      if (!joined) continue;
      const known = new Set(inc.affected);
      const added = [...joined].filter((id) => members.has(id) && !known.has(id));
      if (added.length === 0) continue;
      inc.affected = [...inc.affected, ...added].sort();
      await this.store.setAffected(inc.id, inc.affected);
      changes.grown.push(inc);
    }
    return changes;
  }

  /** Takes one service's new state: whether it is a candidate root, and which roots name it. */
  private take(s: TrackedService, now: number): void {
    const isDependent = s.blockedBy.length > 0 || (s.waitingFor?.length ?? 0) > 0;
    if (isDependent) this.dependent.add(s.id);
    else if (this.dependent.delete(s.id)) this.releasedAt.set(s.id, now);
    const released = this.releasedAt.get(s.id);
    const confirmed = released === undefined || (s.checkedAt ?? 0) > released;
    if (s.status === "down" && !isDependent && confirmed) {
      // An incident restored from the store (or kept open through maintenance) is compared anew.
      if (!this.candidates.has(s.id)) this.joined.set(s.id, new Set(this.affected.get(s.id)));
      this.candidates.add(s.id);
    } else this.candidates.delete(s.id);
    const before = this.last.get(s.id);
    this.link(s.id, before ? rootsNamedBy(before) : NONE, rootsNamedBy(s));
    this.last.set(s.id, s);
  }

  /** Moves `id` from the affected sets of the roots it named to those it names now. */
  private link(id: string, was: readonly string[], now: readonly string[]): void {
    for (const r of was) if (!now.includes(r)) this.affected.get(r)?.delete(id);
    for (const r of now) {
      let set = this.affected.get(r);
      if (!set) this.affected.set(r, (set = new Set()));
      if (set.has(id)) continue;
      set.add(id);
      let j = this.joined.get(r);
      if (!j) this.joined.set(r, (j = new Set()));
      j.add(id);
    }
  }

  /** A service left the config: it is no root cause and affects nothing any more. */
  private forget(id: string): void {
    const before = this.last.get(id);
    if (before) this.link(id, rootsNamedBy(before), NONE);
    this.last.delete(id);
    this.candidates.delete(id);
    this.affected.delete(id);
    this.joined.delete(id);
  }
}
