import Link from "next/link";
import type { ServiceView } from "@/lib/api/shapes";
import { isRootCause } from "@/lib/status";

/** How many root causes the banner names before it folds the rest into one link. */
export const ROOT_CAUSES_SHOWN = 5;

/**
 * The root causes at the top of the overview: down services that explain others being blocked,
 * the ones blocking most first. Past a handful the rest fold into "+N more down" (a link to the
 * status filter), so the banner stays a few lines high and never pushes the cards out of view.
 */
export function RootCauses({ services, blocks }: { services: ServiceView[]; blocks: Map<string, number> }) {
  const roots = services
    .filter((s) => isRootCause(s.status))
    .sort((a, b) => (blocks.get(b.id) ?? 0) - (blocks.get(a.id) ?? 0) || a.name.localeCompare(b.name, undefined, { numeric: true }));
  if (roots.length === 0) return null;
  const blocking = roots.filter((s) => (blocks.get(s.id) ?? 0) > 0).length;
  const shown = roots.slice(0, ROOT_CAUSES_SHOWN);
  const folded = roots.length - shown.length;
  return (
    <section aria-label="Root causes" className="mb-3 max-h-40 overflow-y-auto rounded-md border border-red-300 bg-red-50 p-2 text-sm dark:border-red-800 dark:bg-red-950/40">
      <h2 className="font-semibold text-red-900 dark:text-red-200">
        <span aria-hidden="true">✕ </span>
        {roots.length === 1 ? "1 root cause" : `${roots.length} root causes`}
        {roots.length > 1 && blocking > 0 && <span className="font-normal">{` (${blocking} blocking other services)`}</span>}
      </h2>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {shown.map((s) => (
          <li key={s.id} data-root-cause={s.id} className="max-w-full truncate">
            <Link href={`/services/${s.id}`} className="font-medium underline">{s.name}</Link>
            <span className="text-red-900 dark:text-red-200">
              {" "}is down{blocks.get(s.id) ? `, blocking ${blocks.get(s.id)} ${blocks.get(s.id) === 1 ? "service" : "services"}` : ""}
              {s.lastCheck?.message ? ` — ${s.lastCheck.message}` : ""}
            </span>
          </li>
        ))}
        {folded > 0 && (
          <li>
            <Link href="/?status=down" className="font-medium underline">+{folded} more down</Link>
          </li>
        )}
      </ul>
    </section>
  );
}
