export type { Primitive } from "typia";
