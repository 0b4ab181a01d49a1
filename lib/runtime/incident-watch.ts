import type { AlertStore, IncidentRecord } from "@/lib/store/alert-types";

/** An incident change as the live streams carry it. */
export type IncidentChange = "opened" | "updated" | "closed";

/**
 * Follows incidents another instance drives by reading the shared store, for when no `NOTIFY`
 * brings their changes (README.md "Several instances"): each look reports what opened, grew or
 * closed since the last one. The first look only takes the baseline.
 */
export class IncidentWatch {
  private seen?: Map<number, number>;

  constructor(private readonly store: AlertStore, private readonly emit: (change: IncidentChange, incident: IncidentRecord) => void) {}

  /** Reads the open incidents and reports the differences. */
  async look(): Promise<void> {
    const open = await this.store.openIncidents();
    const current = new Map(open.map((i) => [i.id, i.affected.length]));
    const before = this.seen;
    this.seen = current;
    if (!before) return;
    for (const inc of open) {
      const known = before.get(inc.id);
      if (known === undefined) this.emit("opened", inc);
      else if (known !== inc.affected.length) this.emit("updated", inc);
    }
    for (const id of before.keys()) {
      if (current.has(id)) continue;
      const inc = await this.store.incident(id);
      if (inc) this.emit("closed", inc);
    }
  }

  /** Forgets the baseline (news arrive another way meanwhile); the next look takes a new one. */
  reset(): void {
    this.seen = undefined;
  }
}
