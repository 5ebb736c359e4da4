/** How the sync status is put into words. */
import type { SyncState, SyncStatus } from "../api";

/** Catalogue key of the plain-words state. */
export function syncStateKey(state: SyncState): string {
  switch (state) {
    case "offline":
      return "sync.state.offline";
    case "syncing":
      return "sync.state.syncing";
    case "upToDate":
      return "sync.state.upToDate";
    case "error":
      return "sync.state.error";
    case "neverSynced":
      return "sync.state.neverSynced";
  }
}

/** "Sync now" is offered unless a sync is already running. */
export function canSyncNow(status: SyncStatus | null): boolean {
  return status?.state !== "syncing";
}

/** True when everything on the device has reached the server. */
export function allSent(status: SyncStatus): boolean {
  return status.pendingChanges === 0 && status.uploads.length === 0 && status.lastSyncAt !== null;
}

/**
 * Catalogue key of what the status bar says: "up to date" only when nothing
 * is waiting, else that changes wait for the next sync.
 */
export function statusKey(status: SyncStatus): string {
  if (status.state === "upToDate" && !allSent(status)) return "sync.state.waiting";
  return syncStateKey(status.state);
}
