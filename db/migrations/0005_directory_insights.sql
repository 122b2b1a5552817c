CREATE TABLE "member_search" (
	"member_id" uuid PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"document" "tsvector" NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "member_topic_stats" (
	"member_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"group_id" uuid NOT NULL,
	"positive_scaled" double precision DEFAULT 0 NOT NULL,
	"negative_scaled" double precision DEFAULT 0 NOT NULL,
	"confirmed_outcomes" integer DEFAULT 0 NOT NULL,
	"distinct_clients" integer DEFAULT 0 NOT NULL,
	"distinct_givers" integer DEFAULT 0 NOT NULL,
	"median_first_contact_seconds" integer,
	"last_outcome_at" timestamp with time zone,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "member_topic_stats_member_id_topic_pk" PRIMARY KEY("member_id","topic")
);
--> statement-breakpoint
CREATE TABLE "one_to_ones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"status" text NOT NULL,
	"logged_by" uuid,
	"met_on" date,
	"duration_minutes" integer,
	"requester_note" text DEFAULT '' NOT NULL,
	"partner_note" text DEFAULT '' NOT NULL,
	"breakfast_id" uuid,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "members" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "member_search" ADD CONSTRAINT "member_search_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_search" ADD CONSTRAINT "member_search_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_topic_stats" ADD CONSTRAINT "member_topic_stats_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_topic_stats" ADD CONSTRAINT "member_topic_stats_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_to_ones" ADD CONSTRAINT "one_to_ones_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_to_ones" ADD CONSTRAINT "one_to_ones_requester_id_members_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_to_ones" ADD CONSTRAINT "one_to_ones_partner_id_members_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_to_ones" ADD CONSTRAINT "one_to_ones_logged_by_members_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_to_ones" ADD CONSTRAINT "one_to_ones_breakfast_id_breakfasts_id_fk" FOREIGN KEY ("breakfast_id") REFERENCES "public"."breakfasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "member_search_group" ON "member_search" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "member_search_document" ON "member_search" USING gin ("document");--> statement-breakpoint
CREATE INDEX "member_topic_stats_group" ON "member_topic_stats" USING btree ("group_id","topic");--> statement-breakpoint
CREATE INDEX "one_to_ones_requester" ON "one_to_ones" USING btree ("requester_id","met_on");--> statement-breakpoint
CREATE INDEX "one_to_ones_partner" ON "one_to_ones" USING btree ("partner_id","met_on");--> statement-breakpoint
CREATE INDEX "one_to_ones_group" ON "one_to_ones" USING btree ("group_id","met_on");--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "trades_name_trgm" ON "trades" USING gin (lower("name") gin_trgm_ops);
