import { describe, expect, it } from "vitest";
import type { SyncStatus } from "../api";
import { allSent, canSyncNow, statusKey, syncStateKey } from "./sync";

const status = (over: Partial<SyncStatus>): SyncStatus => ({
  state: "upToDate",
  pendingChanges: 0,
  pendingDownloads: 0,
  uploads: [],
  lastSyncAt: 1,
  lastError: null,
  ...over,
});

describe("sync status in words", () => {
  it("has a distinct message for each state", () => {
    const keys = (["offline", "syncing", "upToDate", "error", "neverSynced"] as const).map(
      syncStateKey,
    );
    expect(new Set(keys).size).toBe(5);
  });

  it("offers Sync now unless a sync is running", () => {
    expect(canSyncNow(status({ state: "syncing" }))).toBe(false);
    expect(canSyncNow(status({ state: "error" }))).toBe(true);
    expect(canSyncNow(null)).toBe(true);
  });

  it("calls everything sent only with nothing pending, no uploads and a sync done", () => {
    expect(allSent(status({}))).toBe(true);
    expect(allSent(status({ pendingChanges: 2 }))).toBe(false);
    expect(
      allSent(status({ uploads: [{ hash: "a", title: "", sentBytes: 0, totalBytes: 1 }] })),
    ).toBe(false);
    expect(allSent(status({ lastSyncAt: null }))).toBe(false);
  });

  it("says up to date only when nothing waits, else that changes wait", () => {
    expect(statusKey(status({}))).toBe("sync.state.upToDate");
    expect(statusKey(status({ pendingChanges: 29 }))).toBe("sync.state.waiting");
    expect(statusKey(status({ state: "offline", pendingChanges: 3 }))).toBe("sync.state.offline");
  });
});
