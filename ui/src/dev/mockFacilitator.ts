/**
 * The facilitator commands of the in-memory dev/test backend
 * (`facilitatorApi.ts`): a small fixed roster with answers, stops, photos and
 * tracks, and an earlier audit of the same city to compare with. The figures
 * are worked out here only so the screens have something true to show; the
 * real ones come from core. Never part of a production build.
 */
import type { AnswerValue, AuditView, Location, Session } from "../api";
import type {
  AreaIdeas,
  AreaResult,
  AuditSummary,
  BalanceCount,
  Change,
  ConsensusRecord,
  CreateAuditRequest,
  CreateInviteRequest,
  ExportFormat,
  FacilitatorRecords,
  Invite,
  MapFeatures,
  MarkPhotoRequest,
  ProgressView,
  ResultsView,
  ReviewPhoto,
  ScoreStats,
  SetAreaIdeasRequest,
  SetConsensusRequest,
  SetReportTextRequest,
  SetWrapUpRequest,
  StatementResult,
} from "../facilitatorApi";
import type { NewReceivedPhoto } from "../receivedApi";
import { hasPhotovoice } from "../facilitatorApi";

interface MockParticipant {
  id: string;
  pseudonym: string;
  group: string;
  gender: string | null;
  lastSyncAt: number | null;
  /** Whole-city answers. */
  answers: Record<string, AnswerValue | string>;
  /** Planned stop id to per-stop answers. */
  stops: Record<string, Record<string, AnswerValue>>;
  track: Location[];
}

const FLAG_RULE = "range ≥ 3 or SD ≥ 1.25 (n ≥ 2)";
const swatch = (fill: string) =>
  "data:image/svg+xml;base64," +
  btoa(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3" fill="${fill}"/><circle cx="3" cy="1" r=".5" fill="#fe8"/></svg>`,
  );

/** Population statistics of valid scores. */
function statsOf(scores: number[]): ScoreStats {
  const n = scores.length;
  if (n === 0) return { n, mean: null, median: null, min: null, max: null, sd: null };
  const sorted = [...scores].sort((a, b) => a - b);
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  const mid = Math.floor(n / 2);
  const median = n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const sd = Math.sqrt(scores.reduce((a, s) => a + (s - mean) ** 2, 0) / n);
  return { n, mean, median, min: sorted[0]!, max: sorted[n - 1]!, sd };
}

const meanOf = (values: (number | null)[]): number | null => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
};

function statement(item: string, values: unknown[]): StatementResult {
  const scores = values.filter(
    (v): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5,
  );
  const stats = statsOf(scores);
  const count = (score: number) => scores.filter((v) => v === score).length;
  const counts: StatementResult["counts"] = [count(1), count(2), count(3), count(4), count(5)];
  const flagged =
    stats.n >= 2 && ((stats.max ?? 0) - (stats.min ?? 0) >= 3 || (stats.sd ?? 0) >= 1.25);
  return {
    item,
    scores: stats,
    dontKnow: values.filter((v) => v === "dont_know").length,
    counts,
    flagged,
  };
}

function area(section: string, items: StatementResult[]): AreaResult {
  const means = items.map((i) => i.scores.mean).filter((m): m is number => m !== null);
  const top = Math.max(...means);
  const bottom = Math.min(...means);
  return {
    section,
    mean: meanOf(items.map((i) => i.scores.mean)),
    items,
    best: means.length ? items.filter((i) => i.scores.mean === top).map((i) => i.item) : [],
    mostChallenging: means.length
      ? items.filter((i) => i.scores.mean === bottom).map((i) => i.item)
      : [],
  };
}

const change = (earlier: number | null, current: number | null): Change => ({
  earlier,
  current,
  change: earlier === null || current === null ? null : current - earlier,
});

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
  const checklist = audit.checklist!;
  const day = Date.UTC(2025, 4, 17, 9, 0);
  const roster: [string, string, string | null][] = [
    ["Mira", "tcn_communities", "female"],
    ["Ahmad", "tcn_communities", "male"],
    ["Elena", "local_administration", "female"],
    ["Georgi", "local_government", "male"],
    ["Sara", "ngos", null],
    ["Ivan", "local_police", "male"],
  ];
  // TCN members score lower than the administration; every fourth statement splits the room.
  const bias = [-1, -1, 1, 1, 0, 0];
  const participants: MockParticipant[] = roster.map(([pseudonym, group, gender], p) => {
    const answers: MockParticipant["answers"] = {};
    const stops: MockParticipant["stops"] = {};
    checklist.sections.forEach((section, s) =>
      section.items.forEach((item, i) => {
        const split = (i + s) % 4 === 1 ? 2 * bias[p]! : 0;
        const score = Math.min(5, Math.max(1, 3 + split + ((i + s + p) % 3) - 1));
        if (section.per_stop) {
          if (p === 5) return; // Ivan left before the stops
          for (const [k, stop] of ["ps-1", "ps-2"].entries())
            (stops[stop] ??= {})[item.id] = Math.min(
              5,
              Math.max(1, score - (k && score > 3 ? 1 : 0)),
            );
        } else if (p === 4 && i > 3) {
          // Sara has not finished yet.
        } else {
          answers[item.id] = (i + p) % 7 === 0 ? "dont_know" : score;
        }
      }),
    );
    return {
      id: `p-${p + 1}`,
      pseudonym,
      group,
      gender,
      lastSyncAt: p === 4 ? null : day + p * 600_000,
      answers,
      stops,
      track:
        p < 2
          ? [0, 1, 2, 3, 4].map((k) => ({
              lat: 42.6977 + k * 0.0012 + p * 0.0003,
              lon: 23.3219 - k * 0.0008,
              accuracyM: 8,
              source: "device" as const,
            }))
          : [],
    };
  });
  participants[5]!.answers["vision.3"] = "9"; // from a buggy peer: excluded and listed

  const photo = (
    n: number,
    p: number,
    theme: string,
    title: string,
    fill: string,
    location: Location | null,
  ): ReviewPhoto => ({
    hash: String(n).repeat(64),
    title,
    caption: "Seen on the walk.",
    theme,
    credit: participants[p]!.pseudonym,
    participantId: participants[p]!.id,
    location,
    takenAt: day + n * 900_000,
    marked: false,
    thumbnail: swatch(fill),
    uploaded: n !== 4,
    receivedVia: null,
    consentNote: "",
  });
  const at = (lat: number, lon: number): Location => ({
    lat,
    lon,
    accuracyM: null,
    source: "exif",
  });
  const photos: ReviewPhoto[] = [
    photo(1, 0, "friendly", "Signs in three languages", "#8ab", at(42.6989, 23.3212)),
    photo(2, 1, "improvement", "No ramp at the job centre", "#b98", at(42.7011, 23.3195)),
    photo(3, 2, "friendly", "Community garden", "#9b8", at(42.7003, 23.3201)),
    photo(4, 4, "improvement", "Dark underpass", "#778", null),
    photo(5, 0, "improvement", "Forms only in Bulgarian", "#a9a", at(42.6981, 23.3225)),
  ];

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
  const earlierAudits: AuditSummary[] = [
    {
      id: "1Wp3earlierAudit",
      title: "Sofia walk 2024",
      city: "Sofia",
      startsOn: "2024-05-18",
      endsOn: "2024-05-18",
    },
    {
      id: "1Vn2olderAudit",
      title: "Sofia pilot 2023",
      city: "Sofia",
      startsOn: "2023-06-10",
      endsOn: "2023-06-10",
    },
  ];
  let invites = 0;

  const requireFacilitator = () => {
    const current = session();
    if (!current) throw "Join an audit first.";
    if (current.role !== "facilitator") throw "Only a facilitator can do this.";
    return current;
  };

  const results = (compareWith: string | null): ResultsView => {
    const invalid: ResultsView["invalid"] = [];
    const valuesOf = (item: string, members: MockParticipant[], perStop: boolean) =>
      members.flatMap((m) => {
        const raw = perStop
          ? Object.values(m.stops).map((answers) => answers[item])
          : [m.answers[item]];
        return raw.filter((v) => {
          if (typeof v === "string" && v !== "dont_know") {
            if (members === participants)
              invalid.push({
                participantId: m.id,
                pseudonym: m.pseudonym,
                item,
                stop: null,
                value: v,
                reason: `${v} is not a score from 1 to 5`,
              });
            return false;
          }
          return v !== undefined && v !== null;
        });
      });
    const sectionsOf = (members: MockParticipant[]) =>
      checklist.sections.map((section) =>
        area(
          section.id,
          section.items.map((item) =>
            statement(item.id, valuesOf(item.id, members, section.per_stop)),
          ),
        ),
      );
    const sections = sectionsOf(participants);
    const overallMean = meanOf(sections.flatMap((a) => a.items.map((i) => i.scores.mean)));
    const perStopItems = checklist.sections.filter((s) => s.per_stop).flatMap((s) => s.items);
    const stops = [...audit.plannedStops]
      .sort((a, b) => a.order - b.order)
      .map((planned) => {
        const visitors = participants.filter((m) => m.stops[planned.id]);
        const items = perStopItems.map((item) =>
          statement(
            item.id,
            visitors.map((m) => m.stops[planned.id]![item.id]),
          ),
        );
        return {
          stop: planned.id,
          nameOfArea: planned.nameOfArea,
          specificLocation: planned.specificLocation,
          visits: visitors.length,
          mean: meanOf(items.map((i) => i.scores.mean)),
          items,
        };
      });
    const groups = audit.groups
      .map((group) => participants.filter((m) => m.group === group.id))
      .filter((members) => members.length > 0)
      .map((members) => {
        const groupSections = sectionsOf(members);
        return {
          group: members[0]!.group,
          participants: members.length,
          overallMean: meanOf(groupSections.flatMap((a) => a.items.map((i) => i.scores.mean))),
          sections: groupSections,
        };
      });
    const earlier = earlierAudits.find((a) => a.id === compareWith);
    const before = (current: number | null, k: number) =>
      current === null ? null : Math.min(5, Math.max(1, current - 0.6 + (k % 4) * 0.3));
    const comparison = earlier
      ? {
          earlierAuditId: earlier.id,
          earlierTitle: earlier.title,
          earlierStartsOn: earlier.startsOn,
          overall: change(before(overallMean, 1), overallMean),
          sections: Object.fromEntries(
            sections.map((a, k) => [a.section, change(before(a.mean, k), a.mean)]),
          ),
          items: Object.fromEntries(
            sections
              .flatMap((a) => a.items)
              .map((i, k) => [i.item, change(before(i.scores.mean, k), i.scores.mean)]),
          ),
        }
      : null;
    return {
      participants: participants.length,
      overallMean,
      sections,
      stops,
      groups,
      comparison,
      invalid,
      flagRule: FLAG_RULE,
    };
  };

  const progress = (): ProgressView => {
    const wholeCity = checklist.sections.filter((s) => !s.per_stop).flatMap((s) => s.items);
    const rows = participants.map((m) => {
      const mine = photos.filter((p) => p.participantId === m.id);
      return {
        participantId: m.id,
        pseudonym: m.pseudonym,
        group: m.group,
        gender: m.gender,
        lastSyncAt: m.lastSyncAt,
        itemsAnswered: wholeCity.filter((item) => m.answers[item.id] !== undefined).length,
        itemsTotal: wholeCity.length,
        stopsVisited: Object.keys(m.stops).length,
        photosCaptured: mine.length,
        photosUploaded: mine.filter((p) => p.uploaded).length,
        unreadable: [],
      };
    });
    const sum = (
      field: "itemsAnswered" | "itemsTotal" | "stopsVisited" | "photosCaptured" | "photosUploaded",
    ) => rows.reduce((total, row) => total + row[field], 0);
    const count = (values: (string | null)[]): BalanceCount[] =>
      [...new Set(values)].map((value) => ({
        value,
        count: values.filter((v) => v === value).length,
      }));
    return {
      participants: rows,
      totals: {
        participants: rows.length,
        itemsAnswered: sum("itemsAnswered"),
        itemsTotal: sum("itemsTotal"),
        stopsVisited: sum("stopsVisited"),
        photosCaptured: sum("photosCaptured"),
        photosUploaded: sum("photosUploaded"),
      },
      balance: {
        byGender: count(participants.map((m) => m.gender)),
        byGroup: count(participants.map((m) => m.group)),
      },
    };
  };

  const handlers: FacilitatorMock["handlers"] = {
    create_audit: (args) => {
      requireFacilitator();
      const request = args as unknown as CreateAuditRequest;
      if (!request.title.trim()) throw "title must not be empty";
      if (!request.city.trim()) throw "city must not be empty";
      if (request.endsOn < request.startsOn) throw "the audit cannot end before it starts";
      if (hasPhotovoice(request.templates) && !request.photovoiceWindow)
        throw "the photovoice needs a time window";
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
      const current = requireFacilitator();
      const request = args as unknown as CreateInviteRequest;
      if (request.expiresAt <= now()) throw "the invite would already have expired";
      if (!(request.maxUses >= 1)) throw "an invite needs at least one use";
      invites += 1;
      const code = `${request.role === "facilitator" ? "FAC" : "K7Q"}-${(2000 + invites * 37).toString(36).toUpperCase()}`;
      const link = `cityaudit://join?server=${encodeURIComponent(current.serverUrl)}&code=${code}`;
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
        role: request.role === "facilitator" ? "facilitator" : "participant",
        expiresAt: request.expiresAt,
        maxUses: request.maxUses,
      };
    },
    progress: () => (requireFacilitator(), progress()),
    results: (args) => (requireFacilitator(), results((args.compareWith as string | null) ?? null)),
    audits_of_city: (args) => {
      requireFacilitator();
      const city = String(args.city ?? "").toLowerCase();
      return earlierAudits.filter((a) => a.city.toLowerCase() === city && a.id !== audit.id);
    },
    facilitator_records: () => (requireFacilitator(), records),
    set_consensus: (args): ConsensusRecord => {
      requireFacilitator();
      const request = args as unknown as SetConsensusRequest;
      if (!checklist.sections.some((s) => s.items.some((i) => i.id === request.item)))
        throw `the checklist has no statement "${request.item}"`;
      if (
        request.score !== null &&
        !(Number.isInteger(request.score) && request.score >= 1 && request.score <= 5)
      )
        throw `score ${request.score} is not allowed: choose 1 (poor) to 5 (excellent)`;
      const record = { ...request, updatedAt: now() };
      records.consensus[request.item] = record;
      return record;
    },
    set_area_ideas: (args): AreaIdeas => {
      requireFacilitator();
      const request = args as unknown as SetAreaIdeasRequest;
      if (!checklist.sections.some((s) => s.id === request.section))
        throw `the checklist has no area "${request.section}"`;
      records.areaIdeas[request.section] = { ...request };
      return request;
    },
    photos_for_review: () => (requireFacilitator(), photos),
    mark_photo: (args) => {
      requireFacilitator();
      const request = args as unknown as MarkPhotoRequest;
      const found = photos.find((p) => p.hash === request.hash);
      if (!found) throw `no photo ${request.hash}`;
      found.marked = request.marked;
      records.markedPhotos = photos.filter((p) => p.marked).map((p) => p.hash);
      return found;
    },
    add_received_photo: (args) => {
      requireFacilitator();
      const request = args as unknown as NewReceivedPhoto & { dataBase64: string };
      if (!request.consent)
        throw {
          code: "invalid_value",
          message: "A received photo needs its photographer's consent.",
        };
      if (request.credit.trim() === "")
        throw { code: "invalid_value", message: "Say whom to credit for the photo." };
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
      requireFacilitator();
      const index = photos.findIndex((p) => p.hash === args.hash && p.receivedVia !== null);
      if (index < 0) throw { code: "unknown_photo", message: "There is no such received photo." };
      photos.splice(index, 1);
      return photos;
    },
    set_wrap_up: (args) => {
      requireFacilitator();
      const request = args as unknown as SetWrapUpRequest;
      if (!audit.photovoice?.wrap_up.some((q) => q.id === request.question))
        throw `the photovoice has no wrap-up question "${request.question}"`;
      records.wrapUp[request.question] = request.text;
      return null;
    },
    set_report_text: (args) => {
      requireFacilitator();
      const request = args as unknown as SetReportTextRequest;
      if (!["cityContext", "deskResearch", "focusGroups"].includes(request.which))
        throw `the report has no text "${request.which}"`;
      records[request.which] = request.text;
      return null;
    },
    set_compare_with: (args) => {
      requireFacilitator();
      const auditId = (args.auditId as string | null) ?? null;
      if (auditId !== null && !earlierAudits.some((a) => a.id === auditId))
        throw `there is no audit ${auditId} of this city`;
      records.compareWith = auditId;
      return null;
    },
    map_features: (): MapFeatures => {
      requireFacilitator();
      const planned = audit.plannedStops.flatMap((stop) =>
        stop.position
          ? [
              {
                id: stop.id,
                kind: "planned" as const,
                nameOfArea: stop.nameOfArea,
                specificLocation: stop.specificLocation,
                pseudonym: null,
                lat: stop.position.lat,
                lon: stop.position.lon,
              },
            ]
          : [],
      );
      const visited = participants.slice(0, 2).map((m, k) => ({
        id: `${m.id}-stop-1`,
        kind: "visited" as const,
        nameOfArea: "Vazrazhdane",
        specificLocation: "Lavov most square",
        pseudonym: m.pseudonym,
        lat: 42.7031 + k * 0.0004,
        lon: 23.3209,
      }));
      return {
        stops: [...planned, ...visited],
        photos: photos.flatMap((p) =>
          p.location
            ? [
                {
                  hash: p.hash,
                  title: p.title,
                  theme: p.theme,
                  credit: p.credit,
                  lat: p.location.lat,
                  lon: p.location.lon,
                },
              ]
            : [],
        ),
        tracks: participants
          .filter((m) => m.track.length > 1)
          .map((m) => ({
            participantId: m.id,
            pseudonym: m.pseudonym,
            points: m.track.map(({ lat, lon }) => ({ lat, lon })),
          })),
      };
    },
    export: (args) => {
      requireFacilitator();
      const format = args.format as ExportFormat;
      if (!["csv", "problems", "geojson", "md", "html", "zip"].includes(format))
        throw `cannot export as "${format}"`;
      const name = audit.title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
      return { path: `/home/facilitator/Documents/cityaudit/${name}.${format}`, bytes: 48_213 };
    },
  };
  return { handlers, records };
}
