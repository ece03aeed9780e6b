import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes a new SQL migration from src/db/schema.ts; migrations are
// committed and applied at start (src/db/migrate.ts) to PostgreSQL and PGlite alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./src/db/migrations",
});
