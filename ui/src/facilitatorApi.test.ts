import { afterEach, describe, expect, it } from "vitest";
import { installTransport } from "./api";
import { facilitatorApi } from "./facilitatorApi";

afterEach(() => installTransport(null));

function recording(binaryPhotos: boolean) {
  const calls: { command: string; args: unknown; bytes: Uint8Array | undefined }[] = [];
  installTransport({
    binaryPhotos,
    async invoke(command, args, bytes) {
      calls.push({ command, args, bytes });
      return null;
    },
  });
  return calls;
}

describe("attaching a base map package", () => {
  const file = new Blob([Uint8Array.from([80, 77, 84, 105, 108, 101, 115])]);

  it("sends the bytes beside the name where the transport takes bytes (the browser app)", async () => {
    const calls = recording(true);
    await facilitatorApi.attachBaseMap("sofia.pmtiles", file);
    expect(calls).toEqual([
      {
        command: "attach_base_map",
        args: { name: "sofia.pmtiles" },
        bytes: Uint8Array.from([80, 77, 84, 105, 108, 101, 115]),
      },
    ]);
  });

  it("sends them as base64 through Tauri's JSON IPC, as a photo's", async () => {
    const calls = recording(false);
    await facilitatorApi.attachBaseMap("sofia.pmtiles", file);
    expect(calls).toEqual([
      {
        command: "attach_base_map",
        args: { name: "sofia.pmtiles", dataBase64: btoa("PMTiles") },
        bytes: undefined,
      },
    ]);
  });

  it("encodes a package larger than one call's argument list", async () => {
    const calls = recording(false);
    const big = new Uint8Array(300_000).map((_, i) => i % 256);
    await facilitatorApi.attachBaseMap("big.pmtiles", new Blob([big]));
    const sent = (calls[0]!.args as { dataBase64: string }).dataBase64;
    expect(Buffer.from(sent, "base64").equals(Buffer.from(big))).toBe(true);
  });
});
