// How many bytes a visitor's first search fetches: the search page, its stylesheet and script,
// then the index files the site's own search script asks for, to show the first results.
//
//     node tools/search-weight.js OUTPUT_FOLDER SEARCH_FOLDER QUERY...
//
// e.g. node tools/search-weight.js public recherche réintégration "commission tripartite"
const fs = require("fs");
const path = require("path");

const [output, folder, ...queries] = process.argv.slice(2);
require(path.resolve(output, "js/search.js"));
const page = [path.join(folder, "index.html"), "css/site.css", "js/search.js"]
  .map((f) => fs.statSync(path.resolve(output, f)).size)
  .reduce((a, b) => a + b, 0);

(async () => {
  for (const query of queries) {
    const fetched = new Set();
    const get = (name) => {
      fetched.add(name);
      return Promise.resolve(JSON.parse(fs.readFileSync(path.join(output, folder, name), "utf8")));
    };
    const result = await cnrSearch.find(query, get);
    if (result) await cnrSearch.describe(result, 0, get);
    const index = [...fetched].reduce((sum, name) => sum + fs.statSync(path.join(output, folder, name)).size, 0);
    const hits = result ? result.pages.length : 0;
    console.log(`${JSON.stringify(query)}: ${hits} results, ${((page + index) / 1024).toFixed(1)} KB fetched (page ${(page / 1024).toFixed(1)} KB + ${fetched.size} index files ${(index / 1024).toFixed(1)} KB)`);
  }
})();
