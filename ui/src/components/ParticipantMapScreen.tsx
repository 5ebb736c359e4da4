import { useEffect, useMemo, useState } from "preact/hooks";
import { api, isDesktopShell, messageOf, type AuditView, type PhotoView } from "../api";
import type { MapFeatures } from "../mapContract";
import { geolocationWatch, pollingWatch, type WatchPosition } from "../logic/positionWatch";
import { useI18n } from "./I18n";
import { MapPanel } from "./map/MapPanel";
import { TrackRecorder, type TrackingApi } from "./TrackRecorder";

/** The device's position source for walk tracks (see logic/positionWatch.ts). */
export function devicePositions(): WatchPosition | null {
  if (isDesktopShell()) return pollingWatch(api.currentPosition);
  return typeof navigator !== "undefined" && navigator.geolocation
    ? geolocationWatch(navigator.geolocation)
    : null;
}

interface Props {
  audit: AuditView;
  /** The person's own photos (their thumbnails are on this device). */
  photos: readonly PhotoView[];
  /** Changes when a sync brought something, to ask for the map again. */
  lastSyncAt: number | null;
  participantMap?: () => Promise<MapFeatures>;
  tracking?: TrackingApi;
  watch?: WatchPosition | null;
  canReplayGpx?: boolean;
}

/** The participant's map: the planned stops and route, their own photos and track, and recording the walk. */
export function ParticipantMapScreen({
  audit,
  photos,
  lastSyncAt,
  participantMap = api.participantMap,
  tracking = api,
  watch,
  canReplayGpx = isDesktopShell(),
}: Props) {
  const { t } = useI18n();
  const [features, setFeatures] = useState<MapFeatures | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // The track grows while this screen is open (recording, a replayed GPX file): ask again.
  const [trackPoints, setTrackPoints] = useState(0);
  const positions = useMemo(() => (watch === undefined ? devicePositions() : watch), [watch]);
  useEffect(() => {
    participantMap().then(setFeatures, (error: unknown) => setProblem(messageOf(error)));
  }, [lastSyncAt, photos.length, trackPoints]);
  const thumbnails = useMemo(
    () => new Map(photos.filter((p) => p.thumbnail).map((p) => [p.hash, p.thumbnail])),
    [photos],
  );
  return (
    <div class="screen map-screen" data-testid="participant-map">
      <h1>{t("map.participantTitle")}</h1>
      <TrackRecorder
        tracking={tracking}
        watch={positions}
        canReplayGpx={canReplayGpx}
        onPoints={setTrackPoints}
      />
      {problem && (
        <p class="error" role="alert">
          {t("map.loadFailed", { message: problem })}
        </p>
      )}
      {features ? (
        <MapPanel
          features={features}
          themes={audit.photovoice?.themes ?? []}
          thumbnails={thumbnails}
        />
      ) : (
        !problem && <p class="loading">{t("app.loading")}</p>
      )}
    </div>
  );
}
