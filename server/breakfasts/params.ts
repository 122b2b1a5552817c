import { unknownAs } from '../plugins/errors.js';
import { idParams } from './schemas.js';

/** Route options for /breakfasts/:id/…: a malformed id is as unknown as a missing breakfast. */
export const breakfastUrl = { config: unknownAs('breakfasts.errors.not_found') };

export const byBreakfastId = { schema: { params: idParams }, ...breakfastUrl };
