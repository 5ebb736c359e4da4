import type { MapLegendEntry } from "../../mapContract";
import { useI18n } from "../I18n";

/** The legend: core's entries for what is drawn, each with the shape and colour it is drawn in. */
export function MapLegend({ entries }: { entries: readonly MapLegendEntry[] }) {
  const { t } = useI18n();
  if (entries.length === 0) return null;
  return (
    <ul class="map-legend" data-testid="map-legend" aria-label={t("map.legendLabel")}>
      {entries.map((entry) => (
        <li key={entry.key} data-testid={`map-legend-${entry.key}`}>
          <span
            class={`map-swatch map-swatch-${entry.shape}`}
            style={
              entry.shape === "line"
                ? { borderBlockStartColor: entry.colour }
                : { backgroundColor: entry.colour }
            }
            aria-hidden="true"
          />
          {t(entry.key)}
        </li>
      ))}
    </ul>
  );
}
