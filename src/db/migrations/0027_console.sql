CREATE TABLE "console_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"operator" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pg_calls" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"vendor_code" text NOT NULL,
	"ref" text NOT NULL,
	"operation" text NOT NULL,
	"outcome" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"client_id" text,
	"period_from" text NOT NULL,
	"period_to" text NOT NULL,
	"checked" integer NOT NULL,
	"differences" integer NOT NULL,
	"result" jsonb NOT NULL,
	"ran_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "console_sessions_expires" ON "console_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "pg_calls_ref" ON "pg_calls" USING btree ("vendor_code","ref","at");--> statement-breakpoint
CREATE INDEX "pg_calls_at" ON "pg_calls" USING btree ("at");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_ran" ON "reconciliation_runs" USING btree ("ran_at");--> statement-breakpoint
CREATE INDEX "payment_histories_created" ON "payment_histories" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_attempted" ON "webhook_deliveries" USING btree ("attempted_at");--> statement-breakpoint
CREATE INDEX "webhook_events_dead" ON "webhook_events" USING btree ("client_id","webhook_url","seq") WHERE status = 'dead';