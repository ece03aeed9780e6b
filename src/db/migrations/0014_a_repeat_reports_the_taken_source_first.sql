-- PostgreSQL checks a row's unique indexes in the order of their object ids (the order they
-- were created, in practice). A registration
-- repeated whole (the same source and the same PG payment) is reported as the taken source
-- (409 DUPLICATE_SOURCE), as before the source index was rebuilt: the PG-id index is built
-- again after it, unchanged.
DROP INDEX "payment_histories_vendor";--> statement-breakpoint
CREATE UNIQUE INDEX "payment_histories_vendor" ON "payment_histories" USING btree ("vendor_code","vendor_uid","vendor_store_id");
