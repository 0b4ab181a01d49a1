import Link from "next/link";
import type { ServiceView } from "@/lib/api/shapes";
import { isRootCause } from "@/lib/status";

/** The root causes at the top of the overview: down services that explain others being blocked. */
export function RootCauses({ services, blocks }: { services: ServiceView[]; blocks: Map<string, number> }) {
  const roots = services.filter((s) => isRootCause(s.status)).sort((a, b) => (blocks.get(b.id) ?? 0) - (blocks.get(a.id) ?? 0));
  if (roots.length === 0) return null;
  return (
    <section aria-label="Root causes" className="mb-3 rounded-md border border-red-300 bg-red-50 p-2 text-sm dark:border-red-800 dark:bg-red-950/40">
      <h2 className="font-semibold text-red-900 dark:text-red-200">
        <span aria-hidden="true">✕ </span>
        {roots.length === 1 ? "1 root cause" : `${roots.length} root causes`}
      </h2>
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        {roots.map((s) => (
          <li key={s.id}>
            <Link href={`/services/${s.id}`} className="font-medium underline">{s.name}</Link>
            <span className="text-red-900 dark:text-red-200">
              {" "}is down{blocks.get(s.id) ? `, blocking ${blocks.get(s.id)} ${blocks.get(s.id) === 1 ? "service" : "services"}` : ""}
              {s.lastCheck?.message ? ` — ${s.lastCheck.message}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
