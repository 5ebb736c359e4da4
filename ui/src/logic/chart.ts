/**
 * Geometry of the inline SVG charts (no chart library): a linear scale,
 * the bars of a score distribution and of area means per group.
 * Pure numbers, so the drawing components stay thin and this stays tested.
 */

/** Maps a domain [d0, d1] onto a range [r0, r1]; a zero-width domain maps to r0. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** One bar: where it starts along the category axis, its size, and its value. */
export interface Bar {
  x: number;
  width: number;
  /** Top edge (SVG y grows downwards). */
  y: number;
  height: number;
  value: number;
}

/**
 * Bars of a histogram of `counts` (index 0 = lowest score) in a box of
 * `width` x `height`, scaled so the largest count fills the height. With no
 * counts at all every bar has height 0.
 */
export function distributionBars(counts: readonly number[], width: number, height: number): Bar[] {
  const most = Math.max(0, ...counts);
  const slot = counts.length === 0 ? 0 : width / counts.length;
  const gap = slot * 0.15;
  const toHeight = linearScale([0, most], [0, height]);
  return counts.map((value, i) => {
    const barHeight = most === 0 ? 0 : toHeight(value);
    return {
      x: i * slot + gap / 2,
      width: slot - gap,
      y: height - barHeight,
      height: barHeight,
      value,
    };
  });
}

/** A mean on the 1-5 scale as a bar length in [0, length]: 1 (the lowest score) is 0. */
export function meanLength(mean: number | null, length: number, min = 1, max = 5): number {
  if (mean === null || !Number.isFinite(mean)) return 0;
  const clamped = Math.min(max, Math.max(min, mean));
  return linearScale([min, max], [0, length])(clamped);
}

/** A grouped bar chart's layout: one band per category, one bar per series within it. */
export interface GroupedLayout {
  bandHeight: number;
  barHeight: number;
  /** Top of the bar of `series` in `category`. */
  barTop(category: number, series: number): number;
  height: number;
}

/** Horizontal grouped bars: `categories` bands, each with `series` bars of `barHeight`. */
export function groupedLayout(
  categories: number,
  series: number,
  barHeight: number,
  minBandHeight = 0,
): GroupedLayout {
  const padding = Math.max(barHeight, minBandHeight - Math.max(1, series) * barHeight);
  const bandHeight = Math.max(1, series) * barHeight + padding;
  return {
    bandHeight,
    barHeight,
    barTop: (category, s) => category * bandHeight + padding / 2 + s * barHeight,
    height: categories * bandHeight,
  };
}

/**
 * A label broken into lines of at most `width` characters at spaces (a word
 * longer than that gets a line of its own), so long area names are shown
 * whole instead of cut.
 */
export function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
