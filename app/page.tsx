import type { Metadata } from "next";
import { Suspense } from "react";
import { DemoBanner } from "@/components/overview/demo-banner";
import { Overview } from "@/components/overview/overview";
import { getEngine } from "@/lib/runtime/instance";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const s = getEngine().status();
  const bad = s.services.filter((x) => x.status === "down" || x.status === "blocked").length;
  const title = bad === 0 ? `All ${s.services.length} services healthy` : `${bad} of ${s.services.length} services down or blocked`;
  return { title: "Overview", openGraph: { title: `depwatch: ${title}`, description: title }, twitter: { card: "summary", title: `depwatch: ${title}` } };
}

export default function OverviewPage() {
  const engine = getEngine();
  const initial = engine.status();
  return (
    <Suspense>
      {engine.source === "demo" && <DemoBanner />}
      <Overview initial={initial} />
    </Suspense>
  );
}
