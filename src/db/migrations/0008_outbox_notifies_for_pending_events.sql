-- Only an event waiting for delivery wakes the workers: a committing transaction that has
-- notified holds PostgreSQL's database-wide notify lock through its commit, which
-- serializes such commits, and an event recorded as skipped (no webhook URL) has nothing
-- to deliver. Per row, filtered by WHEN (the function is not called for other rows);
-- repeats within one transaction are still folded into one notification.
DROP TRIGGER webhook_events_notify ON webhook_events;--> statement-breakpoint
CREATE TRIGGER webhook_events_notify AFTER INSERT ON webhook_events
  FOR EACH ROW WHEN (NEW.status = 'pending') EXECUTE FUNCTION payments_outbox_notify();
