import { requireMember } from '../auth/guards.js';
import { unknownAs } from '../plugins/errors.js';
import { idParams } from './schemas.js';

/** Route options for /breakfasts/:id/…: a malformed id is as unknown as a missing breakfast. */
export const breakfastUrl = { config: unknownAs('breakfasts.errors.not_found') };
export const byBreakfastId = { schema: { params: idParams }, ...breakfastUrl };

/** The same for members' pages, whose handlers ask for a member first: a signed-out visitor is sent to log in. */
export const memberBreakfastUrl = { config: unknownAs('breakfasts.errors.not_found', requireMember) };
export const byMemberBreakfastId = { schema: { params: idParams }, ...memberBreakfastUrl };
