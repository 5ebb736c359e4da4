import { afterEach, describe, expect, it, vi } from "vitest";
import { api, installTransport, type NewPhoto } from "./api";

const photo: NewPhoto = {
  fileName: "bus-stop.jpg",
  title: "Timetable",
  caption: "",
  theme: "friendly",
  stop: null,
  fallbackLocation: null,
  shareLocation: null,
};
const content = { file: new Blob([new Uint8Array([0xff, 0xd8, 0xff])]), base64: "/9j/" };

afterEach(() => installTransport(null));

describe("adding a photo", () => {
  it("sends the bytes beside the arguments to a transport that takes bytes (the browser app)", async () => {
    const invoke = vi.fn(async () => ({ hash: "h" }));
    installTransport({ invoke, binaryPhotos: true });
    await api.addPhoto(photo, content);
    expect(invoke).toHaveBeenCalledWith(
      "add_photo",
      { ...photo, path: null, dataBase64: null },
      new Uint8Array([0xff, 0xd8, 0xff]),
    );
  });

  it("sends base64 inside the arguments otherwise (Tauri's JSON IPC)", async () => {
    const invoke = vi.fn(async () => ({ hash: "h" }));
    installTransport({ invoke, binaryPhotos: false });
    await api.addPhoto(photo, content);
    expect(invoke).toHaveBeenCalledWith(
      "add_photo",
      { ...photo, path: null, dataBase64: "/9j/" },
      undefined,
    );
  });
});
