import Link from "next/link";
import type { NameOf } from "@/components/names";

/**
 * "Blocked by Orders database" or "Waiting for Orders database": links, by name, to the services
 * that hold this one back; nothing when there are none.
 */
export function BlockedBy({ ids, nameOf, className, children, label = "Blocked by" }: { ids: string[]; nameOf: NameOf; className: string; children?: React.ReactNode; label?: string }) {
  if (ids.length === 0) return null;
  return (
    <p className={className}>
      {label}{" "}
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

/** "Waiting for a, b": the deepest dependencies a `waiting` service waits on. */
export function WaitingFor({ ids, nameOf, className, children }: { ids: string[]; nameOf: NameOf; className: string; children?: React.ReactNode }) {
  return <BlockedBy ids={ids} nameOf={nameOf} className={className} label="Waiting for">{children}</BlockedBy>;
}
