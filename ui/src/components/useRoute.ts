import { useEffect, useState } from "preact/hooks";

export const ROUTES = ["checklist", "stops", "photos", "map", "settings"] as const;
export type Route = (typeof ROUTES)[number];

/** The route of a location hash ("#/stops"), checklist by default. */
export function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, "");
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : "checklist";
}

/** The screen shown, kept in the location hash so Android's back button works. */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(routeOf(window.location.hash));
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  const go = (next: Route) => {
    if (routeOf(window.location.hash) !== next) window.location.hash = `#/${next}`;
    setRoute(next);
    window.scrollTo({ top: 0 });
  };
  return [route, go];
}
