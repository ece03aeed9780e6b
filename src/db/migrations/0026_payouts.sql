CREATE TABLE "settlement_payout_executions" (
	"payout_id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"seller_id" uuid NOT NULL,
	"vendor_code" text NOT NULL,
	"vendor_store_id" text NOT NULL,
	"pg_payout_id" text,
	"pg_status" text NOT NULL,
	"payout_date" date,
	"amount" bigint NOT NULL,
	"failure_code" text,
	"failure_message" text,
	"checked_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_sellers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"party_id" text NOT NULL,
	"vendor_code" text NOT NULL,
	"vendor_store_id" text NOT NULL,
	"pg_seller_id" text,
	"business_type" text NOT NULL,
	"status" text NOT NULL,
	"details_enc" text NOT NULL,
	"webhook_url" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_one_stream";--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "seller_id" uuid;--> statement-breakpoint
CREATE INDEX "settlement_payout_executions_open" ON "settlement_payout_executions" USING btree ("checked_at") WHERE pg_status IN ('sending', 'requested', 'in_progress');--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_sellers_party" ON "settlement_sellers" USING btree ("client_id","party_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_sellers_pg" ON "settlement_sellers" USING btree ("vendor_code","pg_seller_id");--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_seller_id_settlement_sellers_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."settlement_sellers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_events_pending_seller" ON "webhook_events" USING btree ("seller_id","seq") WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_one_stream" CHECK (num_nonnulls(history_id, payout_id, orphan_id, reservation_id, seller_id) = 1);