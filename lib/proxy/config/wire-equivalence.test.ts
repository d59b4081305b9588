import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeResource } from "@/lib/xds/protos";
import type { ResourceKind as XdsKind } from "@/lib/xds/resource-types";
import { envoyAnyDecoder } from "../xds/wire/any-decoder";
import { convertResources, type ResourceKind } from "./from-xds";

// The sidecar must read a resource the same whether a test hands it the control plane's JSON form or it
// arrives as protobuf bytes (proto3 drops defaults on the wire: empty wrappers, absent zeros). Every
// resource of the translator's golden outputs, both ways, must give the same model, errors and notes.
const GOLDEN = new URL("../../xds/translate/__golden__/", import.meta.url);
const KINDS: Readonly<Record<XdsKind, ResourceKind>> = {
  listeners: "Listener",
  routes: "RouteConfiguration",
  clusters: "Cluster",
  endpoints: "ClusterLoadAssignment",
};

const files = fs.readdirSync(GOLDEN).filter((name) => name.endsWith(".json"));

describe.each(files)("%s", (file) => {
  const golden = JSON.parse(fs.readFileSync(new URL(file, GOLDEN), "utf8")) as Record<string, unknown>;
  it.each(Object.entries(KINDS))("converts %s the same from JSON and from the wire", (xdsKind, kind) => {
    const list = (golden[xdsKind] ?? []) as object[];
    const wire = list.map((resource) => {
      const { any } = encodeResource(xdsKind as XdsKind, structuredClone(resource));
      return envoyAnyDecoder(any.type_url, any.value);
    });
    const fromJson = convertResources(kind, list);
    const fromWire = convertResources(kind, wire);
    expect([...fromWire.resources]).toEqual([...fromJson.resources]);
    expect(fromWire.errors).toEqual(fromJson.errors);
    expect(fromWire.notes).toEqual(fromJson.notes);
  });
});
