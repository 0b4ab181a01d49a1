"use client";

import { useState } from "react";
import { useSWRConfig } from "swr";
import { formatAgo } from "@/components/format";
import { NOTIFICATIONS_KEY, useNotifications } from "@/components/hooks/use-incidents";
import type { DeliveryView } from "@/lib/api/shapes";

const STATE: Record<DeliveryView["state"], string> = { pending: "⏳ pending", sending: "↗ sending", sent: "✓ sent", failed: "✕ failed" };

/** Deliveries as a table: channel, kind, state, attempts, error. */
export function DeliveryTable({ list, now }: { list: DeliveryView[]; now: number }) {
  if (list.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No notifications yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="text-xs text-zinc-600 dark:text-zinc-400">
          <tr><th className="p-1">When</th><th className="p-1">Channel</th><th className="p-1">Kind</th><th className="p-1">State</th><th className="p-1">Tries</th><th className="p-1">Incident</th><th className="p-1">Error</th></tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr key={d.id} data-delivery={d.id} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="p-1 whitespace-nowrap">{formatAgo(d.sentAt ?? d.createdAt, now)}</td>
              <td className="p-1">{d.channel}</td>
              <td className="p-1">{d.kind}</td>
              <td className="p-1 whitespace-nowrap">{STATE[d.state]}</td>
              <td className="p-1">{d.attempts}</td>
              <td className="p-1">{d.incidentId === null ? "—" : <a className="underline" href={`/incidents/${d.incidentId}`}>#{d.incidentId}</a>}</td>
              <td className="p-1 text-xs text-red-800 dark:text-red-300">{d.error ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The notification log with a "send test" button per channel. */
export function NotificationLog({ now }: { now: number }) {
  const { data, error } = useNotifications();
  const { mutate } = useSWRConfig();
  const [note, setNote] = useState<string>();
  const test = async (id: string) => {
    const res = await fetch(`/api/notifications/test/${encodeURIComponent(id)}`, { method: "POST" });
    setNote(res.ok ? `Test queued on ${id}.` : `Could not queue a test on ${id} (${res.status}).`);
    setTimeout(() => void mutate(NOTIFICATIONS_KEY), 1_000);
  };
  if (!data) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{error ? `Cannot load notifications: ${error.message}` : "Loading…"}</p>;
  return (
    <div className="space-y-2">
      {data.channels.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No channels configured (see README.md, Notifications).</p>
      ) : (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-xs text-zinc-600 dark:text-zinc-400">Send test:</span>
          {data.channels.map((c) => (
            <button key={c.id} type="button" onClick={() => void test(c.id)} className="rounded border border-zinc-300 px-2 py-0.5 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
              {c.id} <span className="text-xs text-zinc-600 dark:text-zinc-400">({c.type})</span>
            </button>
          ))}
          {note && <span role="status" className="text-xs">{note}</span>}
        </div>
      )}
      <DeliveryTable list={data.notifications} now={now} />
    </div>
  );
}
