CREATE TABLE "password_failures" (
	"target" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_histories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"vendor_code" text NOT NULL,
	"vendor_store_id" text NOT NULL,
	"vendor_uid" text NOT NULL,
	"source_schema" text NOT NULL,
	"source_table" text NOT NULL,
	"source_id" text NOT NULL,
	"currency" text NOT NULL,
	"price" bigint NOT NULL,
	"refund" bigint DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"data_enc" text NOT NULL,
	"password_hash" text NOT NULL,
	"webhook_url" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_history_cancels" (
	"id" uuid PRIMARY KEY NOT NULL,
	"history_id" uuid NOT NULL,
	"vendor_cancel_id" text NOT NULL,
	"price" bigint NOT NULL,
	"reason" text NOT NULL,
	"cancelled_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"vendor_code" text NOT NULL,
	"vendor_store_id" text NOT NULL,
	"vendor_uid" text NOT NULL,
	"source_schema" text NOT NULL,
	"source_table" text NOT NULL,
	"source_id" text NOT NULL,
	"title" text NOT NULL,
	"data_enc" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_history_cancels" ADD CONSTRAINT "payment_history_cancels_history_id_payment_histories_id_fk" FOREIGN KEY ("history_id") REFERENCES "public"."payment_histories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_histories_source" ON "payment_histories" USING btree ("client_id","source_schema","source_table","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_histories_vendor" ON "payment_histories" USING btree ("vendor_code","vendor_store_id","vendor_uid");--> statement-breakpoint
CREATE INDEX "payment_histories_status" ON "payment_histories" USING btree ("status","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_history_cancels_vendor" ON "payment_history_cancels" USING btree ("history_id","vendor_cancel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_reservations_source" ON "payment_reservations" USING btree ("client_id","source_schema","source_table","source_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_reservations_vendor" ON "payment_reservations" USING btree ("vendor_code","vendor_store_id","vendor_uid");