import { describe, expect, it, vi } from "vitest";
import { storageMayBeCleared } from "./storage";

describe("persistent storage", () => {
  it("warns when the browser refuses to keep the data", async () => {
    const storage = { persist: vi.fn(async () => false), persisted: vi.fn(async () => false) };
    expect(await storageMayBeCleared(storage)).toBe(true);
    expect(storage.persist).toHaveBeenCalledOnce();
  });

  it("is quiet when granted, already granted, or when the browser cannot be asked", async () => {
    expect(
      await storageMayBeCleared({ persist: async () => true, persisted: async () => false }),
    ).toBe(false);
    const persist = vi.fn(async () => false);
    expect(await storageMayBeCleared({ persist, persisted: async () => true })).toBe(false);
    expect(persist).not.toHaveBeenCalled();
    expect(await storageMayBeCleared(undefined)).toBe(false);
    expect(
      await storageMayBeCleared({
        persist: async () => Promise.reject(new Error("denied")),
        persisted: async () => false,
      }),
    ).toBe(false);
  });
});
