// Generated from cityaudit-core's types by core/src/contract.rs: do not edit.
// Rewrite: CITYAUDIT_WRITE_CONTRACT=1 cargo test -p cityaudit-core contract

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]: JsonValue } | null;

export type DocumentId = string;

export type BlobHash = string;

export type Role = "participant" | "facilitator" | "reader";

export type CommandError = { 
/**
 * Stable machine-readable code, e.g. `score_out_of_range`, `offline`.
 */
code: string, 
/**
 * What went wrong, in words (English; the UI translates by `code`).
 */
message: string, 
/**
 * Values for the translated text, or `null`.
 */
details: JsonValue, };

export type Text = { 
/**
 * The English source text (verbatim from the toolkit).
 */
en: string, 
/**
 * Translations by language tag.
 */
tr?: { [key in string]: string }, };

export type Scale = { 
/**
 * Lowest score (1).
 */
min: number, 
/**
 * Highest score (5).
 */
max: number, 
/**
 * Label of the lowest score ("poor").
 */
min_label: Text, 
/**
 * Label of the highest score ("excellent").
 */
max_label: Text, 
/**
 * Label of the "don't know" option.
 */
dont_know_label: Text, };

export type Item = { 
/**
 * Stable item id, e.g. `vision.1`.
 */
id: string, 
/**
 * The statement.
 */
text: Text, };

export type Section = { 
/**
 * Stable section id, e.g. `vision`.
 */
id: string, 
/**
 * Area title.
 */
title: Text, 
/**
 * Guidance shown above the statements.
 */
guidance: Text | null, 
/**
 * True when the statements are answered once per stop of the walk.
 */
per_stop: boolean, 
/**
 * The statements, in toolkit order.
 */
items: Array<Item>, };

export type ChecklistTemplate = { 
/**
 * Stable template id, e.g. `integra-checklist`.
 */
id: string, 
/**
 * Template version; bumped whenever an English text or an id changes
 * (translations and their review markers do not change it).
 */
version: number, 
/**
 * Review markers of the translations (none in snapshots made before them).
 */
translations: { [key in string]: TranslationReview }, 
/**
 * Template title.
 */
title: Text, 
/**
 * The answer scale.
 */
scale: Scale, 
/**
 * The areas of the checklist, in toolkit order.
 */
sections: Array<Section>, };

export type Theme = { 
/**
 * Stable theme id, e.g. `friendly`.
 */
id: string, 
/**
 * Theme title.
 */
title: Text, 
/**
 * What the theme covers.
 */
description: Text, };

export type PhotovoiceTemplate = { 
/**
 * Stable template id, e.g. `integra-photovoice`.
 */
id: string, 
/**
 * Template version.
 */
version: number, 
/**
 * Review markers of the translations (none in snapshots made before them).
 */
translations: { [key in string]: TranslationReview }, 
/**
 * The two themes a photo is filed under.
 */
themes: Array<Theme>, 
/**
 * Usage terms every photovoice participant accepts ("Rights and obligations").
 */
usage_terms: Text, 
/**
 * Categories of the collective wrap-up discussion.
 */
wrap_up: Array<WrapUpCategory>, };

export type WrapUpCategory = { 
/**
 * Stable id, e.g. `deficiencies.urgent`.
 */
id: string, 
/**
 * Category title.
 */
title: Text, };

export type ParticipantGroup = { 
/**
 * Stable group id, e.g. `tcn_community`.
 */
id: string, 
/**
 * Group label.
 */
label: Text, };

export type RatingLevel = { 
/**
 * Stable id.
 */
id: string, 
/**
 * Label.
 */
label: Text, };

export type KeyFactor = { 
/**
 * Stable id, e.g. `kf1`.
 */
id: string, 
/**
 * Number in the benchmark (1-11).
 */
number: number, 
/**
 * Key factor title.
 */
title: Text, 
/**
 * The standard statement.
 */
standard: Text, 
/**
 * The guide questions.
 */
guide_questions: Array<Text>, };

export type ContextFactor = { 
/**
 * Stable id.
 */
id: string, 
/**
 * Factor name.
 */
title: Text, 
/**
 * Examples of what this factor may involve.
 */
examples: Text, };

export type BenchmarkTemplate = { 
/**
 * Stable template id.
 */
id: string, 
/**
 * Template version.
 */
version: number, 
/**
 * Review markers of the translations (none in snapshots made before them).
 */
translations: { [key in string]: TranslationReview }, 
/**
 * Benchmark title.
 */
title: Text, 
/**
 * The Integrating Cities standard the benchmark tests a city against.
 */
standard: Text, 
/**
 * cityaudit's assessment scale per key factor (the benchmark has none of its own).
 */
rating: Array<RatingLevel>, 
/**
 * The key factors.
 */
key_factors: Array<KeyFactor>, 
/**
 * Context factors that can affect meeting the benchmark.
 */
context_factors: Array<ContextFactor>, };

export type Choice = { 
/**
 * Stable id written to the audit document.
 */
id: string, 
/**
 * Label.
 */
label: Text, };

export type SizeRange = { 
/**
 * Fewest.
 */
min: number, 
/**
 * Most.
 */
max: number, };

export type FocusThemeTemplate = { 
/**
 * Stable id, the checklist area's id.
 */
id: string, 
/**
 * Theme title.
 */
title: Text, 
/**
 * Sample discussion questions.
 */
questions: Array<Text>, };

export type InclusionLevel = { 
/**
 * Stable id (`none`, `low`, `medium`, `high`).
 */
id: string, 
/**
 * Label.
 */
label: Text, 
/**
 * The toolkit's definition.
 */
definition: Text, };

export type DeskTemplate = { 
/**
 * Kinds of policy document.
 */
document_types: Array<Choice>, 
/**
 * Sectors a document may cover.
 */
sectors: Array<Choice>, 
/**
 * How the document was reviewed.
 */
review_methods: Array<Choice>, 
/**
 * Answers to an assessment question (yes / partly / no / unknown).
 */
answers: Array<Choice>, 
/**
 * Step 1 assessment questions, asked of every document.
 */
assessment_questions: Array<Choice>, 
/**
 * Step 2 questions for consideration, shown as prompts.
 */
institution_questions: Array<Text>, };

export type FocusTemplate = { 
/**
 * The toolkit's "between 8 and 10 people".
 */
recommended_size: SizeRange, 
/**
 * Gender categories counted.
 */
genders: Array<Choice>, 
/**
 * The four themes with their sample questions.
 */
themes: Array<FocusThemeTemplate>, 
/**
 * What participants may have lacked to discuss a theme.
 */
lacking: Array<Choice>, 
/**
 * The social-inclusion levels with the toolkit's definitions.
 */
inclusion_levels: Array<InclusionLevel>, 
/**
 * The questions the focus group report answers.
 */
report_questions: Array<Choice>, };

export type MethodsTemplate = { 
/**
 * Stable template id.
 */
id: string, 
/**
 * Template version.
 */
version: number, 
/**
 * Review markers of the translations.
 */
translations: { [key in string]: TranslationReview }, 
/**
 * Desk research.
 */
desk: DeskTemplate, 
/**
 * Focus groups.
 */
focus: FocusTemplate, };

export type TranslationReview = { 
/**
 * True once a speaker of the language has reviewed the template's texts;
 * false for a draft.
 */
reviewed: boolean, };

export type TemplateSet = { 
/**
 * The city walk checklist.
 */
checklist: ChecklistTemplate, 
/**
 * The photovoice themes, usage terms and wrap-up categories.
 */
photovoice: PhotovoiceTemplate, 
/**
 * The participant groups people choose from when they join.
 */
groups: Array<ParticipantGroup>, };

export type TextKind = "title" | "scale_min" | "scale_max" | "dont_know" | "area" | "guidance" | "statement" | "theme" | "theme_description" | "usage_terms" | "wrap_up" | "group";

export type Part = "checklist" | "photovoice" | "groups";

export type TemplateProblem = { 
/**
 * What is wrong.
 */
problem: ProblemKind, 
/**
 * The kind of text or row it is about, if one.
 */
kind: TextKind | null, 
/**
 * The id it is about, if one.
 */
id: string | null, 
/**
 * The language column it is about, if one (`en` for the English source).
 */
language: string | null, 
/**
 * The workbook sheet, when the set came from a file.
 */
sheet: string | null, 
/**
 * The spreadsheet row number (1 is the header), when it came from a file.
 */
row: number | null, 
/**
 * The column's header, when it came from a file.
 */
column: string | null, 
/**
 * The limit broken (characters, rows), if one.
 */
max: number | null, 
/**
 * The value found, when showing it helps (an unknown kind, an id).
 */
found: string | null, };

export type ProblemKind = "empty_english" | "too_long" | "forbidden_character" | "missing_id" | "bad_id" | "duplicate_id" | "no_areas" | "no_statements" | "no_themes" | "no_groups" | "too_many" | "bad_language" | "duplicate_language" | "not_a_workbook" | "file_too_large" | "missing_sheet" | "missing_column" | "unknown_kind" | "wrong_sheet" | "not_yes_no" | "outside_area" | "unknown_theme" | "repeated" | "missing" | "bad_version";

export type ChangeKind = "added" | "removed" | "reworded" | "per_stop_changed";

export type TextChange = { 
/**
 * What changed.
 */
change: ChangeKind, 
/**
 * What the text is.
 */
kind: TextKind, 
/**
 * Its id (empty for texts without one).
 */
id: string, 
/**
 * The English text in the base set.
 */
before: string | null, 
/**
 * The English text in the new set.
 */
after: string | null, };

export type TemplateDiff = { 
/**
 * Texts added, removed, reworded, in the new set's order (removed
 * texts last, in the base's order).
 */
changes: Array<TextChange>, 
/**
 * Languages the new set has and the base has not.
 */
languagesAdded: Array<string>, 
/**
 * Languages the base has and the new set has not.
 */
languagesRemoved: Array<string>, };

export type TemplatePreview = { 
/**
 * The set, checked (new statements numbered).
 */
template: TemplateSet, 
/**
 * How it differs from the built-in INTEGRA set.
 */
diff: TemplateDiff, 
/**
 * True when the set is not the built-in one as shipped: another id or
 * version, or any text, statement or language changed.
 */
adapted: boolean, 
/**
 * The built-in checklist's version, to show beside the set's own.
 */
builtinVersion: number, 
/**
 * Each language besides English and whether a speaker reviewed it.
 */
languages: Array<LanguageReview>, };

export type LanguageReview = { 
/**
 * Language tag (`bg`, `fa`, `pt-BR`).
 */
language: string, 
/**
 * True once a speaker reviewed the texts.
 */
reviewed: boolean, };

export type CheckTemplateCommand = { 
/**
 * The set as edited.
 */
template: TemplateSet, };

export type TemplateSource = "builtin" | "audit";

export type TemplateChoice = { 
/**
 * The INTEGRA city walk checklist.
 */
checklist: boolean, 
/**
 * Photovoice.
 */
photovoice: boolean, 
/**
 * The EUROCITIES neighbourhood-participation benchmark: an audit of its
 * own kind, a self-assessment by the city with no walk or photovoice.
 */
benchmark: boolean, };

export type Location = { 
/**
 * Latitude in degrees, -90..=90.
 */
lat: number, 
/**
 * Longitude in degrees, -180..=180.
 */
lon: number, 
/**
 * Accuracy radius in metres, when known.
 */
accuracy_m: number | null, 
/**
 * Where the position came from.
 */
source: LocationSource, };

export type LocationSource = "exif" | "device" | "manual";

export type PlannedStop = { 
/**
 * Name of area.
 */
name_of_area: string, 
/**
 * Specific location.
 */
specific_location: string, 
/**
 * Optional position.
 */
position: Location | null, 
/**
 * Order in the walk (ascending).
 */
order: number, };

export type PhotovoiceWindow = { 
/**
 * Start.
 */
starts_at: number, 
/**
 * End.
 */
ends_at: number, };

export type Score = number;

export type AnswerValueView = number | "dont_know" | null;

export type SessionView = { 
/**
 * Server base URL.
 */
serverUrl: string, 
/**
 * The audit's document id.
 */
auditId: string, 
/**
 * The participant's response document id (participants only).
 */
responseId: string | null, 
/**
 * Pseudonymous participant id.
 */
participantId: string, 
/**
 * Role granted.
 */
role: Role, 
/**
 * Display name, from the response document when there is one.
 */
displayName: string, 
/**
 * Participant group id.
 */
group: string, 
/**
 * The chosen UI language; `None` follows the system.
 */
language: string | null, };

export type PlannedStopView = { 
/**
 * Its id.
 */
id: string, 
/**
 * Name of area.
 */
nameOfArea: string, 
/**
 * Specific location.
 */
specificLocation: string, 
/**
 * Position, if planned with one.
 */
position: LocationView | null, 
/**
 * Order in the walk.
 */
order: number, };

export type AuditView = { 
/**
 * The audit's document id.
 */
id: string, 
/**
 * Title.
 */
title: string, 
/**
 * City.
 */
city: string, 
/**
 * First day (YYYY-MM-DD).
 */
startsOn: string, 
/**
 * Last day (YYYY-MM-DD).
 */
endsOn: string, 
/**
 * Where participants gather.
 */
meetingPoint: string, 
/**
 * The checklist template, unchanged (snake_case).
 */
checklist: ChecklistTemplate | null, 
/**
 * The photovoice template, unchanged (snake_case).
 */
photovoice: PhotovoiceTemplate | null, 
/**
 * Participant groups.
 */
groups: Array<ParticipantGroup>, 
/**
 * Planned stops in walking order.
 */
plannedStops: Array<PlannedStopView>, 
/**
 * A EUROCITIES benchmark self-assessment (no walk or photovoice).
 */
benchmark: boolean, };

export type LocationView = { 
/**
 * Latitude in degrees.
 */
lat: number, 
/**
 * Longitude in degrees.
 */
lon: number, 
/**
 * Accuracy radius in metres, when known.
 */
accuracyM: number | null, 
/**
 * Where the position came from.
 */
source: LocationSource, };

export type AnswerView = { 
/**
 * Score, don't know, or none.
 */
value: AnswerValueView, 
/**
 * Comments/evidence.
 */
comment: string, 
/**
 * Last change (ms since epoch); 0 when never answered.
 */
updatedAt: number, };

export type StopView = { 
/**
 * The stop id.
 */
id: string, 
/**
 * The planned stop it belongs to, if any.
 */
plannedStop: string | null, 
/**
 * Name of area.
 */
nameOfArea: string, 
/**
 * Specific location.
 */
specificLocation: string, 
/**
 * Date and time (ms since epoch).
 */
visitedAt: number, 
/**
 * UTC offset at the visit, in minutes.
 */
utcOffsetMin: number, 
/**
 * Position, if known.
 */
location: LocationView | null, 
/**
 * Answers to the per-stop statements, by item id.
 */
answers: { [key in string]: AnswerView }, 
/**
 * Per-stop statements answered at this stop.
 */
progress: Progress, };

export type PhotoView = { 
/**
 * SHA-256 of the shared copy.
 */
hash: string, 
/**
 * Title.
 */
title: string, 
/**
 * Caption.
 */
caption: string, 
/**
 * Theme id.
 */
theme: string, 
/**
 * Where it was taken and how that is known.
 */
location: LocationView | null, 
/**
 * When it was taken (ms since epoch), if known.
 */
takenAt: number | null, 
/**
 * The stop it was taken at.
 */
stop: string | null, 
/**
 * The thumbnail as a `data:` URL (empty when it is missing).
 */
thumbnail: string, 
/**
 * True when the server holds the photo.
 */
uploaded: boolean, };

export type ResponseView = { 
/**
 * Whole-city answers by item id.
 */
answers: { [key in string]: AnswerView }, 
/**
 * Stop visits, earliest first.
 */
stops: Array<StopView>, 
/**
 * Photos, earliest added first.
 */
photos: Array<PhotoView>, 
/**
 * The photovoice usage terms have been accepted (photos can be added).
 */
photoTermsAccepted: boolean, 
/**
 * New photos share their location unless the participant says otherwise.
 */
sharesPhotoLocations: boolean, 
/**
 * Whole-city statements answered, per section and overall.
 */
progress: ResponseProgress, };

export type SyncState = "offline" | "syncing" | "upToDate" | "error" | "neverSynced";

export type UploadView = { 
/**
 * The blob.
 */
hash: string, 
/**
 * The photo's title.
 */
title: string, 
/**
 * Bytes the server confirmed.
 */
sentBytes: number, 
/**
 * Size of the shared copy.
 */
totalBytes: number, };

export type SyncStatusView = { 
/**
 * Overall state.
 */
state: SyncState, 
/**
 * Local changes the server has not confirmed.
 */
pendingChanges: number, 
/**
 * Uploads still to finish.
 */
uploads: Array<UploadView>, 
/**
 * Photos this device may read but has not downloaded yet (a
 * facilitator's copies of participants' photos).
 */
pendingDownloads: number, 
/**
 * Last successful sync (ms since epoch).
 */
lastSyncAt: number | null, 
/**
 * The last error in words.
 */
lastError: string | null, };

export type AnswerSaved = { 
/**
 * The answer as saved.
 */
answer: AnswerView, 
/**
 * Whole-city progress after saving.
 */
progress: ResponseProgress, 
/**
 * Progress at the stop, for an answer given at a stop.
 */
stopProgress: Progress | null, };

export type Progress = { 
/**
 * Answered with a score or "don't know" (a comment alone does not count).
 */
answered: number, 
/**
 * Statements to answer.
 */
total: number, };

export type ResponseProgress = { 
/**
 * Over every section answered for the whole city.
 */
overall: Progress, 
/**
 * Per whole-city section id (sections answered at stops are counted on each stop).
 */
sections: { [key in string]: Progress }, };

export type ScoreStats = { 
/**
 * Number of scores.
 */
n: number, 
/**
 * Mean, when n > 0.
 */
mean: number | null, 
/**
 * Median, when n > 0.
 */
median: number | null, 
/**
 * Lowest score.
 */
min: number | null, 
/**
 * Highest score.
 */
max: number | null, 
/**
 * Population standard deviation, when n > 0.
 */
sd: number | null, };

export type ItemResult = { 
/**
 * Item id.
 */
item: string, 
/**
 * Score statistics.
 */
scores: ScoreStats, 
/**
 * How many answered "don't know".
 */
dontKnow: number, 
/**
 * How many gave each score: `counts[0]` is score 1 … `counts[4]` is score 5.
 */
counts: [number, number, number, number, number], 
/**
 * Scores spread widely ([`flag_rule`]): discuss for consensus.
 */
flagged: boolean, };

export type SectionResult = { 
/**
 * Section id.
 */
section: string, 
/**
 * Mean of the statement means (statements without scores are left out).
 */
mean: number | null, 
/**
 * Per statement, in template order.
 */
items: Array<ItemResult>, 
/**
 * Statement ids with the highest mean (several on a tie, template order).
 */
best: Array<string>, 
/**
 * Statement ids with the lowest mean (several on a tie, template order).
 */
mostChallenging: Array<string>, };

export type ChecklistResults = { 
/**
 * Per area, in template order.
 */
sections: Array<SectionResult>, 
/**
 * Mean of all statement means.
 */
overallMean: number | null, };

export type GroupResult = { 
/**
 * Participant group id.
 */
group: string, 
/**
 * Participants of this group whose responses were merged.
 */
participants: number, 
/**
 * Mean of the group's statement means.
 */
overallMean: number | null, 
/**
 * Per area, in template order; best / most challenging within the group.
 */
sections: Array<SectionResult>, };

export type StopResult = { 
/**
 * The planned stop id, or for unplanned stops the name of area.
 */
stop: string, 
/**
 * Name of area.
 */
nameOfArea: string, 
/**
 * Specific location.
 */
specificLocation: string, 
/**
 * Stop visits counted here.
 */
visits: number, 
/**
 * Mean of the statement means at this stop.
 */
mean: number | null, 
/**
 * Per statement, in template order.
 */
items: Array<ItemResult>, };

export type InvalidValue = { 
/**
 * Participant id.
 */
participantId: string, 
/**
 * Display name ("Participant N" in English when the participant record is unreadable).
 */
pseudonym: string, 
/**
 * The N of "Participant N" when the participant record is unreadable:
 * readers word it in their language.
 */
anonymous: number | null, 
/**
 * Statement id as found.
 */
item: string, 
/**
 * The stop it was recorded at; `None` for whole-city answers.
 */
stop: string | null, 
/**
 * The value as found, as a phrase (`found.*` or `reason.*`) for the
 * reader's language.
 */
value: Phrase, 
/**
 * Why it was excluded, as a catalogue key (`reason.*`) for the reader's language.
 */
reason: Phrase, };

export type FlagRule = { 
/**
 * Fewest scores a statement needs before it can be flagged.
 */
minScores: number, 
/**
 * Smallest range (max - min) that flags.
 */
minRange: number, 
/**
 * Smallest population standard deviation that flags.
 */
minSd: number, };

export type Change = { 
/**
 * The earlier mean.
 */
earlier: number | null, 
/**
 * The current mean.
 */
current: number | null, 
/**
 * `current - earlier`; `None` when either side has no data.
 */
change: number | null, };

export type Comparison = { 
/**
 * The earlier audit's document id.
 */
earlierAuditId: string, 
/**
 * Its title.
 */
earlierTitle: string, 
/**
 * Its first day.
 */
earlierStartsOn: string, 
/**
 * Overall mean.
 */
overall: Change, 
/**
 * By section id.
 */
sections: { [key in string]: Change }, 
/**
 * By statement id.
 */
items: { [key in string]: Change }, 
/**
 * Statements whose English wording differs between the two audits'
 * templates: the earlier audit's wording, by statement id.
 */
reworded: { [key in string]: string }, };

export type AuditResults = { 
/**
 * Participants whose responses were merged.
 */
participants: number, 
/**
 * Mean of all statement means.
 */
overallMean: number | null, 
/**
 * Per area, in template order.
 */
sections: Array<SectionResult>, 
/**
 * Per stop, in walking order (planned stops first, then others by name).
 */
stops: Array<StopResult>, 
/**
 * Per group present among the responses, in template group order.
 */
groups: Array<GroupResult>, 
/**
 * Against an earlier audit, when one was given.
 */
comparison: Comparison | null, 
/**
 * Values excluded from every figure.
 */
invalid: Array<InvalidValue>, 
/**
 * The thresholds behind `flagged` ([`FLAG_RULE`]).
 */
flagRule: FlagRule, };

export type Comment = { 
/**
 * Stable key for quoting it: `<participant id>/<stop id or "city">/<statement id>`.
 */
key: string, 
/**
 * Statement id.
 */
item: string, 
/**
 * Display name, or "Participant N" (in English) when anonymised.
 */
author: string, 
/**
 * The N of "Participant N" when anonymised, for readers to word in their language.
 */
anonymous: number | null, 
/**
 * The stop's name of area, for a statement answered at a stop.
 */
stop: string | null, 
/**
 * The score given with it (1-5), if any.
 */
score: number | null, 
/**
 * The comment/evidence.
 */
text: string, };

export type CommentsView = { 
/**
 * Display names shown (else "Participant N").
 */
showNames: boolean, 
/**
 * By statement id.
 */
byItem: { [key in string]: Array<Comment> }, 
/**
 * Keys of the comments quoted in the report.
 */
quoted: Array<string>, };

export type Phrase = { 
/**
 * Catalogue key, e.g. `reason.scoreOutsideScale`.
 */
key: string, 
/**
 * Values of the key's `{name}` placeholders, inserted as given.
 */
args: { [key in string]: string }, };

export type Problem = { 
/**
 * Path in the document, e.g. `answers/vision.1/value`.
 */
path: string, 
/**
 * What is wrong, as a catalogue key (`reason.*`) for the reader's language.
 */
phrase: Phrase, };

export type BalanceCount = { 
/**
 * The value; `None`: not given.
 */
value: string | null, 
/**
 * How many participants.
 */
count: number, };

export type RosterBalance = { 
/**
 * By gender as typed (trimmed, case-folded), most frequent first.
 */
byGender: Array<BalanceCount>, 
/**
 * By group id, most frequent first.
 */
byGroup: Array<BalanceCount>, };

export type ParticipantProgress = { 
/**
 * Participant id.
 */
participantId: string, 
/**
 * Display name (a pseudonym).
 */
pseudonym: string, 
/**
 * Participant group id.
 */
group: string, 
/**
 * Gender as typed; `None` when not given.
 */
gender: string | null, 
/**
 * When the server last received from this participant; `None`: never.
 */
lastSyncAt: number | null, 
/**
 * Whole-city statements answered (a score or "don't know").
 */
itemsAnswered: number, 
/**
 * Whole-city statements of the checklist.
 */
itemsTotal: number, 
/**
 * Stop visits recorded.
 */
stopsVisited: number, 
/**
 * Photo records.
 */
photosCaptured: number, 
/**
 * Photos whose full-size copy has reached the server.
 */
photosUploaded: number, 
/**
 * Values of this participant's response that could not be read and
 * are left out of every result (schema.md §7): a score of the wrong
 * type, a stop visit missing a field, … Empty when all is readable.
 */
unreadable: Array<Problem>, };

export type ProgressTotals = { 
/**
 * Participants on the roster.
 */
participants: number, 
/**
 * Sum of answered whole-city statements.
 */
itemsAnswered: number, 
/**
 * Sum of whole-city statements to answer.
 */
itemsTotal: number, 
/**
 * Sum of stop visits.
 */
stopsVisited: number, 
/**
 * Sum of photo records.
 */
photosCaptured: number, 
/**
 * Sum of uploaded photos.
 */
photosUploaded: number, };

export type ProgressView = { 
/**
 * Per participant, by pseudonym.
 */
participants: Array<ParticipantProgress>, 
/**
 * Sums.
 */
totals: ProgressTotals, 
/**
 * Balance of the roster.
 */
balance: RosterBalance, };

export type AuditSummary = { 
/**
 * Document id.
 */
id: string, 
/**
 * Title.
 */
title: string, 
/**
 * City.
 */
city: string, 
/**
 * First day, `YYYY-MM-DD`.
 */
startsOn: string, 
/**
 * Last day, `YYYY-MM-DD`.
 */
endsOn: string, };

export type ExportFormat = "csv" | "problems" | "geojson" | "md" | "html" | "zip";

export type ExportResult = { 
/**
 * The file written.
 */
path: string, 
/**
 * Its size.
 */
bytes: number, };

export type ReviewPhoto = { 
/**
 * Blob hash.
 */
hash: string, 
/**
 * Title.
 */
title: string, 
/**
 * Caption.
 */
caption: string, 
/**
 * Theme id.
 */
theme: string, 
/**
 * The photographer's display name.
 */
credit: string, 
/**
 * The photographer's participant id.
 */
participantId: string, 
/**
 * Where it was taken, when known.
 */
location: LocationView | null, 
/**
 * When it was taken, when known.
 */
takenAt: number | null, 
/**
 * Marked for the report.
 */
marked: boolean, 
/**
 * The thumbnail as a `data:` URL (empty when this device has none).
 */
thumbnail: string, 
/**
 * The full-size copy is on this device (it came from the server).
 */
uploaded: boolean, 
/**
 * Received outside the app: how; `None` for participants' photos.
 */
receivedVia: string | null, 
/**
 * For a received photo: how its photographer gave consent.
 */
consentNote: string, };

export type LatLon = { 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, };

export type MapStop = { 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, 
/**
 * Planned stop id or stop visit id.
 */
id: string, 
/**
 * `planned` or `visited`.
 */
kind: string, 
/**
 * Name of area.
 */
nameOfArea: string, 
/**
 * Specific location.
 */
specificLocation: string, 
/**
 * Who visited it; `None` for planned stops.
 */
pseudonym: string | null, 
/**
 * 1-based walking order of a planned stop (among all planned stops,
 * so it matches the participant's list); `None` for visits.
 */
order: number | null, 
/**
 * Mean of the valid 1-5 answers given at the stop: for a planned
 * stop over every visit matched to it, for a visit over its own.
 */
meanScore: number | null, 
/**
 * CSS hex colour of `mean_score` on the score scale; neutral without one.
 */
colour: string, };

export type MapPhoto = { 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, 
/**
 * Blob hash.
 */
hash: string, 
/**
 * Title.
 */
title: string, 
/**
 * Theme id.
 */
theme: string, 
/**
 * Photographer's display name.
 */
credit: string, };

export type MapTrack = { 
/**
 * Participant id.
 */
participantId: string, 
/**
 * Display name.
 */
pseudonym: string, 
/**
 * Points in order.
 */
points: Array<LatLon>, };

export type MapHotSpot = { 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, 
/**
 * Its name as recorded.
 */
label: string, };

export type LegendShape = "circle" | "line" | "square";

export type MapLegendEntry = { 
/**
 * Catalogue key, e.g. `map.legend.planned`.
 */
key: string, 
/**
 * CSS hex colour, the same the features are drawn in.
 */
colour: string, 
/**
 * Shape.
 */
shape: LegendShape, };

export type ScoreColour = { 
/**
 * The score, 1 to 5.
 */
score: number, 
/**
 * CSS hex colour.
 */
colour: string, };

export type MapFeatures = { 
/**
 * Planned stops (walking order), then stop visits.
 */
stops: Array<MapStop>, 
/**
 * The planned stops' positions in walking order (empty below two).
 */
route: Array<LatLon>, 
/**
 * Photos with a location.
 */
photos: Array<MapPhoto>, 
/**
 * Tracks of two or more points.
 */
tracks: Array<MapTrack>, 
/**
 * Focus-group hot spots with a position.
 */
hotSpots: Array<MapHotSpot>, 
/**
 * What the map shows: only kinds present, then the score scale when
 * any stop has a score. A stop's shape names its kind and its fill is
 * its score colour (the neutral colour of its kind's entry without one).
 */
legend: Array<MapLegendEntry>, 
/**
 * The score colour scale, score 1 first.
 */
scoreScale: Array<ScoreColour>, };

export type Invite = { 
/**
 * The code a person types (e.g. `K7QX-M2PA`).
 */
code: string, 
/**
 * `cityaudit://join?server=...&code=...`, for the native app.
 */
link: string, 
/**
 * `https://…/app/join?code=…`: the QR code's content, opened by a
 * phone's camera in the browser app (and accepted by the native app).
 * Empty from servers older than the browser app.
 */
web_link: string, 
/**
 * Role granted.
 */
role: Role, 
/**
 * Expiry (ms since epoch).
 */
expires_at: number, 
/**
 * Uses allowed.
 */
max_uses: number, };

export type TrackingState = { 
/**
 * The participant consented to recording their walk track.
 */
consent: boolean, 
/**
 * Recording is on on this device.
 */
recording: boolean, 
/**
 * Points in the track.
 */
points: number, 
/**
 * When the last point was kept (RFC 3339, UTC), if any.
 */
lastAt: string | null, };

export type RecordPositionResult = { 
/**
 * The rules kept the position.
 */
kept: boolean, 
/**
 * Recording as it is now.
 */
state: TrackingState, };

export type TileType = "mvt" | "png" | "jpeg" | "webp";

export type BaseMapInfo = { 
/**
 * The package's SHA-256.
 */
hash: string, 
/**
 * A name for people.
 */
name: string, 
/**
 * Size in bytes.
 */
bytes: number, 
/**
 * `mvt`, `png`, `jpeg` or `webp`.
 */
tileType: TileType, 
/**
 * West, south, east, north in degrees.
 */
bounds: [number, number, number, number], 
/**
 * Lowest zoom with tiles.
 */
minZoom: number, 
/**
 * Highest zoom with tiles.
 */
maxZoom: number, 
/**
 * Longitude, latitude and zoom to open the map at.
 */
centre: [number, number, number], 
/**
 * True when the whole package is on this device.
 */
available: boolean, };

export type ConsensusRecord = { 
/**
 * Statement id.
 */
item: string, 
/**
 * Agreed score 1-5; `None`: not agreed yet.
 */
score: number | null, 
/**
 * Note.
 */
note: string, 
/**
 * Last change (ms since epoch).
 */
updatedAt: number, };

export type AreaIdeas = { 
/**
 * Section id.
 */
section: string, 
/**
 * Ideas for improvement.
 */
ideas: string, 
/**
 * Recommendations.
 */
recommendations: string, };

export type ReportText = "cityContext" | "deskResearch" | "focusGroups";

export type FacilitatorRecords = { 
/**
 * By statement id; only statements with a score or a note.
 */
consensus: { [key in string]: ConsensusRecord }, 
/**
 * By section id.
 */
areaIdeas: { [key in string]: AreaIdeas }, 
/**
 * By wrap-up question id.
 */
wrapUp: { [key in string]: string }, 
/**
 * Hashes of the photos marked for the report, sorted.
 */
markedPhotos: Array<string>, 
/**
 * Part I text.
 */
cityContext: string, 
/**
 * Desk research text.
 */
deskResearch: string, 
/**
 * Focus groups text.
 */
focusGroups: string, 
/**
 * The earlier audit chosen for the comparison.
 */
compareWith: string | null, 
/**
 * Participants' comments show their display names (default: anonymised).
 */
showNames: boolean, 
/**
 * Keys of the comments quoted in the report, sorted.
 */
quotedComments: Array<string>, };

export type MethodRecord = "document" | "institution" | "focusGroup";

export type Added = { 
/**
 * The new record's id.
 */
id: string, 
/**
 * Everything the screens show.
 */
methods: MethodsView, };

export type Assessment = { 
/**
 * `yes`, `partly`, `no`, `unknown`, or empty when not answered.
 */
answer: string, 
/**
 * Evidence.
 */
evidence: string, };

export type PolicyDocument = { 
/**
 * Record id.
 */
id: string, 
/**
 * Title.
 */
title: string, 
/**
 * Type id (strategy, programme...), empty when not chosen.
 */
docType: string, 
/**
 * Issuing body.
 */
issuingBody: string, 
/**
 * Period start (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
 */
periodFrom: string, 
/**
 * Period end.
 */
periodTo: string, 
/**
 * Link or file reference.
 */
reference: string, 
/**
 * Whether it addresses TCN integration specifically: `yes`, `no` or empty.
 */
tcnSpecific: string, 
/**
 * Sector ids covered, in template order of the ids stored.
 */
sectors: Array<string>, 
/**
 * Review method id.
 */
reviewMethod: string, 
/**
 * Assessment by question id.
 */
assessment: { [key in string]: Assessment }, 
/**
 * When it was added (ms since epoch).
 */
createdAt: number, };

export type Institution = { 
/**
 * Record id.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Kind (municipal integration centre, department, police...).
 */
kind: string, 
/**
 * Mandate.
 */
mandate: string, 
/**
 * A TCN-specific mandate: `yes`, `partly`, `no`, `unknown` or empty.
 */
tcnMandate: string, 
/**
 * Works with community leaders/NGOs: `yes`, `partly`, `no`, `unknown` or empty.
 */
worksWithCommunity: string, 
/**
 * Capacity, skills and resources.
 */
capacity: string, 
/**
 * What needs improvement.
 */
needsImprovement: string, 
/**
 * When it was added.
 */
createdAt: number, };

export type DeskSummary = { 
/**
 * Strengths.
 */
strengths: string, 
/**
 * Weaknesses.
 */
weaknesses: string, 
/**
 * Recommendations.
 */
recommendations: string, };

export type FocusTheme = { 
/**
 * Notes.
 */
notes: string, 
/**
 * The "big ideas" discussed.
 */
bigIdeas: string, 
/**
 * Whether participants had enough information: `yes`, `no` or empty.
 */
enoughInformation: string, 
/**
 * What was lacking (ids).
 */
lacking: Array<string>, 
/**
 * Why.
 */
lackingReasons: string, 
/**
 * Results.
 */
results: string, 
/**
 * Recommendations.
 */
recommendations: string, };

export type HotSpot = { 
/**
 * Record id.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Position, if placed.
 */
position: Location | null, };

export type FocusGroup = { 
/**
 * Record id.
 */
id: string, 
/**
 * Date `YYYY-MM-DD`.
 */
date: string, 
/**
 * City.
 */
city: string, 
/**
 * Location.
 */
location: string, 
/**
 * Moderator.
 */
moderator: string, 
/**
 * Rapporteur.
 */
rapporteur: string, 
/**
 * Consent to audio recording: `yes`, `no` or empty.
 */
audioConsent: string, 
/**
 * Duration in minutes.
 */
durationMinutes: number | null, 
/**
 * People by participant group id.
 */
participants: { [key in string]: number }, 
/**
 * People by gender id.
 */
genders: { [key in string]: number }, 
/**
 * By theme id.
 */
themes: { [key in string]: FocusTheme }, 
/**
 * Social-inclusion assessment: people by level id.
 */
inclusion: { [key in string]: number }, 
/**
 * Answers to the report questions by id.
 */
answers: { [key in string]: string }, 
/**
 * Hot spots, in the order added.
 */
hotSpots: Array<HotSpot>, 
/**
 * When it was added.
 */
createdAt: number, };

export type MethodRecords = { 
/**
 * Policy documents, in the order added.
 */
documents: Array<PolicyDocument>, 
/**
 * Institutions, in the order added.
 */
institutions: Array<Institution>, 
/**
 * The desk research summary.
 */
deskSummary: DeskSummary, 
/**
 * Focus groups, by date then the order added.
 */
focusGroups: Array<FocusGroup>, };

export type GroupSize = "notCounted" | "tooFew" | "recommended" | "tooMany";

export type Balance = { 
/**
 * People counted by participant group.
 */
total: number, 
/**
 * The size against the recommended range.
 */
size: GroupSize, 
/**
 * People by gender id, as counted.
 */
genders: { [key in string]: number }, 
/**
 * People counted by gender.
 */
genderTotal: number, 
/**
 * True when the gender counts do not add up to the group counts.
 */
countsDiffer: boolean, 
/**
 * Women and men differ by at most one person, or by at most 20% of those counted.
 */
genderBalanced: boolean, 
/**
 * Members of TCN communities took part.
 */
tcnPresent: boolean, 
/**
 * Participant group ids with nobody counted, in template order.
 */
groupsMissing: Array<string>, 
/**
 * Social-inclusion assessment: people by level id.
 */
inclusion: { [key in string]: number }, 
/**
 * The level chosen by most people (ties: the lower level), if any.
 */
inclusionMostChosen: string | null, };

export type FocusOverview = { 
/**
 * How many focus groups were held.
 */
sessions: number, 
/**
 * People by participant group over all sessions.
 */
participants: { [key in string]: number }, 
/**
 * Sessions within the recommended size.
 */
ofRecommendedSize: number, 
/**
 * The balance of all sessions together; its size is the first of too
 * few, too many, not counted that any session has, else recommended.
 */
balance: Balance, 
/**
 * Total minutes of discussion.
 */
minutes: number, };

export type MethodsView = { 
/**
 * The toolkit's choices and prompts.
 */
template: MethodsTemplate, 
/**
 * The audit's participant groups (focus group breakdown).
 */
groups: Array<ParticipantGroup>, 
/**
 * The records.
 */
records: MethodRecords, 
/**
 * Each focus group's breakdown and balance, by record id.
 */
balances: { [key in string]: Balance }, 
/**
 * All focus groups together.
 */
overview: FocusOverview, };

export type FactorAssessment = { 
/**
 * Key factor id (`kf1`...).
 */
id: string, 
/**
 * A rating level id, or empty while not assessed.
 */
assessment: string, 
/**
 * Evidence.
 */
evidence: string, 
/**
 * Examples from the city.
 */
examples: string, 
/**
 * Notes.
 */
notes: string, };

export type ContextNotes = { 
/**
 * Context factor id.
 */
id: string, 
/**
 * Notes.
 */
notes: string, };

export type LevelCount = { 
/**
 * Rating level id.
 */
level: string, 
/**
 * Key factors assessed at this level.
 */
count: number, };

export type BenchmarkRecords = { 
/**
 * Every key factor of the benchmark, assessed or not.
 */
factors: Array<FactorAssessment>, 
/**
 * Every context factor.
 */
context: Array<ContextNotes>, 
/**
 * How near the city is to the standard, in the facilitator's words.
 */
summary: string, 
/**
 * Key factors per rating level, in the scale's order.
 */
byLevel: Array<LevelCount>, 
/**
 * Key factors assessed.
 */
assessed: number, };

export type BenchmarkView = { 
/**
 * The benchmark's texts (snake_case, as the template file).
 */
template: BenchmarkTemplate, 
/**
 * The self-assessment.
 */
records: BenchmarkRecords, };

export type JoinCommand = { 
/**
 * A scanned or pasted invite link (`cityaudit://join?…` or `https://…/app/join?code=…`).
 */
link: string | null, 
/**
 * Server URL, when no link is given.
 */
server: string | null, 
/**
 * Invite code, when no link is given.
 */
code: string | null, 
/**
 * Display name (a pseudonym is fine).
 */
displayName: string, 
/**
 * Participant group id.
 */
group: string, 
/**
 * Optional self-described gender.
 */
gender: string | null, 
/**
 * The photovoice usage terms were accepted.
 */
acceptPhotoTerms: boolean, 
/**
 * Photos share their location by default (each photo may choose
 * otherwise); only with the terms accepted.
 */
sharePhotoLocations: boolean, };

export type PickedFile = { 
/**
 * A file path on this device.
 */
path: string | null, 
/**
 * The picture, base64-encoded.
 */
dataBase64: string | null, 
/**
 * The file's name, for messages.
 */
fileName: string, };

export type AddPhotoCommand = { 
/**
 * Title.
 */
title: string, 
/**
 * Short caption.
 */
caption: string, 
/**
 * Photovoice theme id.
 */
theme: string, 
/**
 * The stop it was taken at.
 */
stop: string | null, 
/**
 * A pin the participant placed (source `manual`: it replaces the
 * photo's own position) or the device position (used when the photo
 * has none).
 */
fallbackLocation: LocationView | null, 
/**
 * Share this photo's location; absent: the participant's choice when
 * accepting the photovoice terms.
 */
shareLocation: boolean | null, 
/**
 * A file path on this device.
 */
path: string | null, 
/**
 * The picture, base64-encoded.
 */
dataBase64: string | null, 
/**
 * The file's name, for messages.
 */
fileName: string, };

export type EditPhotoCommand = { 
/**
 * The photo.
 */
hash: string, 
/**
 * Title.
 */
title: string, 
/**
 * Caption.
 */
caption: string, 
/**
 * Theme id.
 */
theme: string, 
/**
 * Remove the photo's location: the participant no longer shares it.
 */
forgetLocation: boolean, };

export type AcceptPhotoTermsCommand = { 
/**
 * Photos share their location unless a photo chooses otherwise.
 */
shareLocations: boolean, };

export type PositionInput = { 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, };

export type PlannedStopInput = { 
/**
 * Name of area.
 */
nameOfArea: string, 
/**
 * Specific location.
 */
specificLocation: string, 
/**
 * A pin placed on the map, if any.
 */
position: PositionInput | null, };

export type TimeWindow = { 
/**
 * Opens at.
 */
opensAt: number, 
/**
 * Closes at.
 */
closesAt: number, };

export type CreateAuditCommand = { 
/**
 * Title.
 */
title: string, 
/**
 * City.
 */
city: string, 
/**
 * First day, `YYYY-MM-DD`.
 */
startsOn: string, 
/**
 * Last day, `YYYY-MM-DD`.
 */
endsOn: string, 
/**
 * Where participants gather.
 */
meetingPoint: string, 
/**
 * `checklist`, `photovoice`, `both` or `benchmark`.
 */
templates: string, 
/**
 * The stops of the walk, in order.
 */
plannedStops: Array<PlannedStopInput>, 
/**
 * When photos may be taken (required with the photovoice).
 */
photovoiceWindow: TimeWindow | null, 
/**
 * The city's adapted template (from a workbook or the editor), if not
 * the built-in one.
 */
template: TemplateSet | null, };

export type CreateInviteCommand = { 
/**
 * `participant` or `facilitator`.
 */
role: string, 
/**
 * When it expires, in milliseconds since the epoch.
 */
expiresAt: number, 
/**
 * How many people may join with it.
 */
maxUses: number, };

export type InviteView = { 
/**
 * The code, `XXXX-XXXX`.
 */
code: string, 
/**
 * The app link.
 */
link: string, 
/**
 * The QR code (of the browser link when the server gives one) as SVG.
 */
qrSvg: string, 
/**
 * Role granted.
 */
role: Role, 
/**
 * When it expires, in milliseconds since the epoch.
 */
expiresAt: number, 
/**
 * How many people may join with it.
 */
maxUses: number, };

export type ResultsCommand = { 
/**
 * The earlier audit to compare with, if any.
 */
compareWith: string | null, };

export type ConsensusCommand = { 
/**
 * The statement.
 */
item: string, 
/**
 * The agreed score.
 */
score: number | null, 
/**
 * The note.
 */
note: string, };

export type AreaIdeasCommand = { 
/**
 * The area (a checklist section).
 */
section: string, 
/**
 * Ideas for improvement.
 */
ideas: string, 
/**
 * Recommendations.
 */
recommendations: string, };

export type WrapUpCommand = { 
/**
 * The wrap-up question.
 */
question: string, 
/**
 * The finding.
 */
text: string, };

export type ReportTextCommand = { 
/**
 * Which text.
 */
which: ReportText, 
/**
 * The text.
 */
text: string, };

export type MarkPhotoCommand = { 
/**
 * The photo's hash.
 */
hash: string, 
/**
 * Mark it.
 */
marked: boolean, };

export type RecordRef = { 
/**
 * The kind of record.
 */
record: MethodRecord, 
/**
 * Its id.
 */
id: string, };

export type NewRecord = { 
/**
 * The kind of record.
 */
record: MethodRecord, };

export type FieldValue = { 
/**
 * The kind of record.
 */
record: MethodRecord, 
/**
 * Its id.
 */
id: string, 
/**
 * The field's path, e.g. `themes.vision.notes`.
 */
field: string, 
/**
 * The value: a text, a choice id, `true`/`false`, a number, a position or `null`.
 */
value: JsonValue, };

export type NewHotSpot = { 
/**
 * The focus group's id.
 */
focusGroup: string, };

export type SummaryText = { 
/**
 * `strengths`, `weaknesses` or `recommendations`.
 */
field: string, 
/**
 * The text.
 */
text: string, };

export type BenchmarkField = { 
/**
 * The field's path, e.g. `factors.kf3.assessment` or `summary`.
 */
field: string, 
/**
 * The value: a text, or a rating level id ("" clears it).
 */
value: JsonValue, };

export type ShowNames = { 
/**
 * True: display names; false: "Participant N".
 */
show: boolean, };

export type QuoteComment = { 
/**
 * The comment's key.
 */
key: string, 
/**
 * Quote it.
 */
quoted: boolean, };

export type EarlierAuditCommand = { 
/**
 * The invite code as typed.
 */
code: string, };

export type NewReceivedPhoto = { 
/**
 * Title.
 */
title: string, 
/**
 * Short caption.
 */
caption: string, 
/**
 * Photovoice theme id.
 */
theme: string, 
/**
 * The photographer's name or credit line.
 */
credit: string, 
/**
 * How it reached the facilitator (see [`crate::model::RECEIVED_VIA`]).
 */
receivedVia: string, 
/**
 * The photographer consented to its use under the usage terms.
 */
consent: boolean, 
/**
 * How and when that consent was given.
 */
consentNote: string, 
/**
 * Keep the photo's own GPS position when no position is given.
 */
keepPhotoPosition: boolean, };

export type AddReceivedPhotoCommand = { 
/**
 * A position typed or placed by the facilitator.
 */
location: LocationView | null, 
/**
 * A file path on this device.
 */
path: string | null, 
/**
 * The picture, base64-encoded.
 */
dataBase64: string | null, 
/**
 * The file's name, for messages.
 */
fileName: string, 
/**
 * Title.
 */
title: string, 
/**
 * Short caption.
 */
caption: string, 
/**
 * Photovoice theme id.
 */
theme: string, 
/**
 * The photographer's name or credit line.
 */
credit: string, 
/**
 * How it reached the facilitator (see [`crate::model::RECEIVED_VIA`]).
 */
receivedVia: string, 
/**
 * The photographer consented to its use under the usage terms.
 */
consent: boolean, 
/**
 * How and when that consent was given.
 */
consentNote: string, 
/**
 * Keep the photo's own GPS position when no position is given.
 */
keepPhotoPosition: boolean, };

export type ReceivedPhotoRef = { 
/**
 * The shared copy's hash.
 */
hash: string, };

export type AttachBaseMapCommand = { 
/**
 * A name for people (the file's name when empty).
 */
name: string, 
/**
 * A file path on this device.
 */
path: string | null, 
/**
 * The picture, base64-encoded.
 */
dataBase64: string | null, 
/**
 * The file's name, for messages.
 */
fileName: string, };

export type BaseMapRangeCommand = { 
/**
 * First byte.
 */
offset: number, 
/**
 * Bytes wanted (at most 1 MiB).
 */
length: number, };

export type TrackConsentCommand = { 
/**
 * True: the participant agrees to recording their walk track.
 */
consent: boolean, };

export type SetTrackingCommand = { 
/**
 * Recording on (needs consent) or off.
 */
recording: boolean, };

export type RecordPositionCommand = { 
/**
 * Latitude.
 */
lat: number, 
/**
 * Longitude.
 */
lon: number, 
/**
 * Accuracy radius in metres, if the device tells.
 */
accuracyM: number | null, 
/**
 * When the position was taken (RFC 3339).
 */
at: string, };

export type ReplayGpxCommand = { 
/**
 * The GPX file's text.
 */
gpx: string, };
