// What lacks a text alternative: a map (Leaflet draws on canvas) without a
// name or without a list of its places (aria-details), a chart without a
// name, the area means chart without its table, an image without alt text.
const problems = [];
for (const map of document.querySelectorAll("[data-testid=map-canvas]")) {
  if (!(map.getAttribute("aria-label") || "").trim()) problems.push("a map has no name");
  const details = map.getAttribute("aria-details");
  const list = details ? document.getElementById(details) : null;
  if (list === null) problems.push("a map has no list of its places (aria-details)");
  else if (list.querySelectorAll("li").length === 0) problems.push("the map's list of places is empty");
}
for (const canvas of document.querySelectorAll("canvas")) {
  if (!canvas.closest("[data-testid=map-canvas]") && !canvas.getAttribute("aria-label"))
    problems.push("a canvas outside a named map");
}
for (const chart of document.querySelectorAll("svg.chart")) {
  if (chart.getAttribute("role") !== "img" || !(chart.getAttribute("aria-label") || "").trim())
    problems.push(`the chart ${chart.getAttribute("data-testid")} has no name`);
}
for (const chart of document.querySelectorAll("[data-testid=chart-area-means]")) {
  const table = chart.parentElement?.querySelector("table");
  const bars = chart.querySelectorAll("rect.bar").length;
  const cells = table ? table.querySelectorAll("tbody td").length : 0;
  if (cells !== bars) problems.push(`the area means chart has ${bars} bars and ${cells} table cells`);
}
for (const image of document.querySelectorAll("img")) {
  if (!image.hasAttribute("alt")) problems.push(`an image without alt: ${image.src.slice(0, 60)}`);
}
return problems;
