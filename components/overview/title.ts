import type { ServiceView } from "@/lib/api/shapes";

const PROBLEMS = ["down", "blocked", "degraded"] as const;

/** The overview's tab title, product name and counts included: "1 down, 2 blocked · 14 services · depwatch". */
export function overviewTitle(services: readonly Pick<ServiceView, "status">[]): string {
  const n = services.length;
  const parts = PROBLEMS.map((p) => [p, services.filter((s) => s.status === p).length] as const).filter(([, c]) => c > 0).map(([p, c]) => `${c} ${p}`);
  const total = `${n} ${n === 1 ? "service" : "services"}`;
  if (parts.length > 0) return `${parts.join(", ")} · ${total} · depwatch`;
  return services.every((s) => s.status === "up") ? `All ${total} up · depwatch` : `${total} · depwatch`;
}
