/**
 * The base map package read through the backend: a `pmtiles` `Source` whose
 * byte ranges come from the `base_map_range` command (the package is a file
 * of this device, never a URL), in slices the command accepts.
 */
import type { RangeResponse, Source } from "pmtiles";
import type { BaseMapInfo } from "../../mapContract";

/** The most `base_map_range` answers in one call. */
export const MAX_RANGE_BYTES = 1 << 20;

/** Reads `length` bytes at `offset` of the package. */
export type ReadRange = (offset: number, length: number) => Promise<ArrayBuffer>;

/** A package's bytes for the `pmtiles` reader, by command. */
export class CommandSource implements Source {
  constructor(
    private readonly info: Pick<BaseMapInfo, "hash" | "bytes">,
    private readonly read: ReadRange,
  ) {}

  /** The package's content hash: two packages never share a cache entry. */
  getKey(): string {
    return `cityaudit-base-map:${this.info.hash}`;
  }

  /**
   * The bytes asked for, cut at the package's end (the reader asks for the
   * first 16 KiB of any package, however small) and fetched in slices.
   */
  async getBytes(offset: number, length: number, signal?: AbortSignal): Promise<RangeResponse> {
    const end = Math.min(offset + length, this.info.bytes);
    const total = Math.max(0, end - offset);
    const out = new Uint8Array(total);
    for (let at = 0; at < total; at += MAX_RANGE_BYTES) {
      if (signal?.aborted) throw new DOMException("The read was cancelled.", "AbortError");
      const want = Math.min(MAX_RANGE_BYTES, total - at);
      const slice = new Uint8Array(await this.read(offset + at, want));
      if (slice.byteLength !== want) {
        throw new Error(`The base map package answered ${slice.byteLength} bytes of ${want}.`);
      }
      out.set(slice, at);
    }
    return { data: out.buffer };
  }
}
