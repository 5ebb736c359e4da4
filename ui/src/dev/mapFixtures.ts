/**
 * The map commands of issue #18 for the dev/test backend, shaped per the
 * agreed contract (mapContract.ts). A stand-in until core's fixture writer
 * (core/src/facilitator_views/ui_fixtures.rs) writes the extended
 * `map_features` and `participant_map`: the scores and colours below are
 * typed in, not computed, like every other fixture. Never part of a
 * production build.
 */
import type {
  BaseMapInfo,
  MapFeatures,
  MapLegendEntry,
  MapStop,
  ScoreColour,
  TrackingState,
} from "../mapContract";
import { demoMapFeatures } from "./fixtures";

/** A score scale as core would send it (the report's). */
export const demoScoreScale: ScoreColour[] = [
  { score: 1, colour: "#c0392b" },
  { score: 2, colour: "#e67e22" },
  { score: 3, colour: "#f1c40f" },
  { score: 4, colour: "#7dbb42" },
  { score: 5, colour: "#2e8b57" },
];
const NEUTRAL = "#9aa5ab";

/** Walking order, mean score and colour by stop id, as core would answer them. */
const SCORED: Record<string, Pick<MapStop, "order" | "meanScore" | "colour">> = {
  "ps-1": { order: 1, meanScore: 3.4, colour: "#f1c40f" },
  "p-2-stop-1": { order: null, meanScore: 4, colour: "#7dbb42" },
  "p-2-stop-2": { order: null, meanScore: 2.5, colour: "#e67e22" },
  "p-3-stop-1": { order: null, meanScore: 3, colour: "#f1c40f" },
};

const demoStops: MapStop[] = demoMapFeatures.stops.map((stop) => ({
  ...stop,
  ...(SCORED[stop.id] ?? {
    order: stop.kind === "planned" ? 1 : null,
    meanScore: null,
    colour: NEUTRAL,
  }),
}));

/** A second planned stop with a position, so the route has two ends. */
const secondPlanned: MapStop = {
  lat: 42.6845,
  lon: 23.3199,
  id: "ps-2",
  kind: "planned",
  nameOfArea: "Lozenets",
  specificLocation: "Municipal office",
  pseudonym: null,
  order: 2,
  meanScore: null,
  colour: NEUTRAL,
};

const legend = (kinds: MapLegendEntry[]): MapLegendEntry[] => [
  ...kinds,
  ...demoScoreScale.map((step) => ({
    key: `map.legend.score${step.score}`,
    colour: step.colour,
    shape: "circle" as const,
  })),
];

const [planned, ...visits] = demoStops;

/** `map_features` for the demo audit. */
export const demoMapFeaturesFull: MapFeatures = {
  stops: [planned!, secondPlanned, ...visits],
  route: [
    { lat: planned!.lat, lon: planned!.lon },
    { lat: secondPlanned.lat, lon: secondPlanned.lon },
  ],
  photos: demoMapFeatures.photos,
  tracks: demoMapFeatures.tracks,
  hotSpots: [{ lat: 42.6961, lon: 23.3235, label: "Bus stop by the market: no shelter" }],
  legend: legend([
    { key: "map.legend.planned", colour: NEUTRAL, shape: "circle" },
    { key: "map.legend.visited", colour: NEUTRAL, shape: "circle" },
    { key: "map.legend.route", colour: "#34495e", shape: "line" },
    { key: "map.legend.photo", colour: "#4a3f8f", shape: "square" },
    { key: "map.legend.track", colour: "#8e44ad", shape: "line" },
    { key: "map.legend.hotSpot", colour: "#d35400", shape: "circle" },
  ]),
  scoreScale: demoScoreScale,
};

/** `participant_map` for a participant with one photo and a short track of their own. */
export function participantMapOf(
  photos: {
    hash: string;
    title: string;
    theme: string;
    location: { lat: number; lon: number } | null;
  }[],
  track: { lat: number; lon: number }[],
): MapFeatures {
  const own = photos.flatMap((photo) =>
    photo.location
      ? [
          {
            ...photo.location,
            hash: photo.hash,
            title: photo.title,
            theme: photo.theme,
            credit: "",
          },
        ]
      : [],
  );
  // Only this person's visits count towards a stop's score here: none in the demo.
  const unscored = (stop: MapStop): MapStop => ({ ...stop, meanScore: null, colour: NEUTRAL });
  return {
    stops: [unscored(planned!), unscored(secondPlanned)],
    route: demoMapFeaturesFull.route,
    photos: own,
    tracks: track.length >= 2 ? [{ participantId: "me", pseudonym: "", points: track }] : [],
    hotSpots: [],
    legend: [
      { key: "map.legend.planned", colour: NEUTRAL, shape: "circle" },
      { key: "map.legend.route", colour: "#34495e", shape: "line" },
      ...(own.length
        ? [{ key: "map.legend.photo", colour: "#4a3f8f", shape: "square" as const }]
        : []),
      ...(track.length >= 2
        ? [{ key: "map.legend.track", colour: "#8e44ad", shape: "line" as const }]
        : []),
    ],
    scoreScale: demoScoreScale,
  };
}

/** A base map package of central Sofia, as `base_map_info` would describe it. */
export const demoBaseMap: BaseMapInfo = {
  hash: "5".repeat(64),
  name: "sofia-centre.pmtiles",
  bytes: 1_843_200,
  tileType: "mvt",
  bounds: [23.28, 42.67, 23.36, 42.72],
  minZoom: 0,
  maxZoom: 15,
  centre: [23.32, 42.695, 14],
  available: true,
};

export const noTracking: TrackingState = {
  consent: false,
  recording: false,
  points: 0,
  lastAt: null,
};
