/**
 * The backend contract: every Tauri command the UI calls, typed.
 *
 * This is the one place that knows command names. Calls go through a
 * `Transport`: in the Tauri shell `window.__TAURI__.core.invoke` (the shell
 * sets `app.withGlobalTauri`, so the UI does not depend on `@tauri-apps/api`);
 * in the browser app the one `src/web/main.tsx` installs, which hands them to
 * core compiled to WebAssembly in a worker. Arguments are camelCase objects and
 * results are the backend's JSON (serde camelCase); template objects inside
 * `AuditView` are passed through unchanged and so stay snake_case.
 *
 * The types of what core returns are generated from its Rust types into
 * `src/generated/contract.ts` (core/src/contract.rs; a core test fails when
 * they drift), so `tsc` finds every place a change in core must reach.
 *
 * A failed command rejects with a message in the user's words; `call` turns
 * it into an `ApiError` whose `message` is shown as is.
 */

import type * as core from "./generated/contract";
import type {
  BaseMapInfo,
  MapFeatures,
  RecordPositionRequest,
  RecordPositionResult,
  TrackingState,
} from "./mapContract";

// --- Views and templates: generated from core's types (src/generated) -------

export type Text = core.Text;
export type Role = core.Role;
export type LocationSource = core.LocationSource;
export type Scale = core.Scale;
export type Section = core.Section;
export type ChecklistTemplate = core.ChecklistTemplate;
export type Theme = core.Theme;
export type PhotovoiceTemplate = core.PhotovoiceTemplate;
export type ParticipantGroup = core.ParticipantGroup;
export type AuditView = core.AuditView;
export type StopView = core.StopView;
export type PhotoView = core.PhotoView;
export type ResponseView = core.ResponseView;
export type SyncState = core.SyncState;
export type Session = core.SessionView;
export type Location = core.LocationView;
export type ChecklistItemTemplate = core.Item;
export type PlannedStop = core.PlannedStopView;
export type AnswerValue = core.AnswerValueView;
export type Answer = core.AnswerView;
export type AnswerSaved = core.AnswerSaved;
export type Progress = core.Progress;
export type ResponseProgress = core.ResponseProgress;
export type Upload = core.UploadView;
export type SyncStatus = core.SyncStatusView;

export const DONT_KNOW = "dont_know";

// --- Requests -------------------------------------------------------------------

export interface AnswerItemRequest {
  item: string;
  /** Left out: unchanged. null: cleared. */
  value?: AnswerValue;
  /** Left out: unchanged. */
  comment?: string;
}

export interface AnswerAtStopRequest extends AnswerItemRequest {
  stop: string;
}

export interface VisitStopRequest {
  plannedStop: string | null;
  nameOfArea: string;
  specificLocation: string;
  visitedAt: number;
  utcOffsetMin: number;
  location: Location | null;
}

// Generated from core's types (src/generated/contract.ts).
export type JoinRequest = core.JoinCommand;
export type AddPhotoRequest = core.AddPhotoCommand;
export type EditPhotoRequest = core.EditPhotoCommand;

/** A photo to add, without its bytes: `api.addPhoto` sends them the way the transport takes them. */
export type NewPhoto = Omit<AddPhotoRequest, "path" | "dataBase64">;

/** A picked photo's content: the file, and its bytes as base64 (already read for the preview). */
export interface PhotoContent {
  file: Blob;
  base64: string;
}

/** The invite of the app's embedded demo server (`cityaudit --embedded-server`). */
export interface DemoInvite {
  server: string;
  code: string;
  link: string;
}

// --- Transport ----------------------------------------------------------------

type Invoke = (command: string, args?: Record<string, unknown>) => Promise<unknown>;

declare global {
  interface Window {
    __TAURI__?: { core: { invoke: Invoke } };
  }
}

/** How commands reach the backend. */
export interface Transport {
  /** Runs a command; `bytes` is a photo's content where `binaryPhotos` is set. */
  invoke(command: string, args?: Record<string, unknown>, bytes?: Uint8Array): Promise<unknown>;
  /**
   * A photo travels as bytes beside the arguments (the browser app's worker)
   * rather than as base64 inside them (Tauri's JSON IPC).
   */
  readonly binaryPhotos: boolean;
}

let installed: Transport | null = null;

/** Sends every command through `transport` (the browser app's worker) instead of Tauri's. */
export function installTransport(transport: Transport | null) {
  installed = transport;
}

function currentTransport(): Transport | null {
  if (installed) return installed;
  const invoke = window.__TAURI__?.core.invoke;
  return invoke ? { invoke, binaryPhotos: false } : null;
}

/** A command failed; `message` is the backend's text, meant for the person. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly command: string,
    /** Core's error code (`CommandError.code`), which the catalogue translates. */
    readonly code: string | null = null,
    /** Values for the translated text (`CommandError.details`). */
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Core's error code and details to the person's language; null: no text for it. */
export type ErrorTranslator = (code: string, details: unknown) => string | null;

let translateError: ErrorTranslator | null = null;

/** Sets how failures with a code are put in words (the language in use). */
export function setErrorTranslator(translator: ErrorTranslator | null): void {
  translateError = translator;
}

/**
 * The text of a failure, for showing to the person: the catalogue's text for
 * its code in the language in use, else core's English words.
 */
export function messageOf(error: unknown): string {
  const code = codeOf(error);
  if (code && translateError) {
    const details = error && typeof error === "object" && "details" in error ? error.details : null;
    const translated = translateError(code, details);
    if (translated) return translated;
  }
  return englishOf(error);
}

/** Core's own words of a failure. */
function englishOf(error: unknown): string {
  if (typeof error === "string") return error;
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "message" in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}

/** The code of a failure, where it has one. */
function codeOf(error: unknown): string | null {
  if (error && typeof error === "object" && "code" in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === "string" ? code : null;
  }
  return null;
}

/** The page runs outside the app's shell, so there is no backend to call. */
export class BackendMissing extends ApiError {
  constructor(command: string) {
    super("The app's backend is not available.", command);
    this.name = "BackendMissing";
  }
}

/**
 * The backend is there but cannot open this device's storage (the browser
 * app without OPFS, e.g. an old browser or a page not served over https).
 */
export class BackendUnavailable extends ApiError {
  constructor(message: string, command: string, code: string | null) {
    super(message, command, code);
    this.name = "BackendUnavailable";
  }
}

/** Calls a backend command; a failure becomes an `ApiError`. Shared with `facilitatorApi.ts`. */
export async function call<T>(command: string, args?: object, bytes?: Uint8Array): Promise<T> {
  const transport = currentTransport();
  if (!transport) throw new BackendMissing(command);
  try {
    return (await transport.invoke(
      command,
      args as Record<string, unknown> | undefined,
      bytes,
    )) as T;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const details = error && typeof error === "object" && "details" in error ? error.details : null;
    throw new ApiError(englishOf(error), command, codeOf(error), details);
  }
}

/** Adds a photo, its content as bytes or base64, whichever the transport takes. */
async function addPhoto(photo: NewPhoto, content: PhotoContent): Promise<PhotoView> {
  const request: AddPhotoRequest = { ...photo, path: null, dataBase64: null };
  if (currentTransport()?.binaryPhotos) {
    const bytes = new Uint8Array(await content.file.arrayBuffer());
    return call<PhotoView>("add_photo", request, bytes);
  }
  return call<PhotoView>("add_photo", { ...request, dataBase64: content.base64 });
}

/** A command's bytes as an ArrayBuffer (Tauri answers one; the browser app's worker a Uint8Array). */
export function asArrayBuffer(value: unknown): ArrayBuffer {
  if (value instanceof ArrayBuffer) return value;
  if (ArrayBuffer.isView(value)) {
    const view = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return view.slice().buffer;
  }
  if (Array.isArray(value)) return Uint8Array.from(value as number[]).buffer;
  throw new ApiError("The backend answered something that is not bytes.", "base_map_range");
}

/** Whether the transport takes bytes beside the arguments (the browser app) rather than base64. */
export function sendsBinary(): boolean {
  return currentTransport()?.binaryPhotos ?? false;
}

/** Runs in the desktop shell (Tauri), where a GPX file can stand in for the position source. */
export function isDesktopShell(): boolean {
  return !installed && Boolean(window.__TAURI__);
}

/** The commands, one function each. */
export const api = {
  session: () => call<Session | null>("session"),
  join: (request: JoinRequest) => call<Session>("join", request),
  audit: () => call<AuditView>("audit"),
  response: () => call<ResponseView>("response"),
  answerItem: (request: AnswerItemRequest) => call<AnswerSaved>("answer_item", request),
  answerAtStop: (request: AnswerAtStopRequest) => call<AnswerSaved>("answer_at_stop", request),
  visitStop: (request: VisitStopRequest) => call<StopView>("visit_stop", request),
  currentPosition: () => call<Location | null>("current_position"),
  addPhoto,
  editPhoto: (request: EditPhotoRequest) => call<PhotoView>("edit_photo", request),
  /** Accepts the photovoice usage terms declined when joining. */
  acceptPhotoTerms: (shareLocations: boolean) =>
    call<ResponseView>("accept_photo_terms", { shareLocations }),
  syncNow: () => call<SyncStatus>("sync_now"),
  syncStatus: () => call<SyncStatus>("sync_status"),
  setLanguage: (language: string | null) => call<void>("set_language", { language }),
  demoInvite: () => call<DemoInvite | null>("demo_invite"),
  // --- Maps and walk tracks (issue #18) ---
  baseMapInfo: () => call<BaseMapInfo | null>("base_map_info"),
  /** Bytes of the base map package; at most 1 MiB per call. */
  baseMapRange: async (offset: number, length: number) =>
    asArrayBuffer(await call<unknown>("base_map_range", { offset, length })),
  /** The planned stops, this person's own stop visits, photos and track. */
  participantMap: () => call<MapFeatures>("participant_map"),
  trackingState: () => call<TrackingState>("tracking_state"),
  setTrackConsent: (consent: boolean) => call<TrackingState>("set_track_consent", { consent }),
  setTracking: (recording: boolean) => call<TrackingState>("set_tracking", { recording }),
  /** Core decides whether the point is kept. */
  recordPosition: (request: RecordPositionRequest) =>
    call<RecordPositionResult>("record_position", request),
  /** Feeds a GPX file's text through the same rules as live positions (desktop). */
  replayGpx: (gpx: string) => call<TrackingState>("replay_gpx", { gpx }),
};

export type Api = typeof api;
