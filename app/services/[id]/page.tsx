import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { SWRConfig } from "swr";
import { checksKey, latencyKey, serviceKey, viewStateFrom } from "@/components/hooks/keys";
import { ServicePage } from "@/components/service/service-page";
import { checksPage, latencyView, serviceDetail } from "@/lib/api/service-detail";
import { getEngine } from "@/lib/runtime/instance";
import { configErrorText, serviceStatusView } from "@/lib/api/status-view";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Open Graph tags with the live status, e.g. "orders-db is down: connect ECONNREFUSED …". */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const s = serviceStatusView(getEngine(), id);
  if (!s) return { title: "Unknown service" };
  const failing = s.lastCheck && !s.lastCheck.passed && s.lastCheck.message;
  const nameOf = (x: string) => serviceStatusView(getEngine(), x)?.name ?? x;
  const blocked = s.status === "blocked" && s.blockedBy.length > 0 ? `: blocked by ${s.blockedBy.map(nameOf).join(", ")}` : s.status === "waiting" && s.waitingFor.length > 0 ? `: waiting for ${s.waitingFor.map(nameOf).join(", ")}` : "";
  const title = `${s.name} is ${s.status}${blocked || (failing ? `: ${s.lastCheck?.message}` : "")}`;
  const description = `${s.name} (${s.type} ${s.target})${s.lastCheck ? `, last checked ${s.lastCheck.at}` : ""}`;
  return { title, description, openGraph: { title, description, type: "website" }, twitter: { card: "summary", title, description } };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The service page; SWR starts from data read here, under the very keys the client hooks use. */
export default async function Page({ params, searchParams }: Props) {
  const { id } = await params;
  const sp = await searchParams;
  const engine = getEngine();
  if (!engine.service(id)) notFound();
  const state = viewStateFrom((k) => first(sp[k]));
  const ck = checksKey(id, state);
  const lk = latencyKey(id, state.range);
  const query = (key: string) => new URL(key, "http://local").searchParams;
  const [checks, latency] = await Promise.all([checksPage(engine, id, query(ck)), latencyView(engine, id, query(lk))]);
  const detail = serviceDetail(engine, id);
  const fallback = { [serviceKey(id)]: detail, [ck]: checks, [lk]: latency };
  // Names of every service the page mentions, so it renders names before the shared status loads.
  const mentioned = new Set([...detail.blockedBy, ...detail.dependsOn.map((d) => d.id), ...detail.dependents.map((d) => d.id)]);
  const names = [...mentioned].map((x) => ({ id: x, name: serviceStatusView(engine, x)?.name ?? x }));
  return (
    <SWRConfig value={{ fallback }}>
      <Suspense>
        <ServicePage id={id} names={names} initialNow={Date.parse(latency.to)} configError={configErrorText(engine.configIssues)} />
      </Suspense>
    </SWRConfig>
  );
}
