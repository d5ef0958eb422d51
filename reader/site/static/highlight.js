/* highlight: the sentence being spoken is marked aria-current="true"; a click on a sentence,
 * or Enter on it, plays from it. Sentences are S.parts (id -> elements), found by the entry
 * script; the timing is the episode's sync map ([id, start, end] per spoken piece). */

function cueAt(S, seconds) {
  // The last piece begun by `seconds`: it stays marked through the pause after it.
  var cues = S.cues, low = 0, high = cues.length - 1, found = -1;
  while (low <= high) {
    var mid = (low + high) >> 1;
    if (cues[mid].start <= seconds + 0.01) { found = mid; low = mid + 1; } else high = mid - 1;
  }
  return found;
}

function update(S) {
  if (S.cues.length) {
    var at = cueAt(S, S.player.currentTime);
    mark(S, at >= 0 ? S.cues[at].id : null);
  }
  updateChapter(S);
}

function tick(S) {
  update(S);
  S.frame = S.player.paused ? 0 : window.requestAnimationFrame(function () { tick(S); });
}

function mark(S, id) {
  if (id === S.current) return;
  (S.parts[S.current] || []).forEach(function (el) { el.removeAttribute("aria-current"); });
  S.current = id && S.parts[id] ? id : null;
  var els = S.parts[S.current] || [];
  els.forEach(function (el) { el.setAttribute("aria-current", "true"); });
  if (!els.length) return;
  if (!S.following && inView(els[0])) S.following = true;  // the reader came back by themselves
  if (S.following && !S.player.paused) bringIntoView(els[0]);
  showVoiceButton(S);
}

function sentenceOf(S, target) {
  var el = target && target.closest ? target.closest(S.sentenceSelector) : null;
  return el && S.firstCue[el.getAttribute(S.sentenceAttr)] !== undefined ? el : null;
}

function focusable(S, el) {
  // One sentence at a time is in the Tab order (a roving tabindex): the page is not a
  // hundred tab stops long, and arrow keys move between sentences.
  var previous = S.body.querySelector(S.sentenceSelector + "[tabindex='0']");
  if (previous && previous !== el) previous.setAttribute("tabindex", "-1");
  el.setAttribute("tabindex", "0");
}

function playFrom(S, el) {
  var id = el.getAttribute(S.sentenceAttr);
  S.following = true;
  seek(S, S.firstCue[id], true);
  focusable(S, S.parts[id][0]);
}

/* Takes the sync map's cues; returns whether any sentence of the text can be played. */
function activate(S, cues) {
  S.cues = cues.map(function (c) { return { id: c[0], start: c[1], end: c[2] }; });
  S.cues.sort(function (a, b) { return a.start - b.start; });
  Array.prototype.forEach.call(S.body.querySelectorAll(S.sentenceSelector), function (el) {
    var id = el.getAttribute(S.sentenceAttr);
    (S.parts[id] = S.parts[id] || []).push(el);
  });
  S.cues.forEach(function (c) {
    if (c.id !== null && S.parts[c.id] && S.firstCue[c.id] === undefined) {
      S.firstCue[c.id] = c.start;
    }
  });
  var first = null;
  Object.keys(S.firstCue).forEach(function (id) {
    var el = S.parts[id][0];
    el.setAttribute("tabindex", "-1");
    if (!first) first = el;
  });
  if (!first) return false;
  first.setAttribute("tabindex", "0");
  S.body.addEventListener("click", function (event) {
    var el = sentenceOf(S, event.target);
    var selection = window.getSelection ? String(window.getSelection()) : "";
    if (!el || event.target.closest("a") || selection) return;  // links and copying win
    playFrom(S, el);
  });
  S.body.addEventListener("keydown", function (event) {
    var el = sentenceOf(S, event.target);
    if (!el || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      playFrom(S, el);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var ids = Object.keys(S.firstCue).sort(function (a, b) {
        return S.firstCue[a] - S.firstCue[b];
      });
      var next = ids[ids.indexOf(el.getAttribute(S.sentenceAttr)) +
                     (event.key === "ArrowDown" ? 1 : -1)];
      if (next) {
        event.preventDefault();
        focusable(S, S.parts[next][0]);
        S.parts[next][0].focus();
      }
    }
  });
  update(S);
  return true;
}
