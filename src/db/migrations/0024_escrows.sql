CREATE TABLE "payment_escrows" (
	"history_id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"status" text NOT NULL,
	"delivery_enc" text,
	"applied_at" timestamp with time zone,
	"confirmed_at" timestamp with time zone,
	"rejected_at" timestamp with time zone,
	"rejection_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "payment_escrows_open" ON "payment_escrows" USING btree ("client_id","created_at") WHERE status IN ('awaiting_delivery', 'delivery_registered');