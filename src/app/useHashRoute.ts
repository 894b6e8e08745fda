/** Tab routing by URL hash (#/classify, #/models, ...); the apps are listed in app/panels.tsx. */
import { useEffect, useState } from 'react';
import { DEFAULT_ROUTE, PANELS } from './panels';

export type Route = string;

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return PANELS.some((panel) => panel.route === name) ? name : DEFAULT_ROUTE;
}

export function routeHref(route: Route): string {
  return `#/${route}`;
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
