import { PMTiles } from "pmtiles";
import { afterEach, describe, expect, it } from "vitest";
import { api, installTransport } from "../../api";
import { CommandSource, MAX_RANGE_BYTES } from "./source";

/** Unsigned LEB128, as PMTiles directories are written. */
function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

/**
 * A PMTiles v3 archive with one uncompressed tile at z0 (its directory and
 * metadata uncompressed too), laid out as the specification says: header,
 * root directory, metadata, tile data.
 */
function tinyArchive(tile: Uint8Array): Uint8Array {
  const directory = Uint8Array.from([
    ...varint(1), // one entry
    ...varint(0), // tile id 0 (z0), as a delta
    ...varint(1), // run length
    ...varint(tile.length),
    ...varint(0 + 1), // offset + 1
  ]);
  const metadata = new TextEncoder().encode("{}");
  const header = new Uint8Array(127);
  const view = new DataView(header.buffer);
  header.set(new TextEncoder().encode("PMTiles"), 0);
  header[7] = 3;
  const u64 = (at: number, value: number) => view.setBigUint64(at, BigInt(value), true);
  const dirAt = 127;
  const metaAt = dirAt + directory.length;
  const dataAt = metaAt + metadata.length;
  u64(8, dirAt);
  u64(16, directory.length);
  u64(24, metaAt);
  u64(32, metadata.length);
  u64(40, 0);
  u64(48, 0);
  u64(56, dataAt);
  u64(64, tile.length);
  u64(72, 1);
  u64(80, 1);
  u64(88, 1);
  header[96] = 1; // clustered
  header[97] = 1; // internal compression: none
  header[98] = 1; // tile compression: none
  header[99] = 2; // png
  header[100] = 0;
  header[101] = 0;
  view.setInt32(102, 23.28e7, true);
  view.setInt32(106, 42.67e7, true);
  view.setInt32(110, 23.36e7, true);
  view.setInt32(114, 42.72e7, true);
  header[118] = 0;
  view.setInt32(119, 23.32e7, true);
  view.setInt32(123, 42.695e7, true);
  const archive = new Uint8Array(dataAt + tile.length);
  archive.set(header, 0);
  archive.set(directory, dirAt);
  archive.set(metadata, metaAt);
  archive.set(tile, dataAt);
  return archive;
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
