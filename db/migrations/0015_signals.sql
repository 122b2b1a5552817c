CREATE TABLE "device_sightings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"group_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"device_hash" text NOT NULL,
	"network_hash" text,
	"seen_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_flags" (
	"feedback_id" uuid PRIMARY KEY NOT NULL,
	"group_id" uuid NOT NULL,
	"reasons" text[] NOT NULL,
	"link_kind" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"verdict" text,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installation_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback" ADD COLUMN "answered_via" text;--> statement-breakpoint
ALTER TABLE "device_sightings" ADD CONSTRAINT "device_sightings_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_sightings" ADD CONSTRAINT "device_sightings_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_flags" ADD CONSTRAINT "feedback_flags_feedback_id_feedback_id_fk" FOREIGN KEY ("feedback_id") REFERENCES "public"."feedback"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_flags" ADD CONSTRAINT "feedback_flags_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_flags" ADD CONSTRAINT "feedback_flags_reviewed_by_members_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_sightings_member" ON "device_sightings" USING btree ("member_id","seen_at");--> statement-breakpoint
CREATE INDEX "device_sightings_device" ON "device_sightings" USING btree ("device_hash");--> statement-breakpoint
CREATE INDEX "device_sightings_network" ON "device_sightings" USING btree ("group_id","network_hash");--> statement-breakpoint
CREATE INDEX "device_sightings_expiry" ON "device_sightings" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "feedback_flags_open" ON "feedback_flags" USING btree ("group_id","verdict");--> statement-breakpoint
CREATE INDEX "feedback_flags_expiry" ON "feedback_flags" USING btree ("expires_at");