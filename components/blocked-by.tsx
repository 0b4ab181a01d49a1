import Link from "next/link";
import type { NameOf } from "@/components/names";

/** "Blocked by Orders DB, Search": links to the root causes that hold a service back; nothing when there are none. */
export function BlockedBy({ ids, nameOf, className, children }: { ids: string[]; nameOf: NameOf; className: string; children?: React.ReactNode }) {
  if (ids.length === 0) return null;
  return (
    <p className={className}>
      Blocked by{" "}
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 && ", "}
          <Link href={`/services/${encodeURIComponent(id)}`} className="font-medium underline">{nameOf(id)}</Link>
        </span>
      ))}
      {children}
    </p>
  );
}
