"use client";

import { useState, type FormEvent } from "react";
import { useSWRConfig } from "swr";
import { formatAgo } from "@/components/format";
import { isAlertKey, useSilences } from "@/components/hooks/use-incidents";

const input = "rounded border border-zinc-300 px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900";
const split = (v: FormDataEntryValue | null) => String(v ?? "").split(/[\s,]+/).filter(Boolean);

/** Silences: a form to make one (services or groups, duration, reason, who) and the list to end them. */
export function Silences({ now }: { now: number }) {
  const { data } = useSilences();
  const { mutate } = useSWRConfig();
  const [error, setError] = useState<string>();

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = { services: split(f.get("services")), groups: split(f.get("groups")), duration: String(f.get("duration")), reason: String(f.get("reason")), createdBy: String(f.get("createdBy")) };
    const res = await fetch("/api/silences", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!res.ok) {
      const j = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      setError(j.error?.message ?? `failed (${res.status})`);
      return;
    }
    setError(undefined);
    e.currentTarget?.reset();
    void mutate(isAlertKey);
    void mutate("/api/status");
  };
  const end = async (id: number) => {
    await fetch(`/api/silences/${id}`, { method: "DELETE" });
    void mutate(isAlertKey);
    void mutate("/api/status");
  };

  return (
    <div className="space-y-2">
      <form onSubmit={(e) => void create(e)} className="flex flex-wrap items-end gap-2" aria-label="New silence">
        <label className="flex flex-col text-xs">Services<input name="services" placeholder="orders-db, cache" className={input} /></label>
        <label className="flex flex-col text-xs">Groups<input name="groups" placeholder="data" className={input} /></label>
        <label className="flex flex-col text-xs">For<input name="duration" defaultValue="1h" required className={`${input} w-20`} /></label>
        <label className="flex flex-col text-xs">Reason<input name="reason" required className={input} /></label>
        <label className="flex flex-col text-xs">Who<input name="createdBy" required className={`${input} w-28`} /></label>
        <button type="submit" className="rounded bg-zinc-800 px-3 py-1 text-sm text-white dark:bg-zinc-200 dark:text-zinc-900">Silence</button>
      </form>
      {error && <p role="alert" className="text-sm text-red-800">{error}</p>}
      <ul className="space-y-1 text-sm">
        {(data?.silences ?? []).map((s) => (
          <li key={s.id} data-silence={s.id} className="flex flex-wrap items-baseline gap-2">
            <span className="text-xs font-medium">{s.active ? "⚒ active" : s.endedAt ? "ended" : Date.parse(s.startsAt) > now ? "scheduled" : "expired"}</span>
            <span>{[...s.services, ...s.groups.map((g) => `group ${g}`)].join(", ")}</span>
            <span className="text-zinc-600 dark:text-zinc-300">“{s.reason}” by {s.createdBy}</span>
            <span className="text-xs text-zinc-600 dark:text-zinc-400">until {new Date(s.endsAt).toLocaleString()} (made {formatAgo(s.startsAt, now)})</span>
            {s.active && <button type="button" onClick={() => void end(s.id)} className="text-xs underline">End now</button>}
          </li>
        ))}
      </ul>
    </div>
  );
}
