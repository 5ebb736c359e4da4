import { describe, expect, it } from "vitest";
import { activeTileTemplate, NO_BASE_MAP, parseBaseMapSetting } from "./baseMap";

describe("the base map setting", () => {
  it("is off by default and when the stored text is unreadable", () => {
    expect(parseBaseMapSetting(null)).toEqual(NO_BASE_MAP);
    expect(parseBaseMapSetting("{not json")).toEqual(NO_BASE_MAP);
    expect(parseBaseMapSetting('"text"')).toEqual(NO_BASE_MAP);
    expect(parseBaseMapSetting('{"enabled":"yes","url":3}')).toEqual(NO_BASE_MAP);
  });

  it("reads a stored setting", () => {
    expect(parseBaseMapSetting('{"enabled":true,"url":"https://t/{z}/{x}/{y}.png"}')).toEqual({
      enabled: true,
      url: "https://t/{z}/{x}/{y}.png",
    });
  });

  it("draws tiles only when switched on with a usable template", () => {
    expect(activeTileTemplate({ enabled: true, url: " https://t/{z}/{x}/{y}.png " })).toBe(
      "https://t/{z}/{x}/{y}.png",
    );
    expect(activeTileTemplate({ enabled: false, url: "https://t/{z}/{x}/{y}.png" })).toBeNull();
    expect(activeTileTemplate({ enabled: true, url: "https://t/tiles.png" })).toBeNull();
  });
});
