// The site's search: fetches the index beside this page only when a visitor searches, and
// then only the parts a query needs. Words are folded as the generator folds them.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss");
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return Array.from(w).length >= 2; });
  }

  // The file of the part of the index for words starting with `prefix`.
  function partFile(prefix) {
    var bytes = new TextEncoder().encode(prefix);
    return "t-" + Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("") + ".json";
  }

  // A list of pages: gaps between numbers, or a bitmap in base64.
  function decode(list) {
    var pages = [];
    if (typeof list === "string") {
      var bits = atob(list);
      for (var i = 0; i < bits.length * 8; i++) {
        if (bits.charCodeAt(i >> 3) & (1 << (i & 7))) pages.push(i);
      }
    } else {
      list.reduce(function (page, gap) { pages.push(page + gap); return page + gap; }, 0);
    }
    return pages;
  }

  // The pages where words starting with `word` are, strongly (title, summary, place, tags)
  // or weakly (text).
  function matches(manifest, word, get) {
    var parts = manifest.parts.filter(function (p) { return word.indexOf(p) === 0 || p.indexOf(word) === 0; });
    return Promise.all(parts.map(function (p) { return get(partFile(p)); })).then(function (loaded) {
      var strong = new Set(), weak = new Set();
      loaded.forEach(function (index) {
        Object.keys(index).forEach(function (w) {
          if (w.indexOf(word) === 0) {
            decode(index[w][0]).forEach(function (page) { strong.add(page); });
            decode(index[w][1]).forEach(function (page) { weak.add(page); });
          }
        });
      });
      return { strong: strong, weak: weak };
    });
  }

  // The pages with every word of `query`: first those with more of them in the title or the
  // summary, then the newest. `get(name)` gives a file of the index.
  function find(query, get) {
    var terms = words(query);
    if (!terms.length) return Promise.resolve(null);
    return get("index.json").then(function (manifest) {
      return Promise.all(terms.map(function (w) { return matches(manifest, w, get); })).then(function (found) {
        var pages = Array.from(new Set(Array.from(found[0].strong).concat(Array.from(found[0].weak))));
        pages = pages.filter(function (page) {
          return found.every(function (f) { return f.strong.has(page) || f.weak.has(page); });
        });
        var score = function (page) { return found.filter(function (f) { return f.strong.has(page); }).length; };
        pages.sort(function (a, b) { return score(b) - score(a) || a - b; });
        return { manifest: manifest, pages: pages };
      });
    });
  }

  // Ten descriptions from `start`: [title, date, summary, link], fetching only their files.
  function describe(result, start, get) {
    var chunk = result.manifest.chunk;
    var pages = result.pages.slice(start, start + 10);
    var files = Array.from(new Set(pages.map(function (page) { return Math.floor(page / chunk); })));
    return Promise.all(files.map(function (f) { return get("d-" + f + ".json"); })).then(function (loaded) {
      return pages.map(function (page) { return loaded[files.indexOf(Math.floor(page / chunk))][page % chunk]; });
    });
  }

  globalThis.cnrSearch = { fold: fold, words: words, find: find, describe: describe };
  if (typeof document === "undefined") return;

  var form = document.getElementById("recherche");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("statut");
  var list = document.getElementById("resultats");
  var more = document.getElementById("plus");
  var lang = document.documentElement.lang;
  var files = {};

  function get(name) {
    if (!files[name]) {
      files[name] = fetch(name).then(function (response) {
        if (!response.ok) throw new Error(name);
        return response.json();
      });
    }
    return files[name];
  }

  function say(key, count, query) {
    status.textContent = status.dataset[key].replace("{count}", count.toLocaleString(lang)).replace("{query}", query);
  }

  function show(result, start) {
    return describe(result, start, get).then(function (docs) {
      docs.forEach(function (doc) {
        var item = document.createElement("li");
        var heading = document.createElement("h2");
        var title = document.createElement("a");
        title.href = doc[3];
        title.textContent = doc[0];
        heading.appendChild(title);
        item.appendChild(heading);
        if (doc[1]) {
          var date = document.createElement("p");
          date.className = "meta";
          date.textContent = doc[1];
          item.appendChild(date);
        }
        var summary = document.createElement("p");
        summary.textContent = doc[2];
        item.appendChild(summary);
        list.appendChild(item);
      });
      more.hidden = start + 10 >= result.pages.length;
      more.onclick = function () { show(result, start + 10); };
    });
  }

  function search(query) {
    list.textContent = "";
    more.hidden = true;
    find(query, get).then(function (result) {
      if (!result) {
        status.textContent = query.trim() ? status.dataset.short : "";
        return;
      }
      var count = result.pages.length;
      say(count === 0 ? "none" : count === 1 ? "one" : "many", count, query.trim());
      return show(result, 0);
    }).catch(function () { status.textContent = ""; });
  }

  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    search(query);
  }
})();
