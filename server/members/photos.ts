import { createHash } from 'node:crypto';
import type { Db } from '../../db/client.js';
import { memberQueries } from './queries.js';

/** Profile photos: any common image in, a 400×400 WebP out, kept in the database for every instance. */

export const PHOTO_SIZE = 400;
const PHOTO_TYPE = 'image/webp';
// A decompression bomb (tiny file, huge canvas) is refused before it is decoded.
const MAX_INPUT_PIXELS = 50_000_000;

/** The square WebP for a profile, or null when the bytes are not an image sharp can read. */
export async function toProfilePhoto(input: Buffer): Promise<Buffer | null> {
  // Loaded with the first upload: libvips is ~30 MB that most requests never need.
  const { default: sharp } = await import('sharp');
  try {
    return await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS })
      .rotate() // honour the camera's orientation; metadata (e.g. GPS) is not copied to the output
      .resize(PHOTO_SIZE, PHOTO_SIZE, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    return null;
  }
}

export type PhotoUpload = { mimetype: string; bytes: Buffer };

/** Stores a member's new photo; 'not_image' when the upload is no readable image, and nothing is stored. */
export async function savePhoto(db: Db, memberId: string, upload: PhotoUpload, now: Date): Promise<'saved' | 'not_image'> {
  if (!upload.mimetype.startsWith('image/')) return 'not_image';
  const bytes = await toProfilePhoto(upload.bytes);
  if (!bytes) return 'not_image';
  const etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`;
  await memberQueries(db).savePhoto({ memberId, bytes, contentType: PHOTO_TYPE, etag, updatedAt: now });
  return 'saved';
}

export async function removePhoto(db: Db, memberId: string): Promise<void> {
  await memberQueries(db).deletePhoto(memberId);
}
