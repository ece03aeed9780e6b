CREATE TABLE "idempotency_keys" (
	"client_id" text NOT NULL,
	"key" text NOT NULL,
	"route" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" text NOT NULL,
	"response_status" integer,
	"response_enc" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_keys_client_id_key_pk" PRIMARY KEY("client_id","key")
);
--> statement-breakpoint
CREATE TABLE "payment_prepared_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"vendor_code" text NOT NULL,
	"vendor_store_id" text NOT NULL,
	"source_schema" text NOT NULL,
	"source_table" text NOT NULL,
	"source_id" text NOT NULL,
	"currency" text NOT NULL,
	"price" bigint NOT NULL,
	"order_name" text NOT NULL,
	"customer_enc" text,
	"webhook_url" text,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_webhooks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"vendor_code" text NOT NULL,
	"vendor_uid" text,
	"event_type" text,
	"headers_enc" text NOT NULL,
	"body_enc" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"outcome" text,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"attempted_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"duration_ms" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"history_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"type" text NOT NULL,
	"payload_enc" text NOT NULL,
	"webhook_url" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_history_id_payment_histories_id_fk" FOREIGN KEY ("history_id") REFERENCES "public"."payment_histories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idempotency_keys_expires" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_prepared_orders_source" ON "payment_prepared_orders" USING btree ("client_id","source_schema","source_table","source_id");--> statement-breakpoint
CREATE INDEX "payment_prepared_orders_expires" ON "payment_prepared_orders" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "payment_webhooks_uid" ON "payment_webhooks" USING btree ("vendor_code","vendor_uid","status");--> statement-breakpoint
CREATE INDEX "payment_webhooks_status" ON "payment_webhooks" USING btree ("status","received_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event" ON "webhook_deliveries" USING btree ("event_id","attempt");--> statement-breakpoint
CREATE INDEX "webhook_events_due" ON "webhook_events" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "webhook_events_history" ON "webhook_events" USING btree ("history_id","seq");