CREATE TABLE "payment_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"reservation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"order_name" text NOT NULL,
	"cycle_rule" jsonb NOT NULL,
	"time_zone" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"settlement" jsonb,
	"webhook_url" text,
	"cycle" integer NOT NULL,
	"cycle_at" timestamp with time zone,
	"attempt" integer NOT NULL,
	"ladder_start" integer NOT NULL,
	"due_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	"last_failure_code" text,
	"last_failure_message" text,
	"last_failure_recoverable" boolean,
	"last_failure_at" timestamp with time zone,
	"stopped_reason" text,
	"charged_count" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "payment_schedules_due" ON "payment_schedules" USING btree ("due_at") WHERE due_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "payment_schedules_reservation" ON "payment_schedules" USING btree ("reservation_id","created_at");