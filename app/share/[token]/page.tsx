import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { SnapshotView } from "@/components/share/snapshot-view";
import type { Snapshot } from "@/lib/api/shapes";



import { formatUtc, snapshotSummary } from "@/components/share/types";
import { openShare } from "@/lib/share/share";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ token: string }> };

// Metadata and page read the same snapshot once per request. Refused tokens are answered 404/410
// by proxy.ts before rendering; this notFound() covers a snapshot file that is gone.
const load = cache(async (token: string): Promise<Snapshot> => {
  const opened = await openShare(token);
  if (!opened.ok) notFound();
  return opened.snapshot;
});

/** Open Graph and Twitter tags with the frozen status, for chat previews of the link. */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const snap = await load((await params).token);
  const title = `Snapshot: ${snapshotSummary(snap)}`;
  const description = `depwatch status as of ${formatUtc(snap.takenAt)} (link expires ${formatUtc(snap.expiresAt)})`;
  return { title, description, robots: { index: false }, openGraph: { title, description, type: "website" }, twitter: { card: "summary", title, description } };
}

/** A frozen status snapshot made by `POST /api/share`. */
export default async function SharePage({ params }: Props) {
  return <SnapshotView snap={await load((await params).token)} />;
}
