-- Committed outbox events wake the delivery workers (LISTEN payments_outbox) instead of
-- waiting for their next poll. Once per inserting statement; NOTIFY is sent at commit, and
-- repeats within one transaction are folded into one.
CREATE FUNCTION payments_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('payments_outbox', '');
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER webhook_events_notify AFTER INSERT ON webhook_events
  FOR EACH STATEMENT EXECUTE FUNCTION payments_outbox_notify();
