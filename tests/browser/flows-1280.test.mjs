// flows-1280.test.mjs - the four flows of lib/flows.mjs (a citizen files
// online and looks the dossier up; the desk receives it and prints Form
// 01; the officers process it to the result; an administrator adds a day
// off) at 1280 px, with JavaScript (htmx) on.
import { flows } from './lib/flows.mjs';

flows({ width: 1280, js: true, tag: '' });
