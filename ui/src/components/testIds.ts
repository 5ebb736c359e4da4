/**
 * `data-testid` values of a statement's controls, for end-to-end tests.
 * Whole-city statements: `score-vision.1-3`, `dont-know-vision.1`, `comment-vision.1`,
 * `saved-vision.1`. At a stop, each is prefixed `stop-` and scoped by the stop id:
 * `stop-score-<stopId>-environment.1-4`.
 */
export interface ItemTestIds {
  score(item: string, score: number): string;
  dontKnow(item: string): string;
  comment(item: string): string;
  saved(item: string): string;
  error(item: string): string;
}

export function itemTestIds(stopId: string | null): ItemTestIds {
  const scope = (kind: string, item: string) =>
    stopId === null ? `${kind}-${item}` : `stop-${kind}-${stopId}-${item}`;
  return {
    score: (item, score) => `${scope("score", item)}-${score}`,
    dontKnow: (item) => scope("dont-know", item),
    comment: (item) => scope("comment", item),
    saved: (item) => scope("saved", item),
    error: (item) => scope("error", item),
  };
}
