/* locate: find the episode's written sentences in a blog's own article text.
 *
 * The blog's page was rendered by another program (its Markdown renderer, typographic quotes,
 * &nbsp;, footnote markers, heading anchors), so sentences are compared by their letters and
 * digits only, case- and accent-folded, and sought in order: each after the one before. A
 * sentence not found is simply not marked. Only text inside the article body counts, and not
 * the boxes a theme puts inside it (share bars, related posts, footnote lists, comments).
 * Found text is wrapped in <span data-read-or-listen-s="ID">: the blog's words never change.
 */

// ARTICLE_BODIES (where the article may be, tried in order), NOT_THE_ARTICLE (what inside
// it is not), SENTENCE_ATTR, SHORT_SENTENCE and SHORT_REACH are given by
// reader/site/page_check.py, which `reader check --page` shares with this file.

function articleBody(host) {
  var chosen = host.getAttribute("data-article");
  if (chosen) {
    try { return document.querySelector(chosen); } catch (e) { return null; }
  }
  for (var i = 0; i < ARTICLE_BODIES.length; i++) {
    var found = document.querySelectorAll(ARTICLE_BODIES[i]);
    for (var j = 0; j < found.length; j++) {
      if (found[j].contains(host) || found[j].compareDocumentPosition(host) &
          Node.DOCUMENT_POSITION_PRECEDING) return found[j];
    }
    if (found.length) return found[0];
  }
  return null;
}

var WORD_CHAR = /[\p{L}\p{N}]/u;
var MARKS = /[\u0300-\u036f]/g;

function fold(ch) {
  // One character of text as the letters it is compared by ("É" -> "e", "ﬁ" -> "fi", "," -> "").
  if (ch < "\u0080") return WORD_CHAR.test(ch) ? ch.toLowerCase() : "";
  var out = "", folded = ch.normalize("NFKD").replace(MARKS, "").toLowerCase();
  for (var i = 0; i < folded.length; i++) if (WORD_CHAR.test(folded[i])) out += folded[i];
  return out;
}

function folded(text) {
  var out = "";
  for (var i = 0; i < text.length; i++) out += fold(text[i]);
  return out;
}

/* The body's text as one folded string, and for each of its characters the text node and
 * the offset it came from. */
function textStream(body) {
  var chars = [], nodes = [], offsets = [];
  var walker = document.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: function (node) {
      if (node.nodeType === 1) {
        return node.matches(NOT_THE_ARTICLE) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
      return NodeFilter.FILTER_ACCEPT;
    }
  });
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    var data = node.data;
    for (var i = 0; i < data.length; i++) {
      var f = fold(data[i]);
      for (var k = 0; k < f.length; k++) { chars.push(f[k]); nodes.push(node); offsets.push(i); }
    }
  }
  return { text: chars.join(""), nodes: nodes, offsets: offsets };
}

/* [{id, start, end}] in the stream, for the sentences ([id, text]) found, in order. */
function findSentences(stream, sentences) {
  var found = [], cursor = 0;
  sentences.forEach(function (sentence) {
    var wanted = folded(sentence[1]);
    if (!wanted) return;
    var at = stream.text.indexOf(wanted, cursor);
    if (at < 0) return;
    if (wanted.length < SHORT_SENTENCE && at - cursor > SHORT_REACH) return;
    found.push({ id: sentence[0], start: at, end: at + wanted.length });
    cursor = at + wanted.length;
  });
  return found;
}

function isClosingPunctuation(ch) {
  return /[.!?…:;,"'”’»)\]]/.test(ch);
}

/* Wrap each found sentence's text in spans (one per text node it spans). From the last to
 * the first, so that splitting a text node never moves the offsets still to be used. */
function wrapSentences(stream, found) {
  for (var m = found.length - 1; m >= 0; m--) {
    var match = found[m], pieces = [];
    for (var i = match.start; i < match.end; i++) {
      var node = stream.nodes[i], last = pieces[pieces.length - 1];
      if (last && last.node === node) last.end = stream.offsets[i] + 1;
      else pieces.push({ node: node, start: stream.offsets[i], end: stream.offsets[i] + 1 });
    }
    var tail = pieces[pieces.length - 1];  // the full stop or closing quote goes with it
    while (tail.end < tail.node.data.length && isClosingPunctuation(tail.node.data[tail.end])) {
      tail.end++;
    }
    for (var p = pieces.length - 1; p >= 0; p--) wrap(pieces[p], match.id);
  }
}

function wrap(piece, id) {
  var node = piece.node;
  if (piece.end < node.data.length) node.splitText(piece.end);
  if (piece.start > 0) node = node.splitText(piece.start);
  var span = document.createElement("span");
  span.setAttribute(SENTENCE_ATTR, id);
  node.parentNode.insertBefore(span, node);
  span.appendChild(node);
}

/* Marks the sentences of `episode` in `body`; returns how many were found. */
function locateSentences(body, sentences) {
  var stream = textStream(body);
  var found = findSentences(stream, sentences);
  wrapSentences(stream, found);
  return found.length;
}
