/* follow: the sentence being spoken is kept in view, until the reader scrolls away by hand;
 * "Back to the voice" (or v) brings it back. */

var REDUCED_MOTION = window.matchMedia &&
  window.matchMedia("(prefers-reduced-motion: reduce)").matches;

function inView(el) {
  var box = el.getBoundingClientRect();
  return box.bottom > 0 && box.top < window.innerHeight;
}

function bringIntoView(el) {
  var box = el.getBoundingClientRect(), h = window.innerHeight;
  if (box.top >= h * 0.15 && box.bottom <= h * 0.8) return;  // comfortably in view already
  el.scrollIntoView({ block: "center", behavior: REDUCED_MOTION ? "auto" : "smooth" });
}

function follow(S) {
  S.following = true;
  showVoiceButton(S);
  var els = S.parts[S.current] || [];
  if (els.length) bringIntoView(els[0]);
}

function showVoiceButton(S) {
  if (S.voiceButton) S.voiceButton.hidden = S.following || S.player.paused || !S.current;
}

// The reader scrolling by hand (wheel, touch, keys, the scroll bar) stops the page from
// following the voice until they ask for it back, or scroll back to it themselves.
function watchHandScroll(S) {
  function scrolledByHand() {
    if (S.player.paused || !S.current) return;
    S.following = false;
    showVoiceButton(S);
  }
  window.addEventListener("wheel", scrolledByHand, { passive: true });
  window.addEventListener("touchmove", scrolledByHand, { passive: true });
  document.addEventListener("mousedown", function (event) {
    if (event.target === document.documentElement) scrolledByHand();  // the scroll bar
  });
  document.addEventListener("keydown", function (event) {
    var keys = ["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown", " "];
    var target = eventTarget(event);
    if (keys.indexOf(event.key) >= 0 && !isTyping(target) &&
        !(target.closest && target.closest(S.sentenceSelector))) scrolledByHand();
  });
  if (S.voiceButton) S.voiceButton.addEventListener("click", function () { follow(S); });
}
