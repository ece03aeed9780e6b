CREATE INDEX "password_failures_window" ON "password_failures" USING btree ("window_start");--> statement-breakpoint
CREATE INDEX "payment_webhooks_received" ON "payment_webhooks" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "webhook_events_finished" ON "webhook_events" USING btree ("created_at") WHERE status <> 'pending';