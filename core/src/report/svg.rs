//! Inline SVG charts and the offline map of the report (no network, no
//! scripts): score distributions per statement, area means per group, and
//! stops, photos and tracks in Web Mercator (the app's map's projection).

use geo_types::Point;

use super::basemap_layer::BaseLayer;
use super::blocks::esc;
use super::projection::Fit;
use crate::analysis::ItemResult;

/// Colours of scores 1 (poor) to 5 (excellent), then "don't know".
const SCORE_COLOURS: [&str; 6] = [
    "#c0392b", "#e67e22", "#f1c40f", "#7fb800", "#1e8449", "#aab7b8",
];
/// Colours of the series (groups) of the area means chart.
const SERIES_COLOURS: [&str; 8] = [
    "#1f4e79", "#e67e22", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400",
];

/// A stacked bar per statement: how many gave each score, and "don't know".
pub fn distribution(items: &[ItemResult], labels: &[String]) -> String {
    let row = 22.0;
    let label_w = 90.0;
    let bar_w = 380.0;
    let height = row * items.len() as f64 + 30.0;
    let most = items
        .iter()
        .map(|i| i.counts.iter().sum::<usize>() + i.dont_know)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\" role=\"img\">",
        w = label_w + bar_w + 40.0
    );
    for (i, (item, label)) in items.iter().zip(labels).enumerate() {
        let y = row * i as f64;
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"11\">{}</text>",
            y + 14.0,
            esc(label)
        ));
        let mut x = label_w;
        let counts = item.counts.iter().copied().chain([item.dont_know]);
        for (k, count) in counts.enumerate() {
            if count == 0 {
                continue;
            }
            let w = bar_w * count as f64 / most;
            svg.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"16\" fill=\"{}\"><title>{}: {count}</title></rect>",
                y + 2.0,
                SCORE_COLOURS[k],
                if k < 5 { format!("score {}", k + 1) } else { "don't know".into() }
            ));
            x += w;
        }
    }
    let legend_y = row * items.len() as f64 + 14.0;
    for (k, colour) in SCORE_COLOURS.iter().enumerate() {
        let x = label_w + 60.0 * k as f64;
        let name = if k < 5 {
            (k + 1).to_string()
        } else {
            "?".into()
        };
        svg.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{}\" y=\"{legend_y}\" font-size=\"10\">{name}</text>",
            legend_y - 9.0,
            x + 13.0
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// Grouped bars: per area, one bar per series (e.g. all participants and each group), 0-5.
pub fn grouped_means(areas: &[String], series: &[(String, Vec<Option<f64>>)]) -> String {
    let group_w = 40.0 + 18.0 * series.len() as f64;
    let width = 40.0 + group_w * areas.len() as f64;
    let plot_h = 160.0;
    let legend_h = 16.0 * series.len() as f64;
    let height = plot_h + 40.0 + legend_h;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\">"
    );
    for tick in 0..=5 {
        let y = 10.0 + plot_h - plot_h * f64::from(tick) / 5.0;
        svg.push_str(&format!(
            "<line x1=\"30\" x2=\"{width}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"18\" y=\"{}\" font-size=\"10\">{tick}</text>",
            y + 3.0
        ));
    }
    for (a, area) in areas.iter().enumerate() {
        let x0 = 40.0 + group_w * a as f64;
        for (s, (_, means)) in series.iter().enumerate() {
            if let Some(Some(mean)) = means.get(a) {
                let h = plot_h * mean / 5.0;
                svg.push_str(&format!(
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"16\" height=\"{h:.1}\" fill=\"{}\"><title>{mean:.2}</title></rect>",
                    x0 + 18.0 * s as f64,
                    10.0 + plot_h - h,
                    SERIES_COLOURS[s % SERIES_COLOURS.len()]
                ));
            }
        }
        svg.push_str(&format!(
            "<text x=\"{x0}\" y=\"{}\" font-size=\"10\">{}</text>",
            plot_h + 24.0,
            esc(area)
        ));
    }
    for (s, (name, _)) in series.iter().enumerate() {
        let y = plot_h + 38.0 + 16.0 * s as f64;
        svg.push_str(&format!(
            "<rect x=\"40\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"54\" y=\"{y}\" font-size=\"10\">{}</text>",
            y - 9.0,
            SERIES_COLOURS[s % SERIES_COLOURS.len()],
            esc(name)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// What the map shows; points have x = longitude, y = latitude.
#[derive(Debug, Default)]
pub struct MapLayers {
    /// Planned stops: label and position.
    pub planned: Vec<(String, Point<f64>)>,
    /// Stop visits.
    pub visits: Vec<Point<f64>>,
    /// Photos: title and position.
    pub photos: Vec<(String, Point<f64>)>,
    /// Tracks, each at least two points.
    pub tracks: Vec<Vec<Point<f64>>>,
}

/// The map in Web Mercator (as the app's map), fitted to the points, over
/// the base map layer when there is one; `None` when nothing has a position.
pub fn map_over(layers: &MapLayers, base: Option<&dyn BaseLayer>) -> Option<String> {
    let all: Vec<Point<f64>> = layers
        .planned
        .iter()
        .map(|(_, p)| *p)
        .chain(layers.visits.iter().copied())
        .chain(layers.photos.iter().map(|(_, p)| *p))
        .chain(layers.tracks.iter().flatten().copied())
        .collect();
    let (w, h, pad) = (640.0, 420.0, 30.0);
    let fit = Fit::new(&all, w, h, pad)?;
    let project = |point: &Point<f64>| {
        let at = fit.project(*point);
        (at.x, at.y)
    };
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\"><rect width=\"{w}\" height=\"{h}\" fill=\"#f4f6f4\" stroke=\"#999\"/>"
    );
    if let Some(base) = base {
        svg.push_str(&base.draw(&fit, w, h));
    }
    for track in &layers.tracks {
        let points: Vec<String> = track
            .iter()
            .map(|point| {
                let (x, y) = project(point);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        svg.push_str(&format!(
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" stroke-opacity=\"0.7\"/>",
            points.join(" ")
        ));
    }
    for point in &layers.visits {
        let (x, y) = project(point);
        svg.push_str(&format!(
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#2e8b57\" class=\"visit\"/>"
        ));
    }
    for (title, point) in &layers.photos {
        let (x, y) = project(point);
        svg.push_str(&format!(
            "<path d=\"M{x:.1} {:.1} l6 10 h-12 z\" fill=\"#e67e22\" class=\"photo\"><title>{}</title></path>",
            y - 6.0,
            esc(title)
        ));
    }
    for (i, (label, point)) in layers.planned.iter().enumerate() {
        let (x, y) = project(point);
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"14\" height=\"14\" fill=\"#1f4e79\" class=\"planned\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#fff\">{}</text><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\">{}</text>",
            x - 7.0,
            y - 7.0,
            x - 3.0,
            y + 4.0,
            i + 1,
            x + 10.0,
            y + 4.0,
            esc(label)
        ));
    }
    svg.push_str(&format!(
        "<text x=\"8\" y=\"{}\" font-size=\"10\">■ planned stop  ● stop visit  ▲ photo  — track</text></svg>",
        h - 8.0
    ));
    Some(svg)
}
