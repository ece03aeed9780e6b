DROP INDEX "payment_histories_vendor";--> statement-breakpoint
CREATE UNIQUE INDEX "payment_histories_vendor" ON "payment_histories" USING btree ("vendor_code","vendor_uid","vendor_store_id");