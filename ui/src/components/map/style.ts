/**
 * How a base map package is drawn, as plain data: muted fills and lines for
 * the Protomaps basemap layers (`earth`, `water`, `landuse`, `roads`,
 * `buildings`), so the audit's own marks (stops, route, photos, tracks) stay
 * the most visible things on the map. The renderer turns these into the
 * map library's rules; tests read them as they are.
 */

/** One drawing rule for a layer of the vector tiles, painted in list order. */
export interface BaseRule {
  /** The tile layer (Protomaps basemap schema). */
  layer: "earth" | "water" | "landuse" | "roads" | "buildings";
  /** Only features whose `kind` property is one of these (all when absent). */
  kinds?: readonly string[];
  geometry: "polygon" | "line";
  colour: string;
  /** Line width in CSS pixels at zoom 12 and at zoom 18 (interpolated between). */
  width?: [number, number];
  /** Not drawn below this zoom. */
  minZoom?: number;
  dash?: [number, number];
}

/** Behind everything, and the whole map when there is no package. */
export const BACKGROUND = "#f4f1ea";

const PARK_KINDS = ["park", "garden", "grass", "forest", "wood", "nature_reserve", "playground"];

/** The muted style for a vector package, bottom to top. */
export const BASE_RULES: readonly BaseRule[] = [
  { layer: "earth", geometry: "polygon", colour: BACKGROUND },
  { layer: "landuse", kinds: PARK_KINDS, geometry: "polygon", colour: "#dde8d0" },
  { layer: "water", geometry: "polygon", colour: "#c9dbe6" },
  { layer: "buildings", geometry: "polygon", colour: "#e2dcd2", minZoom: 14 },
  // Casings under the fills make the white roads readable on the pale ground.
  {
    layer: "roads",
    kinds: ["highway", "major_road"],
    geometry: "line",
    colour: "#d3cabd",
    width: [3.5, 14],
  },
  { layer: "roads", kinds: ["minor_road"], geometry: "line", colour: "#ddd5c9", width: [1.5, 9] },
  {
    layer: "roads",
    kinds: ["highway", "major_road"],
    geometry: "line",
    colour: "#ffffff",
    width: [2, 11],
  },
  { layer: "roads", kinds: ["minor_road"], geometry: "line", colour: "#ffffff", width: [0.6, 7] },
  {
    layer: "roads",
    kinds: ["path"],
    geometry: "line",
    colour: "#b9ae9e",
    width: [0.6, 1.6],
    minZoom: 14,
    dash: [3, 2],
  },
];

/** The width of a rule's line at `zoom`. */
export function widthAt(rule: BaseRule, zoom: number): number {
  const [at12, at18] = rule.width ?? [1, 1];
  const t = Math.min(1, Math.max(0, (zoom - 12) / 6));
  return at12 + (at18 - at12) * t;
}

/** Whether a feature with these properties is drawn by `rule`. */
export function ruleMatches(rule: BaseRule, props: Record<string, unknown>): boolean {
  return !rule.kinds || rule.kinds.includes(String(props.kind ?? ""));
}
