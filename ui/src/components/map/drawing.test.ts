import { describe, expect, it } from "vitest";
import { demoMapFeaturesFull, participantMapOf } from "../../dev/mapFixtures";
import type { MapFeatures } from "../../mapContract";
import { drawingOf, legendOf, pointsOf, type DrawingTexts } from "./drawing";
import { BASE_RULES, ruleMatches, widthAt } from "./style";

const texts: DrawingTexts = {
  theme: (id) => `theme:${id}`,
  thumbnail: (hash) => (hash.startsWith("c") ? `data:image/png;base64,${hash}` : null),
  track: (name) => `track of ${name}`,
  route: "route",
};

describe("the drawing of a map", () => {
  const drawing = drawingOf(demoMapFeaturesFull, texts);

  it("numbers planned stops in walking order and paints them over the visits", () => {
    const planned = drawing.stops.filter((stop) => stop.kind === "planned");
    expect(planned.map((stop) => [stop.number, stop.label])).toEqual([
      [1, "Vazrazhdane"],
      [2, "Lozenets"],
    ]);
    // Painted last, so a visit at the same place never hides a number.
    expect(drawing.stops.slice(-2).map((stop) => stop.id)).toEqual(["ps-1", "ps-2"]);
    expect(
      drawing.stops.filter((stop) => stop.kind === "visited").every((s) => s.number === null),
    ).toBe(true);
  });

  it("colours each stop with core's colour and draws lines in the legend's colours", () => {
    for (const stop of drawing.stops) {
      const fromCore = demoMapFeaturesFull.stops.find((s) => s.id === stop.id)!;
      expect(stop.colour).toBe(fromCore.colour);
    }
    const colourOf = (key: string) => demoMapFeaturesFull.legend.find((e) => e.key === key)!.colour;
    expect(drawing.route?.colour).toBe(colourOf("map.legend.route"));
    expect(drawing.route?.points).toEqual(demoMapFeaturesFull.route);
    expect(drawing.tracks.map((t) => t.colour)).toEqual(
      drawing.tracks.map(() => colourOf("map.legend.track")),
    );
    expect(drawing.hotSpots[0]!.colour).toBe(colourOf("map.legend.hotSpot"));
  });

  it("gives photos their theme's title and this device's thumbnail", () => {
    const [first] = drawing.photos;
    expect(first!.theme).toBe(`theme:${demoMapFeaturesFull.photos[0]!.theme}`);
    expect(drawing.photos.map((p) => p.thumbnail === null)).toEqual(
      demoMapFeaturesFull.photos.map((p) => !p.hash.startsWith("c")),
    );
  });

  it("fits to every mark drawn", () => {
    const f = demoMapFeaturesFull;
    expect(pointsOf(drawing)).toHaveLength(
      f.route.length +
        f.tracks.reduce((n, t) => n + t.points.length, 0) +
        f.hotSpots.length +
        f.photos.length +
        f.stops.length,
    );
  });
});

describe("the legend", () => {
  it("keeps every entry of core's legend when everything is drawn", () => {
    const drawing = drawingOf(demoMapFeaturesFull, texts);
    expect(legendOf(demoMapFeaturesFull.legend, drawing)).toEqual(demoMapFeaturesFull.legend);
  });

  it("drops the kinds that are not drawn and the score scale when nothing is scored", () => {
    const features: MapFeatures = {
      ...participantMapOf([], []),
      // Core's entries for kinds this map has none of: not drawn, so not explained.
      legend: [...demoMapFeaturesFull.legend],
    };
    features.stops = features.stops.map((stop) => ({ ...stop, meanScore: null }));
    const drawing = drawingOf(features, texts);
    expect(legendOf(features.legend, drawing).map((entry) => entry.key)).toEqual([
      "map.legend.planned",
      "map.legend.route",
    ]);
  });

  it("keeps an entry of a kind it does not know: core named it", () => {
    const features = participantMapOf([], []);
    const entry = { key: "map.legend.somethingNew", colour: "#123456", shape: "square" as const };
    expect(legendOf([entry], drawingOf(features, texts))).toEqual([entry]);
  });
});

describe("the base map style", () => {
  it("draws only the Protomaps layers of the contract", () => {
    const layers = new Set(BASE_RULES.map((rule) => rule.layer));
    expect([...layers].sort()).toEqual(["buildings", "earth", "landuse", "roads", "water"]);
  });

  it("picks road rules by kind and parks out of land use", () => {
    const roads = BASE_RULES.filter((rule) => rule.layer === "roads");
    const drawn = (kind: string) => roads.filter((rule) => ruleMatches(rule, { kind })).length;
    expect(["highway", "major_road", "minor_road", "path"].map(drawn)).toEqual([2, 2, 2, 1]);
    expect(drawn("ferry")).toBe(0);
    const landuse = BASE_RULES.find((rule) => rule.layer === "landuse")!;
    expect(ruleMatches(landuse, { kind: "park" })).toBe(true);
    expect(ruleMatches(landuse, { kind: "industrial" })).toBe(false);
  });

  it("widens lines with the zoom, within their bounds", () => {
    const major = BASE_RULES.find((r) => r.layer === "roads" && r.colour === "#ffffff")!;
    expect(widthAt(major, 10)).toBe(major.width![0]);
    expect(widthAt(major, 15)).toBeGreaterThan(major.width![0]);
    expect(widthAt(major, 20)).toBe(major.width![1]);
  });
});
