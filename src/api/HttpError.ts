export { HttpError } from "@nestia/fetcher";
