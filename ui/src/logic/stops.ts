/** Stops of the walk: planned ones from the audit, visited ones from the response. */
import type { PlannedStop, StopView } from "../api";

/** Visited stops, earliest first. */
export function stopsInVisitOrder(stops: StopView[]): StopView[] {
  return [...stops].sort((a, b) => a.visitedAt - b.visitedAt || a.id.localeCompare(b.id));
}

export interface PlannedStopOption {
  stop: PlannedStop;
  visited: boolean;
}

/** Planned stops in walk order, each marked when already visited. */
export function plannedStopOptions(
  planned: PlannedStop[],
  visited: StopView[],
): PlannedStopOption[] {
  const done = new Set(visited.map((stop) => stop.plannedStop).filter((id) => id !== null));
  return [...planned]
    .sort((a, b) => a.order - b.order)
    .map((stop) => ({ stop, visited: done.has(stop.id) }));
}

/** The next planned stop not yet visited, to preselect in the form. */
export function nextPlannedStop(planned: PlannedStop[], visited: StopView[]): PlannedStop | null {
  return plannedStopOptions(planned, visited).find((option) => !option.visited)?.stop ?? null;
}
