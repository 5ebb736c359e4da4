import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { api, installTransport, messageOf, setErrorTranslator, type NewPhoto } from "./api";
import { createTranslator, loadCatalogue } from "./i18n";

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

afterEach(() => {
  installTransport(null);
  setErrorTranslator(null);
});

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

describe("a failure from core", () => {
  beforeAll(async () => {
    expect(await loadCatalogue("ar")).toBe(true);
    expect(await loadCatalogue("bg")).toBe(true);
  });

  const failing = (error: unknown) => {
    installTransport({ invoke: vi.fn(async () => Promise.reject(error)), binaryPhotos: false });
    return api.audit().then(
      () => expect.unreachable("the command must fail"),
      (failure: unknown) => failure,
    );
  };

  it("is worded by its code in the language in use, with its details", async () => {
    const failure = await failing({
      code: "score_out_of_range",
      message: "Score 9 is out of range 1-5",
      details: { score: 9 },
    });
    setErrorTranslator(createTranslator("ar").errorText);
    expect(messageOf(failure)).toBe("التقييم عدد صحيح من ١ إلى ٥ (وليس ٩).");
    setErrorTranslator(createTranslator("bg").errorText);
    expect(messageOf(failure)).toBe("Оценката е цяло число от 1 до 5 (не 9).");
  });

  it("keeps core's words for a code the catalogue has no text for", async () => {
    const failure = await failing({ code: "refused", message: "The server refused: audit closed" });
    setErrorTranslator(createTranslator("ar").errorText);
    expect(messageOf(failure)).toBe("The server refused: audit closed");
  });
});
