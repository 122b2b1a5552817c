import { registerSubscriptions } from '../../server/subscriptions.js';

// Tests call use cases without building the app; the read models must follow them as in production.
registerSubscriptions();
