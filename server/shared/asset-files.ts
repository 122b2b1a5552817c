import { fromRoot } from '../../root.js';
import { loadAssets } from './assets.js';

/** The app's files under public/, fingerprinted once at start-up (assets.ts). */
export const assets = loadAssets(fromRoot('public'));
