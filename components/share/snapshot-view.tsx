import Link from "next/link";
import { formatMs, formatWhen } from "@/components/format";
import { blocksOf } from "@/components/overview/arrange";
import { ServiceCard } from "@/components/overview/service-card";
import { compareNames, nameLookup } from "@/components/names";
import { CheckList } from "@/components/service/check-timeline";
import type { ServiceView, Snapshot } from "@/lib/api/shapes";

import { formatUtc, snapshotSummary } from "@/components/share/types";
import { StatusBadge } from "@/components/status-badge";

function groupsOf(services: ServiceView[]): [string, ServiceView[]][] {
  const m = new Map<string, ServiceView[]>();
  for (const s of services) m.set(s.group, [...(m.get(s.group) ?? []), s]);
  for (const list of m.values()) list.sort((a, b) => compareNames(a.name, b.name));
  return [...m.entries()];
}

/** A frozen status page: clearly marked as a snapshot, with when it was taken and when it expires. */
export function SnapshotView({ snap }: { snap: Snapshot }) {
  const taken = Date.parse(snap.takenAt);
  const services = snap.status.services;
  const nameOf = nameLookup(services);
  const blocks = blocksOf(services);
  const self = snap.service === undefined ? undefined : services.find((s) => s.id === snap.service);
  const others = self ? services.filter((s) => s.id !== self.id) : services;
  return (
    <div data-snapshot={snap.service ?? "all"}>
      <div role="note" aria-label="Snapshot" className="mb-4 rounded border border-sky-400 bg-sky-50 p-2.5 text-sm text-sky-950 dark:bg-sky-950 dark:text-sky-100">
        <strong>Snapshot taken at <time dateTime={snap.takenAt}>{formatUtc(snap.takenAt)}</time></strong>, expires{" "}
        <time dateTime={snap.expiresAt}>{formatUtc(snap.expiresAt)}</time>. This view is frozen and does not update.{" "}
        <Link href={self ? `/services/${self.id}` : "/"} className="underline">Open the live view</Link>
      </div>
      <h1 className="mb-3 text-lg font-semibold">{snapshotSummary(snap)}</h1>
      {self && (
        <section className="mb-4 space-y-1 text-sm" aria-label="Service">
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-base font-semibold">{self.name}</span>
            <StatusBadge status={self.status} />
          </div>
          <p className="break-all text-zinc-600 dark:text-zinc-400"><span className="font-mono">{self.id}</span> · {self.type} · <span className="font-mono">{self.target}</span></p>
          {self.lastCheck && (
            <p>Last check {formatWhen(self.lastCheck.at, taken, taken)}: {self.lastCheck.passed ? "passed" : `failed (${self.lastCheck.outcome})`} in {formatMs(self.lastCheck.durationMs)}{self.lastCheck.message ? ` — ${self.lastCheck.message}` : ""}</p>
          )}
        </section>
      )}
      {self && (
        <section className="mb-4" aria-labelledby="snap-checks">
          <h2 id="snap-checks" className="mb-1 text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Checks of the last {snap.range ?? "1h"} ({snap.checks?.length ?? 0})</h2>
          {(snap.checks?.length ?? 0) === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">No checks in that range.</p> : (
            <div className="rounded border border-zinc-200 bg-white px-2 dark:border-zinc-800 dark:bg-zinc-900">
              <CheckList checks={snap.checks ?? []} now={taken} snapshotAt={taken} label="Snapshot check timeline" />
            </div>
          )}
        </section>
      )}
      {self && others.length > 0 && <h2 className="mb-1.5 text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">Dependencies and dependents</h2>}
      {groupsOf(others).map(([group, list]) => (
        <section key={group} className="mb-4" aria-label={`Group ${group}`}>
          {!self && <h2 className="mb-1.5 text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{group} <span className="font-normal">({list.length})</span></h2>}
          <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
            {list.map((s) => <ServiceCard key={s.id} s={s} now={taken} snapshotAt={taken} nameOf={nameOf} rootOf={blocks.get(s.id) ?? 0} />)}
          </ul>
        </section>
      ))}
    </div>
  );
}
