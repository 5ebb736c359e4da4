import { useState } from "preact/hooks";
import { facilitatorApi } from "../../facilitatorApi";
import {
  activeTileTemplate,
  BASE_MAP_KEY,
  parseBaseMapSetting,
  type BaseMapSetting,
} from "../../logic/baseMap";
import { isTileTemplate } from "../../logic/mapProjection";
import { useI18n } from "../I18n";
import { LoadState } from "./LoadState";
import { MapPlot } from "./MapPlot";
import { useLoad } from "./useLoad";

function storedSetting(): BaseMapSetting {
  try {
    return parseBaseMapSetting(window.localStorage.getItem(BASE_MAP_KEY));
  } catch {
    return parseBaseMapSetting(null);
  }
}

/** Stops, photo locations and tracks on a map that needs no network; a base map only if chosen. */
export function MapScreen({ lastSyncAt }: { lastSyncAt: number | null }) {
  const { t } = useI18n();
  const loaded = useLoad(facilitatorApi.mapFeatures, [lastSyncAt]);
  const [setting, setSetting] = useState<BaseMapSetting>(storedSetting);
  const change = (next: BaseMapSetting) => {
    setSetting(next);
    try {
      window.localStorage.setItem(BASE_MAP_KEY, JSON.stringify(next));
    } catch {
      // Storage unavailable: the choice lasts this run.
    }
  };
  const urlProblem = setting.enabled && setting.url.trim() !== "" && !isTileTemplate(setting.url);
  return (
    <div class="screen map-screen">
      <header class="screen-header">
        <h1>{t("map.title")}</h1>
      </header>
      <LoadState loaded={loaded}>
        {(features) => <MapPlot features={features} tileTemplate={activeTileTemplate(setting)} />}
      </LoadState>
      <details class="card base-map-settings" data-testid="map-settings">
        <summary>{t("map.baseMap")}</summary>
        <p class="hint">{t("map.baseMapHint")}</p>
        <label class="choice">
          <input
            type="checkbox"
            checked={setting.enabled}
            data-testid="map-basemap-toggle"
            onChange={(event) => change({ ...setting, enabled: event.currentTarget.checked })}
          />
          <span>{t("map.baseMapShow")}</span>
        </label>
        <label class="field">
          <span class="label">{t("map.baseMapUrl")}</span>
          <input
            type="url"
            dir="ltr"
            placeholder="https://tile.example.org/{z}/{x}/{y}.png"
            value={setting.url}
            aria-invalid={urlProblem ? true : undefined}
            data-testid="map-basemap-url"
            onInput={(event) => change({ ...setting, url: event.currentTarget.value })}
          />
          {urlProblem && (
            <span class="error" data-testid="map-basemap-problem">
              {t("map.baseMapInvalid")}
            </span>
          )}
        </label>
      </details>
    </div>
  );
}
