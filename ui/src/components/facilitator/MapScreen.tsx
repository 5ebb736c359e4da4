import { facilitatorApi } from "../../facilitatorApi";
import { useI18n } from "../I18n";
import { LoadState } from "./LoadState";
import { MapPlot } from "./MapPlot";
import { useLoad } from "./useLoad";

/**
 * Stops, photo locations and tracks on a map that needs no network: no
 * tiles are fetched from anywhere (the app's content security policy allows
 * images from the app itself only).
 */
export function MapScreen({ lastSyncAt }: { lastSyncAt: number | null }) {
  const { t } = useI18n();
  const loaded = useLoad(facilitatorApi.mapFeatures, [lastSyncAt]);
  return (
    <div class="screen map-screen">
      <header class="screen-header">
        <h1>{t("map.title")}</h1>
      </header>
      <LoadState loaded={loaded}>{(features) => <MapPlot features={features} />}</LoadState>
    </div>
  );
}
