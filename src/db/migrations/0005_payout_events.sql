ALTER TABLE "webhook_events" ALTER COLUMN "history_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "settlement_payouts" ADD COLUMN "webhook_url" text;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "payout_id" uuid;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_payout_id_settlement_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."settlement_payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_events_pending_payout" ON "webhook_events" USING btree ("payout_id","seq") WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_one_stream" CHECK ((history_id IS NULL) <> (payout_id IS NULL));