/** The map commands' types, generated from core (src/generated/contract.ts). */
import type * as core from "./generated/contract";

export type BaseMapInfo = core.BaseMapInfo;
export type LatLon = core.LatLon;
export type MapStop = core.MapStop;
export type MapPhoto = core.MapPhoto;
export type MapTrack = core.MapTrack;
export type MapHotSpot = core.MapHotSpot;
export type MapLegendEntry = core.MapLegendEntry;
export type ScoreColour = core.ScoreColour;
export type MapFeatures = core.MapFeatures;
export type TrackingState = core.TrackingState;
export type RecordPositionRequest = core.RecordPositionCommand;
export type RecordPositionResult = core.RecordPositionResult;
