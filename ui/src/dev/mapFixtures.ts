/**
 * The map commands' answers for the dev/test backend: the facilitator's map
 * is core's fixture (written by core/src/views/facilitator/ui_fixtures.rs);
 * a participant's map puts the mock's own photos and track beside the
 * fixture's planned stops. Never part of a production build.
 */
import type { BaseMapInfo, MapFeatures, TrackingState } from "../mapContract";
import { demoMapFeatures } from "./fixtures";

/** `map_features` for the demo audit, as core answers it (fixtures/map-features.json). */
export const demoMapFeaturesFull: MapFeatures = demoMapFeatures;

const plannedStops = demoMapFeatures.stops.filter((stop) => stop.kind === "planned");
const legendOf = (key: string) => demoMapFeatures.legend.filter((entry) => entry.key === key);

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
  return {
    stops: plannedStops,
    route: demoMapFeatures.route,
    photos: own,
    tracks: track.length >= 2 ? [{ participantId: "me", pseudonym: "", points: track }] : [],
    hotSpots: [],
    legend: [
      ...legendOf("map.legend.planned"),
      ...(own.length ? legendOf("map.legend.photo") : []),
      ...(track.length >= 2 ? legendOf("map.legend.track") : []),
    ],
    scoreScale: demoMapFeatures.scoreScale,
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
