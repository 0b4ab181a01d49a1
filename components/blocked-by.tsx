import Link from "next/link";

/**
 * "Blocked by a, b" or "Waiting for a": links to the services that hold this one back; nothing when
 * there are none.
 */
export function BlockedBy({ ids, className, children, label = "Blocked by" }: { ids: string[]; className: string; children?: React.ReactNode; label?: string }) {
  if (ids.length === 0) return null;
  return (
    <p className={className}>
      {label}{" "}
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 && ", "}
          <Link href={`/services/${id}`} className="font-medium underline">{id}</Link>
        </span>
      ))}
      {children}
    </p>
  );
}

/** "Waiting for a, b": the deepest dependencies a `waiting` service waits on. */
export function WaitingFor({ ids, className, children }: { ids: string[]; className: string; children?: React.ReactNode }) {
  return <BlockedBy ids={ids} className={className} label="Waiting for">{children}</BlockedBy>;
}
