CREATE TABLE "breakfast_attendance" (
	"breakfast_id" uuid NOT NULL,
	"attendee_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"present" boolean DEFAULT true NOT NULL,
	"first_seen_at" timestamp with time zone,
	"corrected_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "breakfast_attendance_breakfast_id_attendee_id_pk" PRIMARY KEY("breakfast_id","attendee_id")
);
--> statement-breakpoint
CREATE TABLE "breakfast_guests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"breakfast_id" uuid NOT NULL,
	"name" text NOT NULL,
	"trade" text NOT NULL,
	"email" text,
	"warum" text DEFAULT '' NOT NULL,
	"access_token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "breakfast_guests_access_token_hash_unique" UNIQUE("access_token_hash")
);
--> statement-breakpoint
CREATE TABLE "breakfast_rsvps" (
	"breakfast_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"answer" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "breakfast_rsvps_breakfast_id_member_id_pk" PRIMARY KEY("breakfast_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "breakfasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer DEFAULT 90 NOT NULL,
	"video_url" text DEFAULT '' NOT NULL,
	"agenda" text DEFAULT '' NOT NULL,
	"guest_token_hash" text NOT NULL,
	"created_by" uuid NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "breakfasts_guest_token_hash_unique" UNIQUE("guest_token_hash")
);
--> statement-breakpoint
CREATE TABLE "referral_drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"breakfast_id" uuid,
	"giver_id" uuid NOT NULL,
	"receiver_id" uuid NOT NULL,
	"note" text,
	"referral_id" uuid,
	"dismissed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"breakfast_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "breakfast_attendance" ADD CONSTRAINT "breakfast_attendance_breakfast_id_breakfasts_id_fk" FOREIGN KEY ("breakfast_id") REFERENCES "public"."breakfasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakfast_attendance" ADD CONSTRAINT "breakfast_attendance_corrected_by_members_id_fk" FOREIGN KEY ("corrected_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakfast_guests" ADD CONSTRAINT "breakfast_guests_breakfast_id_breakfasts_id_fk" FOREIGN KEY ("breakfast_id") REFERENCES "public"."breakfasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakfast_rsvps" ADD CONSTRAINT "breakfast_rsvps_breakfast_id_breakfasts_id_fk" FOREIGN KEY ("breakfast_id") REFERENCES "public"."breakfasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakfast_rsvps" ADD CONSTRAINT "breakfast_rsvps_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakfasts" ADD CONSTRAINT "breakfasts_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breakfasts" ADD CONSTRAINT "breakfasts_created_by_members_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_breakfast_id_breakfasts_id_fk" FOREIGN KEY ("breakfast_id") REFERENCES "public"."breakfasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_giver_id_members_id_fk" FOREIGN KEY ("giver_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_receiver_id_members_id_fk" FOREIGN KEY ("receiver_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referral_drafts" ADD CONSTRAINT "referral_drafts_referral_id_referrals_id_fk" FOREIGN KEY ("referral_id") REFERENCES "public"."referrals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_events" ADD CONSTRAINT "round_events_breakfast_id_breakfasts_id_fk" FOREIGN KEY ("breakfast_id") REFERENCES "public"."breakfasts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "breakfast_guests_breakfast" ON "breakfast_guests" USING btree ("breakfast_id");--> statement-breakpoint
CREATE INDEX "breakfasts_group_start" ON "breakfasts" USING btree ("group_id","starts_at");--> statement-breakpoint
CREATE INDEX "referral_drafts_giver" ON "referral_drafts" USING btree ("giver_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "round_events_breakfast_seq" ON "round_events" USING btree ("breakfast_id","seq");