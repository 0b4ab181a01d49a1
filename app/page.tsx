import type { Metadata } from "next";
import { Suspense } from "react";
import { DemoBanner } from "@/components/overview/demo-banner";
import { firstPaint } from "@/components/overview/arrange";
import { Overview } from "@/components/overview/overview";
import { overviewTitle } from "@/components/overview/title";
import { statusView } from "@/lib/api/status-view";
import { getEngine } from "@/lib/runtime/instance";
import { isFailing } from "@/lib/status";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const s = statusView(getEngine());
  const bad = s.services.filter((x) => isFailing(x.status)).length;
  const title = bad === 0 ? `All ${s.services.length} services healthy` : `${bad} of ${s.services.length} services down or blocked`;
  return { title: { absolute: overviewTitle(s.services) }, openGraph: { title: `depwatch: ${title}`, description: title }, twitter: { card: "summary", title: `depwatch: ${title}` } };
}

export default async function OverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const engine = getEngine();
  const full = statusView(engine);
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  // The cards of the first screen and the fleet's counts; the browser fetches the rest at once.
  const { initial, summary } = firstPaint(full, one(sp.q), new Set(one(sp.status).split(",").filter(Boolean)), overviewTitle(full.services));
  return (
    <Suspense>
      {engine.source === "demo" && <DemoBanner />}
      <Overview initial={initial} summary={summary} />
    </Suspense>
  );
}
