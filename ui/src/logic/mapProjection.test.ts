import { describe, expect, it } from "vitest";
import { fitProjection, mercator } from "./mapProjection";

const sofia = { lat: 42.6977, lon: 23.3219 };
const east = { lat: 42.6977, lon: 23.3419 };
const north = { lat: 42.7077, lon: 23.3219 };

describe("mercator", () => {
  it("puts null island in the middle of the world and the antimeridian at the edges", () => {
    expect(mercator({ lat: 0, lon: 0 })).toEqual({ x: 0.5, y: 0.5 });
    expect(mercator({ lat: 0, lon: -180 }).x).toBe(0);
    expect(mercator({ lat: 0, lon: 180 }).x).toBe(1);
  });

  it("grows y southwards and clamps the poles", () => {
    expect(mercator(north).y).toBeLessThan(mercator(sofia).y);
    expect(mercator({ lat: 90, lon: 0 }).y).toBeCloseTo(0, 6);
    expect(Number.isFinite(mercator({ lat: -90, lon: 0 }).y)).toBe(true);
  });
});

describe("fitProjection", () => {
  it("keeps every point inside the box less the margin, east to the right and north up", () => {
    const projection = fitProjection([sofia, east, north], 400, 300, 20);
    const points = [sofia, east, north].map(projection.project);
    for (const p of points) {
      expect(p.x).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(p.x).toBeLessThanOrEqual(380 + 1e-9);
      expect(p.y).toBeGreaterThanOrEqual(20 - 1e-9);
      expect(p.y).toBeLessThanOrEqual(280 + 1e-9);
    }
    const [s, e, n] = points as [
      { x: number; y: number },
      { x: number; y: number },
      { x: number; y: number },
    ];
    expect(e.x).toBeGreaterThan(s.x);
    expect(n.y).toBeLessThan(s.y);
    expect(n.x).toBeCloseTo(s.x);
  });

  it("keeps the aspect: equal distances on the ground are equal on screen near one place", () => {
    // 0.01° of longitude at 42.7° N is about 0.735 of 0.01° of latitude on the ground.
    const projection = fitProjection([sofia, { lat: 42.7077, lon: 23.3319 }], 500, 500, 0);
    const s = projection.project(sofia);
    const dx = projection.project({ lat: sofia.lat, lon: sofia.lon + 0.01 }).x - s.x;
    const dy = s.y - projection.project({ lat: sofia.lat + 0.01, lon: sofia.lon }).y;
    expect(dx / dy).toBeCloseTo(Math.cos((sofia.lat * Math.PI) / 180), 2);
  });

  it("centres a single point", () => {
    const p = fitProjection([sofia], 400, 300, 20).project(sofia);
    expect(p.x).toBeCloseTo(200);
    expect(p.y).toBeCloseTo(150);
  });

  it("shows the whole world when there is nothing to show", () => {
    const projection = fitProjection([], 256, 256, 0);
    expect(projection.project({ lat: 0, lon: 0 })).toEqual({ x: 128, y: 128 });
  });
});
