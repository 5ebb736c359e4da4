import { describe, expect, it } from "vitest";
import type { PlannedStop, StopView } from "../api";
import { nextPlannedStop, plannedStopOptions, stopsInVisitOrder } from "./stops";

const planned = (id: string, order: number): PlannedStop => ({
  id,
  nameOfArea: id,
  specificLocation: "",
  position: null,
  order,
});
const visit = (id: string, visitedAt: number, plannedStop: string | null = null): StopView => ({
  id,
  plannedStop,
  nameOfArea: id,
  specificLocation: "",
  visitedAt,
  utcOffsetMin: 0,
  location: null,
  answers: {},
  progress: { answered: 0, total: 0 },
});

describe("stops", () => {
  it("lists visits earliest first", () => {
    expect(
      stopsInVisitOrder([visit("b", 20), visit("a", 10), visit("c", 30)]).map((s) => s.id),
    ).toEqual(["a", "b", "c"]);
  });

  it("offers planned stops in walk order, marking the visited ones", () => {
    const options = plannedStopOptions(
      [planned("market", 2), planned("station", 1)],
      [visit("v1", 5, "station")],
    );
    expect(options.map((o) => [o.stop.id, o.visited])).toEqual([
      ["station", true],
      ["market", false],
    ]);
  });

  it("suggests the first planned stop not yet visited", () => {
    const plan = [planned("a", 1), planned("b", 2)];
    expect(nextPlannedStop(plan, [visit("v", 1, "a")])?.id).toBe("b");
    expect(nextPlannedStop(plan, [visit("v", 1, "a"), visit("w", 2, "b")])).toBeNull();
  });
});
