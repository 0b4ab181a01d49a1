import Link from "next/link";

/** "Blocked by a, b": links to the root causes that hold a service back; nothing when there are none. */
export function BlockedBy({ ids, className, children }: { ids: string[]; className: string; children?: React.ReactNode }) {
  if (ids.length === 0) return null;
  return (
    <p className={className}>
      Blocked by{" "}
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
