/**
 * The map and walk-track commands of the dev/test backend (issue #18),
 * answering per the agreed contract (mapContract.ts): the base map package,
 * `map_features`, `participant_map` and the tracking state. It keeps what
 * the person does (consent, recording, points) and checks only the refusals
 * core would make, so the screens can be tried. Never part of a production
 * build.
 */
import type { PhotoView } from "../api";
import type {
  BaseMapInfo,
  LatLon,
  RecordPositionRequest,
  RecordPositionResult,
  TrackingState,
} from "../mapContract";
import { demoBaseMapArchive } from "./demoBaseMap";
import { demoBaseMap, demoMapFeaturesFull, noTracking, participantMapOf } from "./mapFixtures";

export interface MapMock {
  handlers: Record<string, (args: Record<string, unknown>, bytes?: Uint8Array) => unknown>;
  state: {
    baseMap: BaseMapInfo | null;
    /** The package's bytes, when the mock has a real one (`useDemoPackage`). */
    bytes: Uint8Array | null;
    tracking: TrackingState;
    track: LatLon[];
  };
  /** Serves the in-memory demo package of central Sofia (dev/demoBaseMap.ts). */
  useDemoPackage(): void;
}

/** The map commands; `photos` are the participant's own (for `participant_map`). */
export function createMapMock(photos: () => PhotoView[]): MapMock {
  const state: MapMock["state"] = {
    baseMap: null,
    bytes: null,
    tracking: { ...noTracking },
    track: [],
  };
  // Refusals as core words them: the code, the words, and (for a GPX file) the reason.
  const refuse = (code: string, message: string) => {
    throw { code, message, details: code === "gpx_invalid" ? { reason: message } : null };
  };
  const handlers: MapMock["handlers"] = {
    map_features: () => demoMapFeaturesFull,
    participant_map: () => participantMapOf(photos(), state.track),
    base_map_info: () => state.baseMap,
    base_map_range: (args) => {
      const offset = Number(args.offset);
      const length = Number(args.length);
      if (!state.baseMap || offset + length > state.baseMap.bytes || length > 1 << 20)
        refuse("base_map_out_of_range", "That part of the base map package does not exist.");
      // Without the demo package: stand-in bytes of the attached file's size.
      return state.bytes ? state.bytes.slice(offset, offset + length) : new Uint8Array(length);
    },
    attach_base_map: (args, bytes) => {
      const name = String(args.name ?? "");
      const size = bytes?.length ?? Math.floor((String(args.dataBase64 ?? "").length * 3) / 4);
      if (!name.endsWith(".pmtiles"))
        refuse("base_map_invalid", "This file is not a PMTiles package.");
      state.baseMap = { ...demoBaseMap, name, bytes: size };
      state.bytes = null;
      return state.baseMap;
    },
    tracking_state: () => state.tracking,
    set_track_consent: (args) => {
      const consent = Boolean(args.consent);
      state.tracking = {
        ...state.tracking,
        consent,
        recording: consent && state.tracking.recording,
      };
      return state.tracking;
    },
    set_tracking: (args) => {
      const recording = Boolean(args.recording);
      if (recording && !state.tracking.consent)
        refuse("track_consent_missing", "Recording the walk needs the person's consent.");
      state.tracking = { ...state.tracking, recording };
      return state.tracking;
    },
    record_position: (args): RecordPositionResult => {
      const request = args as unknown as RecordPositionRequest;
      const kept = state.tracking.consent && state.tracking.recording;
      if (kept) {
        state.track.push({ lat: request.lat, lon: request.lon });
        state.tracking = {
          ...state.tracking,
          points: state.tracking.points + 1,
          lastAt: request.at,
        };
      }
      return { kept, state: state.tracking };
    },
    replay_gpx: (args) => {
      const gpx = String(args.gpx ?? "");
      if (!gpx.includes("<gpx")) refuse("gpx_invalid", "This file is not a GPX track.");
      if (!state.tracking.consent)
        refuse("track_consent_missing", "Recording the walk needs the person's consent.");
      // Like core: a paused recording keeps none of the file's points.
      if (!state.tracking.recording) return state.tracking;
      const points = [...gpx.matchAll(/<trkpt[^>]*lat="([-\d.]+)"[^>]*lon="([-\d.]+)"/g)];
      for (const [, lat, lon] of points) state.track.push({ lat: Number(lat), lon: Number(lon) });
      state.tracking = { ...state.tracking, points: state.tracking.points + points.length };
      return state.tracking;
    },
  };
  const useDemoPackage = () => {
    const demo = demoBaseMapArchive();
    state.baseMap = demo.info;
    state.bytes = demo.bytes;
  };
  return { handlers, state, useDemoPackage };
}
