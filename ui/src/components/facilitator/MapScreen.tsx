import { useMemo } from "preact/hooks";
import type { AuditView } from "../../api";
import { facilitatorApi } from "../../facilitatorApi";
import { useI18n } from "../I18n";
import { MapPanel } from "../map/MapPanel";
import { LoadState } from "./LoadState";
import { useLoad } from "./useLoad";

/**
 * The audit on the offline map: planned stops in walking order along the
 * route, visits coloured by core's score colours, photos with their
 * thumbnails, every participant's track and the focus groups' hot spots,
 * over the audit's base map package when this device has it.
 */
export function MapScreen({ audit, lastSyncAt }: { audit: AuditView; lastSyncAt: number | null }) {
  const { t } = useI18n();
  const loaded = useLoad(
    () => Promise.all([facilitatorApi.mapFeatures(), facilitatorApi.photosForReview()]),
    [lastSyncAt],
  );
  return (
    <div class="screen map-screen">
      <header class="screen-header">
        <h1>{t("map.title")}</h1>
      </header>
      <LoadState loaded={loaded}>
        {([features, photos]) => (
          <FacilitatorMap features={features} photos={photos} audit={audit} />
        )}
      </LoadState>
    </div>
  );
}

function FacilitatorMap({
  features,
  photos,
  audit,
}: {
  features: Awaited<ReturnType<typeof facilitatorApi.mapFeatures>>;
  photos: Awaited<ReturnType<typeof facilitatorApi.photosForReview>>;
  audit: AuditView;
}) {
  const thumbnails = useMemo(
    () => new Map(photos.filter((p) => p.thumbnail).map((p) => [p.hash, p.thumbnail])),
    [photos],
  );
  return (
    <MapPanel features={features} themes={audit.photovoice?.themes ?? []} thumbnails={thumbnails} />
  );
}
