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

/**
 * Keeps one open incident per root cause (SPEC §9): opened when a service becomes a root cause,
 * closed when it no longer is, with the services it blocks or keeps waiting. Services that are
 * muted (maintenance or silenced) open nothing. A service that stops being blocked or waiting
 * becomes a root cause only once a check that started after that still fails: its last failure
 * may be the recovered root's doing, and 50 dependents must not open 50 incidents in the moment
 * between the root's recovery and their next checks. State lives in the alert store, so a restart,
 * or another instance taking over the alerting, continues the same incidents.
 */
export class IncidentTracker {
  private readonly open = new Map<string, IncidentRecord>();
  /** Services blocked or waiting at the last pass. */
  private readonly dependent = new Set<string>();
  /** When each service stopped being blocked or waiting. */
  private readonly releasedAt = new Map<string, number>();

  constructor(private readonly store: AlertStore) {}

  /** Continues from the open incidents in the store (at start, or when this instance takes over). */
  async load(): Promise<void> {
    const open = await this.store.openIncidents();
    this.open.clear();
    this.dependent.clear();
    this.releasedAt.clear();
    for (const inc of open) this.open.set(inc.root, inc);
  }

  /** The open incidents by root id. */
  openByRoot(): ReadonlyMap<string, IncidentRecord> {
    return this.open;
  }

  /** Applies one status pass; `muted(id)` says a service is in maintenance. */
  async update(services: readonly TrackedService[], now: number, muted: (id: string) => boolean = () => false): Promise<IncidentChanges> {
    const roots = new Set<string>();
    const affected = new Map<string, Set<string>>();
    for (const s of services) {
      const isDependent = s.blockedBy.length > 0 || (s.waitingFor?.length ?? 0) > 0;
      if (isDependent) this.dependent.add(s.id);
      else if (this.dependent.delete(s.id)) this.releasedAt.set(s.id, now);
      const released = this.releasedAt.get(s.id);
      const confirmed = released === undefined || (s.checkedAt ?? 0) > released;
      if (s.status === "down" && !isDependent && confirmed && !muted(s.id)) roots.add(s.id);
      for (const r of [...s.blockedBy, ...(s.waitingFor ?? [])]) {
        let set = affected.get(r);
        if (!set) affected.set(r, (set = new Set()));
        set.add(s.id);
      }
    }
    const changes: IncidentChanges = { opened: [], grown: [], closed: [] };
    for (const [root, inc] of this.open) {
      // A root put in maintenance mid-incident keeps it open and silent; the window's end decides.
      if (roots.has(root) || muted(root)) continue;
      await this.store.closeIncident(inc.id, now);
      this.open.delete(root);
      changes.closed.push({ ...inc, endedAt: now });
    }
    for (const root of [...roots].sort()) {
      const members = [...(affected.get(root) ?? [])];
      const inc = this.open.get(root);
      if (!inc) {
        const opened = await this.store.openIncident(root, now, members.sort());
        this.open.set(root, opened);
        changes.opened.push(opened);
        continue;
      }
      const known = new Set(inc.affected);
      const added = members.filter((id) => !known.has(id));
      if (added.length === 0) continue;
      inc.affected = [...inc.affected, ...added].sort();
      await this.store.setAffected(inc.id, inc.affected);
      changes.grown.push(inc);
    }
    return changes;
  }
}
