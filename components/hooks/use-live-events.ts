"use client";

import { useEffect, useState } from "react";
import { useSWRConfig } from "swr";
import { isServiceKey, LIVE_CHECK_EVENT, patchStatus, type LiveCheckEvent, type LiveEvent } from "@/components/hooks/live-patch";
import { isAlertKey } from "@/components/hooks/use-incidents";
import { STATUS_KEY } from "@/components/hooks/use-status";
import type { StatusView } from "@/lib/api/shapes";

/** `live` while the event stream is open; `polling` while it is down (SWR's refreshInterval carries on). */
export type LiveState = "connecting" | "live" | "polling";

/** Events arriving within this window are applied as one update. */
const BATCH_MS = 50;
/** The full status is refetched at most this often, however many checks finish. */
const REVALIDATE_MS = 1_000;
/** When the server refuses the stream (503 while restarting, 401), try again after this long. */
const REOPEN_MS = 15_000;

/**
 * Subscribes to `/api/events`. A `check`, and the `status` event of the dependents it moved, patch
 * the status in place at once, revalidate those services' keys, and schedules a status refetch (at most once a second); a `config` revalidates
 * every key; an `incident` revalidates the incident, notification and silence keys; after a drop every key is revalidated, since events were missed.
 */
export function useLiveEvents(): LiveState {
  const { mutate } = useSWRConfig();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    // Every browser depwatch supports has EventSource; without it, polling simply carries on.
    if (typeof EventSource === "undefined") return;
    let es: EventSource | undefined;
    let pending: LiveEvent[] = [];
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    let refetchTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let lastRefetch = 0;
    let opened = false;

    const refetchSoon = () => {
      if (refetchTimer) return;
      refetchTimer = setTimeout(() => {
        refetchTimer = undefined;
        lastRefetch = Date.now();
        void mutate(STATUS_KEY);
      }, Math.max(0, lastRefetch + REVALIDATE_MS - Date.now()));
    };
    const flush = () => {
      flushTimer = undefined;
      const batch = pending;
      pending = [];
      void mutate<StatusView>(STATUS_KEY, (cur) => patchStatus(cur, batch), { revalidate: false });
      const ids = new Set(batch.flatMap((e) => ("services" in e ? e.services.map((x) => x.id) : [e.id])));
      void mutate((key) => isServiceKey(key, ids));
      refetchSoon();
    };
    const open = () => {
      es = new EventSource("/api/events");
      es.addEventListener("open", () => {
        setState("live");
        if (opened) void mutate(() => true);
        opened = true;
      });
      es.addEventListener("error", () => {
        setState("polling");
        if (es?.readyState === EventSource.CLOSED) reopenTimer = setTimeout(open, REOPEN_MS);
      });
      es.addEventListener("check", (m) => {
        const e = JSON.parse((m as MessageEvent<string>).data) as LiveCheckEvent;
        pending.push(e);
        window.dispatchEvent(new CustomEvent(LIVE_CHECK_EVENT, { detail: e }));
        flushTimer ??= setTimeout(flush, BATCH_MS);
      });
      // Dependents a check moved (blocked, waiting, back): applied in the same batch as the check.
      es.addEventListener("status", (m) => {
        pending.push(JSON.parse((m as MessageEvent<string>).data) as LiveEvent);
        flushTimer ??= setTimeout(flush, BATCH_MS);
      });
      es.addEventListener("config", () => void mutate(() => true));
      es.addEventListener("incident", () => void mutate(isAlertKey));
    };
    open();
    return () => {
      es?.close();
      clearTimeout(flushTimer);
      clearTimeout(refetchTimer);
      clearTimeout(reopenTimer);
    };
  }, [mutate]);

  return state;
}
