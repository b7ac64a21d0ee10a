import type { RouteSpec } from '../format/fields.ts';

// The command that gives a machine a route, the same for declared routes and route steps, on any backend.
export function routeCommand(route: RouteSpec): string {
  return `ip ${route.via.includes(':') ? '-6' : '-4'} route replace ${route.to} via ${route.via}`;
}
