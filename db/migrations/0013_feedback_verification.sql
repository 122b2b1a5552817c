ALTER TABLE "feedback" ADD COLUMN "verification" text DEFAULT 'shared' NOT NULL;--> statement-breakpoint
ALTER TABLE "trust_events" ADD COLUMN "verification" text;