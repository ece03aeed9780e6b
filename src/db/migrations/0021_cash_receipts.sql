CREATE TABLE "payment_cash_receipts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"history_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"vendor_code" text NOT NULL,
	"pg_receipt_id" text,
	"status" text NOT NULL,
	"type" text NOT NULL,
	"identifier_kind" text NOT NULL,
	"identifier_enc" text NOT NULL,
	"identifier_masked" text NOT NULL,
	"amount" bigint NOT NULL,
	"cancelled" bigint NOT NULL,
	"issue_number" text,
	"url" text,
	"issued_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"failure_code" text,
	"failure_message" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_cash_receipts_history" ON "payment_cash_receipts" USING btree ("history_id");--> statement-breakpoint
CREATE INDEX "payment_cash_receipts_client" ON "payment_cash_receipts" USING btree ("client_id");