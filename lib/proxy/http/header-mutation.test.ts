import { describe, expect, it } from "vitest";
import type { HeaderMutation } from "../config/route-model";
import { applyHeaderMutations } from "./header-mutation";

describe("applyHeaderMutations", () => {
  it("removes, then adds with each append action", () => {
    const mutation: HeaderMutation = {
      remove: ["x-internal"],
      add: [
        { name: "x-a", value: "2", action: "append_if_exists_or_add", keepEmptyValue: false },
        { name: "x-b", value: "new", action: "add_if_absent", keepEmptyValue: false },
        { name: "x-c", value: "new", action: "add_if_absent", keepEmptyValue: false },
        { name: "x-d", value: "new", action: "overwrite_if_exists_or_add", keepEmptyValue: false },
        { name: "x-e", value: "new", action: "overwrite_if_exists", keepEmptyValue: false },
        { name: "x-f", value: "new", action: "overwrite_if_exists", keepEmptyValue: false },
        { name: "x-g", value: "", action: "overwrite_if_exists_or_add", keepEmptyValue: false },
        { name: "x-h", value: "", action: "overwrite_if_exists_or_add", keepEmptyValue: true },
      ],
    };
    const out = applyHeaderMutations(
      { "x-internal": "secret", "x-a": "1", "x-b": "old", "x-d": "old", "x-e": "old", "x-g": "keep" },
      [mutation],
    );
    expect(out).toEqual({
      "x-a": ["1", "2"],
      "x-b": "old",
      "x-c": "new",
      "x-d": "new",
      "x-e": "new",
      "x-g": "keep",
      "x-h": "",
    });
  });

  it("applies scopes in order so outer ones overwrite inner ones", () => {
    const route: HeaderMutation = {
      remove: [],
      add: [{ name: "x-v", value: "route", action: "overwrite_if_exists_or_add", keepEmptyValue: false }],
    };
    const vhost: HeaderMutation = {
      remove: [],
      add: [{ name: "x-v", value: "vhost", action: "overwrite_if_exists_or_add", keepEmptyValue: false }],
    };
    expect(applyHeaderMutations({}, [route, vhost])).toEqual({ "x-v": "vhost" });
  });
});
