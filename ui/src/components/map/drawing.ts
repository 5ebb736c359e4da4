/**
 * What a map draws, worked out from core's `MapFeatures` without the map
 * library: marks in drawing order and the legend of exactly what is drawn.
 * Colours are core's (each stop's `colour`, the legend's colours); nothing
 * here computes a score or picks a colour from one.
 */
import type { LatLon, MapFeatures, MapLegendEntry } from "../../mapContract";

/** A stop's mark: numbered when it is a planned stop (its walking order). */
export interface StopMark {
  id: string;
  lat: number;
  lon: number;
  kind: "planned" | "visited";
  /** Walking order (planned stops), else null. */
  number: number | null;
  colour: string;
  /** The name shown beside a planned stop (never cut). */
  label: string;
  meanScore: number | null;
}

/** A photo's mark and what its pop-up shows. */
export interface PhotoMark {
  hash: string;
  lat: number;
  lon: number;
  title: string;
  /** The theme's title in the person's language. */
  theme: string;
  credit: string;
  /** A `data:` URL, or null when this device has no thumbnail. */
  thumbnail: string | null;
}

/** A line: the route or a participant's track. */
export interface LineMark {
  id: string;
  points: LatLon[];
  colour: string;
  /** Said on hover and to assistive technology. */
  title: string;
}

export interface HotSpotMark {
  lat: number;
  lon: number;
  label: string;
  colour: string;
}

/** Everything a renderer draws, bottom to top: route, tracks, hot spots, photos, stops. */
export interface Drawing {
  route: LineMark | null;
  tracks: LineMark[];
  hotSpots: HotSpotMark[];
  photos: PhotoMark[];
  stops: StopMark[];
}

/** The legend keys core uses for each kind of mark (`map.legend.*`). */
export const LEGEND_KEYS = {
  planned: "map.legend.planned",
  visited: "map.legend.visited",
  route: "map.legend.route",
  photo: "map.legend.photo",
  track: "map.legend.track",
  hotSpot: "map.legend.hotSpot",
} as const;

const SCORE_KEY = /^map\.legend\.score[1-5]$/;

/** Drawn when core's legend has no entry for a kind (it then also shows none). */
const FALLBACK = "#5b6770";

function colourOf(legend: readonly MapLegendEntry[], key: string): string {
  return legend.find((entry) => entry.key === key)?.colour ?? FALLBACK;
}

export interface DrawingTexts {
  /** The theme's title for a theme id. */
  theme(id: string): string;
  /** A photo's thumbnail by its hash, where this device has one. */
  thumbnail(hash: string): string | null;
  /** The title of a participant's track. */
  track(pseudonym: string): string;
  /** The title of the route. */
  route: string;
}

/** The marks of `features`, in the order they are painted. */
export function drawingOf(features: MapFeatures, texts: DrawingTexts): Drawing {
  const legend = features.legend;
  const planned = features.stops
    .filter((stop) => stop.kind === "planned")
    .sort((a, b) => (a.order ?? Infinity) - (b.order ?? Infinity));
  const visited = features.stops.filter((stop) => stop.kind !== "planned");
  return {
    route:
      features.route.length >= 2
        ? {
            id: "route",
            points: features.route,
            colour: colourOf(legend, LEGEND_KEYS.route),
            title: texts.route,
          }
        : null,
    tracks: features.tracks
      .filter((track) => track.points.length >= 2)
      .map((track) => ({
        id: `track-${track.participantId}`,
        points: track.points,
        colour: colourOf(legend, LEGEND_KEYS.track),
        title: texts.track(track.pseudonym),
      })),
    hotSpots: features.hotSpots.map((spot) => ({
      ...spot,
      colour: colourOf(legend, LEGEND_KEYS.hotSpot),
    })),
    photos: features.photos.map((photo) => ({
      hash: photo.hash,
      lat: photo.lat,
      lon: photo.lon,
      title: photo.title,
      theme: texts.theme(photo.theme),
      credit: photo.credit,
      thumbnail: texts.thumbnail(photo.hash),
    })),
    // Visits under planned stops, so a numbered stop is never hidden by a visit at the same place.
    stops: [...visited, ...planned].map((stop) => ({
      id: stop.id,
      lat: stop.lat,
      lon: stop.lon,
      kind: stop.kind === "planned" ? "planned" : "visited",
      number: stop.kind === "planned" ? stop.order : null,
      colour: stop.colour,
      label: stop.nameOfArea,
      meanScore: stop.meanScore,
    })),
  };
}

/** Whether the drawing has anything with a position. */
export function hasMarks(drawing: Drawing): boolean {
  return pointsOf(drawing).length > 0;
}

/** Every position drawn, to fit the view to. */
export function pointsOf(drawing: Drawing): LatLon[] {
  return [
    ...(drawing.route?.points ?? []),
    ...drawing.tracks.flatMap((track) => track.points),
    ...drawing.hotSpots,
    ...drawing.photos,
    ...drawing.stops,
  ];
}

/**
 * Core's legend, less the entries for kinds this drawing does not show (a
 * legend lists only what is on the map). Entries of kinds this module does
 * not know are kept: core named them.
 */
export function legendOf(legend: readonly MapLegendEntry[], drawing: Drawing): MapLegendEntry[] {
  const present: Record<string, boolean> = {
    [LEGEND_KEYS.planned]: drawing.stops.some((stop) => stop.kind === "planned"),
    [LEGEND_KEYS.visited]: drawing.stops.some((stop) => stop.kind === "visited"),
    [LEGEND_KEYS.route]: drawing.route !== null,
    [LEGEND_KEYS.photo]: drawing.photos.length > 0,
    [LEGEND_KEYS.track]: drawing.tracks.length > 0,
    [LEGEND_KEYS.hotSpot]: drawing.hotSpots.length > 0,
  };
  const scored = drawing.stops.some((stop) => stop.meanScore !== null);
  return legend.filter((entry) =>
    SCORE_KEY.test(entry.key) ? scored : (present[entry.key] ?? true),
  );
}
