//! The UI's contract with core: the TypeScript types of everything core
//! hands the UI (screens' views, templates, results, errors) are generated
//! from the Rust types into `ui/src/generated/contract.ts`, which the UI
//! imports instead of describing them by hand. A test keeps the file equal
//! to the types, so a change to a Rust type the UI does not follow fails
//! CI (`tsc` then finds every place that must change). Rewrite it with
//! `CITYAUDIT_WRITE_CONTRACT=1 cargo test -p cityaudit-core contract`.

#[cfg(test)]
mod tests {
    use std::path::Path;
    use ts_rs::{Config, TS};

    use crate::analysis::*;
    use crate::commands::facilitator::*;
    use crate::commands::methods::{
        Added, BenchmarkField, FieldValue, NewHotSpot, NewRecord, QuoteComment, RecordRef,
        ShowNames, SummaryText,
    };
    use crate::commands::received::{AddReceivedPhotoCommand, ReceivedPhotoRef};
    use crate::commands::tracks::{
        RecordPositionCommand, RecordPositionResult, ReplayGpxCommand, SetTrackingCommand,
        TrackConsentCommand,
    };
    use crate::commands::CommandError;
    use crate::commands::{
        AcceptPhotoTermsCommand, AddPhotoCommand, EditPhotoCommand, JoinCommand, PickedFile,
    };
    use crate::export::{
        ExportFormat, LatLon, LegendShape, MapFeatures, MapHotSpot, MapLegendEntry, MapPhoto,
        MapStop, MapTrack, ScoreColour,
    };
    use crate::ids::{BlobHash, DocumentId};
    use crate::model::methods::*;
    use crate::model::Role;
    use crate::model::*;
    use crate::profile::{BenchmarkView, MethodsView};
    use crate::sync::protocol::Invite;
    use crate::templates::FocusTheme as FocusThemeTemplate;
    use crate::templates::*;
    use crate::tracks::TrackingState;
    use crate::views::facilitator::{AuditSummary, CommentsView, ExportResult, ReviewPhoto};
    use crate::views::*;

    /// Declares each type, exported, in the order given.
    macro_rules! declarations {
        ($cfg:expr; $($ty:ty),* $(,)?) => {
            vec![$(format!("export {}", <$ty as TS>::decl($cfg))),*]
        };
    }

    fn contract() -> String {
        // Every number the UI receives fits a double: times are milliseconds.
        let cfg = Config::new().with_large_int("number");
        let cfg = &cfg;
        let mut types = declarations![cfg;
            // Identity, errors.
            serde_json::Value, DocumentId, BlobHash, Role, CommandError,
            // Templates.
            Text, Scale, Item, Section, ChecklistTemplate, Theme, PhotovoiceTemplate,
            WrapUpCategory, ParticipantGroup, RatingLevel, KeyFactor, ContextFactor,
            BenchmarkTemplate, Choice,
            SizeRange,
            FocusThemeTemplate, InclusionLevel,
            DeskTemplate, FocusTemplate,
            MethodsTemplate, TranslationReview,
            crate::templates::TemplateSet, crate::templates::TextKind, crate::templates::Part,
            crate::templates::TemplateProblem, crate::templates::ProblemKind,
            crate::templates::ChangeKind, crate::templates::TextChange,
            crate::templates::TemplateDiff,
            crate::commands::templates::TemplatePreview, crate::commands::templates::LanguageReview,
            crate::commands::templates::CheckTemplateCommand,
            crate::commands::templates::TemplateSource,
            // The participant's screens.
            TemplateChoice, Location, LocationSource, PlannedStop, PhotovoiceWindow, Score,
            AnswerValueView, SessionView, PlannedStopView, AuditView, LocationView, AnswerView,
            StopView, PhotoView, ResponseView, SyncState, UploadView, SyncStatusView, AnswerSaved,
            Progress, ResponseProgress,
            // The facilitator's screens.
            ScoreStats, ItemResult, SectionResult, ChecklistResults, GroupResult, StopResult,
            InvalidValue, FlagRule, Change, Comparison, AuditResults, Comment, CommentsView,
            Phrase, Problem, BalanceCount, RosterBalance, ParticipantProgress, ProgressTotals,
            ProgressView,
            AuditSummary, ExportFormat, ExportResult, ReviewPhoto,
            LatLon, MapStop, MapPhoto, MapTrack, MapHotSpot, LegendShape, MapLegendEntry,
            ScoreColour, MapFeatures, Invite, TrackingState, RecordPositionResult,
            crate::basemap::TileType, crate::basemap::BaseMapInfo,
            ConsensusRecord, AreaIdeas, ReportText, FacilitatorRecords,
            // Desk research, focus groups, the benchmark.
            MethodRecord, Added, Assessment, PolicyDocument, Institution, DeskSummary,
            crate::model::methods::FocusTheme, HotSpot, FocusGroup, MethodRecords,
            GroupSize, Balance, FocusOverview, MethodsView,
            FactorAssessment, ContextNotes, LevelCount, BenchmarkRecords, BenchmarkView,
            // What the UI sends.
            JoinCommand, PickedFile, AddPhotoCommand, EditPhotoCommand, AcceptPhotoTermsCommand,
            PositionInput, PlannedStopInput, TimeWindow, CreateAuditCommand,
            CreateInviteCommand, InviteView, ResultsCommand, ConsensusCommand,
            AreaIdeasCommand, WrapUpCommand, ReportTextCommand, MarkPhotoCommand,
            RecordRef, NewRecord, FieldValue, NewHotSpot, SummaryText, BenchmarkField,
            ShowNames, QuoteComment, EarlierAuditCommand, crate::media::NewReceivedPhoto, AddReceivedPhotoCommand, ReceivedPhotoRef,
            crate::commands::basemap::AttachBaseMapCommand, crate::commands::basemap::BaseMapRangeCommand,
            TrackConsentCommand, SetTrackingCommand, RecordPositionCommand, ReplayGpxCommand,
        ];
        types.insert(
            0,
            "// Generated from cityaudit-core's types by core/src/contract.rs: do not edit.\n\
             // Rewrite: CITYAUDIT_WRITE_CONTRACT=1 cargo test -p cityaudit-core contract"
                .to_owned(),
        );
        types.join("\n\n") + "\n"
    }

    #[test]
    fn the_ui_contract_is_generated_from_core_types() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated/contract.ts");
        let wanted = contract();
        if std::env::var_os("CITYAUDIT_WRITE_CONTRACT").is_some() {
            std::fs::create_dir_all(path.parent().expect("folder")).expect("create folder");
            std::fs::write(&path, &wanted).expect("write the contract");
        }
        let found = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            found == wanted,
            "ui/src/generated/contract.ts differs from core's types: rerun with CITYAUDIT_WRITE_CONTRACT=1"
        );
    }
}
