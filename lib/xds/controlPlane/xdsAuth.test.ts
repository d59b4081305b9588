import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { xdsTokenAuthorizer } from "./xdsAuth";

describe("xdsTokenAuthorizer", () => {
  const authorize = xdsTokenAuthorizer(async (token) => {
    if (token === "weft_down") throw new Error("connect ECONNREFUSED");
    return token === "weft_op" ? { role: "operator" } : token === "weft_view" ? { role: "viewer" } : null;
  });

  it("admits an operator token and refuses the rest with the status that says why", async () => {
    expect(await authorize("Bearer weft_op")).toBeNull();
    expect(await authorize(undefined)).toMatchObject({ code: status.UNAUTHENTICATED });
    expect(await authorize("Bearer weft_nope")).toMatchObject({ code: status.UNAUTHENTICATED });
    expect(await authorize("Bearer weft_view")).toMatchObject({ code: status.PERMISSION_DENIED });
    // The database being down is not the client's fault: it may retry.
    expect(await authorize("Bearer weft_down")).toMatchObject({ code: status.UNAVAILABLE });
  });
});
