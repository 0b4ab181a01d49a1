import type { Metadata } from "next";
import { Suspense } from "react";
import { graphFirstPaint } from "@/components/graph/first-paint";
import { GraphPage } from "@/components/graph/graph-page";
import { startupView } from "@/lib/api/startup-view";
import { statusView } from "@/lib/api/status-view";
import { getEngine } from "@/lib/runtime/instance";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const s = startupView(getEngine().startup);
  const waiting = s.services.filter((x) => x.readyAt === null || x.waitingFor.length > 0).length;
  const title = s.complete ? `Start-up complete: ${s.services.length} services in ${s.order.length} waves` : `Start-up: ${waiting} of ${s.services.length} services not ready`;
  const path = s.criticalPath.length > 0 ? `Critical path: ${s.criticalPath.join(" → ")}` : title;
  return { title: "Startup graph", openGraph: { title: `depwatch: ${title}`, description: path }, twitter: { card: "summary", title: `depwatch: ${title}` } };
}

export default async function Graph({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const engine = getEngine();
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  // The first screen of the drawing and the timeline; the browser fetches the rest at once.
  const seed = graphFirstPaint(statusView(engine), startupView(engine.startup), { q: one(sp.q), focus: one(sp.focus) });
  return (
    <Suspense>
      <GraphPage seed={seed} />
    </Suspense>
  );
}
