/**
 * Inline SVG charts (no chart library): they work offline, print, and read in
 * a right-to-left layout (the category axis runs from the inline start). The
 * SVG itself is laid out left to right (CSS `direction: ltr`, so `text-anchor`
 * keeps its plain meaning) and the geometry is mirrored here for Arabic.
 * Every chart has a text equivalent: the histogram's name lists its counts,
 * and the area means come with a table of the same figures.
 */
import type { Text } from "../../api";
import type { AreaResult, GroupResult } from "../../facilitatorApi";
import { distributionBars, groupedLayout, meanLength, wrapLabel } from "../../logic/chart";
import { useI18n } from "../I18n";

const DIST_W = 120;
const DIST_H = 36;

/** How many gave each score (1 to 5), as a small histogram. */
export function DistributionChart({ item, counts }: { item: string; counts: number[] }) {
  const { t, number, dir } = useI18n();
  const bars = distributionBars(counts, DIST_W, DIST_H - 10);
  const label = t("chart.distribution", {
    counts: counts
      .map((c, i) => t("chart.scoreCount", { score: number(i + 1), count: number(c) }))
      .join(", "),
  });
  const flip = (x: number, width: number) => (dir === "rtl" ? DIST_W - x - width : x);
  return (
    <svg
      class="chart distribution-chart"
      viewBox={`0 0 ${DIST_W} ${DIST_H}`}
      role="img"
      aria-label={label}
      data-testid={`chart-dist-${item}`}
    >
      <title>{label}</title>
      <line x1={0} x2={DIST_W} y1={DIST_H - 10} y2={DIST_H - 10} class="axis" />
      {bars.map((bar, i) => (
        <g key={i}>
          <rect
            x={flip(bar.x, bar.width)}
            y={bar.y}
            width={bar.width}
            height={bar.height}
            class={`bar score-${i + 1}`}
            data-count={bar.value}
          />
          <text
            x={flip(bar.x, bar.width) + bar.width / 2}
            y={DIST_H - 1}
            class="tick"
            text-anchor="middle"
          >
            {number(i + 1)}
          </text>
        </g>
      ))}
    </svg>
  );
}

const MEANS_W = 640;
const LABEL_W = 220;
const BAR_H = 14;
/** Area names wrap at this many characters, one line per LINE_H px: never cut. */
const LABEL_CHARS = 28;
const LINE_H = 15;

/**
 * Area means as horizontal bars: one band per area, one bar per series
 * (all participants first, then each group). Bars start at 1 (the lowest score).
 */
export function AreaMeansChart({
  areas,
  groups,
  areaTitle,
  groupLabel,
}: {
  areas: AreaResult[];
  groups: GroupResult[];
  areaTitle(section: string): Text | string;
  groupLabel(group: string): string;
}) {
  const { t, text, format, dir } = useI18n();
  const series = [
    { id: "all", label: t("results.everyone"), means: areas.map((a) => a.mean) },
    ...groups.map((g) => ({
      id: g.group,
      label: groupLabel(g.group),
      means: areas.map((a) => g.sections.find((s) => s.section === a.section)?.mean ?? null),
    })),
  ];
  const asLabel = (value: Text | string) => (typeof value === "string" ? value : text(value));
  const labels = areas.map((a) => wrapLabel(asLabel(areaTitle(a.section)), LABEL_CHARS));
  const lines = Math.max(1, ...labels.map((l) => l.length));
  const layout = groupedLayout(areas.length, series.length, BAR_H, lines * LINE_H + 8);
  const plotW = MEANS_W - LABEL_W - 40;
  const height = layout.height + 24;
  // In right-to-left text the labels sit on the right and bars grow leftwards.
  const barX = (length: number) => (dir === "rtl" ? MEANS_W - LABEL_W - length : LABEL_W);
  const labelX = dir === "rtl" ? MEANS_W - 4 : 4;
  const title = t("chart.areaMeans");
  return (
    <figure class="chart-figure">
      <svg
        class="chart area-means-chart"
        viewBox={`0 0 ${MEANS_W} ${height}`}
        role="img"
        aria-label={title}
        data-testid="chart-area-means"
      >
        <title>{title}</title>
        {[1, 2, 3, 4, 5].map((score) => {
          const x = barX(meanLength(score, plotW)) + (dir === "rtl" ? 0 : meanLength(score, plotW));
          return (
            <g key={score}>
              <line x1={x} x2={x} y1={0} y2={layout.height} class="grid" />
              <text x={x} y={layout.height + 16} class="tick" text-anchor="middle">
                {format.number(score)}
              </text>
            </g>
          );
        })}
        {areas.map((area, a) => (
          <g key={area.section}>
            <text
              x={labelX}
              y={
                a * layout.bandHeight +
                layout.bandHeight / 2 -
                ((labels[a]!.length - 1) * LINE_H) / 2
              }
              class="band-label"
              text-anchor={dir === "rtl" ? "end" : "start"}
              dominant-baseline="middle"
            >
              {labels[a]!.map((line, i) => (
                <tspan key={i} x={labelX} dy={i === 0 ? 0 : LINE_H}>
                  {line}
                </tspan>
              ))}
            </text>
            {series.map((s, k) => {
              const mean = s.means[a] ?? null;
              const length = meanLength(mean, plotW);
              const y = layout.barTop(a, k);
              return (
                <g key={s.id}>
                  <rect
                    x={barX(length)}
                    y={y}
                    width={length}
                    height={BAR_H - 2}
                    class={`bar series-${k % 8}`}
                    data-testid={`chart-bar-${area.section}-${s.id}`}
                    data-mean={mean ?? ""}
                  >
                    <title>{`${s.label}: ${format.figure(mean)}`}</title>
                  </rect>
                  <text
                    x={dir === "rtl" ? barX(length) - 4 : barX(length) + length + 4}
                    y={y + BAR_H / 2}
                    class="value"
                    text-anchor={dir === "rtl" ? "end" : "start"}
                    dominant-baseline="middle"
                  >
                    {format.figure(mean)}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      {/* The bars' values are written beside them for the eye; this table
          gives the same figures to assistive technology, row by row. */}
      <table class="visually-hidden" data-testid="chart-area-means-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t("results.groupsArea")}</th>
            {series.map((s) => (
              <th key={s.id} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {areas.map((area, a) => (
            <tr key={area.section}>
              <th scope="row">{asLabel(areaTitle(area.section))}</th>
              {series.map((s) => (
                <td key={s.id}>{format.figure(s.means[a] ?? null)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        <ul class="chart-legend">
          {series.map((s, k) => (
            <li key={s.id}>
              <span class={`swatch series-${k % 8}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
