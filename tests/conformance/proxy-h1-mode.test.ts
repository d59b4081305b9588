import { describe, expect, it } from "vitest";
import { llhttp } from "@/lib/proxy/h1/llhttp";

// Runs in both suites: the normal one (fast path on) and `npm run test:proxy-fallback`
// (WEFT_PROXY_H1_FAST=0), so each run proves which HTTP/1.1 path the other tests in it exercised.

describe("the sidecar's HTTP/1.1 path", () => {
  it(
    process.env.WEFT_PROXY_H1_FAST === "0" ? "is node:http when turned off" : "is the llhttp fast path",
    () => {
      if (process.env.WEFT_PROXY_H1_FAST === "0") expect(llhttp).toBeUndefined();
      else expect(llhttp?.Parser).toBeTypeOf("function");
    },
  );
});
