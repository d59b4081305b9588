import { describe, expect, it } from "vitest";
import { capabilitiesOf } from "./capabilities";
import { TranslationContext } from "./context";
import { buildListener } from "./listener";
import { listenerForTarget } from "./listenerTargets";

const ctx = new TranslationContext({ services: [] }, capabilitiesOf("grpc-js-xds"), new Date(0));
const listeners = [buildListener({ name: "reviews" }, ctx), buildListener({ name: "web" }, ctx)];
const namespaces = new Map([["reviews", "shop"]]);

describe("listenerForTarget", () => {
  it("serves a service's listener under the names gRPC targets use", () => {
    expect(listenerForTarget(listeners, "reviews")).toBe(listeners[0]);
    const withPort = listenerForTarget(listeners, "reviews:50051");
    expect(withPort?.name).toBe("reviews:50051");
    expect(withPort?.api_listener).toEqual(listeners[0]?.api_listener);
    expect(listenerForTarget(listeners, "reviews.shop", namespaces)?.name).toBe("reviews.shop");
    expect(listenerForTarget(listeners, "reviews.shop:8080", namespaces)?.name).toBe("reviews.shop:8080");
  });

  it("refuses unknown services, wrong namespaces and bad ports", () => {
    expect(listenerForTarget(listeners, "ratings")).toBeUndefined();
    expect(listenerForTarget(listeners, "reviews.other", namespaces)).toBeUndefined();
    expect(listenerForTarget(listeners, "web.shop", namespaces)).toBeUndefined();
    expect(listenerForTarget(listeners, "reviews:0")).toBeUndefined();
    expect(listenerForTarget(listeners, "reviews:70000")).toBeUndefined();
    expect(listenerForTarget(listeners, "Reviews")).toBeUndefined();
  });
});
