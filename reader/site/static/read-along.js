/* read-or-listen: the article page as a read-along.
 *
 * The page's own sentences (<span class="rl" data-s="s3">, one id per written sentence) are
 * matched to the voice by the episode's sync map (episodes/<stem>.sync.json: [id, start, end]
 * per spoken piece, written by the episode stage). While the audio plays, the sentence being
 * spoken gets aria-current="true"; clicking it, or Enter on it, plays from it. Speed and the
 * place reached are remembered (localStorage), the Media Session API tells the lock screen the
 * title, cover and chapter. One file for the whole site, no request leaves it; without
 * JavaScript the page is the plain article and the browser's own player.
 */
(function () {
  "use strict";
  var player = document.getElementById("player");
  if (!player) return;

  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var SKIP_BACK = 15, SKIP_AHEAD = 30;
  var SPEED_KEY = "read-or-listen:speed";
  var positionKey = "read-or-listen:position:" +
    new URL(player.getAttribute("src"), document.baseURI).pathname;
  var reducedMotion = window.matchMedia &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var store = storage();
  var body = document.querySelector(".article-body");
  var voiceButton = document.querySelector(".to-voice");
  var speedSelect = document.getElementById("speed");

  var cues = [];           // {id, start, end}, in time order
  var firstCue = {};       // sentence id -> start of its first piece
  var parts = {};          // sentence id -> its elements (a sentence may be in fragments)
  var current = null;      // id of the sentence marked now
  var following = true;    // keep the voice's sentence in view
  var seekedByUser = false;
  var frame = 0;
  var chapters = Array.prototype.map.call(
    document.querySelectorAll(".chapters button[data-start]"),
    function (button) {
      return { button: button, start: parseFloat(button.getAttribute("data-start")),
               title: button.querySelector("span") ? button.querySelector("span").textContent
                                                   : button.textContent };
    });
  var chapterIndex = -1;

  function storage() {
    // localStorage throws when it is disabled (some private modes): then nothing is kept.
    try {
      var s = window.localStorage, probe = "read-or-listen:probe";
      s.setItem(probe, "1"); s.removeItem(probe);
      return { get: function (k) { return s.getItem(k); },
               set: function (k, v) { try { s.setItem(k, v); } catch (e) { /* full */ } },
               remove: function (k) { s.removeItem(k); } };
    } catch (e) {
      return { get: function () { return null; }, set: function () {}, remove: function () {} };
    }
  }

  function play() {
    var started = player.play();
    // A refused or interrupted play() (autoplay rules, a pause right after) is not an error.
    if (started && started.catch) started.catch(function () {});
  }

  function seek(seconds, andPlay) {
    seekedByUser = true;
    var end = isFinite(player.duration) ? player.duration : Infinity;
    player.currentTime = Math.max(0, Math.min(seconds, end));
    update();
    if (andPlay) play();
  }

  // -- chapters, skips, speed ---------------------------------------------------------------

  chapters.forEach(function (chapter) {
    chapter.button.addEventListener("click", function () { follow(); seek(chapter.start, true); });
  });

  function skip(seconds) { seek(player.currentTime + seconds, false); }

  Array.prototype.forEach.call(document.querySelectorAll("[data-skip]"), function (button) {
    button.addEventListener("click", function () {
      skip(parseFloat(button.getAttribute("data-skip")));
    });
  });

  function setSpeed(rate, remember) {
    if (!(rate >= SPEEDS[0] && rate <= SPEEDS[SPEEDS.length - 1])) rate = 1;
    player.defaultPlaybackRate = rate;  // survives the browser reloading the source
    player.playbackRate = rate;
    if (speedSelect) speedSelect.value = String(rate);
    if (remember) store.set(SPEED_KEY, String(rate));
    mediaPosition();
  }

  function stepSpeed(direction) {
    var at = SPEEDS.indexOf(player.playbackRate);
    if (at < 0) at = SPEEDS.indexOf(1);
    setSpeed(SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, at + direction))], true);
  }

  if (speedSelect) {
    speedSelect.addEventListener("change", function () {
      setSpeed(parseFloat(speedSelect.value), true);
    });
  }
  setSpeed(parseFloat(store.get(SPEED_KEY) || "1"), false);
  player.addEventListener("loadedmetadata", function () {
    setSpeed(parseFloat(store.get(SPEED_KEY) || "1"), false);
  });

  // -- resume where the listener left off ---------------------------------------------------

  function restorePosition() {
    var saved = parseFloat(store.get(positionKey) || "");
    if (seekedByUser || !(saved > 1) || !isFinite(player.duration)) return;
    if (saved < player.duration - 2) {
      player.currentTime = saved;
      update();
    }
  }

  var lastSaved = 0;
  function savePosition(force) {
    var now = Date.now();
    if (!force && now - lastSaved < 2000) return;
    lastSaved = now;
    if (player.ended) store.remove(positionKey);
    else if (player.currentTime > 1) store.set(positionKey, player.currentTime.toFixed(2));
  }

  if (player.readyState >= 1) restorePosition();
  else player.addEventListener("loadedmetadata", restorePosition, { once: true });
  player.addEventListener("timeupdate", function () { savePosition(false); update(); });
  player.addEventListener("pause", function () { savePosition(true); });
  player.addEventListener("seeked", function () { savePosition(true); update(); });
  player.addEventListener("ended", function () { savePosition(true); });
  window.addEventListener("pagehide", function () { savePosition(true); });

  // -- the read-along -----------------------------------------------------------------------

  function cueAt(seconds) {
    // The last piece begun by `seconds`: it stays marked through the pause after it.
    var low = 0, high = cues.length - 1, found = -1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (cues[mid].start <= seconds + 0.01) { found = mid; low = mid + 1; } else high = mid - 1;
    }
    return found;
  }

  function update() {
    if (cues.length) {
      var at = cueAt(player.currentTime);
      mark(at >= 0 ? cues[at].id : null);
    }
    updateChapter();
  }

  function tick() {
    update();
    frame = player.paused ? 0 : window.requestAnimationFrame(tick);
  }

  player.addEventListener("play", function () { if (!frame) frame = window.requestAnimationFrame(tick); });
  player.addEventListener("pause", function () { showVoiceButton(); });

  function mark(id) {
    if (id === current) return;
    (parts[current] || []).forEach(function (el) { el.removeAttribute("aria-current"); });
    current = id && parts[id] ? id : null;
    var els = parts[current] || [];
    els.forEach(function (el) { el.setAttribute("aria-current", "true"); });
    if (!els.length) return;
    if (!following && inView(els[0])) following = true;  // the reader came back by themselves
    if (following && !player.paused) bringIntoView(els[0]);
    showVoiceButton();
  }

  function inView(el) {
    var box = el.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  }

  function bringIntoView(el) {
    var box = el.getBoundingClientRect(), h = window.innerHeight;
    if (box.top >= h * 0.15 && box.bottom <= h * 0.8) return;  // comfortably in view already
    el.scrollIntoView({ block: "center", behavior: reducedMotion ? "auto" : "smooth" });
  }

  function follow() {
    following = true;
    showVoiceButton();
    var els = parts[current] || [];
    if (els.length) bringIntoView(els[0]);
  }

  function showVoiceButton() {
    if (voiceButton) voiceButton.hidden = following || player.paused || !current;
  }

  // The reader scrolling by hand (wheel, touch, keys, the scroll bar) stops the page from
  // following the voice until they ask for it back, or scroll back to it themselves.
  function scrolledByHand() {
    if (player.paused || !current) return;
    following = false;
    showVoiceButton();
  }
  window.addEventListener("wheel", scrolledByHand, { passive: true });
  window.addEventListener("touchmove", scrolledByHand, { passive: true });
  document.addEventListener("mousedown", function (event) {
    if (event.target === document.documentElement) scrolledByHand();  // the scroll bar
  });
  document.addEventListener("keydown", function (event) {
    var keys = ["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown", " "];
    if (keys.indexOf(event.key) >= 0 && !isTyping(event.target) &&
        !(event.target.classList && event.target.classList.contains("rl"))) scrolledByHand();
  });
  if (voiceButton) voiceButton.addEventListener("click", follow);

  function sentenceOf(target) {
    var el = target && target.closest ? target.closest(".rl[data-s]") : null;
    return el && firstCue[el.getAttribute("data-s")] !== undefined ? el : null;
  }

  function playFrom(el) {
    var id = el.getAttribute("data-s");
    following = true;
    seek(firstCue[id], true);
    focusable(parts[id][0]);
  }

  function focusable(el) {
    // One sentence at a time is in the Tab order (a roving tabindex): the page is not a
    // hundred tab stops long, and arrow keys move between sentences.
    var previous = body.querySelector(".rl[tabindex='0']");
    if (previous && previous !== el) previous.setAttribute("tabindex", "-1");
    el.setAttribute("tabindex", "0");
  }

  function activate(map) {
    cues = map.cues.map(function (c) { return { id: c[0], start: c[1], end: c[2] }; });
    cues.sort(function (a, b) { return a.start - b.start; });
    Array.prototype.forEach.call(body.querySelectorAll(".rl[data-s]"), function (el) {
      var id = el.getAttribute("data-s");
      (parts[id] = parts[id] || []).push(el);
    });
    cues.forEach(function (c) {
      if (c.id !== null && parts[c.id] && firstCue[c.id] === undefined) firstCue[c.id] = c.start;
    });
    var first = null;
    Object.keys(firstCue).forEach(function (id) {
      var el = parts[id][0];
      el.setAttribute("tabindex", "-1");
      if (!first) first = el;
    });
    if (!first) return;
    first.setAttribute("tabindex", "0");
    document.body.classList.add("read-along");
    body.addEventListener("click", function (event) {
      var el = sentenceOf(event.target);
      var selection = window.getSelection ? String(window.getSelection()) : "";
      if (!el || event.target.closest("a") || selection) return;  // links and copying win
      playFrom(el);
    });
    body.addEventListener("keydown", function (event) {
      var el = sentenceOf(event.target);
      if (!el || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        playFrom(el);
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var ids = Object.keys(firstCue).sort(function (a, b) { return firstCue[a] - firstCue[b]; });
        var at = ids.indexOf(el.getAttribute("data-s"));
        var next = ids[at + (event.key === "ArrowDown" ? 1 : -1)];
        if (next) {
          event.preventDefault();
          focusable(parts[next][0]);
          parts[next][0].focus();
        }
      }
    });
    update();
    document.body.setAttribute("data-read-along", "ready");
  }

  var syncUrl = player.getAttribute("data-sync");
  if (body && syncUrl && window.fetch) {
    fetch(syncUrl).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (map) {
      if (map && map.cues) activate(map);
    }).catch(function () { /* no read-along: the page still reads and plays */ });
  }

  // -- keyboard shortcuts -------------------------------------------------------------------

  function isTyping(target) {
    return target && (/^(INPUT|SELECT|TEXTAREA|AUDIO|VIDEO)$/.test(target.tagName) ||
                      target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey ||
        isTyping(event.target)) return;
    var action = {
      k: function () { if (player.paused) play(); else player.pause(); },
      j: function () { skip(-SKIP_BACK); },
      l: function () { skip(SKIP_AHEAD); },
      "<": function () { stepSpeed(-1); },
      ">": function () { stepSpeed(1); },
      v: follow,
      "[": function () { toChapter(-1); },
      "]": function () { toChapter(1); }
    }[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  // -- chapters on the lock screen (Media Session API) --------------------------------------

  function chapterAt(seconds) {
    var found = -1;
    chapters.forEach(function (c, i) { if (c.start <= seconds + 0.01) found = i; });
    return found;
  }

  function toChapter(direction) {
    if (!chapters.length) return;
    var at = chapterAt(player.currentTime);
    // "Previous" from a few seconds into a chapter goes back to its start, as players do.
    if (direction < 0 && at >= 0 && player.currentTime - chapters[at].start > 3) direction = 0;
    var target = chapters[Math.max(0, Math.min(chapters.length - 1, at + direction))];
    seek(target.start, !player.paused);
  }

  var session = "mediaSession" in navigator ? navigator.mediaSession : null;
  var artwork = player.getAttribute("data-artwork");
  var artworkUrl = artwork ? new URL(artwork, document.baseURI).href : null;

  function updateChapter() {
    var at = chapterAt(player.currentTime);
    if (at === chapterIndex) return;
    chapterIndex = at;
    if (!session || typeof window.MediaMetadata !== "function") return;
    var info = {
      title: player.getAttribute("data-title") || document.title,
      artist: player.getAttribute("data-artist") || "",
      album: at >= 0 ? chapters[at].title : (player.getAttribute("data-album") || ""),
      artwork: artworkUrl ? [{ src: artworkUrl, type: "image/jpeg" }] : []
    };
    info.chapterInfo = chapters.map(function (c) {  // newer browsers list the chapters
      return { title: c.title, startTime: c.start, artwork: info.artwork };
    });
    try { session.metadata = new window.MediaMetadata(info); } catch (e) { /* old browser */ }
  }

  function mediaPosition() {
    if (!session || !session.setPositionState || !isFinite(player.duration)) return;
    try {
      session.setPositionState({ duration: player.duration, playbackRate: player.playbackRate,
                                 position: Math.min(player.currentTime, player.duration) });
    } catch (e) { /* an inconsistent state is skipped, the next event sets it */ }
  }

  if (session) {
    var handlers = {
      play: play,
      pause: function () { player.pause(); },
      seekbackward: function (d) { skip(-(d && d.seekOffset || SKIP_BACK)); },
      seekforward: function (d) { skip(d && d.seekOffset || SKIP_AHEAD); },
      seekto: function (d) { if (d && d.seekTime !== undefined) seek(d.seekTime, false); },
      previoustrack: function () { toChapter(-1); },
      nexttrack: function () { toChapter(1); }
    };
    Object.keys(handlers).forEach(function (name) {
      try { session.setActionHandler(name, handlers[name]); } catch (e) { /* unsupported */ }
    });
    ["loadedmetadata", "ratechange", "seeked", "play", "pause"].forEach(function (name) {
      player.addEventListener(name, mediaPosition);
    });
    updateChapter();
  }

  // The extra controls exist only when this script runs.
  Array.prototype.forEach.call(document.querySelectorAll(".player-tools, .read-along-help"),
                               function (el) { el.hidden = false; });
})();
