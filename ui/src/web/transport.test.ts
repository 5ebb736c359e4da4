import { describe, expect, it, vi } from "vitest";
import { createWebTransport, currentPosition } from "./transport";

type Success = (position: { coords: Partial<GeolocationCoordinates> }) => void;
type Failure = (error: { code: number }) => void;

function geolocation(answer: (ok: Success, fail: Failure, options?: PositionOptions) => void) {
  return { getCurrentPosition: vi.fn(answer) } as unknown as Geolocation;
}

describe("the browser app's transport", () => {
  it("reads the device position from geolocation", async () => {
    const geo = geolocation((ok) =>
      ok({ coords: { latitude: 42.7, longitude: 23.3, accuracy: 12 } }),
    );
    expect(await currentPosition(geo)).toEqual({
      lat: 42.7,
      lon: 23.3,
      accuracyM: 12,
      source: "device",
    });
    expect(geo.getCurrentPosition).toHaveBeenCalledWith(
      expect.any(Function),
      expect.any(Function),
      {
        enableHighAccuracy: true,
        timeout: 10_000,
        maximumAge: 60_000,
      },
    );
  });

  it("has no position when refused, without geolocation, or without a fix in time", async () => {
    expect(await currentPosition(geolocation((_, fail) => fail({ code: 1 })))).toBeNull();
    expect(await currentPosition(geolocation((_, fail) => fail({ code: 3 })))).toBeNull();
    expect(await currentPosition(undefined)).toBeNull();
  });

  it("answers position and demo invite on the page, and sends the rest to the worker", async () => {
    const invoke = vi.fn(async () => "from worker");
    const transport = createWebTransport({ invoke }, undefined);
    expect(transport.binaryPhotos).toBe(true);
    expect(await transport.invoke("current_position")).toBeNull();
    expect(await transport.invoke("demo_invite")).toBeNull();
    const bytes = new Uint8Array([1]);
    expect(await transport.invoke("add_photo", { fileName: "a.jpg" }, bytes)).toBe("from worker");
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith("add_photo", { fileName: "a.jpg" }, bytes);
  });
});
