/**
 * Showing progress that core counted (`Progress`: answered of total): the
 * bar's whole percent and whether everything is answered. Nothing here
 * decides what counts as answered.
 */
import type { Progress } from "../api";

/** Whole percent, 0 when there is nothing to answer. */
export function percent(progress: Progress): number {
  return progress.total === 0 ? 0 : Math.round((progress.answered / progress.total) * 100);
}

/** True when every statement is answered (and there is at least one). */
export function isComplete(progress: Progress): boolean {
  return progress.total > 0 && progress.answered === progress.total;
}
