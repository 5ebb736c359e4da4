import { useCallback, useEffect, useState } from "preact/hooks";
import { api, messageOf, type SyncStatus } from "../api";

/** How often the sync status is asked for. */
export const SYNC_POLL_MS = 3000;

/** The sync status, asked for every 3 s while `enabled`, and "Sync now". */
export function useSyncStatus(enabled: boolean) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let asking = false;
    const poll = async () => {
      if (asking) return; // a slow backend is not asked twice at once
      asking = true;
      try {
        const next = await api.syncStatus();
        if (!stopped) {
          setStatus(next);
          setProblem(null);
        }
      } catch (error) {
        if (!stopped) setProblem(messageOf(error));
      } finally {
        asking = false;
      }
    };
    void poll();
    const timer = setInterval(poll, SYNC_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [enabled]);

  const syncNow = useCallback(async () => {
    setStatus((current) => (current ? { ...current, state: "syncing" } : current));
    setProblem(null);
    try {
      setStatus(await api.syncNow());
    } catch (error) {
      setProblem(messageOf(error));
      setStatus(await api.syncStatus().catch(() => null));
    }
  }, []);

  return { status, problem, syncNow };
}
