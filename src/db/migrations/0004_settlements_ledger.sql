CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" uuid NOT NULL,
	"client_id" text NOT NULL,
	"account" text NOT NULL,
	"party_id" text,
	"role" text,
	"kind" text NOT NULL,
	"history_id" uuid,
	"amount" bigint NOT NULL,
	"available_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"kind" text NOT NULL,
	"history_id" uuid,
	"payout_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_payout_items" (
	"entry_id" bigint NOT NULL,
	"payout_id" uuid NOT NULL,
	"released" boolean DEFAULT false NOT NULL,
	CONSTRAINT "settlement_payout_items_entry_id_payout_id_pk" PRIMARY KEY("entry_id","payout_id")
);
--> statement-breakpoint
CREATE TABLE "settlement_payouts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"party_id" text NOT NULL,
	"up_to" date NOT NULL,
	"amount" bigint NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"reported_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "payment_histories" ADD COLUMN "settlement_plan" jsonb;--> statement-breakpoint
ALTER TABLE "payment_prepared_orders" ADD COLUMN "settlement_plan" jsonb;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_history_id_payment_histories_id_fk" FOREIGN KEY ("history_id") REFERENCES "public"."payment_histories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_payout_items" ADD CONSTRAINT "settlement_payout_items_entry_id_ledger_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."ledger_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_payout_items" ADD CONSTRAINT "settlement_payout_items_payout_id_settlement_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."settlement_payouts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_entries_transaction" ON "ledger_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_party" ON "ledger_entries" USING btree ("client_id","account","party_id","available_on");--> statement-breakpoint
CREATE INDEX "ledger_entries_created" ON "ledger_entries" USING btree ("client_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_entries_history" ON "ledger_entries" USING btree ("history_id","account","party_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_history" ON "ledger_transactions" USING btree ("history_id");--> statement-breakpoint
CREATE UNIQUE INDEX "settlement_payout_items_live" ON "settlement_payout_items" USING btree ("entry_id") WHERE released = false;--> statement-breakpoint
CREATE INDEX "settlement_payout_items_payout" ON "settlement_payout_items" USING btree ("payout_id");--> statement-breakpoint
CREATE INDEX "settlement_payouts_party" ON "settlement_payouts" USING btree ("client_id","party_id","created_at");--> statement-breakpoint
-- Every journal transaction sums to zero: checked by the database at commit, whatever wrote it.
CREATE FUNCTION "ledger_transaction_balanced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT coalesce(sum("amount"), 0) FROM "ledger_entries" WHERE "transaction_id" = NEW."transaction_id") <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance', NEW."transaction_id" USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "ledger_entries_balanced" AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "ledger_transaction_balanced"();--> statement-breakpoint
-- Entries are immutable: a correction is a new entry.
CREATE FUNCTION "ledger_entries_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger entries are immutable: post a correcting entry' USING ERRCODE = '55000';
END $$;--> statement-breakpoint
CREATE TRIGGER "ledger_entries_immutable" BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entries_immutable"();
