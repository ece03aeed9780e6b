export type { Resolved } from "typia";
