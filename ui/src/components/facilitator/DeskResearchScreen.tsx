import { useState } from "preact/hooks";
import { messageOf } from "../../api";
import {
  type DeskSummaryField,
  type FieldValue,
  type Institution,
  type MethodsView,
  type PolicyDocument,
} from "../../methodsApi";
import { useI18n } from "../I18n";
import { LoadState } from "./LoadState";
import { RadioField, SelectField, TextField, TickField, useChoices } from "./RecordFields";
import { useMethods, type Methods } from "./useMethods";

const SUMMARY: DeskSummaryField[] = ["strengths", "weaknesses", "recommendations"];

/** Desk research: Step 1 documents with their assessment, Step 2 institutions, the findings. */
export function DeskResearchScreen({ lastSyncAt }: { lastSyncAt: number | null }) {
  const { t } = useI18n();
  const methods = useMethods(lastSyncAt);
  return (
    <div class="screen desk-screen">
      <header class="screen-header">
        <h1>{t("desk.title")}</h1>
        <p class="hint">{t("desk.intro")}</p>
      </header>
      <LoadState loaded={methods.loaded}>
        {(view) => (
          <>
            <Documents view={view} methods={methods} />
            <Institutions view={view} methods={methods} />
            <section class="card" aria-labelledby="desk-summary">
              <h2 id="desk-summary">{t("desk.summary")}</h2>
              <div class="record-columns">
                {SUMMARY.map((field) => (
                  <TextField
                    key={field}
                    multiline
                    label={t(`desk.summary.${field}`)}
                    value={view.records.deskSummary[field]}
                    testId={`desk-summary-${field}`}
                    save={(value) => methods.saveSummary(field, value)}
                  />
                ))}
              </div>
            </section>
          </>
        )}
      </LoadState>
    </div>
  );
}

function AddButton({
  label,
  testId,
  add,
}: {
  label: string;
  testId: string;
  add(): Promise<unknown>;
}) {
  const { t } = useI18n();
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <div class="button-row">
      <button
        type="button"
        class="button primary"
        data-testid={testId}
        onClick={() =>
          add().then(
            () => setFailed(null),
            (e: unknown) => setFailed(messageOf(e)),
          )
        }
      >
        {label}
      </button>
      {failed && (
        <span class="error" role="alert">
          {t("facilitator.saveFailed", { message: failed })}
        </span>
      )}
    </div>
  );
}

/** Removes a record after the facilitator confirms. */
export function RemoveButton({
  label,
  testId,
  remove,
}: {
  label: string;
  testId: string;
  remove(): Promise<void>;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        class="button link"
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  return (
    <span class="button-row">
      <span>{t("methods.removeAsk")}</span>
      <button
        type="button"
        class="button secondary"
        data-testid={`${testId}-yes`}
        onClick={() => void remove()}
      >
        {t("methods.removeYes")}
      </button>
      <button type="button" class="button link" onClick={() => setAsking(false)}>
        {t("methods.removeNo")}
      </button>
    </span>
  );
}

function Documents({ view, methods }: { view: MethodsView; methods: Methods }) {
  const { t } = useI18n();
  return (
    <section class="card" aria-labelledby="desk-documents">
      <h2 id="desk-documents">{t("desk.step1")}</h2>
      <p class="hint">{t("desk.step1Hint")}</p>
      {view.records.documents.length === 0 && <p class="hint">{t("desk.noDocuments")}</p>}
      {view.records.documents.map((doc, index) => (
        <DocumentCard key={doc.id} doc={doc} index={index} view={view} methods={methods} />
      ))}
      <AddButton
        label={t("desk.addDocument")}
        testId="desk-add-document"
        add={() => methods.add("document")}
      />
    </section>
  );
}

function DocumentCard({
  doc,
  index,
  view,
  methods,
}: {
  doc: PolicyDocument;
  index: number;
  view: MethodsView;
  methods: Methods;
}) {
  const { t, text } = useI18n();
  const choices = useChoices();
  const desk = view.template.desk;
  const save = (field: string) => (value: FieldValue) =>
    methods.save("document", doc.id, field, value);
  const id = `doc-${index}`;
  return (
    <article class="record-card" data-testid={id} aria-label={doc.title || t("desk.document")}>
      <div class="record-head">
        <h3>{doc.title || t("desk.untitled")}</h3>
        <RemoveButton
          label={t("methods.remove")}
          testId={`${id}-remove`}
          remove={() => methods.remove("document", doc.id)}
        />
      </div>
      <div class="field-pair">
        <TextField
          label={t("desk.docTitle")}
          value={doc.title}
          save={save("title")}
          testId={`${id}-title`}
        />
        <SelectField
          legend={t("desk.docType")}
          choices={choices(desk.document_types)}
          value={doc.docType}
          save={save("doc_type")}
          testId={`${id}-type`}
        />
        <TextField
          label={t("desk.issuingBody")}
          value={doc.issuingBody}
          save={save("issuing_body")}
          testId={`${id}-issuer`}
        />
        <TextField
          label={t("desk.periodFrom")}
          placeholder="2021"
          value={doc.periodFrom}
          save={save("period_from")}
          testId={`${id}-from`}
        />
        <TextField
          label={t("desk.periodTo")}
          placeholder="2027"
          value={doc.periodTo}
          save={save("period_to")}
          testId={`${id}-to`}
        />
        <TextField
          label={t("desk.reference")}
          value={doc.reference}
          save={save("reference")}
          testId={`${id}-reference`}
        />
        <SelectField
          legend={t("desk.reviewMethod")}
          choices={choices(desk.review_methods)}
          value={doc.reviewMethod}
          save={save("review_method")}
          testId={`${id}-method`}
        />
        <RadioField
          legend={t("desk.tcnSpecific")}
          choices={[
            { id: "yes", label: t("methods.yes") },
            { id: "no", label: t("methods.no") },
          ]}
          value={doc.tcnSpecific}
          save={save("tcn_specific")}
          testId={`${id}-tcn`}
        />
      </div>
      <TickField
        legend={t("desk.sectors")}
        choices={choices(desk.sectors)}
        ticked={doc.sectors}
        save={(sector, on) => methods.save("document", doc.id, `sectors.${sector}`, on)}
        testId={`${id}-sectors`}
      />
      <h4>{t("desk.assessment")}</h4>
      <div class="record-columns">
        {desk.assessment_questions.map((q) => {
          const current = doc.assessment[q.id] ?? { answer: "", evidence: "" };
          return (
            <div key={q.id} class="question-block">
              <RadioField
                legend={text(q.label)}
                choices={choices(desk.answers)}
                value={current.answer}
                save={save(`assessment.${q.id}.answer`)}
                testId={`${id}-q-${q.id}`}
              />
              <TextField
                multiline
                label={t("desk.evidence")}
                value={current.evidence}
                save={save(`assessment.${q.id}.evidence`)}
                testId={`${id}-q-${q.id}-evidence`}
              />
            </div>
          );
        })}
      </div>
    </article>
  );
}

function Institutions({ view, methods }: { view: MethodsView; methods: Methods }) {
  const { t, text } = useI18n();
  return (
    <section class="card" aria-labelledby="desk-institutions">
      <h2 id="desk-institutions">{t("desk.step2")}</h2>
      <details class="prompts">
        <summary>{t("desk.questions")}</summary>
        <ul>
          {view.template.desk.institution_questions.map((q, i) => (
            <li key={i}>{text(q)}</li>
          ))}
        </ul>
      </details>
      {view.records.institutions.map((inst, index) => (
        <InstitutionCard key={inst.id} inst={inst} index={index} view={view} methods={methods} />
      ))}
      <AddButton
        label={t("desk.addInstitution")}
        testId="desk-add-institution"
        add={() => methods.add("institution")}
      />
    </section>
  );
}

function InstitutionCard({
  inst,
  index,
  view,
  methods,
}: {
  inst: Institution;
  index: number;
  view: MethodsView;
  methods: Methods;
}) {
  const { t } = useI18n();
  const choices = useChoices();
  const answers = choices(view.template.desk.answers);
  const save = (field: string) => (value: FieldValue) =>
    methods.save("institution", inst.id, field, value);
  const id = `inst-${index}`;
  return (
    <article class="record-card" data-testid={id} aria-label={inst.name || t("desk.institution")}>
      <div class="record-head">
        <h3>{inst.name || t("desk.unnamed")}</h3>
        <RemoveButton
          label={t("methods.remove")}
          testId={`${id}-remove`}
          remove={() => methods.remove("institution", inst.id)}
        />
      </div>
      <div class="field-pair">
        <TextField
          label={t("desk.instName")}
          value={inst.name}
          save={save("name")}
          testId={`${id}-name`}
        />
        <TextField
          label={t("desk.instKind")}
          value={inst.kind}
          save={save("kind")}
          testId={`${id}-kind`}
        />
        <RadioField
          legend={t("desk.tcnMandate")}
          choices={answers}
          value={inst.tcnMandate}
          save={save("tcn_mandate")}
          testId={`${id}-tcn`}
        />
        <RadioField
          legend={t("desk.worksWithCommunity")}
          choices={answers}
          value={inst.worksWithCommunity}
          save={save("works_with_community")}
          testId={`${id}-community`}
        />
      </div>
      <div class="record-columns">
        <TextField
          multiline
          label={t("desk.mandate")}
          value={inst.mandate}
          save={save("mandate")}
          testId={`${id}-mandate`}
        />
        <TextField
          multiline
          label={t("desk.capacity")}
          value={inst.capacity}
          save={save("capacity")}
          testId={`${id}-capacity`}
        />
        <TextField
          multiline
          label={t("desk.needsImprovement")}
          value={inst.needsImprovement}
          save={save("needs_improvement")}
          testId={`${id}-improve`}
        />
      </div>
    </article>
  );
}
