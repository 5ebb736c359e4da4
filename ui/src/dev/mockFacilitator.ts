/**
 * The facilitator commands of the in-memory dev/test backend
 * (`facilitatorApi.ts`). Everything core computes (results, comparisons,
 * progress, the map, the photos, the audits of the city) is served from
 * the fixtures core writes (`fixtures.ts`); this file only keeps what the
 * facilitator writes (records, consensus, marks, received photos) and
 * stands in for the I/O (QR codes, export paths). It checks nothing: a
 * refusal is staged by a test with `failNext`. Never part of a production
 * build.
 */
import type { AuditView, Session } from "../api";
import type {
  AreaIdeas,
  ConsensusRecord,
  CreateAuditRequest,
  CreateInviteRequest,
  ExportFormat,
  FacilitatorRecords,
  Invite,
  MarkPhotoRequest,
  ReviewPhoto,
  SetAreaIdeasRequest,
  SetConsensusRequest,
  SetReportTextRequest,
  SetWrapUpRequest,
} from "../facilitatorApi";
import type { NewReceivedPhoto } from "../receivedApi";
import {
  demoAuditsOfCity,
  demoPhotos,
  demoProgress,
  demoResults,
  demoResultsCompared,
  demoTemplateAdapted,
  demoTemplateBuiltin,
} from "./fixtures";

export interface FacilitatorMock {
  handlers: Record<string, (args: Record<string, unknown>) => unknown>;
  records: FacilitatorRecords;
}

/** The facilitator commands over `audit` (changed in place by `create_audit`). */
export function createFacilitatorMock(
  audit: AuditView,
  session: () => Session | null,
  now: () => number,
): FacilitatorMock {
  const photos: ReviewPhoto[] = structuredClone(demoPhotos);
  const records: FacilitatorRecords = {
    consensus: {},
    areaIdeas: {},
    wrapUp: {},
    markedPhotos: [],
    cityContext: "",
    deskResearch: "",
    focusGroups: "",
    compareWith: null,
    showNames: false,
    quotedComments: [],
  };
  let invites = 0;

  const handlers: FacilitatorMock["handlers"] = {
    create_audit: (args) => {
      const request = args as unknown as CreateAuditRequest;
      Object.assign(audit, {
        id: `4Zt${now().toString(36)}`,
        title: request.title,
        city: request.city,
        startsOn: request.startsOn,
        endsOn: request.endsOn,
        meetingPoint: request.meetingPoint,
        benchmark: request.templates === "benchmark",
        plannedStops: request.plannedStops.map((stop, i) => ({
          id: `ps-${i + 1}`,
          ...stop,
          order: i + 1,
        })),
      });
      const current = session();
      if (current) current.auditId = audit.id;
      return audit;
    },
    create_invite: (args): Invite => {
      const request = args as unknown as CreateInviteRequest;
      invites += 1;
      const code = `${request.role === "facilitator" ? "FAC" : "K7Q"}-${(2000 + invites * 37).toString(36).toUpperCase()}`;
      const link = `cityaudit://join?server=${encodeURIComponent(session()?.serverUrl ?? "")}&code=${code}`;
      // A stand-in pattern: the real QR code is drawn by the backend.
      const cells = Array.from({ length: 21 * 21 }, (_, k) =>
        (k * 7 + code.charCodeAt(k % code.length)) % 3 === 0
          ? `<rect x="${k % 21}" y="${Math.floor(k / 21)}" width="1" height="1"/>`
          : "",
      ).join("");
      const qrSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="-2 -2 25 25"><rect x="-2" y="-2" width="25" height="25" fill="#fff"/>${cells}</svg>`;
      return {
        code,
        link,
        qrSvg,
        role: request.role as Invite["role"],
        expiresAt: request.expiresAt,
        maxUses: request.maxUses,
      };
    },
    progress: () => demoProgress,
    results: (args) => {
      const compareWith = (args.compareWith as string | null) ?? null;
      return compareWith === null ? demoResults : demoResultsCompared[compareWith];
    },
    audits_of_city: () => demoAuditsOfCity,
    // Stand-in for the server: any reader code opens the older Sofia audit.
    open_earlier_audit: () => demoAuditsOfCity.at(-1)!,
    facilitator_records: () => records,
    set_consensus: (args): ConsensusRecord => {
      const request = args as unknown as SetConsensusRequest;
      const record = { ...request, updatedAt: now() };
      records.consensus[request.item] = record;
      return record;
    },
    set_area_ideas: (args): AreaIdeas => {
      const request = args as unknown as SetAreaIdeasRequest;
      records.areaIdeas[request.section] = { ...request };
      return request;
    },
    photos_for_review: () => photos,
    mark_photo: (args) => {
      const request = args as unknown as MarkPhotoRequest;
      const found = photos.find((p) => p.hash === request.hash)!;
      found.marked = request.marked;
      records.markedPhotos = photos.filter((p) => p.marked).map((p) => p.hash);
      return found;
    },
    add_received_photo: (args) => {
      const request = args as unknown as NewReceivedPhoto & { dataBase64: string };
      photos.push({
        hash: String(photos.length + 1)
          .padStart(2, "r")
          .repeat(32),
        title: request.title,
        caption: request.caption,
        theme: request.theme,
        credit: request.credit,
        participantId: "",
        location: request.location,
        takenAt: null,
        marked: false,
        thumbnail: `data:image/jpeg;base64,${request.dataBase64}`,
        uploaded: false,
        receivedVia: request.receivedVia,
        consentNote: request.consentNote,
      });
      return photos;
    },
    remove_received_photo: (args) => {
      photos.splice(
        photos.findIndex((p) => p.hash === args.hash),
        1,
      );
      return photos;
    },
    set_wrap_up: (args) => {
      const request = args as unknown as SetWrapUpRequest;
      records.wrapUp[request.question] = request.text;
      return null;
    },
    set_report_text: (args) => {
      const request = args as unknown as SetReportTextRequest;
      records[request.which] = request.text;
      return null;
    },
    set_compare_with: (args) => {
      records.compareWith = (args.auditId as string | null) ?? null;
      return null;
    },
    // Templates: core reads, checks and compares; the stand-in serves what
    // core answered for the built-in set and for one city's adapted set.
    builtin_template: () => demoTemplateBuiltin,
    audit_template: () => demoTemplateBuiltin,
    read_template_file: () => demoTemplateAdapted,
    check_template: () => demoTemplateAdapted,
    export_template: (args) => ({
      path: `/home/facilitator/Documents/cityaudit/${args.source === "audit" ? "audit" : "integra"}-template.xlsx`,
      bytes: 31_877,
    }),
    export: (args) => {
      // The report's language (args.lang) is core's to apply.
      const format = args.format as ExportFormat;
      // A stand-in path: the real file is written by core.
      const name = audit.title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      return { path: `/home/facilitator/Documents/cityaudit/${name}.${format}`, bytes: 48_213 };
    },
  };
  return { handlers, records };
}
