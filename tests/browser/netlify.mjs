// Netlify's own redirect engine reads the site's `_redirects`: netlify-redirector, Netlify's
// matcher (libredirect) compiled to WebAssembly, as the Netlify CLI runs it. For each request,
// the rule it finds: where it leads and with which status, or nothing.
//
//     node netlify.mjs PUBLIC/_redirects REQUESTS.json
//
// REQUESTS.json (written by tests/site/redirects.rs): [{ "path": "/cnr/x/", "query": "id=42" }],
// the path as a browser sends it (percent-encoded). Prints [{ "to", "status" } or null] as JSON.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const redirector = require('netlify-redirector');
const rules = readFileSync(process.argv[2], 'utf8');
const requests = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const matcher = await redirector.parsePlain(rules, {});
const found = requests.map(({ path, query }) => {
  const match = matcher.match({ scheme: 'https', host: 'example.org', path, query: query ?? '',
    getHeader: () => '', getCookie: () => '' });
  return match && { to: match.to, status: match.status };
});
console.log(JSON.stringify(found));
