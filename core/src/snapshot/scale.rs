//! The one score colour scale of the map, shared by the app (sent in
//! `MapFeatures.scoreScale` and `MapStop.colour`) and the report's SVG map,
//! and the fixed colours of the other map features.
//!
//! The scale is ColorBrewer's 5-class **RdYlBu**, a *diverging* scale:
//! the checklist's 1 ("poor") to 5 ("excellent") scale has a meaningful
//! middle (3), which a diverging scale shows as its pale centre, with the
//! two ends in hues that stay apart for the common colour-vision
//! deficiencies (red-orange against blue; no red-green pair). ColorBrewer
//! marks this scheme colour-blind safe. Its pale middle step is light, so
//! markers are drawn with a dark outline, and the score is also written
//! in each marker's title. Stops without a score get a neutral grey that
//! is not on the scale.

use serde::Serialize;

/// Colours of scores 1 (poor) to 5 (excellent): ColorBrewer RdYlBu, 5 classes.
pub const SCORE_COLOURS: [&str; 5] = ["#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6"];

/// The colour of a stop that has no score (and of the stop kinds in the legend).
pub const NO_SCORE_COLOUR: &str = "#969696";
/// Photos.
pub const PHOTO_COLOUR: &str = "#7b3294";
/// Participants' walk tracks.
pub const TRACK_COLOUR: &str = "#01665e";
/// The planned route.
pub const ROUTE_COLOUR: &str = "#4d4d4d";
/// Hot spots named in focus groups.
pub const HOT_SPOT_COLOUR: &str = "#000000";

/// One step of the score scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ScoreColour {
    /// The score, 1 to 5.
    pub score: u8,
    /// CSS hex colour.
    pub colour: String,
}

/// The whole scale, score 1 first.
pub fn score_scale() -> Vec<ScoreColour> {
    (1u8..=5)
        .zip(SCORE_COLOURS)
        .map(|(score, colour)| ScoreColour {
            score,
            colour: colour.to_owned(),
        })
        .collect()
}

/// The scale step a mean score falls in: the nearest whole score (halves
/// round up, so 2.5 shows as 3), clamped to 1..=5; `None` for no score or
/// a value that is not a number.
pub fn score_step(mean: Option<f64>) -> Option<u8> {
    let mean = mean.filter(|m| m.is_finite())?;
    // Clamped to 1..=5 first, so the cast is lossless.
    Some(mean.clamp(1.0, 5.0).round() as u8)
}

/// The colour of a mean score, or the neutral colour without one.
pub fn score_colour(mean: Option<f64>) -> &'static str {
    score_step(mean).map_or(NO_SCORE_COLOUR, |step| SCORE_COLOURS[usize::from(step - 1)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_take_the_colour_of_the_nearest_score() {
        assert_eq!(score_colour(Some(1.0)), SCORE_COLOURS[0]);
        assert_eq!(score_colour(Some(2.49)), SCORE_COLOURS[1]);
        assert_eq!(score_colour(Some(2.5)), SCORE_COLOURS[2]);
        assert_eq!(score_colour(Some(5.0)), SCORE_COLOURS[4]);
        assert_eq!(score_colour(Some(9.0)), SCORE_COLOURS[4], "clamped");
        assert_eq!(score_colour(None), NO_SCORE_COLOUR);
        assert_eq!(score_colour(Some(f64::NAN)), NO_SCORE_COLOUR);
    }

    #[test]
    fn the_scale_has_five_distinct_steps_and_a_neutral_colour_off_it() {
        let scale = score_scale();
        assert_eq!(scale.len(), 5);
        let mut colours: Vec<&str> = scale.iter().map(|s| s.colour.as_str()).collect();
        colours.push(NO_SCORE_COLOUR);
        colours.sort_unstable();
        colours.dedup();
        assert_eq!(colours.len(), 6);
    }
}
