/**
 * Arranging core's results for the facilitator screens: the statements to
 * discuss for consensus, how a figure and a change are written, photos by
 * theme. No figure is computed here; core computes them all.
 */
import type { Text } from "../api";
import type { AreaResult, ResultsView, ReviewPhoto, StatementResult } from "../facilitatorApi";

/** A flagged statement with the area it belongs to, for the consensus list. */
export interface FlaggedStatement {
  section: string;
  statement: StatementResult;
}

/** Flagged statements in template order (area by area), each once. */
export function flaggedStatements(results: Pick<ResultsView, "sections">): FlaggedStatement[] {
  return results.sections.flatMap((area) =>
    area.items.filter((s) => s.flagged).map((statement) => ({ section: area.section, statement })),
  );
}

/** How many statements of an area are flagged. */
export function flaggedCount(area: AreaResult): number {
  return area.items.filter((s) => s.flagged).length;
}

export { formatChange, formatFigure } from "./format";

/** Direction of a change for styling: up, down or level (|change| < 0.005). */
export function changeDirection(change: number | null): "up" | "down" | "level" | "none" {
  if (change === null || !Number.isFinite(change)) return "none";
  if (Math.abs(change) < 0.005) return "level";
  return change > 0 ? "up" : "down";
}

/** Photos grouped by theme in the template's theme order; photos of unknown themes last. */
export function photosByTheme(
  photos: readonly ReviewPhoto[],
  themes: readonly { id: string; title: Text }[],
): { theme: string; title: Text | null; photos: ReviewPhoto[] }[] {
  const groups = themes.map((theme) => ({
    theme: theme.id,
    title: theme.title as Text | null,
    photos: photos.filter((p) => p.theme === theme.id),
  }));
  const known = new Set(themes.map((t) => t.id));
  const others = [...new Set(photos.filter((p) => !known.has(p.theme)).map((p) => p.theme))];
  for (const theme of others)
    groups.push({ theme, title: null, photos: photos.filter((p) => p.theme === theme) });
  return groups;
}

/** The statement text of an id from the template's sections, else the id. */
export function statementText(
  sections: readonly { items: readonly { id: string; text: Text }[] }[],
  item: string,
): Text {
  for (const section of sections) {
    const found = section.items.find((i) => i.id === item);
    if (found) return found.text;
  }
  return { en: item };
}
