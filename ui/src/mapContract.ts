/**
 * The map commands' types as agreed for issue #18 (the offline map), written
 * by hand from the contract until core's generated types (src/generated/
 * contract.ts) carry them; replaced by those at merge. Names and shapes
 * follow the contract exactly: do not add rules here.
 */
import type * as core from "./generated/contract";

/** The base map package of the current audit (`base_map_info`). */
export interface BaseMapInfo {
  hash: string;
  name: string;
  bytes: number;
  tileType: "mvt" | "png" | "jpeg" | "webp";
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  minZoom: number;
  maxZoom: number;
  /** [lon, lat, zoom]. */
  centre: [number, number, number];
  /** The package is on this device (it may still be on its way). */
  available: boolean;
}

export type LatLon = core.LatLon;

/** A planned stop or a stop visit, with its walking order and score colour from core. */
export interface MapStop extends core.MapStop {
  /** 1-based walking order of a planned stop; null for visits. */
  order: number | null;
  /** Mean of the valid 1-5 answers at the stop; null without any. */
  meanScore: number | null;
  /** CSS colour from core's one score colour scale (neutral without a score). */
  colour: string;
}

export type MapPhoto = core.MapPhoto;
export type MapTrack = core.MapTrack;

/** A hot spot named in a focus group, with a position. */
export interface MapHotSpot {
  lat: number;
  lon: number;
  label: string;
}

/** One line of the legend: a catalogue key, and how it is drawn. */
export interface MapLegendEntry {
  key: string;
  colour: string;
  shape: "circle" | "line" | "square";
}

/** One step of the score colour scale (the report uses the same). */
export interface ScoreColour {
  score: number;
  colour: string;
}

/** What a map shows (`map_features`, `participant_map`). */
export interface MapFeatures {
  stops: MapStop[];
  route: LatLon[];
  photos: MapPhoto[];
  tracks: MapTrack[];
  hotSpots: MapHotSpot[];
  legend: MapLegendEntry[];
  scoreScale: ScoreColour[];
}

/** The walk track recording of this device and person. */
export interface TrackingState {
  consent: boolean;
  recording: boolean;
  /** Points kept so far. */
  points: number;
  /** RFC 3339 time of the last kept point. */
  lastAt: string | null;
}

/** `record_position`'s request. */
export interface RecordPositionRequest {
  lat: number;
  lon: number;
  accuracyM: number | null;
  /** RFC 3339. */
  at: string;
}

/** `record_position`'s answer: whether core kept the point. */
export interface RecordPositionResult {
  kept: boolean;
  state: TrackingState;
}
