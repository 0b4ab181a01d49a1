import Link from "next/link";
import { compareNames, type NameOf } from "@/components/names";
import { StatusBadge } from "@/components/status-badge";
import type { LinkedService } from "@/lib/api/shapes";

/** A list of dependencies or dependents by name, with their status. */
export function LinkedServices({ title, list, nameOf, empty }: { title: string; list: LinkedService[]; nameOf: NameOf; empty: string }) {
  const sorted = [...list].sort((a, b) => compareNames(nameOf(a.id), nameOf(b.id)));
  return (
    <section aria-label={title} className="min-w-0">
      <h2 className="mb-1 text-sm font-semibold">{title}</h2>
      {list.length === 0 ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{empty}</p>
      ) : (
        <ul className="space-y-1">
          {sorted.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2 text-sm">
              <StatusBadge status={d.status} />
              <Link href={`/services/${encodeURIComponent(d.id)}`} className="underline">{nameOf(d.id)}</Link>
              {d.optional && <span className="text-xs text-zinc-600 dark:text-zinc-400">(optional)</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
