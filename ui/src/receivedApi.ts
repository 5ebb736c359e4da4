/**
 * Photos a facilitator received outside the app — by e-mail, a messaging
 * app or in person — added to the audit's photovoice set with a credit,
 * how they came and how the photographer consented (core:
 * `cityaudit_core::commands::received`). Core strips them like
 * participants' photos and refuses one without consent; both commands
 * answer with the review gallery.
 */
import { call, type Location } from "./api";
import type { ReviewPhoto } from "./facilitatorApi";

/** How a received photo reached the facilitator (core's `RECEIVED_VIA`). */
export const RECEIVED_VIA = ["email", "messaging", "in_person", "other"] as const;
export type ReceivedVia = (typeof RECEIVED_VIA)[number];

/** A received photo's record, without its bytes. */
export interface NewReceivedPhoto {
  fileName: string;
  title: string;
  caption: string;
  theme: string;
  /** The photographer's name or credit line, as they wish to be credited. */
  credit: string;
  receivedVia: ReceivedVia;
  consent: boolean;
  /** How and when the photographer gave consent. */
  consentNote: string;
  /** A typed or device position; wins over the photo's own. */
  location: Location | null;
  /** Keep the photo's GPS position when no position is given. */
  keepPhotoPosition: boolean;
}

export const receivedApi = {
  /** Adds a received photo (its bytes as base64); answers with the gallery. */
  addReceivedPhoto: (photo: NewReceivedPhoto, dataBase64: string) =>
    call<ReviewPhoto[]>("add_received_photo", { ...photo, path: null, dataBase64 }),
  /** Removes a received photo; answers with the gallery. */
  removeReceivedPhoto: (hash: string) => call<ReviewPhoto[]>("remove_received_photo", { hash }),
};

export type ReceivedApi = typeof receivedApi;
