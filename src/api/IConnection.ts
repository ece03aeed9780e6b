export type { IConnection } from "@nestia/fetcher";
