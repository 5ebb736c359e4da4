/**
 * An in-memory stand-in for the Tauri backend, for `vite dev` in a plain
 * browser and for component tests. It speaks the contract of `api.ts`
 * (command names, camelCase arguments, results, string errors) and enforces
 * the same few rules core does, so a screen that works against it has a fair
 * chance against the real thing. Never part of a production build.
 */
import type {
  DemoInvite,
  AddPhotoRequest,
  Answer,
  AnswerAtStopRequest,
  AnswerItemRequest,
  AuditView,
  EditPhotoRequest,
  JoinRequest,
  Location,
  PhotoView,
  Progress,
  ResponseProgress,
  ResponseView,
  Session,
  StopView,
  SyncStatus,
  VisitStopRequest,
} from "../api";
import { parseJoinLink } from "../logic/joinLink";
import { builtinChecklist, builtinGroups, builtinPhotovoice } from "../templates";
import type { CommandError } from "../generated/contract";
import { demoAudit } from "./fixtures";
import type { Role } from "../api";
import { createFacilitatorMock, type FacilitatorMock } from "./mockFacilitator";
import { createMapMock, type MapMock } from "./mockMap";
import { createMethodsMock } from "./mockMethods";

export interface MockOptions {
  /** Start already joined. */
  joined?: boolean;
  /** The role when starting joined (participant unless said). */
  role?: Role;
  /** What `currentPosition` answers (null: a desktop without geolocation). */
  position?: Location | null;
  /** Delay of every command, in ms. */
  latencyMs?: number;
  /** What `demoInvite` answers (the embedded demo server's invite). */
  demoInvite?: DemoInvite | null;
  /** The demo audit is a benchmark self-assessment (its own screens). */
  benchmark?: boolean;
  /** A language the city added to its template (not one of the app's): its tag and vision.1 in it. */
  templateLanguage?: { tag: string; firstStatement: string };
}

export interface MockBackend {
  invoke(command: string, args?: Record<string, unknown>, bytes?: Uint8Array): Promise<unknown>;
  /** Every call made, in order. */
  calls: { command: string; args: Record<string, unknown> | undefined }[];
  /** Makes the next call of `command` fail with `error` (words, or core's coded error). */
  failNext(command: string, error: string | CommandError): void;
  state: { session: Session | null; response: ResponseView; sync: SyncStatus };
  /** The facilitator's records (consensus, ideas, wrap-up, marked photos). */
  facilitator: FacilitatorMock;
  /** The base map package and the walk track (issue #18). */
  map: MapMock;
}

const blank = (): Answer => ({ value: null, comment: "", updatedAt: 0 });
const SAMPLE_THUMBNAIL =
  "data:image/svg+xml;base64," +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3" fill="#8ab"/><circle cx="3" cy="1" r=".5" fill="#fe8"/></svg>',
  );

export function createMockBackend(options: MockOptions = {}): MockBackend {
  const checklist = builtinChecklist;
  // The demo audit as core answers it (dev/fixtures.ts); create_audit replaces it.
  const audit: AuditView = structuredClone(demoAudit);
  if (options.benchmark) audit.benchmark = true;
  const added = options.templateLanguage;
  if (added && audit.checklist) {
    audit.checklist.translations[added.tag] = { reviewed: false };
    const first = audit.checklist.sections[0]!.items[0]!;
    first.text.tr = { ...first.text.tr, [added.tag]: added.firstStatement };
  }
  const wholeCity = checklist.sections.filter((s) => !s.per_stop).flatMap((s) => s.items);
  const perStop = checklist.sections.filter((s) => s.per_stop).flatMap((s) => s.items);
  // The stand-in's progress: answered items counted as core does (a score
  // or "don't know"); the app itself only shows what its backend says.
  const count = (items: { id: string }[], answers: Record<string, Answer>): Progress => ({
    answered: items.filter((item) => (answers[item.id]?.value ?? null) !== null).length,
    total: items.length,
  });
  const wholeCityProgress = (answers: Record<string, Answer>): ResponseProgress => ({
    overall: count(wholeCity, answers),
    sections: Object.fromEntries(
      checklist.sections.filter((s) => !s.per_stop).map((s) => [s.id, count(s.items, answers)]),
    ),
  });
  const response: ResponseView = {
    answers: Object.fromEntries(wholeCity.map((item) => [item.id, blank()])),
    stops: [],
    photos: [],
    photoTermsAccepted: false,
    sharesPhotoLocations: false,
    progress: wholeCityProgress({}),
  };
  const sync: SyncStatus = {
    state: "neverSynced",
    pendingChanges: 0,
    pendingDownloads: 0,
    uploads: [],
    lastSyncAt: null,
    lastError: null,
  };
  let session: Session | null = options.joined
    ? {
        serverUrl: "https://audit.example.org",
        auditId: audit.id,
        responseId: options.role === "facilitator" ? null : "3Yr5mockResponseId",
        participantId: "p-mock",
        role: options.role ?? "participant",
        displayName: options.role === "facilitator" ? "Dana" : "Mira",
        group: "tcn_communities",
        language: null,
      }
    : null;
  let photoConsent = Boolean(options.joined);
  let sharesLocations = Boolean(options.joined);
  const failures = new Map<string, string | CommandError>();
  const calls: MockBackend["calls"] = [];
  let clock = Date.now();
  const now = () => (clock = Math.max(clock + 1, Date.now()));
  const changed = () => {
    sync.pendingChanges += 1;
    if (sync.state === "upToDate") sync.state = "neverSynced";
  };

  const requireSession = () => {
    if (!session) throw "Join an audit first.";
    return session;
  };
  const write = (answers: Record<string, Answer>, request: AnswerItemRequest): Answer => {
    const value = request.value;
    if (value !== undefined && value !== null && value !== "dont_know") {
      if (!Number.isInteger(value) || value < 1 || value > 5) {
        throw `score ${value} is not allowed: choose 1 (poor) to 5 (excellent) or "don't know"`;
      }
    }
    const previous = answers[request.item] ?? blank();
    const next: Answer = {
      value: value === undefined ? previous.value : value,
      comment: request.comment === undefined ? previous.comment : request.comment,
      updatedAt: now(),
    };
    answers[request.item] = next;
    changed();
    return next;
  };

  const handlers: Record<string, (args: Record<string, unknown>, bytes?: Uint8Array) => unknown> = {
    session: () => session,
    join: (args) => {
      const request = args as unknown as JoinRequest;
      const invite = request.link ? parseJoinLink(request.link) : null;
      if (request.link && !invite) throw "The invite link is not complete.";
      const server = invite?.server ?? request.server;
      const code = invite?.code ?? request.code;
      if (!server || !code) throw "Type the server address and the invite code.";
      if (code.toUpperCase() === "EXPIRED")
        throw "This invite has expired. Ask the facilitator for a new one.";
      if (!request.displayName.trim()) throw "display name must not be empty";
      if (!builtinGroups.some((g) => g.id === request.group))
        throw `there is no participant group "${request.group}"`;
      photoConsent = request.acceptPhotoTerms;
      sharesLocations = request.acceptPhotoTerms && request.sharePhotoLocations;
      const facilitator = code.toUpperCase().startsWith("FAC");
      session = {
        serverUrl: server,
        auditId: audit.id,
        responseId: facilitator ? null : "3Yr5mockResponseId",
        participantId: "p-mock",
        role: facilitator ? "facilitator" : "participant",
        displayName: request.displayName.trim(),
        group: request.group,
        language: null,
      };
      return session;
    },
    audit: () => (requireSession(), audit),
    response: () => (
      requireSession(),
      {
        ...structuredClone(response),
        photoTermsAccepted: photoConsent,
        sharesPhotoLocations: sharesLocations,
      }
    ),
    accept_photo_terms: (args) => {
      requireSession();
      if (!photoConsent) sharesLocations = Boolean(args.shareLocations);
      photoConsent = true;
      return {
        ...structuredClone(response),
        photoTermsAccepted: true,
        sharesPhotoLocations: sharesLocations,
      };
    },
    answer_item: (args) => {
      const request = args as unknown as AnswerItemRequest;
      if (perStop.some((item) => item.id === request.item)) {
        throw `statement "${request.item}" is answered per stop: record a stop visit first`;
      }
      if (!wholeCity.some((item) => item.id === request.item))
        throw `the checklist has no statement "${request.item}"`;
      const answer = write(response.answers, request);
      response.progress = wholeCityProgress(response.answers);
      return { answer, progress: response.progress, stopProgress: null };
    },
    answer_at_stop: (args) => {
      const request = args as unknown as AnswerAtStopRequest;
      const stop = response.stops.find((s) => s.id === request.stop);
      if (!stop) throw `no stop "${request.stop}" has been recorded`;
      if (!perStop.some((item) => item.id === request.item)) {
        throw `statement "${request.item}" is answered once for the whole city, not per stop`;
      }
      const answer = write(stop.answers, request);
      stop.progress = count(perStop, stop.answers);
      return { answer, progress: response.progress, stopProgress: stop.progress };
    },
    visit_stop: (args) => {
      const request = args as unknown as VisitStopRequest;
      if (!request.nameOfArea.trim()) throw "name of area must not be empty";
      const stop: StopView = {
        id: `stop-${response.stops.length + 1}`,
        ...request,
        answers: Object.fromEntries(perStop.map((item) => [item.id, blank()])),
        progress: { answered: 0, total: perStop.length },
      };
      response.stops.push(stop);
      changed();
      return stop;
    },
    current_position: () => options.position ?? null,
    add_photo: (args) => {
      const request = args as unknown as AddPhotoRequest;
      if (!photoConsent) throw "the photovoice usage terms must be accepted before adding photos";
      if (!request.title.trim()) throw "title must not be empty";
      if (!builtinPhotovoice.themes.some((t) => t.id === request.theme))
        throw `photovoice has no theme "${request.theme}"`;
      const hash = (response.photos.length + 1).toString(16).padStart(64, "a");
      const photo: PhotoView = {
        hash,
        title: request.title,
        caption: request.caption,
        theme: request.theme,
        location: (request.shareLocation ?? sharesLocations) ? request.fallbackLocation : null,
        takenAt: null,
        stop: request.stop,
        thumbnail:
          request.dataBase64 && request.fileName.match(/\.(jpe?g|png)$/i)
            ? `data:image/${/png$/i.test(request.fileName) ? "png" : "jpeg"};base64,${request.dataBase64}`
            : SAMPLE_THUMBNAIL,
        uploaded: false,
      };
      response.photos.push(photo);
      sync.uploads.push({
        hash,
        title: photo.title,
        sentBytes: 0,
        totalBytes: (request.dataBase64?.length ?? 4) * 0.75,
      });
      changed();
      return photo;
    },
    edit_photo: (args) => {
      const request = args as unknown as EditPhotoRequest;
      const photo = response.photos.find((p) => p.hash === request.hash);
      if (!photo) throw `no photo ${request.hash} has been recorded`;
      if (!request.title.trim()) throw "title must not be empty";
      Object.assign(photo, {
        title: request.title,
        caption: request.caption,
        theme: request.theme,
        ...(request.forgetLocation ? { location: null } : {}),
      });
      changed();
      return photo;
    },
    sync_status: () => {
      // Uploads creep forward while the status is watched, as on a slow link.
      for (const upload of sync.uploads)
        upload.sentBytes = Math.min(upload.totalBytes, upload.sentBytes + upload.totalBytes / 4);
      for (const done of sync.uploads.filter((u) => u.sentBytes >= u.totalBytes)) {
        const photo = response.photos.find((p) => p.hash === done.hash);
        if (photo) photo.uploaded = true;
      }
      sync.uploads = sync.uploads.filter((u) => u.sentBytes < u.totalBytes);
      return structuredClone(sync);
    },
    sync_now: () => {
      requireSession();
      sync.state = "upToDate";
      sync.pendingChanges = 0;
      sync.lastSyncAt = now();
      sync.lastError = null;
      return structuredClone(sync);
    },
    demo_invite: () => options.demoInvite ?? null,
    set_language: (args) => {
      requireSession().language = (args.language as string | null) ?? null;
      return null;
    },
  };

  // Facilitator commands: a fixed roster with results (dev/mockFacilitator.ts).
  const facilitator = createFacilitatorMock(audit, () => session, now);
  const map = createMapMock(() => response.photos);
  Object.assign(handlers, facilitator.handlers, createMethodsMock().handlers, map.handlers);

  const invoke = async (command: string, args?: Record<string, unknown>, bytes?: Uint8Array) => {
    calls.push({ command, args });
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const failure = failures.get(command);
    if (failure !== undefined) {
      failures.delete(command);
      throw failure;
    }
    const handler = handlers[command];
    if (!handler) throw `unknown command ${command}`;
    return structuredClone(handler(args ?? {}, bytes));
  };

  return {
    invoke,
    calls,
    failNext: (command, error) => failures.set(command, error),
    facilitator,
    map,
    get state() {
      return { session, response, sync };
    },
  };
}

/** Installs the mock as `window.__TAURI__` (dev server only). */
export function installMockBackend(options: MockOptions = { latencyMs: 150 }): MockBackend {
  const params = new URLSearchParams(window.location.search);
  const backend = createMockBackend({
    ...options,
    joined: params.has("joined") || params.has("facilitator"),
    role: params.has("facilitator") ? "facilitator" : "participant",
    benchmark: params.has("benchmark"),
    position: params.has("gps")
      ? { lat: 42.6977, lon: 23.3219, accuracyM: 12, source: "device" }
      : null,
  });
  window.__TAURI__ = { core: { invoke: backend.invoke } };
  const language = params.get("lang");
  if (language) {
    window.localStorage.setItem("cityaudit.language", language);
    if (backend.state.session) backend.state.session.language = language;
  }
  if (params.has("demo")) seedDemo(backend);
  if (params.has("basemap")) backend.map.useDemoPackage();
  if (params.has("syncerror")) {
    Object.assign(backend.state.sync, {
      state: "error",
      lastError: "The server could not be reached (timed out after 30 s).",
    });
  }
  return backend;
}

/** Some answers, a stop and photos (one uploading), for looking at the screens: `/?joined&demo`. */
function seedDemo(backend: MockBackend) {
  const { response, sync } = backend.state;
  const at = Date.UTC(2025, 4, 17, 9, 40);
  Object.assign(response.answers["vision.1"]!, {
    value: 4,
    comment: "Strategy 2021-2027 names migrants.",
    updatedAt: at,
  });
  Object.assign(response.answers["vision.2"]!, { value: "dont_know", updatedAt: at });
  const { overall, sections } = response.progress;
  const vision = sections["vision"] ?? { answered: 0, total: 0 };
  response.progress = {
    overall: { ...overall, answered: 2 },
    sections: { ...sections, vision: { ...vision, answered: 2 } },
  };
  response.stops.push({
    id: "stop-1",
    plannedStop: "ps-1",
    nameOfArea: "Vazrazhdane",
    specificLocation: "Lavov most square",
    visitedAt: at,
    utcOffsetMin: 180,
    location: { lat: 42.7031, lon: 23.3209, accuracyM: 9, source: "device" },
    answers: Object.fromEntries(
      builtinChecklist.sections
        .filter((s) => s.per_stop)
        .flatMap((s) => s.items)
        .map((item, i) => [item.id, { value: i < 3 ? i + 2 : null, comment: "", updatedAt: at }]),
    ),
    progress: {
      answered: 3,
      total: builtinChecklist.sections.filter((s) => s.per_stop).flatMap((s) => s.items).length,
    },
  });
  const photo = (
    n: number,
    theme: string,
    title: string,
    source: Location["source"] | null,
    uploaded: boolean,
  ) => ({
    hash: String(n).repeat(64),
    title,
    caption: "Seen on the walk.",
    theme,
    location: source ? { lat: 42.7, lon: 23.32, accuracyM: null, source } : null,
    takenAt: at,
    stop: null,
    thumbnail: SAMPLE_THUMBNAIL,
    uploaded,
  });
  response.photos.push(
    photo(1, "friendly", "Signs in three languages", "exif", true),
    photo(2, "improvement", "No ramp at the job centre", "manual", false),
    photo(3, "improvement", "Dark underpass", null, false),
  );
  sync.uploads.push({
    hash: "2".repeat(64),
    title: "No ramp at the job centre",
    sentBytes: 0,
    totalBytes: 2_000_000,
  });
  sync.pendingChanges = 5;
}
