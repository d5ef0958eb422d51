// The studio's pages: every sentence plays its own clip, the words the voice guesses are
// marked, a fix is previewed, saved and heard, a voice is chosen by ear, an article approved.
// Text from the data is only ever set as textContent (never as HTML); the page's own HTML
// comes from the server's templates. No inline scripts: the CSP allows only this file.
(function () {
  "use strict";
  var token = new URLSearchParams(window.location.search).get("token") || "";

  function api(method, path, body) {
    var options = { method: method, headers: { "X-Studio-Token": token } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(path, options).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || response.statusText);
        return data;
      });
    });
  }

  function withToken(url) {
    return url + (url.indexOf("?") < 0 ? "?" : "&") + "token=" + encodeURIComponent(token);
  }

  if (document.body.getAttribute("data-page") !== "article") return;

  var head = document.getElementById("article-head");
  var slug = head.getAttribute("data-slug");
  var base = "/api/articles/" + encodeURIComponent(slug);
  var speaksIpa = head.getAttribute("data-speaks-ipa") === "true";
  var text = document.querySelector(".text");
  var player = document.getElementById("player");
  var status = document.getElementById("status");
  var progress = document.getElementById("progress");
  var progressBar = document.getElementById("progress-bar");
  var progressLabel = document.getElementById("progress-label");
  var sentences = {}; // id -> {id, written, spoken, clip}
  var order = []; // sentence ids in reading order, as on the page
  var current = null;
  var word = null;

  function say(message) { status.textContent = message; }
  function fail(error) { say("Could not do that: " + error.message); }

  function fragments(id) {
    return text.querySelectorAll('[data-s="' + CSS.escape(id) + '"]');
  }

  function mark(id) {
    var sentence = sentences[id];
    fragments(id).forEach(function (el) {
      el.classList.toggle("missing", !sentence || !sentence.clip);
    });
  }

  function setCurrent(id, focus) {
    if (current) {
      fragments(current).forEach(function (el) { el.classList.remove("current"); });
      var before = document.getElementById(current);
      if (before) before.setAttribute("tabindex", "-1");
    }
    current = id;
    fragments(id).forEach(function (el) { el.classList.add("current"); });
    var first = document.getElementById(id);
    if (first) {
      first.setAttribute("tabindex", "0"); // one sentence in the Tab order: arrows move it
      if (focus) first.focus();
    }
  }

  function play(url, playingId) {
    text.querySelectorAll(".playing").forEach(function (el) { el.classList.remove("playing"); });
    if (playingId) fragments(playingId).forEach(function (el) { el.classList.add("playing"); });
    player.src = withToken(url);
    return player.play().catch(function (error) {
      if (error.name !== "AbortError") fail(error); // a newer play() replaced this one
    });
  }

  player.addEventListener("ended", function () {
    text.querySelectorAll(".playing").forEach(function (el) { el.classList.remove("playing"); });
  });

  function speak(id) {
    var sentence = sentences[id];
    if (sentence.clip) return Promise.resolve(sentence.clip);
    showProgress("Speaking the sentence", 0, 1);
    return api("POST", base + "/sentences/" + encodeURIComponent(id) + "/speak", {})
      .then(function (data) {
        sentences[id] = data.sentence;
        mark(id);
        hideProgress();
        return data.sentence.clip;
      });
  }

  function playSentence(id) {
    setCurrent(id, false);
    return speak(id).then(function (clip) { return play(clip, id); }).catch(fail);
  }

  function showProgress(label, done, total) {
    progress.hidden = false;
    progressLabel.textContent = label;
    progressBar.max = total;
    progressBar.value = done;
  }
  function hideProgress() { progress.hidden = true; }

  function load() {
    return api("GET", base).then(function (data) {
      sentences = {};
      data.sentences.forEach(function (s) { sentences[s.id] = s; });
      order = data.sentences.map(function (s) { return s.id; })
        .filter(function (id) { return document.getElementById(id); });
      order.forEach(function (id) {
        var first = document.getElementById(id);
        if (first.getAttribute("tabindex") === null) first.setAttribute("tabindex", "-1");
        mark(id);
      });
      if (order.length && !current) setCurrent(order[0], false);
      markWords(data.words.map(function (w) { return w.word; }));
      document.getElementById("state").textContent = data.state;
      document.getElementById("state").className = "state state-" + data.state;
      text.querySelectorAll(".changed").forEach(function (el) { el.classList.remove("changed"); });
      data.changed_sentences.forEach(function (id) {
        fragments(id).forEach(function (el) { el.classList.add("changed"); });
      });
      return data;
    });
  }

  // Clicking a sentence plays it; a marked word selects the word instead.
  text.addEventListener("click", function (event) {
    var guess = event.target.closest("mark.guess");
    if (guess) { event.preventDefault(); selectWord(guess.getAttribute("data-word")); return; }
    var el = event.target.closest("[data-s]");
    if (!el) return;
    event.preventDefault(); // a link inside a sentence: the studio plays, it does not leave
    var id = el.getAttribute("data-s");
    if (sentences[id]) playSentence(id);
  });

  text.addEventListener("keydown", function (event) {
    var el = event.target.closest("[data-s]");
    if (!el || !current) return;
    var at = order.indexOf(current);
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); playSentence(current); }
    else if (event.key === "ArrowDown" || event.key === "ArrowRight") { event.preventDefault(); move(at + 1); }
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft") { event.preventDefault(); move(at - 1); }
  });

  function move(index) {
    if (index >= 0 && index < order.length) setCurrent(order[index], true);
  }

  document.getElementById("previous").addEventListener("click", function () {
    move(order.indexOf(current) - 1);
    if (current) playSentence(current);
  });
  document.getElementById("next").addEventListener("click", function () {
    move(order.indexOf(current) + 1);
    if (current) playSentence(current);
  });
  document.getElementById("play").addEventListener("click", function () {
    if (current) playSentence(current);
  });

  document.getElementById("speak-all").addEventListener("click", function () {
    var missing = Object.keys(sentences).filter(function (id) { return !sentences[id].clip; });
    var done = 0;
    if (!missing.length) { say("Every sentence is spoken."); return; }
    showProgress("Speaking " + missing.length + " sentences", 0, missing.length);
    missing.reduce(function (chain, id) {
      return chain.then(function () {
        return speak(id).then(function () {
          done += 1;
          showProgress("Spoken " + done + " of " + missing.length, done, missing.length);
        });
      });
    }, Promise.resolve()).then(function () {
      hideProgress();
      say("Every sentence is spoken.");
    }).catch(fail);
  });

  document.getElementById("approve").addEventListener("click", function () {
    api("POST", base + "/approve", {}).then(function (data) {
      var state = document.getElementById("state");
      state.textContent = data.state;
      state.className = "state state-" + data.state;
      say("Approved: reader build may publish this article as it is now.");
    }).catch(fail);
  });

  // The words the voice guesses, marked where they occur (text nodes split, never HTML).
  function markWords(words) {
    text.querySelectorAll("mark.guess").forEach(function (el) {
      el.replaceWith(document.createTextNode(el.textContent));
    });
    text.normalize();
    if (!words.length) return;
    var escaped = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var pattern = new RegExp("(?<![\\p{L}\\p{N}])(" + escaped.join("|") + ")(?![\\p{L}\\p{N}])", "giu");
    var canonical = {};
    words.forEach(function (w) { canonical[w.toLowerCase()] = w; });
    var walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var value = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(value)) return;
      pattern.lastIndex = 0;
      var pieces = document.createDocumentFragment();
      var last = 0;
      var found;
      while ((found = pattern.exec(value)) !== null) {
        pieces.appendChild(document.createTextNode(value.slice(last, found.index)));
        var el = document.createElement("mark");
        el.className = "guess";
        el.textContent = found[0];
        el.setAttribute("data-word", canonical[found[0].toLowerCase()] || found[0]);
        el.title = "The voice guesses this word";
        pieces.appendChild(el);
        last = found.index + found[0].length;
      }
      pieces.appendChild(document.createTextNode(value.slice(last)));
      node.replaceWith(pieces);
    });
  }

  var panel = document.getElementById("word-panel");
  var fix = document.getElementById("fix");

  function kind() {
    return document.querySelector('input[name="kind"]:checked').value;
  }

  function selectWord(name) {
    word = name;
    panel.hidden = false;
    document.getElementById("word-title").textContent = name;
    document.getElementById("phonemes").textContent = "…";
    text.querySelectorAll("mark.guess").forEach(function (el) {
      el.classList.toggle("selected", el.getAttribute("data-word") === name);
    });
    hear({ word: name }).then(function (data) {
      document.getElementById("phonemes").textContent = data.phonemes || "(this voice shows none)";
    });
  }

  function hear(body) {
    say("Speaking " + body.word + "…");
    return api("POST", base + "/say", body).then(function (data) {
      say("Playing " + data.word + ".");
      play(data.clip, null);
      return data;
    }).catch(function (error) { fail(error); return {}; });
  }

  function fixBody() {
    var value = fix.value.trim();
    if (!value) { say("Write how the word should sound first."); return null; }
    var body = { word: word };
    body[kind() === "ipa" && speaksIpa ? "ipa" : "respelling"] = value;
    return body;
  }

  document.querySelectorAll("button.word").forEach(function (button) {
    button.addEventListener("click", function () { selectWord(button.getAttribute("data-word")); });
  });
  document.getElementById("word-play").addEventListener("click", function () {
    if (word) hear({ word: word });
  });
  document.getElementById("preview").addEventListener("click", function () {
    var body = fixBody();
    if (body) hear(body);
  });

  function respoken(data, done) {
    data.sentences.forEach(function (s) {
      if (s.slug === slug) { sentences[s.id] = s; mark(s.id); }
    });
    var mine = data.sentences.filter(function (s) { return s.slug === slug; });
    say(done + " " + mine.length + " sentence" + (mine.length === 1 ? "" : "s") + " spoken again.");
    document.getElementById("undo").disabled = false;
    if (mine.length) play(mine[0].clip, mine[0].id); // hear the fix where it is said
  }

  document.getElementById("save").addEventListener("click", function () {
    var body = fixBody();
    if (!body) return;
    body.slug = slug;
    showProgress("Saving and speaking again", 0, 1);
    api("POST", "/api/lexicon", body).then(function (data) {
      hideProgress();
      respoken(data, "Saved " + data.word + " to lexicon.toml;");
      return load();
    }).catch(function (error) { hideProgress(); fail(error); });
  });

  document.getElementById("undo").addEventListener("click", function () {
    api("POST", "/api/lexicon/undo", {}).then(function (data) {
      respoken(data, "Undone: " + data.word + " is as it was;");
      return load();
    }).catch(fail);
  });

  // Choose the voice by ear.
  document.getElementById("voices-load").addEventListener("click", function () {
    var list = document.getElementById("voices");
    api("GET", base + "/voices").then(function (data) {
      list.replaceChildren();
      data.voices.forEach(function (v) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = v.voice + (v.chosen ? " (in use)" : "");
        if (v.chosen) name.className = "chosen";
        var hearIt = document.createElement("button");
        hearIt.type = "button";
        hearIt.textContent = "Hear " + v.voice;
        hearIt.addEventListener("click", function () {
          say("Speaking in " + v.voice + "…");
          api("POST", base + "/voices/" + encodeURIComponent(v.voice) + "/speak", {})
            .then(function (sample) { say("Playing " + v.voice + "."); play(sample.clip, null); })
            .catch(fail);
        });
        item.append(name, hearIt);
        if (!v.chosen) {
          var use = document.createElement("button");
          use.type = "button";
          use.textContent = "Use " + v.voice;
          use.addEventListener("click", function () {
            api("POST", "/api/voice", { voice: v.voice }).then(function () {
              say("reader.toml now uses " + v.voice + ".");
              document.getElementById("voices-load").click();
              return load();
            }).catch(fail);
          });
          item.append(use);
        }
        list.append(item);
      });
    }).catch(fail);
  });

  load().then(function () {
    document.body.setAttribute("data-ready", "true");
  }).catch(fail);
})();
