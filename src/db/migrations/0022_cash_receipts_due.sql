ALTER TABLE "payment_cash_receipts" ADD COLUMN "origin" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_cash_receipts" ADD COLUMN "wanted_cancelled" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_cash_receipts" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_cash_receipts" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "payment_cash_receipts_due" ON "payment_cash_receipts" USING btree ("next_attempt_at") WHERE "payment_cash_receipts"."next_attempt_at" IS NOT NULL;