CREATE TABLE "payment_orphans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vendor_code" text NOT NULL,
	"vendor_store_id" text NOT NULL,
	"vendor_uid" text NOT NULL,
	"order_id" text NOT NULL,
	"client_id" text,
	"currency" text NOT NULL,
	"amount" bigint NOT NULL,
	"cancelled" bigint NOT NULL,
	"status" text NOT NULL,
	"pg_status" text NOT NULL,
	"paid_at" timestamp with time zone NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "worker_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"last_started_at" timestamp with time zone,
	"last_finished_at" timestamp with time zone,
	"last_outcome" text
);
--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_one_stream";--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "orphan_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_orphans_vendor" ON "payment_orphans" USING btree ("vendor_code","vendor_uid","vendor_store_id");--> statement-breakpoint
CREATE INDEX "payment_orphans_status" ON "payment_orphans" USING btree ("status","found_at");--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_orphan_id_payment_orphans_id_fk" FOREIGN KEY ("orphan_id") REFERENCES "public"."payment_orphans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_events_pending_orphan" ON "webhook_events" USING btree ("orphan_id","seq") WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_one_stream" CHECK (num_nonnulls(history_id, payout_id, orphan_id) = 1);