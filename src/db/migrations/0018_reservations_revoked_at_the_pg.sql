ALTER TABLE "webhook_events" DROP CONSTRAINT "webhook_events_one_stream";--> statement-breakpoint
ALTER TABLE "payment_reservations" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_reservations" ADD COLUMN "revoked_reason" text;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "reservation_id" uuid;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_reservation_id_payment_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."payment_reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "webhook_events_pending_reservation" ON "webhook_events" USING btree ("reservation_id","seq") WHERE status = 'pending';--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_one_stream" CHECK (num_nonnulls(history_id, payout_id, orphan_id, reservation_id) = 1);