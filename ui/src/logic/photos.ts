/** The photo gallery: grouping by theme, upload progress, reading picked files. */
import type { PhotoView, Theme, Upload } from "../api";

export interface ThemeGroup {
  /** null for photos filed under a theme the template does not know. */
  theme: Theme | null;
  photos: PhotoView[];
}

/** Photos grouped by theme in the template's order; empty themes are kept so each has a heading. */
export function groupByTheme(photos: PhotoView[], themes: Theme[]): ThemeGroup[] {
  const groups: ThemeGroup[] = themes.map((theme) => ({
    theme,
    photos: photos.filter((photo) => photo.theme === theme.id),
  }));
  const known = new Set(themes.map((theme) => theme.id));
  const unknown = photos.filter((photo) => !known.has(photo.theme));
  if (unknown.length > 0) groups.push({ theme: null, photos: unknown });
  return groups;
}

export type UploadState =
  | { kind: "sent" }
  | { kind: "uploading"; sentBytes: number; totalBytes: number; fraction: number }
  | { kind: "waiting" };

/** Where a photo's upload stands, from the sync status' upload list. */
export function uploadState(
  photo: Pick<PhotoView, "hash" | "uploaded">,
  uploads: Upload[],
): UploadState {
  if (photo.uploaded) return { kind: "sent" };
  const upload = uploads.find((u) => u.hash === photo.hash);
  if (!upload) return { kind: "waiting" };
  const total = Math.max(upload.totalBytes, 0);
  const sent = Math.min(Math.max(upload.sentBytes, 0), total);
  return {
    kind: "uploading",
    sentBytes: sent,
    totalBytes: total,
    fraction: total === 0 ? 0 : sent / total,
  };
}

/** The media type and base64 payload of a `data:` URL, or null when it is not a base64 data URL. */
export function splitDataUrl(dataUrl: string): { mediaType: string; base64: string } | null {
  const match = /^data:([^;,]*)(?:;[^;,]+)*;base64,(.*)$/s.exec(dataUrl);
  if (!match) return null;
  return { mediaType: match[1] || "application/octet-stream", base64: match[2] as string };
}

/** Reads a picked file as a data URL (for the preview and, split, for the backend). */
export function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error("could not read the file"));
    reader.readAsDataURL(file);
  });
}
