import type { MapFeatures } from "../../facilitatorApi";
import { fitProjection } from "../../logic/mapProjection";
import { useI18n } from "../I18n";

const WIDTH = 800;
const HEIGHT = 560;
const MARGIN = 36;

/**
 * The map as inline SVG. North is up and east is right in every language
 * (a map is not mirrored). Each mark has a title, and the same places are
 * listed in text below for screen readers and for print.
 */
export function MapPlot({ features }: { features: MapFeatures }) {
  const { t } = useI18n();
  const points = [
    ...features.stops,
    ...features.photos,
    ...features.tracks.flatMap((track) => track.points),
  ];
  if (points.length === 0) {
    return (
      <p class="card empty" data-testid="map-empty">
        {t("map.empty")}
      </p>
    );
  }
  const projection = fitProjection(points, WIDTH, HEIGHT, MARGIN);
  const at = (p: { lat: number; lon: number }) => projection.project(p);
  return (
    <figure class="card map-figure">
      <svg
        class="map-plot"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        dir="ltr"
        role="img"
        aria-label={t("map.label", {
          stops: features.stops.length,
          photos: features.photos.length,
          tracks: features.tracks.length,
        })}
        data-testid="map-svg"
      >
        <rect width={WIDTH} height={HEIGHT} class="map-background" />
        {features.tracks.map((track) => (
          <polyline
            key={track.participantId}
            class="map-track"
            points={track.points
              .map((p) => `${at(p).x.toFixed(1)},${at(p).y.toFixed(1)}`)
              .join(" ")}
            data-testid={`map-track-${track.participantId}`}
          >
            <title>{t("map.track", { name: track.pseudonym })}</title>
          </polyline>
        ))}
        {features.photos.map((photo) => {
          const p = at(photo);
          return (
            <g
              key={photo.hash}
              class={`map-photo theme-${photo.theme}`}
              data-testid={`map-photo-${photo.hash}`}
            >
              <title>{t("map.photo", { title: photo.title, name: photo.credit })}</title>
              <circle cx={p.x} cy={p.y} r={7} />
            </g>
          );
        })}
        {features.stops.map((stop) => {
          const p = at(stop);
          return (
            <g
              key={stop.id}
              class={`map-stop map-stop-${stop.kind}`}
              data-testid={`map-stop-${stop.id}`}
            >
              <title>
                {stop.kind === "planned"
                  ? t("map.plannedStop", { name: stop.nameOfArea })
                  : t("map.visitedStop", { name: stop.nameOfArea, who: stop.pseudonym ?? "" })}
              </title>
              <rect
                x={p.x - 8}
                y={p.y - 8}
                width={16}
                height={16}
                transform={`rotate(45 ${p.x} ${p.y})`}
              />
              {stop.kind === "planned" && (
                <text x={p.x + 12} y={p.y - 10} class="map-label">
                  {stop.nameOfArea}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="chart-legend map-legend">
          <li>
            <span class="swatch map-key-planned" aria-hidden="true" />
            {t("map.keyPlanned")}
          </li>
          <li>
            <span class="swatch map-key-visited" aria-hidden="true" />
            {t("map.keyVisited")}
          </li>
          <li>
            <span class="swatch map-key-photo" aria-hidden="true" />
            {t("map.keyPhoto")}
          </li>
          <li>
            <span class="swatch map-key-track" aria-hidden="true" />
            {t("map.keyTrack")}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
