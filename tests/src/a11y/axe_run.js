// Runs axe-core (injected as arguments[0] when the page lacks it) on the
// whole page with the WCAG 2.2 AA rule sets; answers the violations as
// {rule, impact, help, nodes: [{target, summary}]}. A mark on a Leaflet
// map is a pointer shortcut to an entry of the page's list of places
// (#places-list, buttons of 44 px): target-size findings on marks are kept
// apart as `excepted` (WCAG 2.5.8's "equivalent" exception), and only when
// that list is on the page.
const done = arguments[arguments.length - 1];
if (!window.axe) {
  (0, eval)(arguments[0]);
}
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
axe
  .run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
  .then(
    (result) => {
      const list = document.getElementById("places-list");
      const hasList = list !== null && list.querySelector("button") !== null;
      const violations = [];
      let excepted = 0;
      for (const v of result.violations) {
        const nodes = [];
        for (const node of v.nodes) {
          const element = document.querySelector(node.target[0]);
          const isMark = element !== null && element.closest(".leaflet-marker-pane") !== null;
          if (v.id === "target-size" && isMark && hasList) {
            excepted += 1;
            continue;
          }
          nodes.push({ target: node.target.join(" "), summary: node.failureSummary || "" });
        }
        if (nodes.length > 0) violations.push({ rule: v.id, impact: v.impact, help: v.help, nodes });
      }
      done({ violations, excepted, rules: result.testEngine ? result.testEngine.version : "" });
    },
    (error) => done({ error: String(error) }),
  );
