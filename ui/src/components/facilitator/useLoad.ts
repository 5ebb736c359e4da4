import { useCallback, useEffect, useState } from "preact/hooks";
import { messageOf } from "../../api";

/** What a screen loaded from the backend: the data, or why it could not. */
export interface Loaded<T> {
  data: T | null;
  problem: string | null;
  reload(): void;
  /** Replace the data after a successful change, without asking again. */
  setData(update: (data: T) => T): void;
}

/**
 * Loads `fetch()` when the screen opens and whenever a key in `keys` changes
 * (e.g. after a sync brought new documents). A reload keeps the data shown.
 */
export function useLoad<T>(fetch: () => Promise<T>, keys: readonly unknown[]): Loaded<T> {
  const [data, setRaw] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    fetch().then(
      (next) => {
        if (!live) return;
        setRaw(next);
        setProblem(null);
      },
      (error: unknown) => live && setProblem(messageOf(error)),
    );
    return () => {
      live = false;
    };
  }, [...keys, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const setData = useCallback(
    (update: (data: T) => T) => setRaw((d) => (d === null ? d : update(d))),
    [],
  );
  return { data, problem, reload, setData };
}
