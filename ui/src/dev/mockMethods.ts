/**
 * The desk research and focus group commands for the in-memory backend. It
 * only stores what the screens send; balances and every check are core's,
 * so here balances stay empty and no value is refused. The participants'
 * comments are core's, served from the fixtures core writes (fixtures.ts).
 */
import methodsTemplate from "../../../core/templates/audit_methods.json";
import type {
  CommentsView,
  FocusGroup,
  Institution,
  MethodsView,
  PolicyDocument,
} from "../methodsApi";
import { demoComments, demoCommentsNamed } from "./fixtures";
import { builtinGroups } from "../templates";

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

const blank = {
  document: (): PolicyDocument => ({
    id: "",
    title: "",
    docType: "",
    issuingBody: "",
    periodFrom: "",
    periodTo: "",
    reference: "",
    tcnSpecific: "",
    sectors: [],
    reviewMethod: "",
    assessment: {},
    createdAt: 0,
  }),
  institution: (): Institution => ({
    id: "",
    name: "",
    kind: "",
    mandate: "",
    tcnMandate: "",
    worksWithCommunity: "",
    capacity: "",
    needsImprovement: "",
    createdAt: 0,
  }),
  focusGroup: (): FocusGroup => ({
    id: "",
    date: "",
    city: "",
    location: "",
    moderator: "",
    rapporteur: "",
    audioConsent: "",
    durationMinutes: null,
    participants: {},
    genders: {},
    themes: {},
    inclusion: {},
    answers: {},
    hotSpots: [],
    createdAt: 0,
  }),
};

type Kind = keyof typeof blank;
const lists: Record<Kind, "documents" | "institutions" | "focusGroups"> = {
  document: "documents",
  institution: "institutions",
  focusGroup: "focusGroups",
};

const toggle = (list: unknown, id: string, on: unknown): string[] => {
  const current = Array.isArray(list) ? (list as string[]) : [];
  return on ? [...new Set([...current, id])] : current.filter((x) => x !== id);
};

/**
 * Stores a value at a record's field path: field names are snake_case in
 * paths and camelCase in views; ids (groups, themes, questions) are kept.
 */
function store(record: Record<string, unknown>, path: string[], value: unknown) {
  const [field, id, subField, subId] = path;
  if (field === undefined) return;
  const key = camel(field);
  if (id === undefined) record[key] = value;
  else if (field === "hot_spots") {
    const spot = (record.hotSpots as Record<string, unknown>[]).find((s) => s.id === id);
    if (spot && subField) spot[camel(subField)] = value;
  } else if (Array.isArray(record[key])) record[key] = toggle(record[key], id, value);
  else {
    const map = (record[key] ??= {}) as Record<string, Record<string, unknown>>;
    if (subField === undefined) (map as Record<string, unknown>)[id] = value;
    else {
      const entry = (map[id] ??= {});
      if (subId === undefined) entry[camel(subField)] = value;
      else entry[camel(subField)] = toggle(entry[camel(subField)], subId, value);
    }
  }
}

export function createMethodsMock() {
  let next = 1;
  const view: MethodsView = {
    template: methodsTemplate,
    groups: builtinGroups,
    records: {
      documents: [],
      institutions: [],
      deskSummary: { strengths: "", weaknesses: "", recommendations: "" },
      focusGroups: [],
    },
    balances: {},
    overview: {
      sessions: 0,
      ofRecommendedSize: 0,
      participants: {},
      balance: {
        total: 0,
        size: "notCounted",
        genders: {},
        genderTotal: 0,
        countsDiffer: false,
        genderBalanced: false,
        tcnPresent: false,
        groupsMissing: [],
        inclusion: {},
        inclusionMostChosen: null,
      },
      minutes: 0,
    },
  };
  const copy = () => structuredClone(view);
  // The comments are core's (dev/fixtures.ts), with names hidden or shown;
  // only the facilitator's choices are kept here.
  let showNames = false;
  let quoted: string[] = [];
  const comments = (): CommentsView => ({
    ...structuredClone(showNames ? demoCommentsNamed : demoComments),
    showNames,
    quoted,
  });
  const find = (kind: Kind, id: string) =>
    (view.records[lists[kind]] as { id: string }[]).find((r) => r.id === id);
  const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
    methods: () => copy(),
    add_method_record: (args) => {
      const kind = args.record as Kind;
      const id = `r${next++}`;
      (view.records[lists[kind]] as { id: string }[]).push({ ...blank[kind](), id });
      return { id, methods: copy() };
    },
    remove_method_record: (args) => {
      const list = lists[args.record as Kind];
      (view.records[list] as { id: string }[]) = (view.records[list] as { id: string }[]).filter(
        (r) => r.id !== args.id,
      );
      return copy();
    },
    set_method_field: (args) => {
      const record = find(args.record as Kind, String(args.id));
      if (!record) throw { code: "unknown_record", message: "There is no such record." };
      store(record as Record<string, unknown>, String(args.field).split("."), args.value);
      return copy();
    },
    add_hot_spot: (args) => {
      const group = find("focusGroup", String(args.focusGroup)) as FocusGroup | undefined;
      const id = `h${next++}`;
      group?.hotSpots.push({ id, name: "", position: null });
      return { id, methods: copy() };
    },
    comments: () => comments(),
    set_show_names: (args) => {
      showNames = Boolean(args.show);
      return comments();
    },
    quote_comment: (args) => {
      const key = String(args.key);
      quoted = args.quoted ? [...new Set([...quoted, key])] : quoted.filter((k) => k !== key);
      return comments();
    },
    set_desk_summary: (args) => {
      const field = args.field as keyof MethodsView["records"]["deskSummary"];
      view.records.deskSummary[field] = String(args.text);
      return copy();
    },
  };
  return { handlers, view };
}
