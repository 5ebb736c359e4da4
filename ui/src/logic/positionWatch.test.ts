import { afterEach, describe, expect, it, vi } from "vitest";
import { geolocationWatch, MAXIMUM_AGE_MS, pollingWatch } from "./positionWatch";

afterEach(() => vi.useRealTimers());

describe("the browser's positions", () => {
  it("watches without high accuracy unless asked, reusing a recent fix, and clears the watch", () => {
    const geolocation = {
      watchPosition: vi.fn((success: PositionCallback) => {
        success({
          coords: { latitude: 42.7, longitude: 23.32, accuracy: 30 },
          timestamp: Date.UTC(2025, 4, 14, 9, 30),
        } as GeolocationPosition);
        return 7;
      }),
      clearWatch: vi.fn(),
    } as unknown as Geolocation;
    const fixes: unknown[] = [];
    const stop = geolocationWatch(geolocation)((fix) => fixes.push(fix), { highAccuracy: false });
    expect(geolocation.watchPosition).toHaveBeenCalledWith(
      expect.any(Function),
      expect.any(Function),
      {
        enableHighAccuracy: false,
        maximumAge: MAXIMUM_AGE_MS,
        timeout: 60_000,
      },
    );
    expect(fixes).toEqual([
      { lat: 42.7, lon: 23.32, accuracyM: 30, at: "2025-05-14T09:30:00.000Z" },
    ]);
    stop();
    expect(geolocation.clearWatch).toHaveBeenCalledWith(7);
  });
});

describe("the app's position, asked at an interval", () => {
  it("asks at once and then every interval until stopped; no position, no fix", async () => {
    vi.useFakeTimers();
    const answers = [{ lat: 1, lon: 2, accuracyM: 5, source: "device" as const }, null];
    const current = vi.fn(async () => answers.shift() ?? null);
    const fixes: unknown[] = [];
    const stop = pollingWatch(
      current,
      1000,
      () => new Date(Date.UTC(2025, 0, 1)),
    )((fix) => fixes.push(fix), { highAccuracy: false });
    await vi.advanceTimersByTimeAsync(2500);
    expect(current).toHaveBeenCalledTimes(3);
    expect(fixes).toEqual([{ lat: 1, lon: 2, accuracyM: 5, at: "2025-01-01T00:00:00.000Z" }]);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(current).toHaveBeenCalledTimes(3);
  });
});
