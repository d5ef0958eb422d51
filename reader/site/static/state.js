/* state: the one object every part of the player and the read-along reads and changes.
 *
 * The pieces (player.js, memory.js, highlight.js, follow.js, keys.js, session.js) are plain
 * functions of this object; an entry script (page.js on the listening site's pages, embed.js
 * on a blog's own pages) builds it from its own elements and wires the pieces it wants.
 */

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

function createState(player, parts) {
  return {
    player: player,
    body: parts.body || null,              // the article's text, whose sentences are marked
    controls: parts.controls,              // where the buttons live: document or a shadow root
    voiceButton: parts.voiceButton || null,
    speedSelect: parts.speedSelect || null,
    sentenceSelector: parts.sentenceSelector,  // a sentence element of the text
    sentenceAttr: parts.sentenceAttr,          // its attribute naming the sentence's id
    meta: parts.meta || {},                // title, artist, album, artwork for the lock screen
    store: storage(),
    positionKey: "read-or-listen:position:" +
      new URL(player.getAttribute("src"), document.baseURI).pathname,
    cues: [],            // {id, start, end}, in time order
    firstCue: {},        // sentence id -> start of its first piece
    parts: {},           // sentence id -> its elements (a sentence may be in fragments)
    current: null,       // id of the sentence marked now
    following: true,     // keep the voice's sentence in view
    seekedByUser: false,
    frame: 0,
    chapters: [],        // {button, start, title}
    chapterIndex: -1,
    lastSaved: 0,
    session: "mediaSession" in navigator ? navigator.mediaSession : null
  };
}

function eventTarget(event) {
  // The element the event began on, also inside a shadow root (event.target is retargeted).
  return event.composedPath ? event.composedPath()[0] : event.target;
}
