/**
 * Where walk positions come from while a track is recorded: the browser's
 * `watchPosition` (the browser app, and a webview that offers it), or, in
 * the app's shell, the `current_position` command asked at an interval
 * (the phone's geolocation plugin; a desktop answers none, and a recorded
 * GPX file stands in). Battery first: no high accuracy unless the person
 * asks for it, and a recent fix is reused rather than waking the GPS.
 */
import type { Location } from "../api";

/** A fix to hand to `record_position`. */
export interface PositionFix {
  lat: number;
  lon: number;
  accuracyM: number | null;
  /** RFC 3339. */
  at: string;
}

export interface WatchOptions {
  /** Ask for the precise (GPS) position, which costs battery. */
  highAccuracy: boolean;
}

/** Starts watching; the returned function stops it. */
export type WatchPosition = (
  onFix: (fix: PositionFix) => void,
  options: WatchOptions,
) => () => void;

/** A fix may be this old (ms) before the device is asked for a new one. */
export const MAXIMUM_AGE_MS = 20_000;
/** How often the shell's position is asked for (ms). */
export const POLL_INTERVAL_MS = 30_000;

/** Positions from the browser's geolocation, as the device reports them. */
export function geolocationWatch(geolocation: Geolocation): WatchPosition {
  return (onFix, { highAccuracy }) => {
    const id = geolocation.watchPosition(
      ({ coords, timestamp }) =>
        onFix({
          lat: coords.latitude,
          lon: coords.longitude,
          accuracyM: Number.isFinite(coords.accuracy) ? coords.accuracy : null,
          at: new Date(timestamp).toISOString(),
        }),
      () => undefined, // No fix for now (refused, indoors): the next one may come.
      { enableHighAccuracy: highAccuracy, maximumAge: MAXIMUM_AGE_MS, timeout: 60_000 },
    );
    return () => geolocation.clearWatch(id);
  };
}

/** Positions from a one-shot source asked every `everyMs` (the app's `current_position`). */
export function pollingWatch(
  current: () => Promise<Location | null>,
  everyMs = POLL_INTERVAL_MS,
  now: () => Date = () => new Date(),
): WatchPosition {
  return (onFix) => {
    let live = true;
    const ask = () =>
      current().then(
        (location) =>
          live &&
          location &&
          onFix({
            lat: location.lat,
            lon: location.lon,
            accuracyM: location.accuracyM,
            at: now().toISOString(),
          }),
        () => undefined,
      );
    void ask();
    const timer = setInterval(ask, everyMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  };
}
