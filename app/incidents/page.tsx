import type { Metadata } from "next";
import { SWRConfig } from "swr";
import { IncidentsPage } from "@/components/incidents/incidents-page";
import { incidentsKey, NOTIFICATIONS_KEY, SILENCES_KEY } from "@/components/hooks/incident-keys";
import { incidentsPage, listSilences, notificationsPage, serverNow } from "@/lib/api/alerts";
import { getEngine } from "@/lib/runtime/instance";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  // From the store, not this instance's tracker: another instance may be the one driving incidents.
  const open = (await getEngine().alerting.store.openIncidents()).length;
  const title = open === 0 ? "No open incidents" : `${open} open incident${open === 1 ? "" : "s"}`;
  return { title: "Incidents", openGraph: { title: `depwatch: ${title}` }, twitter: { card: "summary", title: `depwatch: ${title}` } };
}

/** `/incidents`, seeded under the keys the client hooks read. */
export default async function Page() {
  const engine = getEngine();
  const q = (key: string) => new URL(key, "http://local").searchParams;
  const openKey = incidentsKey({ open: true });
  const pastKey = incidentsKey({ open: false });
  const fallback = {
    [openKey]: await incidentsPage(engine, q(openKey)),
    [pastKey]: await incidentsPage(engine, q(pastKey)),
    [NOTIFICATIONS_KEY]: await notificationsPage(engine, q(NOTIFICATIONS_KEY)),
    [SILENCES_KEY]: await listSilences(engine),
  };
  return (
    <SWRConfig value={{ fallback }}>
      <IncidentsPage initialNow={serverNow()} />
    </SWRConfig>
  );
}
