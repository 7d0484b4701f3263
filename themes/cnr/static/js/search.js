// The site's search: fetches the index beside this page only when a visitor searches, and
// then only the parts a query needs. Words are cut and folded as the generator does (src/words.rs).
//
// A page is found when it has every word of the query but the common ones (« de », "the"),
// each whole, as a plural or singular of it, or as the beginning of a longer word (when those
// are in few parts of the index: a query of two letters brings only its own word). Pages come
// best first: a word in the title weighs more than in the summary, than in the place or a tag,
// than in the text; a whole word more than a beginning; the newest first among equals. When a
// word of the query matches nothing, the nearest word of the index, one letter away, is taken.
(function () {
  "use strict";

  // What a word weighs in each field of a page, in the index's order: the title, the summary,
  // the place and the tags, the text. A word that only begins like the query's weighs less,
  // but more than a whole word in the next field.
  var WEIGHTS = [16, 8, 4, 2];
  var BEGINNING = 0.75;

  function fold(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/ß/g, "ss");
  }

  // A number in groups of three digits (« 1 200 000 », "1,741") is one word.
  var GROUPED = /(?<![\p{L}\p{N}])\d{1,3}(?:[ \u00A0\u202F,]\d{3})+(?![\p{L}\p{N}])/gu;

  function words(text) {
    return fold(text).replace(GROUPED, function (n) { return n.replace(/\D/g, ""); })
      .split(/[^\p{L}\p{N}]+/u).filter(function (w) { return Array.from(w).length >= 2; });
  }

  // A word and its singulars by the language's plural endings, of three letters at least:
  // « travaux » → travail, traval… With `both`, its plurals too: « travail » → travails, travaux…
  function forms(word, plurals, both) {
    var found = [word];
    plurals.forEach(function (p) {
      var stem = word.length - p[0].length;
      if (stem > 0 && word.slice(stem) === p[0] && stem + p[1].length >= 3) found.push(word.slice(0, stem) + p[1]);
      stem = word.length - p[1].length;
      if (both && stem >= 3 && word.slice(stem) === p[1]) found.push(word.slice(0, stem) + p[0]);
    });
    return found;
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

  // The words of the index in `parts`, from their files.
  function load(parts, get) {
    return Promise.all(parts.map(function (p) { return get(partFile(p)); })).then(function (loaded) {
      return Object.assign.apply(null, [{}].concat(loaded));
    });
  }

  // The most parts of the index that the words beginning like a query's may bring beyond its
  // own: a word of two or three letters begins a great many, too many for a slow connection.
  var BEGINNINGS = 8;

  // The words of the index that are `word` or one of its singulars and plurals, and those that
  // begin with it when they are in few parts: { index, prefix: whether they are there }. A word
  // is in the part of the longest beginning of it that names a part.
  function near(manifest, word, get) {
    var whole = forms(word, manifest.plurals || [], true);
    var own = function (p) { return whole.some(function (w) { return w.indexOf(p) === 0; }); };
    var longer = manifest.parts.filter(function (p) { return p.indexOf(word) === 0 && !own(p); });
    var prefix = longer.length <= BEGINNINGS;
    return load(manifest.parts.filter(function (p) { return own(p) || (prefix && p.indexOf(word) === 0); }), get)
      .then(function (index) { return { index: index, prefix: prefix }; });
  }

  // How well each page matches `term` among `found.index`'s words: the weight of the best place
  // of a word that is the term, one of its plurals or singulars, or that starts with it.
  function match(found, term, plurals) {
    var scores = new Map();
    var termForms = forms(term, plurals);
    Object.keys(found.index).forEach(function (word) {
      var whole = forms(word, plurals).some(function (f) { return termForms.indexOf(f) >= 0; });
      if (!whole && !(found.prefix && word.indexOf(term) === 0)) return;
      found.index[word].forEach(function (list, field) {
        var weight = WEIGHTS[field] * (whole ? 1 : BEGINNING);
        decode(list).forEach(function (page) {
          if (!(scores.get(page) >= weight)) scores.set(page, weight);
        });
      });
    });
    return scores;
  }

  // Whether `a` becomes `b` by changing, adding, removing one letter or swapping two.
  function oneAway(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    var rest = function (x, y) { return a.slice(i + x) === b.slice(i + y); };
    return rest(1, 1) || rest(1, 0) || rest(0, 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(2, 2));
  }

  // Whether the part of the index for words beginning with `p` may hold a word one letter away
  // from `term`, or a word whose beginning is: the part's name is, or begins so.
  function mayBeNear(p, term) {
    if (term.indexOf(p) === 0) return true;
    if (p.length > term.length) {
      return [term.length - 1, term.length, term.length + 1].some(function (n) { return oneAway(term, p.slice(0, n)); });
    }
    return [p.length - 1, p.length, p.length + 1].some(function (n) { return oneAway(term.slice(0, n), p); });
  }

  // The word of `index` one letter away from `term`, or from its beginning, on the most pages;
  // a whole word before a beginning.
  function nearest(index, term) {
    var best = null;
    Object.keys(index).forEach(function (word) {
      var candidates = word.length > term.length + 1
        ? [term.length - 1, term.length, term.length + 1].map(function (n) { return word.slice(0, n); })
        : [word];
      candidates.forEach(function (candidate) {
        if (!oneAway(term, candidate)) return;
        var rank = [candidate === word ? 1 : 0, index[word].reduce(function (n, list) { return n + decode(list).length; }, 0)];
        if (!best || rank[0] > best.rank[0] || (rank[0] === best.rank[0] && rank[1] > best.rank[1])) {
          best = { word: candidate, rank: rank };
        }
      });
    });
    return best && best.word;
  }

  // The pages matching `term`, and the word taken instead when nothing matched it: one of
  // those starting with the same three letters, one letter away, taken as typed right.
  function lookup(manifest, term, get) {
    var plurals = manifest.plurals || [];
    return near(manifest, term, get).then(function (found) {
      var scores = match(found, term, plurals);
      if (scores.size || term.length < 4 || /\d/.test(term)) return { term: term, scores: scores, cut: !found.prefix };
      var start = term.slice(0, 3);
      var parts = manifest.parts.filter(function (p) {
        return (p.indexOf(start) === 0 || term.indexOf(p) === 0) && mayBeNear(p, term);
      });
      // Too many: only those that may hold a whole word one letter away, not a beginning; still
      // too many for a slow connection, no retry.
      if (parts.length > BEGINNINGS) parts = parts.filter(function (p) { return p.length <= term.length + 1; });
      if (parts.length > BEGINNINGS) return { term: term, scores: scores, cut: !found.prefix };
      return load(parts, get).then(function (words) {
        var instead = nearest(words, term);
        if (!instead) return { term: term, scores: scores };
        return near(manifest, instead, get).then(function (other) {
          return { term: term, scores: match(other, instead, plurals), instead: instead };
        });
      });
    });
  }

  // The pages with every word of `query` but the common ones, best first (see the top), the
  // words taken instead of some, and whether a word too short was taken whole only, without
  // the words it begins: { manifest, pages, instead: { typed: taken }, cut }. `null` for
  // a query without words; no pages and `common` for one with common words only. `get(name)`
  // gives a file of the index.
  function find(query, get) {
    var typed = words(query);
    if (!typed.length) return Promise.resolve(null);
    return get("index.json").then(function (manifest) {
      var stop = new Set(manifest.stop || []);
      var terms = Array.from(new Set(typed.filter(function (w) { return !stop.has(w); })));
      if (!terms.length) return { manifest: manifest, pages: [], instead: {}, common: true };
      return Promise.all(terms.map(function (t) { return lookup(manifest, t, get); })).then(function (found) {
        var total = new Map();
        found[0].scores.forEach(function (score, page) {
          if (found.every(function (f) { return f.scores.has(page); })) {
            total.set(page, found.reduce(function (sum, f) { return sum + f.scores.get(page); }, 0));
          }
        });
        // Pages are numbered oldest first: among equals, the last comes first.
        var pages = Array.from(total.keys()).sort(function (a, b) { return total.get(b) - total.get(a) || b - a; });
        var instead = {};
        found.forEach(function (f) { if (f.instead) instead[f.term] = f.instead; });
        var cut = found.some(function (f) { return f.cut; });
        return { manifest: manifest, pages: pages, instead: instead, cut: cut };
      });
    });
  }

  // `query` with the words taken instead of those typed.
  function corrected(query, instead) {
    return query.split(/([^\p{L}\p{N}]+)/u).map(function (piece) {
      var folded = fold(piece);
      return Object.prototype.hasOwnProperty.call(instead, folded) ? instead[folded] : piece;
    }).join("");
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

  globalThis.cnrSearch = { fold: fold, words: words, find: find, describe: describe, corrected: corrected };
  if (typeof document === "undefined") return;

  var form = document.getElementById("recherche");
  if (!form || !window.fetch) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("statut");
  var list = document.getElementById("resultats");
  var more = document.getElementById("plus");
  var lang = document.documentElement.lang;
  var files = {};

  // A file of the index, fetched once; one that failed is fetched again the next time.
  function get(name) {
    if (!files[name]) {
      files[name] = fetch(name).then(function (response) {
        if (!response.ok) throw new Error(name);
        return response.json();
      }).catch(function (error) {
        delete files[name];
        throw error;
      });
    }
    return files[name];
  }

  function message(key, count, query) {
    return status.dataset[key].replace("{count}", count.toLocaleString(lang)).replace("{query}", query);
  }

  // The number of the last search asked for: on a slow connection, an earlier search may end
  // after it, and then shows nothing.
  var latest = 0;

  function show(result, start, ticket) {
    return describe(result, start, get).then(function (docs) {
      if (ticket !== latest) return;
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
      more.onclick = function () { show(result, start + 10, ticket); };
    });
  }

  function search(query) {
    var ticket = ++latest;
    list.textContent = "";
    more.hidden = true;
    status.textContent = words(query).length ? status.dataset.busy : "";
    find(query, get).then(function (result) {
      if (ticket !== latest) return;
      if (!result) {
        status.textContent = query.trim() ? status.dataset.short : "";
        return;
      }
      if (result.common) {
        status.textContent = status.dataset.common;
        return;
      }
      var count = result.pages.length;
      var key = count === 0 ? "none" : count === 1 ? "one" : "many";
      var typed = query.trim();
      // A word was taken for another: say that the one typed found nothing, and what was found.
      status.textContent = Object.keys(result.instead).length
        ? message("none", 0, typed) + " " + message(key, count, corrected(typed, result.instead))
        : message(key, count, typed) + (count === 0 && result.cut ? " " + status.dataset.longer : "");
      return show(result, 0, ticket);
    }).catch(function () { if (ticket === latest) status.textContent = status.dataset.failed; });
  }

  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
    search(input.value);
  });
  var query = new URLSearchParams(location.search).get("q");
  if (query) {
    input.value = query;
    search(query);
  }
})();
