import type { Balance, FieldValue, FocusGroup, MethodsView } from "../../methodsApi";
import { PositionPicker } from "../PositionPicker";
import { useI18n } from "../I18n";
import { RemoveButton } from "./DeskResearchScreen";
import { LoadState } from "./LoadState";
import { CountField, RadioField, TextField, TickField, useChoices } from "./RecordFields";
import { useMethods, type Methods } from "./useMethods";

/** Focus groups: one record per session, with its breakdown, themes and the report's questions. */
export function FocusGroupsScreen({ lastSyncAt }: { lastSyncAt: number | null }) {
  const { t } = useI18n();
  const methods = useMethods(lastSyncAt);
  return (
    <div class="screen focus-screen">
      <header class="screen-header">
        <h1>{t("focus.title")}</h1>
        <p class="hint">{t("focus.intro")}</p>
      </header>
      <LoadState loaded={methods.loaded}>
        {(view) => (
          <>
            {view.records.focusGroups.length > 0 && (
              <section class="card" aria-labelledby="focus-overview" data-testid="focus-overview">
                <h2 id="focus-overview">{t("focus.overview")}</h2>
                <p>
                  {t("focus.overviewLine", {
                    sessions: view.overview.sessions,
                    people: view.overview.balance.total,
                    minutes: view.overview.minutes,
                  })}
                </p>
                <BalanceNotes balance={view.overview.balance} view={view} testId="focus-overview" />
              </section>
            )}
            {view.records.focusGroups.map((group, index) => (
              <FocusGroupCard
                key={group.id}
                group={group}
                index={index}
                view={view}
                methods={methods}
              />
            ))}
            <div class="button-row">
              <button
                type="button"
                class="button primary"
                data-testid="focus-add"
                onClick={() => void methods.add("focusGroup")}
              >
                {t("focus.add")}
              </button>
            </div>
          </>
        )}
      </LoadState>
    </div>
  );
}

/** The balance indicator: size against 8-10, gender, TCN members, groups missing. */
function BalanceNotes({
  balance,
  view,
  testId,
}: {
  balance: Balance;
  view: MethodsView;
  testId: string;
}) {
  const { t, text } = useI18n();
  const range = view.template.focus.recommended_size;
  const good = balance.size === "recommended";
  const groupLabel = (id: string) => text(view.groups.find((g) => g.id === id)?.label) || id;
  return (
    <ul class="balance-notes" data-testid={`${testId}-balance`}>
      <li class={good ? "ok" : "warn"} data-testid={`${testId}-size`}>
        {t(`focus.size.${balance.size}`, { people: balance.total, min: range.min, max: range.max })}
      </li>
      <li class={balance.genderBalanced ? "ok" : "warn"} data-testid={`${testId}-gender`}>
        {t(balance.genderBalanced ? "focus.genderBalanced" : "focus.genderNotBalanced", {
          women: balance.genders.women ?? 0,
          men: balance.genders.men ?? 0,
        })}
      </li>
      {balance.countsDiffer && (
        <li class="warn">
          {t("focus.countsDiffer", { byGender: balance.genderTotal, byGroup: balance.total })}
        </li>
      )}
      <li class={balance.tcnPresent ? "ok" : "warn"}>
        {t(balance.tcnPresent ? "focus.tcnPresent" : "focus.tcnMissing")}
      </li>
      {balance.groupsMissing.length > 0 && (
        <li class="hint">
          {t("focus.groupsMissing", { groups: balance.groupsMissing.map(groupLabel).join(", ") })}
        </li>
      )}
    </ul>
  );
}

function FocusGroupCard({
  group,
  index,
  view,
  methods,
}: {
  group: FocusGroup;
  index: number;
  view: MethodsView;
  methods: Methods;
}) {
  const { t, text } = useI18n();
  const choices = useChoices();
  const focus = view.template.focus;
  const id = `fg-${index}`;
  const save = (field: string) => (value: FieldValue) =>
    methods.save("focusGroup", group.id, field, value);
  const yesNo = [
    { id: "yes", label: t("methods.yes") },
    { id: "no", label: t("methods.no") },
  ];
  const balance = view.balances[group.id];
  const title = [group.date, group.location].filter(Boolean).join(", ") || t("focus.untitled");
  return (
    <article class="card record-card" data-testid={id} aria-label={title}>
      <div class="record-head">
        <h2>{title}</h2>
        <RemoveButton
          label={t("methods.remove")}
          testId={`${id}-remove`}
          remove={() => methods.remove("focusGroup", group.id)}
        />
      </div>
      <div class="field-pair">
        <TextField
          type="date"
          label={t("focus.date")}
          value={group.date}
          save={save("date")}
          testId={`${id}-date`}
        />
        <TextField
          label={t("focus.city")}
          value={group.city}
          save={save("city")}
          testId={`${id}-city`}
        />
        <TextField
          label={t("focus.location")}
          value={group.location}
          save={save("location")}
          testId={`${id}-location`}
        />
        <TextField
          label={t("focus.moderator")}
          value={group.moderator}
          save={save("moderator")}
          testId={`${id}-moderator`}
        />
        <TextField
          label={t("focus.rapporteur")}
          value={group.rapporteur}
          save={save("rapporteur")}
          testId={`${id}-rapporteur`}
        />
        <CountField
          label={t("focus.duration")}
          value={group.durationMinutes}
          save={save("duration_minutes")}
          testId={`${id}-duration`}
        />
        <RadioField
          legend={t("focus.audioConsent")}
          choices={yesNo}
          value={group.audioConsent}
          save={save("audio_consent")}
          testId={`${id}-consent`}
        />
      </div>
      <div class="record-columns">
        <fieldset>
          <legend>{t("focus.byGroup")}</legend>
          <div class="count-grid">
            {view.groups.map((g) => (
              <CountField
                key={g.id}
                label={text(g.label)}
                value={group.participants[g.id]}
                save={save(`participants.${g.id}`)}
                testId={`${id}-group-${g.id}`}
              />
            ))}
          </div>
        </fieldset>
        <div>
          <fieldset>
            <legend>{t("focus.byGender")}</legend>
            <div class="count-grid">
              {focus.genders.map((g) => (
                <CountField
                  key={g.id}
                  label={text(g.label)}
                  value={group.genders[g.id]}
                  save={save(`genders.${g.id}`)}
                  testId={`${id}-gender-${g.id}`}
                />
              ))}
            </div>
          </fieldset>
          {balance && <BalanceNotes balance={balance} view={view} testId={id} />}
        </div>
      </div>
      {focus.themes.map((theme) => {
        const notes = group.themes[theme.id];
        const tid = `${id}-theme-${theme.id}`;
        return (
          <section key={theme.id} class="theme-block" aria-label={text(theme.title)}>
            <h3>{text(theme.title)}</h3>
            <details class="prompts">
              <summary>{t("focus.sampleQuestions")}</summary>
              <ul>
                {theme.questions.map((q, i) => (
                  <li key={i}>{text(q)}</li>
                ))}
              </ul>
            </details>
            <div class="record-columns">
              <TextField
                multiline
                label={t("focus.notes")}
                value={notes?.notes ?? ""}
                save={save(`themes.${theme.id}.notes`)}
                testId={`${tid}-notes`}
              />
              <TextField
                multiline
                label={t("focus.bigIdeas")}
                value={notes?.bigIdeas ?? ""}
                save={save(`themes.${theme.id}.big_ideas`)}
                testId={`${tid}-ideas`}
              />
              <div>
                <RadioField
                  legend={t("focus.enoughInformation")}
                  choices={yesNo}
                  value={notes?.enoughInformation ?? ""}
                  save={save(`themes.${theme.id}.enough_information`)}
                  testId={`${tid}-enough`}
                />
                <TickField
                  legend={t("focus.lacking")}
                  choices={choices(focus.lacking)}
                  ticked={notes?.lacking ?? []}
                  save={(what, on) =>
                    methods.save("focusGroup", group.id, `themes.${theme.id}.lacking.${what}`, on)
                  }
                  testId={`${tid}-lacking`}
                />
                <TextField
                  multiline
                  label={t("focus.lackingReasons")}
                  value={notes?.lackingReasons ?? ""}
                  save={save(`themes.${theme.id}.lacking_reasons`)}
                  testId={`${tid}-reasons`}
                />
              </div>
              <div>
                <TextField
                  multiline
                  label={t("focus.results")}
                  value={notes?.results ?? ""}
                  save={save(`themes.${theme.id}.results`)}
                  testId={`${tid}-results`}
                />
                <TextField
                  multiline
                  label={t("focus.recommendations")}
                  value={notes?.recommendations ?? ""}
                  save={save(`themes.${theme.id}.recommendations`)}
                  testId={`${tid}-recommendations`}
                />
              </div>
            </div>
            {theme.id === "participation" && (
              <fieldset>
                <legend>{t("focus.inclusion")}</legend>
                <div class="count-grid">
                  {focus.inclusion_levels.map((level) => (
                    <div key={level.id}>
                      <CountField
                        label={text(level.label)}
                        value={group.inclusion[level.id]}
                        save={save(`inclusion.${level.id}`)}
                        testId={`${id}-inclusion-${level.id}`}
                      />
                      <span class="hint">{text(level.definition)}</span>
                    </div>
                  ))}
                </div>
              </fieldset>
            )}
            {theme.id === "environment" && <HotSpots group={group} cardId={id} methods={methods} />}
          </section>
        );
      })}
      <section class="theme-block" aria-labelledby={`${id}-report`}>
        <h3 id={`${id}-report`}>{t("focus.reportQuestions")}</h3>
        <div class="record-columns">
          {focus.report_questions.map((q) => (
            <TextField
              key={q.id}
              multiline
              label={text(q.label)}
              value={group.answers[q.id] ?? ""}
              save={save(`answers.${q.id}`)}
              testId={`${id}-answer-${q.id}`}
            />
          ))}
        </div>
      </section>
    </article>
  );
}

function HotSpots({
  group,
  cardId,
  methods,
}: {
  group: FocusGroup;
  cardId: string;
  methods: Methods;
}) {
  const { t } = useI18n();
  return (
    <fieldset data-testid={`${cardId}-hotspots`}>
      <legend>{t("focus.hotSpots")}</legend>
      {group.hotSpots.map((spot, i) => {
        const field = (name: string) => `hot_spots.${spot.id}.${name}`;
        return (
          <div key={spot.id} class="hot-spot">
            <TextField
              label={t("focus.hotSpotName")}
              value={spot.name}
              save={(value) => methods.save("focusGroup", group.id, field("name"), value)}
              testId={`${cardId}-hotspot-${i}-name`}
            />
            <PositionPicker
              idPrefix={`${cardId}-hotspot-${i}`}
              value={spot.position && { ...spot.position, accuracyM: spot.position.accuracy_m }}
              hint={t("focus.hotSpotWhere")}
              onChange={(position, problem) => {
                if (!problem)
                  void methods.save("focusGroup", group.id, field("position"), position);
              }}
            />
          </div>
        );
      })}
      <button
        type="button"
        class="button secondary"
        data-testid={`${cardId}-add-hotspot`}
        onClick={() => void methods.addHotSpot(group.id)}
      >
        {t("focus.addHotSpot")}
      </button>
    </fieldset>
  );
}
