export * from "./authorization";
export * from "./config";
export * from "./limits";
export * from "./match";
export * from "./policy";
export * from "./primitives";
export * from "./route";
export * from "./service";
