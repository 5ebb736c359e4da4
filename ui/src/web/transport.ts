/**
 * The browser app's transport: core's commands go to the worker; the two the
 * page answers itself are the device's position (the browser's geolocation
 * lives on the page) and the desktop app's demo invite (none here).
 */
import type { Location, Transport } from "../api";
import type { WorkerClient } from "./workerClient";

/** How long to wait for a position fix before the person types one instead. */
export const POSITION_TIMEOUT_MS = 10_000;

export function createWebTransport(
  worker: Pick<WorkerClient, "invoke">,
  geolocation: Geolocation | undefined,
): Transport {
  return {
    binaryPhotos: true,
    invoke(command, args, bytes) {
      if (command === "current_position") return currentPosition(geolocation);
      if (command === "demo_invite") return Promise.resolve(null);
      return worker.invoke(command, args, bytes);
    },
  };
}

/**
 * The device's position, or null when the person refused it, the device has
 * none, or no fix came in time: the position picker then offers typing it.
 */
export function currentPosition(
  geolocation: Geolocation | undefined,
  timeoutMs = POSITION_TIMEOUT_MS,
): Promise<Location | null> {
  if (!geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    geolocation.getCurrentPosition(
      ({ coords }) =>
        resolve({
          lat: coords.latitude,
          lon: coords.longitude,
          accuracyM: Number.isFinite(coords.accuracy) ? coords.accuracy : null,
          source: "device",
        }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
