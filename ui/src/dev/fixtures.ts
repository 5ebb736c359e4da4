/**
 * What core computes for the demo audit of the in-memory backend, written
 * into `fixtures/` by a core test (core/src/facilitator_views/ui_fixtures.rs)
 * from core's own functions, so the dev server and the UI tests show what
 * the app would receive. Rewrite them with
 * `CITYAUDIT_WRITE_UI_FIXTURES=1 cargo test -p cityaudit-core ui_fixtures`.
 *
 * The casts only narrow JSON's widened strings: the files are serialised
 * from the same Rust types the contract (generated/contract.ts) is made of.
 */
import type { AuditView } from "../api";
import type { CommentsView } from "../methodsApi";
import type {
  AuditSummary,
  MapFeatures,
  ProgressView,
  ResultsView,
  ReviewPhoto,
} from "../facilitatorApi";
import type { TemplatePreview } from "../templateApi";
import auditJson from "./fixtures/audit.json";
import auditsOfCityJson from "./fixtures/audits-of-city.json";
import commentsJson from "./fixtures/comments.json";
import commentsNamedJson from "./fixtures/comments-named.json";
import mapFeaturesJson from "./fixtures/map-features.json";
import photosJson from "./fixtures/photos-for-review.json";
import progressJson from "./fixtures/progress.json";
import resultsComparedJson from "./fixtures/results-compared.json";
import resultsJson from "./fixtures/results.json";
import templateAdaptedJson from "./fixtures/template-adapted.json";
import templateBuiltinJson from "./fixtures/template-builtin.json";

/** The demo audit, as `audit` answers. */
export const demoAudit = auditJson as unknown as AuditView;
/** `results` without a comparison. */
export const demoResults = resultsJson as unknown as ResultsView;
/** `results` compared with each earlier audit, by its id. */
export const demoResultsCompared = resultsComparedJson as unknown as Record<string, ResultsView>;
/** `progress`. */
export const demoProgress = progressJson as unknown as ProgressView;
/** `map_features`. */
export const demoMapFeatures = mapFeaturesJson as unknown as MapFeatures;
/** `photos_for_review`, none marked. */
export const demoPhotos = photosJson as unknown as ReviewPhoto[];
/** `audits_of_city` for the demo's city. */
export const demoAuditsOfCity = auditsOfCityJson as AuditSummary[];
/** `comments` with names hidden (`byItem`), and with names shown. */
export const demoComments = commentsJson as unknown as CommentsView;
export const demoCommentsNamed = commentsNamedJson as unknown as CommentsView;
/** `builtin_template`: the built-in INTEGRA set, no changes. */
export const demoTemplateBuiltin = templateBuiltinJson as unknown as TemplatePreview;
/** A city's adapted set (a statement reworded, one added with Persian, one removed), as core previews it. */
export const demoTemplateAdapted = templateAdaptedJson as unknown as TemplatePreview;
