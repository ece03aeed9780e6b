import * as api from "./module";

export * from "./module";
export default api;
