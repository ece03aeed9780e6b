ALTER TABLE "idempotency_keys" ADD COLUMN "record_id" uuid;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "owner" text;