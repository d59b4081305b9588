import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatPath, problemsToMessage, zodProblems } from "./zodDetails";

describe("zodProblems", () => {
  it("formats nested paths with indexes", () => {
    expect(formatPath(["routes", 2, "rules", 0, "weight"])).toBe("routes[2].rules[0].weight");
    const schema = z.object({ users: z.array(z.object({ name: z.string().min(2, "too short") })) });
    const result = schema.safeParse({ users: [{ name: "ok" }, { name: "x" }] });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(zodProblems(result.error)).toEqual([{ path: "users[1].name", message: "too short" }]);
      expect(problemsToMessage(zodProblems(result.error))).toBe("users[1].name: too short");
    }
  });
});
