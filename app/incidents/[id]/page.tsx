import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SWRConfig } from "swr";
import { IncidentDetail } from "@/components/incidents/incident-detail";
import { incidentDetail, serverNow } from "@/lib/api/alerts";
import { ApiError } from "@/lib/api/respond";
import { getEngine } from "@/lib/runtime/instance";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(id: string) {
  try {
    return await incidentDetail(getEngine(), id);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const i = await load((await params).id);
  const title = `${i.root} ${i.open ? "is down" : "was down"}${i.affected.length ? `, blocking ${i.affected.length}` : ""}`;
  return { title: `Incident #${i.id}`, openGraph: { title: `depwatch: ${title}` }, twitter: { card: "summary", title: `depwatch: ${title}` } };
}

/** `/incidents/{id}`: one incident, linked from every notification. */
export default async function Page({ params }: Props) {
  const { id } = await params;
  const detail = await load(id);
  return (
    <SWRConfig value={{ fallback: { [`/api/incidents/${encodeURIComponent(id)}`]: detail } }}>
      <IncidentDetail id={id} initialNow={serverNow()} />
    </SWRConfig>
  );
}
