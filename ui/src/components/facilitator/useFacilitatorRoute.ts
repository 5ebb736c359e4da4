import { useEffect, useState } from "preact/hooks";

/** The facilitator's screens, in the order of the work. */
export const FACILITATOR_ROUTES = [
  "prepare",
  "benchmark",
  "desk",
  "focus",
  "progress",
  "results",
  "consensus",
  "review",
  "map",
  "report",
  "settings",
] as const;
export type FacilitatorRoute = (typeof FACILITATOR_ROUTES)[number];

/** The route of a location hash ("#/results"), Prepare by default. */
export function facilitatorRouteOf(hash: string): FacilitatorRoute {
  const name = hash.replace(/^#\/?/, "");
  return (FACILITATOR_ROUTES as readonly string[]).includes(name)
    ? (name as FacilitatorRoute)
    : "prepare";
}

/** The facilitator screen shown, kept in the location hash (the back button works). */
export function useFacilitatorRoute(): [FacilitatorRoute, (route: FacilitatorRoute) => void] {
  const [route, setRoute] = useState(() => facilitatorRouteOf(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(facilitatorRouteOf(window.location.hash));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  const go = (next: FacilitatorRoute) => {
    if (facilitatorRouteOf(window.location.hash) !== next) window.location.hash = `#/${next}`;
    setRoute(next);
    window.scrollTo({ top: 0 });
  };
  return [route, go];
}
