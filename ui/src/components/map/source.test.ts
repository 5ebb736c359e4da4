import { PMTiles } from "pmtiles";
import { afterEach, describe, expect, it } from "vitest";
import { api, installTransport } from "../../api";
import { buildArchive, demoBaseMapArchive } from "../../dev/demoBaseMap";
import { CommandSource, MAX_RANGE_BYTES } from "./source";

/** A package of one uncompressed png tile at z0. */
function tinyArchive(tile: Uint8Array): Uint8Array {
  return buildArchive([{ z: 0, x: 0, y: 0, data: tile }], {
    tileType: 2,
    minZoom: 0,
    maxZoom: 0,
    bounds: [23.28, 42.67, 23.36, 42.72],
    centre: [23.32, 42.695, 0],
  });
}

/** The browser app's way: the worker answers `base_map_range` with a Uint8Array. */
function serve(archive: Uint8Array) {
  const asked: { offset: number; length: number }[] = [];
  installTransport({
    binaryPhotos: true,
    async invoke(command, args) {
      if (command !== "base_map_range") throw new Error(`unexpected ${command}`);
      const { offset, length } = args as { offset: number; length: number };
      asked.push({ offset, length });
      if (length > MAX_RANGE_BYTES || offset + length > archive.length) {
        throw { code: "base_map_out_of_range", message: "out of range", details: null };
      }
      return archive.slice(offset, offset + length);
    },
  });
  return asked;
}

afterEach(() => installTransport(null));

describe("the base map package read by command", () => {
  it("gives the pmtiles reader a package's header and tiles through base_map_range", async () => {
    const tile = Uint8Array.from([137, 80, 78, 71, 1, 2, 3]);
    const archive = tinyArchive(tile);
    const asked = serve(archive);
    const source = new CommandSource(
      { hash: "ab".repeat(32), bytes: archive.length },
      api.baseMapRange,
    );
    const reader = new PMTiles(source);
    const header = await reader.getHeader();
    expect([header.minLon, header.minLat, header.maxLon, header.maxLat]).toEqual([
      23.28, 42.67, 23.36, 42.72,
    ]);
    const found = await reader.getZxy(0, 0, 0);
    expect(new Uint8Array(found!.data)).toEqual(tile);
    // The reader asks for the first 16 KiB; a smaller package is read to its end, never past it.
    expect(asked[0]).toEqual({ offset: 0, length: archive.length });
    expect(asked.every((r) => r.offset + r.length <= archive.length)).toBe(true);
    expect(await reader.getZxy(1, 0, 0)).toBeUndefined();
  });

  it("finds the demo package's vector tile of central Sofia with the Protomaps layers", async () => {
    const { info, bytes } = demoBaseMapArchive();
    serve(bytes);
    const reader = new PMTiles(new CommandSource(info, api.baseMapRange));
    const header = await reader.getHeader();
    expect(header.tileType).toBe(1); // mvt
    const x = Math.floor(((23.32 + 180) / 360) * 2 ** 13);
    const tile = await reader.getZxy(13, x, 3000);
    expect(tile).toBeUndefined();
    const [west, south, east, north] = info.bounds;
    expect(west < 23.32 && 23.32 < east && south < 42.695 && 42.695 < north).toBe(true);
    const y = Math.floor(
      ((1 -
        Math.log(Math.tan((42.695 * Math.PI) / 180) + 1 / Math.cos((42.695 * Math.PI) / 180)) /
          Math.PI) /
        2) *
        2 ** 13,
    );
    const found = await reader.getZxy(13, x, y);
    const text = new TextDecoder().decode(new Uint8Array(found!.data));
    for (const layer of ["earth", "water", "landuse", "roads", "buildings"])
      expect(text).toContain(layer);
  });

  it("reads a long range in slices the command accepts", async () => {
    const archive = new Uint8Array(MAX_RANGE_BYTES * 2 + 10).map((_, i) => i % 251);
    const asked = serve(archive);
    const source = new CommandSource(
      { hash: "cd".repeat(32), bytes: archive.length },
      api.baseMapRange,
    );
    const got = await source.getBytes(5, MAX_RANGE_BYTES * 2);
    const want = archive.slice(5, 5 + MAX_RANGE_BYTES * 2);
    // Compared in one step: element by element, 2 MiB takes seconds.
    expect(Buffer.compare(new Uint8Array(got.data), want)).toBe(0);
    expect(asked).toEqual([
      { offset: 5, length: MAX_RANGE_BYTES },
      { offset: 5 + MAX_RANGE_BYTES, length: MAX_RANGE_BYTES },
    ]);
    expect(source.getKey()).toBe(`cityaudit-base-map:${"cd".repeat(32)}`);
  });

  it("takes Tauri's ArrayBuffer answer as well", async () => {
    installTransport({
      binaryPhotos: false,
      invoke: async () => Uint8Array.from([1, 2, 3]).buffer,
    });
    expect(new Uint8Array(await api.baseMapRange(0, 3))).toEqual(Uint8Array.from([1, 2, 3]));
  });

  it("fails clearly when the backend answers fewer bytes than asked", async () => {
    const source = new CommandSource(
      { hash: "ef".repeat(32), bytes: 100 },
      async () => new ArrayBuffer(3),
    );
    await expect(source.getBytes(0, 10)).rejects.toThrow("answered 3 bytes of 10");
  });
});
