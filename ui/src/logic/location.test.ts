import { describe, expect, it } from "vitest";
import { locationSourceKey, parseCoordinate, parseManualPosition } from "./location";

describe("how a position is known", () => {
  it("names the source: from photo, from device, pin, none", () => {
    const at = (source: "exif" | "device" | "manual") => ({
      lat: 1,
      lon: 2,
      accuracyM: null,
      source,
    });
    expect(locationSourceKey(at("exif"))).toBe("location.source.photo");
    expect(locationSourceKey(at("device"))).toBe("location.source.device");
    expect(locationSourceKey(at("manual"))).toBe("location.source.pin");
    expect(locationSourceKey(null)).toBe("location.source.none");
  });
});

describe("typed coordinates", () => {
  it("accept a decimal point or comma, signs and Arabic-Indic digits", () => {
    expect(parseCoordinate("42.6977")).toBe(42.6977);
    expect(parseCoordinate(" 23,3219 ")).toBe(23.3219);
    expect(parseCoordinate("-8.5")).toBe(-8.5);
    expect(parseCoordinate("−8.5")).toBe(-8.5);
    expect(parseCoordinate("٤٢٫٥")).toBe(42.5);
    expect(parseCoordinate("42°N")).toBeNull();
    expect(parseCoordinate("")).toBeNull();
  });

  it("make a manual location when both are valid", () => {
    expect(parseManualPosition("42.6977", "23.3219")).toEqual({
      kind: "valid",
      location: { lat: 42.6977, lon: 23.3219, accuracyM: null, source: "manual" },
    });
  });

  it("mean no position when both are empty", () => {
    expect(parseManualPosition(" ", "")).toEqual({ kind: "empty" });
  });

  it("say which one is off the globe or missing", () => {
    expect(parseManualPosition("91", "23")).toEqual({ kind: "invalid", problem: "latitude" });
    expect(parseManualPosition("42", "181")).toEqual({ kind: "invalid", problem: "longitude" });
    expect(parseManualPosition("42", "")).toEqual({ kind: "invalid", problem: "longitude" });
    expect(parseManualPosition("north", "east")).toEqual({ kind: "invalid", problem: "both" });
  });
});
