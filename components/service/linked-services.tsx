import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import type { LinkedService } from "@/lib/api/shapes";

/** A list of dependencies or dependents with their status. */
export function LinkedServices({ title, list, empty }: { title: string; list: LinkedService[]; empty: string }) {
  return (
    <section aria-label={title} className="min-w-0">
      <h2 className="mb-1 text-sm font-semibold">{title}</h2>
      {list.length === 0 ? (
        <p className="text-xs text-zinc-500">{empty}</p>
      ) : (
        <ul className="space-y-1">
          {list.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-2 text-sm">
              <StatusBadge status={d.status} />
              <Link href={`/services/${d.id}`} className="underline">{d.id}</Link>
              {d.optional && <span className="text-xs text-zinc-500">(optional)</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
