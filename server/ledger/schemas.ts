import { z } from 'zod';

/** A member's profile address, as in /m/:slug; anything else is "not found". */
export const trustParams = z.object({ slug: z.string().min(1).max(80).regex(/^[a-z0-9-]+$/) });
