// How many bytes a visitor's first search fetches, gzip-compressed as a server sends them: the
// site's own search script, then the index files it asks for to show the first results; and,
// apart, the search page with its stylesheet.
//
//     node tools/search-weight.js OUTPUT_FOLDER SEARCH_FOLDER QUERY...
//
// e.g. node tools/search-weight.js public recherche réintégration "commission tripartite"
// Without a query: every beginning of two, three and four characters of the index's words, and
// the heaviest.
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [output, folder, ...queries] = process.argv.slice(2);
require(path.resolve(output, "js/search.js"));
const sizes = new Map();
const gzip = (file) => {
  if (!sizes.has(file)) sizes.set(file, zlib.gzipSync(fs.readFileSync(path.resolve(output, file))).length);
  return sizes.get(file);
};
const kb = (bytes) => (bytes / 1024).toFixed(1);
const script = gzip("js/search.js");
const page = gzip(path.join(folder, "index.html")) + gzip("css/site.css");

(async () => {
  const every = !queries.length;
  if (every) {
    const dir = path.join(output, folder);
    const words = fs.readdirSync(dir).filter((f) => f.startsWith("t-"))
      .flatMap((f) => Object.keys(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))));
    const beginnings = words.flatMap((w) => [2, 3, 4].map((n) => Array.from(w).slice(0, n).join("")));
    queries.push(...new Set(beginnings));
  }
  let heaviest = { bytes: 0 };
  for (const query of queries) {
    const fetched = new Set();
    const get = (name) => {
      fetched.add(name);
      return Promise.resolve(JSON.parse(fs.readFileSync(path.join(output, folder, name), "utf8")));
    };
    const result = await cnrSearch.find(query, get);
    if (result && result.pages.length) await cnrSearch.describe(result, 0, get);
    const index = [...fetched].reduce((sum, name) => sum + gzip(path.join(folder, name)), 0);
    const hits = result ? result.pages.length : 0;
    if (script + index > heaviest.bytes) heaviest = { query, bytes: script + index, files: fetched.size };
    if (every) continue;
    console.log(`${JSON.stringify(query)}: ${hits} results, ${kb(script + index)} KB (script ${kb(script)} KB + ${fetched.size} index files ${kb(index)} KB), and the page with its stylesheet ${kb(page)} KB`);
  }
  if (every) {
    console.log(`${queries.length} beginnings of two to four characters; the heaviest, ${JSON.stringify(heaviest.query)}: ${kb(heaviest.bytes)} KB (script included, ${heaviest.files} index files)`);
  }
})();
