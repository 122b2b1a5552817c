CREATE TABLE "trust_corrections" (
	"reversal_event_id" uuid PRIMARY KEY NOT NULL,
	"reversed_by" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "trust_corrections" ADD CONSTRAINT "trust_corrections_reversal_event_id_trust_events_id_fk" FOREIGN KEY ("reversal_event_id") REFERENCES "public"."trust_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "trust_corrections" ADD CONSTRAINT "trust_corrections_reversed_by_members_id_fk" FOREIGN KEY ("reversed_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;