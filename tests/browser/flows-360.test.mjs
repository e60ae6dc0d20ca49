// flows-360.test.mjs - the same four flows (lib/flows.mjs) on a 360 px
// phone with JavaScript off: every page must work without scripts and fit
// the width.
import { flows } from './lib/flows.mjs';

flows({ width: 360, js: false, tag: '-360' });
