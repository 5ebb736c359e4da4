import { useMemo, useRef } from "preact/hooks";
import type { Theme } from "../../api";
import type { MapFeatures, MapStop } from "../../mapContract";
import { useI18n } from "../I18n";
import { drawingOf, hasMarks, legendOf } from "./drawing";
import { MapLegend } from "./MapLegend";
import { OfflineMap, type BaseMapAccess } from "./OfflineMap";
import { PlacesList } from "./PlacesList";
import type { LoadRenderer, MapRenderer } from "./renderer";

interface Props {
  features: MapFeatures;
  themes: readonly Theme[];
  /** Photo thumbnails (`data:` URLs) by hash, where this device has them. */
  thumbnails: ReadonlyMap<string, string>;
  loadRenderer?: LoadRenderer;
  baseMap?: BaseMapAccess;
}

/**
 * A map of the audit's places with its legend, and beside it the same places
 * as a list for screen readers and keyboards (a button in the list opens the
 * place's pop-up on the map).
 */
export function MapPanel({ features, themes, thumbnails, loadRenderer, baseMap }: Props) {
  const { t, text } = useI18n();
  const renderer = useRef<MapRenderer | null>(null);
  const drawing = useMemo(
    () =>
      drawingOf(features, {
        theme: (id) => {
          const theme = themes.find((candidate) => candidate.id === id);
          return theme ? text(theme.title) : id;
        },
        thumbnail: (hash) => thumbnails.get(hash) || null,
        track: (name) => t("map.track", { name }),
        route: t("map.route"),
      }),
    [features, themes, thumbnails, t],
  );
  const stopLines = useStopLines();
  const byId = useMemo(() => new Map(features.stops.map((s) => [s.id, s])), [features]);
  const legend = legendOf(features.legend, drawing);
  return (
    <div class="map-panel">
      <figure class="card map-figure">
        {hasMarks(drawing) ? null : (
          <p class="empty" data-testid="map-empty">
            {t("map.empty")}
          </p>
        )}
        <OfflineMap
          drawing={drawing}
          alternative="places-list"
          label={t("map.label", {
            stops: features.stops.length,
            photos: features.photos.length,
            tracks: features.tracks.length,
          })}
          stopDetails={(id) => {
            const stop = byId.get(id);
            return stop ? stopLines(stop) : [];
          }}
          onReady={(next) => (renderer.current = next)}
          loadRenderer={loadRenderer}
          baseMap={baseMap}
        />
        <figcaption>
          <MapLegend entries={legend} />
        </figcaption>
      </figure>
      <PlacesList
        features={features}
        drawing={drawing}
        stopLines={stopLines}
        onShow={(kind, id) => renderer.current?.focus(kind, id)}
      />
    </div>
  );
}

/** A stop's lines in words: its name (numbered when planned), the place, who, the mean score. */
export function useStopLines(): (stop: MapStop) => string[] {
  const { t, number } = useI18n();
  return (stop) => {
    const name =
      stop.order !== null
        ? t("map.stopNumbered", { n: number(stop.order), name: stop.nameOfArea })
        : stop.nameOfArea;
    return [
      name,
      stop.specificLocation,
      stop.pseudonym ? t("map.visitedBy", { who: stop.pseudonym }) : t("map.plannedStopKind"),
      stop.meanScore !== null
        ? t("map.meanScore", { score: number(stop.meanScore, { maximumFractionDigits: 1 }) })
        : t("map.noScore"),
    ].filter((line) => line !== "");
  };
}
