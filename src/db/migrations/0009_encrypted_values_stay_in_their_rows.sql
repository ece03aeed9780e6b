-- A history's PG data and an event's payload are ciphertext (base64 of AES-GCM output): a
-- compression attempt never pays, and at their usual size (2-3 kB) moving them out of line
-- cost every registration an insert into a TOAST table and its index. Rows up to the
-- 8 kB page limit now keep them inline; larger ones still go out of line, uncompressed.
ALTER TABLE webhook_events SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE webhook_events ALTER COLUMN payload_enc SET STORAGE EXTERNAL;--> statement-breakpoint
ALTER TABLE payment_histories SET (toast_tuple_target = 8160);--> statement-breakpoint
ALTER TABLE payment_histories ALTER COLUMN data_enc SET STORAGE EXTERNAL;
