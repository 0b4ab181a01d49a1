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

/** Every service's id and name in one string: equal exactly when the ids, names and their order are. */
export function namesKey(services: readonly { id: string; name: string }[]): string {
  let key = "";
  for (const s of services) key += `${s.id}\u0000${s.name}\u0001`;
  return key;
}

// The last lookup made by `sharedNameLookup`, with the names it was made from.
let lastShared: { key: string; lookup: NameOf } | undefined;

/**
 * A name lookup that stays the same function while the names do: a live update gives the page a
 * new list of services many times a second, and a new lookup would render every card on screen
 * again (cards are memoised on their props).
 */
export function sharedNameLookup(services: readonly { id: string; name: string }[]): NameOf {
  const key = namesKey(services);
  if (lastShared?.key === key) return lastShared.lookup;
  const lookup = nameLookup(services);
  lastShared = { key, lookup };
  return lookup;
}
