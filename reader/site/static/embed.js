/* embed: the player and the read-along on a blog's own article page.
 *
 * The blog pastes (reader embed SLUG prints it):
 *   <div data-read-or-listen="SLUG"><a href="https://listen.example.com/SLUG/">Listen…</a></div>
 *   <script src="https://listen.example.com/embed.js" defer></script>
 * Without JavaScript the link stays: a plain link to the episode's page.
 *
 * Cross-origin without CORS: the episode's data is a script, SLUG/episode.js on the listening
 * site, loaded with a <script> element (scripts and <audio> may come from another origin
 * without any CORS header, a fetch() of JSON may not). It only pushes a JSON literal onto a
 * queue; nothing in it is ever inserted as HTML, and it runs under the same Content Security
 * Policy entry as this script (script-src: the listening site). No cookies, no request to any
 * third host, nothing sent anywhere.
 *
 * The player's UI is in an open shadow root (styles neither leak in nor out; tests and
 * assistive technology reach it); its styles are constructed stylesheets, which a strict
 * style-src does not block. The blog's own sentences are found by locate.js.
 */

var EMBED_SCRIPT = document.currentScript ||
  document.querySelector("script[src$='/embed.js']");
// EPISODE_QUEUE, EPISODE_FILE, DATA_VERSION and SLUG_PATTERN come from reader/site/scripts.py.
var SLUG = new RegExp(SLUG_PATTERN);
var PLAYER_CSS = [
  ":host { all: initial; display: block; margin: 1.25em 0; color: #1d1d1f;",
  "  font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; }",
  "* { box-sizing: border-box; }",
  ".player { background: var(--read-or-listen-background, #fdfdfb); color: #1d1d1f;",
  "  border: 1px solid var(--read-or-listen-line, #cfc9bf); border-radius: 10px; padding: 12px 14px; }",
  ".title { margin: 0 0 4px; font-weight: 600; }",
  ".muted { color: #55595f; font-weight: 400; }",
  "audio { display: block; width: 100%; margin: 6px 0 8px; }",
  ".tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }",
  "button, select { font: inherit; color: #1d1d1f; background: #fff; min-height: 44px;",
  "  padding: 4px 12px; border: 1px solid #8d877d; border-radius: 6px; cursor: pointer; }",
  "label { display: inline-flex; gap: 6px; align-items: center; }",
  "details { margin-top: 8px; }",
  "summary { cursor: pointer; padding: 10px 0; }",
  ".chapters { list-style: none; margin: 0; padding: 0; }",
  ".chapters button { display: flex; gap: 12px; width: 100%; text-align: left; border: 0;",
  "  border-bottom: 1px solid #ddd8cf; border-radius: 0; background: none; }",
  ".chapters time { color: #55595f; min-width: 3.6em; font-variant-numeric: tabular-nums; }",
  ".links { margin: 8px 0 0; }",
  "a { color: var(--read-or-listen-accent, #8a3b12); }",
  "button:focus-visible, select:focus-visible, a:focus-visible, summary:focus-visible {",
  "  outline: 2px solid #8a3b12; outline-offset: 2px; }",
  ".to-voice { position: fixed; bottom: 16px; left: 50%; transform: translateX(-50%);",
  "  z-index: 2147483000; border-color: #8a3b12; box-shadow: 0 2px 8px rgb(0 0 0 / 0.25); }",
  "[hidden] { display: none !important; }"
].join("\n");
// The blog's text: the sentence being spoken (4.5:1 or more for its text and links).
var HIGHLIGHT_CSS = [
  "[data-read-or-listen-article] [data-read-or-listen-s] { cursor: pointer; border-radius: 0.15em; }",
  "[data-read-or-listen-article] [data-read-or-listen-s]:hover {",
  "  background: var(--read-or-listen-hover, #fbf3d0); color: #1d1d1f; }",
  "[data-read-or-listen-s][aria-current=\"true\"] {",
  "  background: var(--read-or-listen-highlight, #ffe58a); color: #1d1d1f;",
  "  box-shadow: 0 0 0 0.12em #e8c640; -webkit-box-decoration-break: clone;",
  "  box-decoration-break: clone; }",
  "[data-read-or-listen-s][aria-current=\"true\"] a { color: #1d1d1f; }",
  "[data-read-or-listen-s]:focus-visible { outline: 2px solid #8a3b12; outline-offset: 2px; }"
].join("\n");

function adoptStyles(root, css) {
  try {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = Array.prototype.slice.call(root.adoptedStyleSheets).concat(sheet);
  } catch (e) {
    // Browsers before constructable stylesheets: a <style> (a strict style-src may refuse
    // it; the player then works unstyled).
    var style = document.createElement("style");
    style.textContent = css;
    (root === document ? document.head : root).appendChild(style);
  }
}

function element(tag, attributes, children) {
  // Text only ever goes in as text nodes: nothing from the episode's data becomes HTML.
  var el = document.createElement(tag);
  Object.keys(attributes || {}).forEach(function (name) {
    el.setAttribute(name, attributes[name]);
  });
  (children || []).forEach(function (child) {
    el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  });
  return el;
}

function clock(seconds) {
  var s = Math.floor(seconds), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  return h ? h + ":" + pad(m) + ":" + pad(s % 60) : m + ":" + pad(s % 60);
}

function buildPlayer(root, episode, url) {
  // Every word comes from the episode's data, in its language (reader/site/episode_data.py).
  var words = episode.words;
  var audio = element("audio", { controls: "", preload: "metadata", src: url(episode.audio),
                                 "aria-label": words.listenTo });
  var speed = element("select", { "aria-keyshortcuts": "Shift+Comma Shift+Period" });
  var parts = [
    element("p", { "class": "title" }, [
      words.listen + " ", element("span", { "class": "muted" }, ["(" + words.duration + ")"])
    ]),
    audio,
    element("div", { "class": "tools" }, [
      element("button", { type: "button", "data-skip": "-" + SKIP_BACK, "aria-keyshortcuts": "j" },
              [words.back]),
      element("button", { type: "button", "data-skip": String(SKIP_AHEAD),
                          "aria-keyshortcuts": "l" }, [words.forward]),
      element("label", {}, [words.speed, speed])
    ])
  ];
  if (episode.chapters.length > 1) {
    parts.push(element("details", {}, [
      element("summary", {}, [words.chapters]),
      element("ol", { "class": "chapters" }, episode.chapters.map(function (chapter) {
        return element("li", {}, [element("button", { type: "button",
                                                      "data-start": String(chapter[1]) }, [
          element("time", {}, [clock(chapter[1])]), " ", element("span", {}, [chapter[0]])
        ])]);
      }))
    ]));
  }
  parts.push(element("p", { "class": "links" }, [
    element("a", { href: url(episode.audio), download: "" }, [words.download]),
    " · ",
    element("a", { href: url(episode.feed), type: "application/rss+xml" },
            [words.podcastApp])
  ]));
  var voice = element("button", { type: "button", "class": "to-voice", hidden: "",
                                  "aria-keyshortcuts": "v" }, [words.toVoice]);
  // The player speaks the episode's language, whatever the blog's page says.
  root.appendChild(element("section", { "class": "player", lang: episode.lang,
                                        "aria-label": words.listen }, parts));
  root.appendChild(voice);
  return { audio: audio, speed: speed, voice: voice };
}

function startPlayer(host, episode, base) {
  var url = function (path) { return new URL(path, base).href; };
  var root = host.attachShadow({ mode: "open" });
  adoptStyles(root, PLAYER_CSS);
  var built = buildPlayer(root, episode, url);
  var body = articleBody(host);
  var S = createState(built.audio, {
    body: body,
    controls: root,
    voiceButton: built.voice,
    speedSelect: built.speed,
    sentenceSelector: "[" + SENTENCE_ATTR + "]",
    sentenceAttr: SENTENCE_ATTR,
    meta: { title: episode.title, artist: episode.author, album: episode.podcast }
  });
  wireControls(S);
  remember(S);
  watchPlayback(S);
  watchHandScroll(S);
  shortcuts(S, body ? [host, body] : [host]);
  mediaSession(S);
  var found = body ? locateSentences(body, episode.sentences) : 0;
  if (found && activate(S, episode.cues)) body.setAttribute("data-read-or-listen-article", "");
  host.setAttribute("data-read-or-listen-found", String(found));
  host.setAttribute("data-read-or-listen-state", "ready");
}

function takeEpisode(slug) {
  var queue = window[EPISODE_QUEUE];
  if (!Array.isArray(queue)) return null;
  for (var i = queue.length - 1; i >= 0; i--) {
    if (queue[i] && queue[i].slug === slug && queue[i].version === DATA_VERSION) return queue[i];
  }
  return null;
}

function loadEpisode(slug, base, done) {
  var script = document.createElement("script");
  script.src = new URL(slug + "/" + EPISODE_FILE, base).href;
  script.async = true;
  script.addEventListener("load", function () { done(takeEpisode(slug)); });
  script.addEventListener("error", function () { done(null); });
  document.head.appendChild(script);
}

function startEmbeds() {
  if (!EMBED_SCRIPT || !EMBED_SCRIPT.src) return;
  var base = new URL(".", EMBED_SCRIPT.src).href;  // embed.js is at the listening site's root
  adoptStyles(document, HIGHLIGHT_CSS);
  Array.prototype.forEach.call(document.querySelectorAll("[data-read-or-listen]"), function (host) {
    var slug = host.getAttribute("data-read-or-listen");
    if (host.shadowRoot || host.hasAttribute("data-read-or-listen-state") || !SLUG.test(slug)) {
      return;
    }
    host.setAttribute("data-read-or-listen-state", "loading");
    loadEpisode(slug, base, function (episode) {
      // No episode (not built yet, a typo): the plain link stays.
      if (episode) startPlayer(host, episode, base);
      else host.setAttribute("data-read-or-listen-state", "missing");
    });
  });
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startEmbeds);
} else {
  startEmbeds();
}
