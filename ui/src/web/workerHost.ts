/**
 * The backend worker's logic, apart from the WebAssembly module so it can be
 * tested: opens the backend once, runs the page's commands one at a time in
 * the order they came, and syncs in the background while the device is joined.
 *
 * Every backend call is synchronous (a sync blocks the worker for its HTTP
 * round trips), so two calls never overlap: a command sent during a sync
 * waits for it, and a sync is only ever started from the worker's own event
 * loop, never inside another call.
 */
import { BYTE_COMMANDS, errorText, type FromWorker, type ToWorker } from "./protocol";

/** What the host needs of core's `WebBackend`. */
export interface Backend {
  call(command: string, argsJson: string, bytes?: Uint8Array): string;
  /** A command answering with raw bytes (`base_map_range`). */
  callBytes(command: string, argsJson: string): Uint8Array;
  nextSyncDelayMs(): number;
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Bounds on core's sync delay, so an odd value neither spins nor stalls syncing. */
export const MIN_SYNC_DELAY_MS = 1_000;
export const MAX_SYNC_DELAY_MS = 60 * 60 * 1_000;
const FALLBACK_SYNC_DELAY_MS = 60 * 1_000;

export function boundedDelay(ms: number): number {
  if (!Number.isFinite(ms)) return FALLBACK_SYNC_DELAY_MS;
  return Math.min(Math.max(ms, MIN_SYNC_DELAY_MS), MAX_SYNC_DELAY_MS);
}

export interface WorkerHost {
  /** Starts opening the backend (again, after a failure); calls wait for it. */
  open(): void;
  receive(message: ToWorker): void;
}

type Call = Extract<ToWorker, { kind: "call" }>;

export function createWorkerHost(
  openBackend: () => Promise<Backend>,
  reply: (message: FromWorker) => void,
  timers: Timers,
): WorkerHost {
  let backend: Backend | null = null;
  let opening = false;
  const waiting: Call[] = [];
  // Background sync runs only for a device that has joined (before that there is nothing to sync).
  let joined = false;
  let timer: unknown = null;

  const schedule = (ms: number) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(syncInBackground, ms);
  };

  function syncInBackground() {
    timer = null;
    if (!backend || !joined) return;
    try {
      backend.call("sync_now", "{}");
    } catch {
      // The outcome is kept in core's sync status, which the page shows; core's delay follows it.
    }
    schedule(boundedDelay(backend.nextSyncDelayMs()));
  }

  const run = (opened: Backend, message: Call) => {
    if (BYTE_COMMANDS.has(message.command)) {
      try {
        reply({
          kind: "bytes",
          id: message.id,
          bytes: opened.callBytes(message.command, message.argsJson),
        });
      } catch (error) {
        reply({ kind: "error", id: message.id, error: errorText(error), unavailable: false });
      }
      return;
    }
    let json: string;
    try {
      json = opened.call(message.command, message.argsJson, message.bytes ?? undefined);
    } catch (error) {
      reply({ kind: "error", id: message.id, error: errorText(error), unavailable: false });
      return;
    }
    reply({ kind: "result", id: message.id, json });
    if (message.command === "join") {
      // Fetch the audit at once, after the answer has gone out.
      joined = true;
      schedule(0);
    } else if (message.command === "sync_now" && joined) {
      // The person just synced: the next background sync counts from now.
      schedule(boundedDelay(opened.nextSyncDelayMs()));
    }
  };

  const hasSession = (opened: Backend) => {
    try {
      return opened.call("session", "{}") !== "null";
    } catch {
      return false;
    }
  };

  const open = () => {
    if (backend || opening) return;
    opening = true;
    openBackend().then(
      (opened) => {
        opening = false;
        backend = opened;
        joined = hasSession(opened);
        for (const message of waiting.splice(0)) run(opened, message);
        if (joined) schedule(0);
      },
      (error: unknown) => {
        opening = false;
        const text = errorText(error);
        for (const message of waiting.splice(0)) {
          reply({ kind: "error", id: message.id, error: text, unavailable: true });
        }
      },
    );
  };

  return {
    open,
    receive(message) {
      if (message.kind === "online") {
        if (backend && joined) schedule(0);
        return;
      }
      if (backend) {
        run(backend, message);
      } else {
        waiting.push(message);
        open();
      }
    },
  };
}
