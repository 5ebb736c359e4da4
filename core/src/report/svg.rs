//! Inline SVG charts and the offline map of the report (no network, no
//! scripts): score distributions per statement, area means per group, and
//! stops, photos and tracks in Web Mercator (the app's map's projection).

use geo_types::Point;

use super::basemap_layer::BaseLayer;
use super::blocks::esc;
use super::projection::Fit;
use super::words::Words;
use crate::analysis::ItemResult;
use crate::export::{LatLon, LegendShape, MapFeatures, MapStop};
use crate::snapshot::scale;

/// Colours of scores 1 (poor) to 5 (excellent), then "don't know": the
/// map's one score scale ([`scale::SCORE_COLOURS`]) and its neutral colour.
const SCORE_COLOURS: [&str; 6] = [
    scale::SCORE_COLOURS[0],
    scale::SCORE_COLOURS[1],
    scale::SCORE_COLOURS[2],
    scale::SCORE_COLOURS[3],
    scale::SCORE_COLOURS[4],
    scale::NO_SCORE_COLOUR,
];
/// Colours of the series (groups) of the area means chart.
const SERIES_COLOURS: [&str; 8] = [
    "#1f4e79", "#e67e22", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400",
];

/// A stacked bar per statement: how many gave each score, and "don't know".
pub fn distribution(items: &[ItemResult], labels: &[String], words: &Words) -> String {
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
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"16\" fill=\"{}\"><title>{}: {}</title></rect>",
                y + 2.0,
                SCORE_COLOURS[k],
                if k < 5 {
                    words.f("chart.score", &[("score", &words.count(k + 1))])
                } else {
                    words.t("chart.dontKnow")
                },
                words.count(count)
            ));
            x += w;
        }
    }
    let legend_y = row * items.len() as f64 + 14.0;
    for (k, colour) in SCORE_COLOURS.iter().enumerate() {
        let x = label_w + 60.0 * k as f64;
        let name = if k < 5 {
            words.count(k + 1)
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
pub fn grouped_means(
    areas: &[String],
    series: &[(String, Vec<Option<f64>>)],
    words: &Words,
) -> String {
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
            "<line x1=\"30\" x2=\"{width}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"18\" y=\"{}\" font-size=\"10\">{}</text>",
            y + 3.0,
            words.count(tick)
        ));
    }
    for (a, area) in areas.iter().enumerate() {
        let x0 = 40.0 + group_w * a as f64;
        for (s, (_, means)) in series.iter().enumerate() {
            if let Some(Some(mean)) = means.get(a) {
                let h = plot_h * mean / 5.0;
                svg.push_str(&format!(
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"16\" height=\"{h:.1}\" fill=\"{}\"><title>{}</title></rect>",
                    x0 + 18.0 * s as f64,
                    10.0 + plot_h - h,
                    SERIES_COLOURS[s % SERIES_COLOURS.len()],
                    words.fixed(*mean, 2)
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

/// The report's words for a legend entry: the legend's catalogue keys are
/// the report catalogue's (in English the same words as
/// `ui/src/i18n/en.json`, which a test checks).
pub fn legend_label(words: &Words, key: &str) -> String {
    words.t(key)
}

/// Width of the map's SVG.
const MAP_W: f64 = 640.0;
/// Height of the map area (the legend and the list of stops follow below).
const MAP_H: f64 = 420.0;
/// A generous estimate of one character's width at the labels' 11px size,
/// so that text kept within the width stays inside the view box.
const CHAR_W: f64 = 7.0;

/// `text` cut to at most `max` characters, with an ellipsis when cut.
fn fit_text(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Black or white, whichever reads better on `fill` (a `#rrggbb` colour).
fn ink_on(fill: &str) -> &'static str {
    let channel = |i: usize| {
        fill.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, f64::from)
    };
    let luma = 0.299 * channel(1) + 0.587 * channel(3) + 0.114 * channel(5);
    if luma > 140.0 {
        "#000"
    } else {
        "#fff"
    }
}

/// The map in Web Mercator (as the app's map), fitted to the features,
/// drawn from the same [`MapFeatures`] as the app's map and the GeoJSON:
/// the route, tracks, stop visits and photos, hot spots, and planned stops
/// as numbered squares in their score colour; below it the legend of what
/// is drawn (colours identical to the markers) and the numbered list of
/// planned stops, every text kept inside the view box; over the base map
/// layer when there is one. `None` when nothing has a position.
pub fn map(features: &MapFeatures, base: Option<&dyn BaseLayer>, words: &Words) -> Option<String> {
    let point = |lat: f64, lon: f64| Point::new(lon, lat);
    let all: Vec<Point<f64>> = features
        .stops
        .iter()
        .map(|s| point(s.lat, s.lon))
        .chain(features.photos.iter().map(|p| point(p.lat, p.lon)))
        .chain(features.hot_spots.iter().map(|h| point(h.lat, h.lon)))
        .chain(
            features
                .tracks
                .iter()
                .flat_map(|t| &t.points)
                .map(|p| point(p.lat, p.lon)),
        )
        .collect();
    let (w, pad) = (MAP_W, 30.0);
    let fit = Fit::new(&all, w, MAP_H, pad)?;
    let project = |lat: f64, lon: f64| {
        let at = fit.project(point(lat, lon));
        (at.x, at.y)
    };
    let mut body = String::new();
    let polyline = |points: &[LatLon], colour: &str, dash: &str, class: &str| {
        let coords: Vec<String> = points
            .iter()
            .map(|p| {
                let (x, y) = project(p.lat, p.lon);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        format!(
            "<polyline class=\"{class}\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>",
            coords.join(" ")
        )
    };
    if !features.route.is_empty() {
        body.push_str(&polyline(
            &features.route,
            scale::ROUTE_COLOUR,
            " stroke-dasharray=\"6 4\"",
            "route",
        ));
    }
    for track in &features.tracks {
        body.push_str(&polyline(&track.points, scale::TRACK_COLOUR, "", "track"));
    }
    for stop in features.stops.iter().filter(|s| s.kind == "visited") {
        let (x, y) = project(stop.lat, stop.lon);
        body.push_str(&format!(
            "<circle class=\"visit\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{}\" stroke=\"#333\"><title>{}{}</title></circle>",
            stop.colour,
            esc(&stop.name_of_area),
            score_note(words, stop.mean_score)
        ));
    }
    for photo in &features.photos {
        let (x, y) = project(photo.lat, photo.lon);
        body.push_str(&format!(
            "<circle class=\"photo\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{}\" stroke=\"#fff\"><title>{}</title></circle>",
            scale::PHOTO_COLOUR,
            esc(&photo.title)
        ));
    }
    for spot in &features.hot_spots {
        let (x, y) = project(spot.lat, spot.lon);
        body.push_str(&format!(
            "<rect class=\"hot-spot\" x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\" stroke=\"#fff\"><title>{}</title></rect>",
            x - 5.0,
            y - 5.0,
            scale::HOT_SPOT_COLOUR,
            esc(&spot.label)
        ));
    }
    let planned: Vec<&MapStop> = features
        .stops
        .iter()
        .filter(|s| s.kind == "planned")
        .collect();
    for stop in &planned {
        let (x, y) = project(stop.lat, stop.lon);
        let number = stop.order.map_or_else(String::new, |n| words.count(n));
        body.push_str(&format!(
            "<rect class=\"planned\" x=\"{:.1}\" y=\"{:.1}\" width=\"18\" height=\"18\" fill=\"{}\" stroke=\"#333\"><title>{}{}</title></rect><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{}\">{number}</text>",
            x - 9.0,
            y - 9.0,
            stop.colour,
            esc(&stop.name_of_area),
            score_note(words, stop.mean_score),
            y + 3.5,
            ink_on(&stop.colour),
        ));
    }
    // The legend, wrapped into rows, then one line per planned stop.
    let mut below = String::new();
    let (mut x, mut y) = (8.0, MAP_H + 20.0);
    for entry in &features.legend {
        let label = legend_label(words, &entry.key);
        let width = 20.0 + CHAR_W * label.chars().count() as f64 + 14.0;
        if x + width > w && x > 8.0 {
            x = 8.0;
            y += 18.0;
        }
        let glyph = match entry.shape {
            LegendShape::Circle => format!(
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"5\" fill=\"{}\" stroke=\"#333\"/>",
                x + 6.0,
                y - 4.0,
                entry.colour
            ),
            LegendShape::Square => format!(
                "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\" stroke=\"#333\"/>",
                y - 10.0,
                entry.colour
            ),
            LegendShape::Line => format!(
                "<line x1=\"{x:.1}\" x2=\"{:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\" stroke-width=\"2.5\"/>",
                x + 14.0,
                y - 4.0,
                y - 4.0,
                entry.colour
            ),
        };
        below.push_str(&format!(
            "<g class=\"legend\" data-key=\"{}\">{glyph}<text x=\"{:.1}\" y=\"{y:.1}\" font-size=\"11\">{}</text></g>",
            esc(&entry.key),
            x + 20.0,
            esc(&label)
        ));
        x += width;
    }
    let max_chars = ((w - 16.0) / CHAR_W) as usize;
    for stop in &planned {
        y += 16.0;
        let mut line = stop
            .order
            .map_or_else(String::new, |n| format!("{}. ", words.count(n)));
        line.push_str(&stop.name_of_area);
        if !stop.specific_location.is_empty() {
            line.push_str(" — ");
            line.push_str(&stop.specific_location);
        }
        below.push_str(&format!(
            "<text class=\"stop-name\" x=\"8\" y=\"{y:.1}\" font-size=\"11\">{}</text>",
            esc(&fit_text(&line, max_chars))
        ));
    }
    let h = y + 10.0;
    let under = base.map_or_else(String::new, |base| base.draw(&fit, w, MAP_H));
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\"><rect width=\"{w}\" height=\"{MAP_H}\" fill=\"#f4f6f4\" stroke=\"#999\"/>{under}{body}{below}</svg>"
    ))
}

/// ", mean score 3.4" for a marker's title, or nothing.
fn score_note(words: &Words, mean: Option<f64>) -> String {
    mean.map_or_else(String::new, |m| {
        words.f("map.meanScore", &[("mean", &words.fixed(m, 1))])
    })
}
