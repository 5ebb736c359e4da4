/** Positions: where they came from, and coordinates a person types. */
import type { Location } from "../api";

/** Catalogue key for how a position is known: from the photo, the device, a pin, or not at all. */
export function locationSourceKey(location: Location | null | undefined): string {
  switch (location?.source) {
    case "exif":
      return "location.source.photo";
    case "device":
      return "location.source.device";
    case "manual":
      return "location.source.pin";
    default:
      return "location.source.none";
  }
}

export type ManualPosition =
  | { kind: "empty" }
  | { kind: "valid"; location: Location }
  | { kind: "invalid"; problem: "latitude" | "longitude" | "both" };

/** Parses a typed number, accepting a decimal comma (43,5) and Arabic-Indic digits. */
export function parseCoordinate(text: string): number | null {
  const normalised = text
    .trim()
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u066b,]/g, ".")
    .replace(/\u2212/g, "-");
  if (!/^[-+]?\d+(\.\d+)?$/.test(normalised)) return null;
  return Number(normalised);
}

/** Typed latitude and longitude as a manual ("pin") location. Both empty means none. */
export function parseManualPosition(latText: string, lonText: string): ManualPosition {
  if (latText.trim() === "" && lonText.trim() === "") return { kind: "empty" };
  const lat = parseCoordinate(latText);
  const lon = parseCoordinate(lonText);
  const latOk = lat !== null && lat >= -90 && lat <= 90;
  const lonOk = lon !== null && lon >= -180 && lon <= 180;
  if (!latOk && !lonOk) return { kind: "invalid", problem: "both" };
  if (!latOk) return { kind: "invalid", problem: "latitude" };
  if (!lonOk) return { kind: "invalid", problem: "longitude" };
  return { kind: "valid", location: { lat, lon, accuracyM: null, source: "manual" } };
}
