"use client";

import { RecheckAll } from "@/components/overview/recheck-all";
import { CopyLinkButton } from "@/components/service/copy-link-button";
import { ShareSnapshotButton } from "@/components/share/share-button";

/** The overview's actions: re-check all, copy the link of this view (filters included), share a snapshot. */
export function OverviewActions({ total }: { total: number }) {
  return (
    <div className="mb-3 flex flex-wrap items-start gap-x-4 gap-y-2">
      <RecheckAll total={total} />
      <CopyLinkButton />
      <ShareSnapshotButton />
    </div>
  );
}
