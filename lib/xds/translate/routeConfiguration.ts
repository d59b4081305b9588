import { isCatchAll } from "@/lib/mesh/rules";
import type { HeaderChanges, RouteRule, Service } from "@/lib/mesh/schema";
import type { RouteScope, TranslationContext } from "./context";
import type {
  HeaderValueOption,
  HttpFaultConfig,
  PerFilterConfig,
  Route,
  RouteConfiguration,
} from "./envoyTypes";
import { completeFaultConfig, faultConfig } from "./filters";
import { DEFAULT_ROUTE_NAME, HTTP_FILTER_NAMES, ruleRouteName } from "./names";
import { translateAction } from "./routeAction";
import { translateMatch } from "./routeMatch";

/**
 * One RouteConfiguration per service, named after it, with one virtual host for the service's names.
 * Rules become routes in order; when the last rule is not a catch-all, a `#default` route sends all
 * remaining traffic to the whole service (plain, without the rules' retries or faults).
 */
export function buildRouteConfiguration(service: Service, ctx: TranslationContext): RouteConfiguration {
  const rules = service.routes ?? [];
  const routes = rules.flatMap((rule, index) =>
    ruleRoutes(service, rule, ruleRouteName(rule.name, index), ctx),
  );
  const last = rules[rules.length - 1];
  if (!last || !isCatchAll(last.match)) {
    const scope = scopeOf(service, DEFAULT_ROUTE_NAME);
    const { action, rateLimit } = translateAction({ destinations: [{ service: service.name }] }, scope, ctx);
    const route: Route = { name: DEFAULT_ROUTE_NAME, match: { prefix: "/" }, route: action };
    if (rateLimit) route.typed_per_filter_config = { [HTTP_FILTER_NAMES.localRateLimit]: rateLimit };
    routes.push(route);
  }
  if (ctx.capabilities.faultOverrideOnEveryRoute) {
    for (const route of routes) {
      const existing = route.typed_per_filter_config?.[HTTP_FILTER_NAMES.fault] as
        | HttpFaultConfig
        | undefined;
      route.typed_per_filter_config = {
        ...route.typed_per_filter_config,
        [HTTP_FILTER_NAMES.fault]: completeFaultConfig(existing),
      };
    }
  }
  return { name: service.name, virtual_hosts: [{ name: service.name, domains: domainsOf(service), routes }] };
}

/** Host names a client may use for the service, with or without a port. */
export function domainsOf(service: Service): string[] {
  const names = [service.name];
  if (service.namespace !== undefined) names.push(`${service.name}.${service.namespace}`);
  return names.flatMap((name) => [name, `${name}:*`]);
}

function scopeOf(service: Service, routeName: string): RouteScope {
  return {
    resource: `RouteConfiguration/${service.name}`,
    field: `virtual_hosts[${service.name}].routes[${routeName}]`,
  };
}

/** Usually one route per rule; none or two when the client needs the rule expressed differently. */
function ruleRoutes(service: Service, rule: RouteRule, name: string, ctx: TranslationContext): Route[] {
  const scope = scopeOf(service, name);
  if ((rule.match?.query?.length ?? 0) > 0 && !ctx.capabilities.queryMatchers) {
    // The client would ignore the query condition and match far more requests than intended.
    ctx.downgrade({
      ...scope,
      field: scope.field,
      from: "query parameter match",
      to: "omitted (rule dropped)",
    });
    return [];
  }
  const route = baseRoute(rule, name, scope, ctx);
  const faultHeaders = rule.fault?.headers ?? [];
  const fault = faultConfig(rule.fault, ctx, ctx.capabilities.faultHeaders);
  if (!fault) return [route];
  if (faultHeaders.length === 0 || ctx.capabilities.faultHeaders) {
    route.typed_per_filter_config = { ...route.typed_per_filter_config, [HTTP_FILTER_NAMES.fault]: fault };
    return [route];
  }
  // The client ignores HTTPFault.headers: an extra route carrying the fault and matching the rule plus
  // the fault's headers, placed first, applies the fault to exactly the same requests.
  const faultRouteName = `${name}#fault`;
  ctx.downgrade({
    ...scope,
    field: `${scope.field}.typed_per_filter_config[${HTTP_FILTER_NAMES.fault}].headers`,
    from: "fault header match",
    to: `route ${faultRouteName} matching those headers`,
    reason: `${ctx.capabilities.client} ignores HTTPFault.headers`,
  });
  const faultRoute: Route = {
    ...baseRoute(rule, faultRouteName, scopeOf(service, faultRouteName), ctx),
    match: translateMatch(rule.match, faultHeaders),
  };
  faultRoute.typed_per_filter_config = {
    ...faultRoute.typed_per_filter_config,
    [HTTP_FILTER_NAMES.fault]: fault,
  };
  return [faultRoute, route];
}

function baseRoute(rule: RouteRule, name: string, scope: RouteScope, ctx: TranslationContext): Route {
  const { action, rateLimit } = translateAction(rule, scope, ctx);
  const route: Route = { name, match: translateMatch(rule.match), route: action };
  const perFilter: PerFilterConfig = {};
  if (rateLimit) perFilter[HTTP_FILTER_NAMES.localRateLimit] = rateLimit;
  if (Object.keys(perFilter).length > 0) route.typed_per_filter_config = perFilter;
  applyHeaderChanges(route, rule, scope, ctx);
  return route;
}

function applyHeaderChanges(route: Route, rule: RouteRule, scope: RouteScope, ctx: TranslationContext): void {
  const changes: [HeaderChanges | undefined, "request" | "response"][] = [
    [rule.requestHeaders, "request"],
    [rule.responseHeaders, "response"],
  ];
  for (const [change, direction] of changes) {
    if (!change) continue;
    if (!ctx.capabilities.headerMutations) {
      ctx.downgrade({
        ...scope,
        field: `${scope.field}.${direction}_headers_to_add`,
        from: `${direction} header changes`,
        to: "omitted",
      });
      continue;
    }
    const add = headerOptions(change);
    const remove = [...(change.remove ?? [])].sort();
    if (add.length > 0) route[`${direction}_headers_to_add`] = add;
    if (remove.length > 0) route[`${direction}_headers_to_remove`] = remove;
  }
}

/** `set` overwrites, `add` appends; sorted by name so equal configs give byte-equal resources. */
function headerOptions(change: HeaderChanges): HeaderValueOption[] {
  const option =
    (append_action: HeaderValueOption["append_action"]) =>
    ([key, value]: [string, string]) => ({
      header: { key, value },
      append_action,
    });
  const sorted = (headers: Record<string, string> | undefined) =>
    Object.entries(headers ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [
    ...sorted(change.set).map(option("OVERWRITE_IF_EXISTS_OR_ADD")),
    ...sorted(change.add).map(option("APPEND_IF_EXISTS_OR_ADD")),
  ];
}
