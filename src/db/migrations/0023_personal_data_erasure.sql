ALTER TABLE "payment_histories" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_histories" ADD COLUMN "erasure_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_histories" ADD COLUMN "erase_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_histories" ADD COLUMN "kept_enc" text;--> statement-breakpoint
ALTER TABLE "payment_reservations" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "payment_histories_erasable" ON "payment_histories" USING btree ("created_at") WHERE erased_at IS NULL;--> statement-breakpoint
CREATE INDEX "payment_histories_erase_after" ON "payment_histories" USING btree ("erase_after") WHERE erased_at IS NULL AND erase_after IS NOT NULL;