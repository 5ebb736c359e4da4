/**
 * The optional base map behind the offline map: a tile URL template the
 * facilitator types, off by default (showing it fetches tiles from that
 * server). Kept on this device only.
 */
import { isTileTemplate } from "./mapProjection";

export interface BaseMapSetting {
  enabled: boolean;
  /** e.g. `https://tile.example.org/{z}/{x}/{y}.png` */
  url: string;
}

export const BASE_MAP_KEY = "cityaudit.baseMap";
export const NO_BASE_MAP: BaseMapSetting = { enabled: false, url: "" };

/** The stored setting; anything unreadable is the default (off). */
export function parseBaseMapSetting(raw: string | null): BaseMapSetting {
  if (!raw) return NO_BASE_MAP;
  try {
    const value: unknown = JSON.parse(raw);
    if (!value || typeof value !== "object") return NO_BASE_MAP;
    const { enabled, url } = value as Record<string, unknown>;
    return { enabled: enabled === true, url: typeof url === "string" ? url : "" };
  } catch {
    return NO_BASE_MAP;
  }
}

/** The tile template to draw, or null when off or not usable. */
export function activeTileTemplate(setting: BaseMapSetting): string | null {
  return setting.enabled && isTileTemplate(setting.url) ? setting.url.trim() : null;
}
