import { describe, expect, it } from "vitest";
import type { PhotoView, Theme } from "../api";
import { groupByTheme, splitDataUrl, uploadState } from "./photos";

const theme = (id: string): Theme => ({ id, title: { en: id }, description: { en: "" } });
const photo = (hash: string, themeId: string, uploaded = false): PhotoView => ({
  hash,
  title: hash,
  caption: "",
  theme: themeId,
  location: null,
  takenAt: null,
  stop: null,
  thumbnail: "data:,",
  uploaded,
});

describe("the gallery", () => {
  it("groups photos by theme in the template's order, keeping empty themes", () => {
    const groups = groupByTheme(
      [photo("a", "improvement"), photo("b", "friendly"), photo("c", "improvement")],
      [theme("friendly"), theme("improvement"), theme("unused")],
    );
    expect(groups.map((g) => [g.theme?.id, g.photos.map((p) => p.hash)])).toEqual([
      ["friendly", ["b"]],
      ["improvement", ["a", "c"]],
      ["unused", []],
    ]);
  });

  it("puts photos of an unknown theme in a last group instead of losing them", () => {
    const groups = groupByTheme([photo("a", "gone")], [theme("friendly")]);
    expect(groups.at(-1)).toEqual({ theme: null, photos: [photo("a", "gone")] });
  });
});

describe("upload progress", () => {
  it("is done once the backend says the photo is uploaded", () => {
    expect(
      uploadState(photo("a", "x", true), [{ hash: "a", title: "", sentBytes: 1, totalBytes: 9 }]),
    ).toEqual({
      kind: "sent",
    });
  });

  it("is the share of bytes sent while uploading", () => {
    expect(
      uploadState(photo("a", "x"), [{ hash: "a", title: "", sentBytes: 250, totalBytes: 1000 }]),
    ).toEqual({
      kind: "uploading",
      sentBytes: 250,
      totalBytes: 1000,
      fraction: 0.25,
    });
  });

  it("stays within 0-100 % whatever the numbers", () => {
    const over = uploadState(photo("a", "x"), [
      { hash: "a", title: "", sentBytes: 2000, totalBytes: 1000 },
    ]);
    expect(over.kind === "uploading" && over.fraction).toBe(1);
    const empty = uploadState(photo("a", "x"), [
      { hash: "a", title: "", sentBytes: 0, totalBytes: 0 },
    ]);
    expect(empty.kind === "uploading" && empty.fraction).toBe(0);
  });

  it("is waiting when the photo is neither uploaded nor in the upload list", () => {
    expect(
      uploadState(photo("a", "x"), [{ hash: "b", title: "", sentBytes: 1, totalBytes: 2 }]),
    ).toEqual({
      kind: "waiting",
    });
  });
});

describe("picked files", () => {
  it("split into media type and base64 payload", () => {
    expect(splitDataUrl("data:image/jpeg;base64,/9j/4AAQ")).toEqual({
      mediaType: "image/jpeg",
      base64: "/9j/4AAQ",
    });
    expect(splitDataUrl("data:;base64,AAAA")).toEqual({
      mediaType: "application/octet-stream",
      base64: "AAAA",
    });
    expect(splitDataUrl("data:text/plain,hello")).toBeNull();
  });
});
