//! Descriptive statistics of scores.

use serde::Serialize;

/// Two means closer than this count as equal (ties in rankings).
pub const TIE_TOLERANCE: f64 = 1e-9;

/// n, mean, median, min, max and (population) standard deviation of scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ScoreStats {
    /// Number of scores.
    pub n: usize,
    /// Mean, when n > 0.
    pub mean: Option<f64>,
    /// Median, when n > 0.
    pub median: Option<f64>,
    /// Lowest score.
    pub min: Option<f64>,
    /// Highest score.
    pub max: Option<f64>,
    /// Population standard deviation, when n > 0.
    pub sd: Option<f64>,
}

impl ScoreStats {
    /// Statistics of `scores`.
    pub fn of(scores: &[f64]) -> Self {
        let n = scores.len();
        let mut sorted = scores.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mean = mean_of(scores.iter().copied());
        let median = match n {
            0 => None,
            _ if n % 2 == 1 => Some(sorted[n / 2]),
            _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
        };
        let sd = mean.map(|m| {
            let variance = scores.iter().map(|s| (s - m).powi(2)).sum::<f64>() / n as f64;
            variance.sqrt()
        });
        ScoreStats {
            n,
            mean,
            median,
            min: sorted.first().copied(),
            max: sorted.last().copied(),
            sd,
        }
    }

    /// Highest minus lowest score, when n > 0.
    pub fn range(&self) -> Option<f64> {
        Some(self.max? - self.min?)
    }
}

/// Mean of the values, `None` when there are none.
pub fn mean_of(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_match_hand_computed_values() {
        let s = ScoreStats::of(&[1.0, 5.0, 3.0, 3.0]);
        assert_eq!(s.n, 4);
        assert_eq!(s.mean, Some(3.0));
        assert_eq!(s.median, Some(3.0));
        assert_eq!((s.min, s.max), (Some(1.0), Some(5.0)));
        assert_eq!(s.range(), Some(4.0));
        // deviations 4,4,0,0 -> variance 2 -> sd sqrt(2)
        assert!((s.sd.unwrap() - 2f64.sqrt()).abs() < 1e-12);
        let odd = ScoreStats::of(&[2.0, 4.0, 5.0]);
        assert_eq!(odd.median, Some(4.0));
        assert_eq!(ScoreStats::of(&[]).mean, None);
        assert_eq!(ScoreStats::of(&[]).range(), None);
    }
}
