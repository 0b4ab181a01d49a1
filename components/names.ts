// People read names, not ids (README.md, "Pages"): every list sorts by name the way people count,
// so "service 9" comes before "service 10".
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Compares two display names naturally ("svc 9" < "svc 10"), case-insensitively. */
export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Looks up a service's name by id, falling back to the id for one the list does not know. */
export type NameOf = (id: string) => string;

/** A name lookup over a list of services. */
export function nameLookup(services: readonly { id: string; name: string }[]): NameOf {
  const names = new Map(services.map((s) => [s.id, s.name]));
  return (id) => names.get(id) ?? id;
}
