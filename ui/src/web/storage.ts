/**
 * Persistent storage: without it a browser may clear the origin's data (the
 * answers not yet synced among it) when the device runs low on space.
 */

/**
 * Asks the browser to keep this site's data; true when it refused, so the
 * person can be told to sync when they can. False when it agreed, or when the
 * browser cannot be asked (then nothing is known to warn about).
 */
export async function storageMayBeCleared(
  storage: Pick<StorageManager, "persist" | "persisted"> | undefined,
): Promise<boolean> {
  if (!storage || typeof storage.persist !== "function") return false;
  try {
    if (typeof storage.persisted === "function" && (await storage.persisted())) return false;
    return !(await storage.persist());
  } catch {
    return false;
  }
}
