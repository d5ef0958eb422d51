"""`reader studio`'s API over real HTTP on 127.0.0.1: only with the run's token, writes only
from its own pages, no slug as a path; the articles and their states; a fix saved into
lexicon.toml re-speaks exactly the sentences with the word (their clips change, no other's
does), and undo puts it back; approval, and a build with `require_approval` publishing only
the approved article. The voice is the test engine (tones) except in the one test where
the IPA must reach a real voice (Piper).
"""

from __future__ import annotations

import os
import re
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest

from reader.builder import build_site
from tests.conftest import READER, run_reader

from .studio_support import NAME, Blog, Client, copy_blog, make_blog, start


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Blog:
    return make_blog(tmp_path_factory.mktemp("blog"))


@pytest.fixture()
def blog(built: Blog, tmp_path: Path) -> Blog:
    return copy_blog(built, tmp_path / "blog")


@pytest.fixture()
def client(blog: Blog) -> Iterator[Client]:
    studio = start(blog)
    try:
        yield Client(studio)
    finally:
        studio.stop()


def test_reader_studio_prints_its_address_and_answers_only_with_its_token(blog: Blog) -> None:
    process = subprocess.Popen(
        [*READER, "studio", str(blog.articles), "-o", str(blog.output),
         "--config", str(blog.config)],
        stdout=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        match = re.fullmatch(r"Studio: http://127\.0\.0\.1:(\d+)/\?token=([\w-]{20,})", line)
        assert match, line
        port, token = match.groups()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/articles?token={token}") as r:
            assert r.status == 200
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/articles")
        assert refused.value.code == 403
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_every_request_needs_the_token(client: Client) -> None:
    for path in ("/", "/api/articles", "/api/articles/notes", "/api/clips/x.wav"):
        assert client.get(path, token=None)[0] == 403, path
        assert client.get(path, token="not-the-token")[0] == 403, path
    assert client.post("/api/articles/notes/approve", token=None)[0] == 403
    # The header is as good as the query.
    status, answer = client.get("/api/articles", token=None,
                                headers={"X-Studio-Token": client.token})
    assert status == 200 and answer["articles"]


def test_writes_from_another_site_are_refused(client: Client, blog: Blog) -> None:
    for origin in ("http://evil.example", "http://127.0.0.1:1", "null"):
        status, _ = client.post("/api/articles/notes/approve", headers={"Origin": origin})
        assert status == 403, origin
    status, _ = client.post("/api/lexicon", {"word": NAME, "respelling": "voy check"},
                            headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    assert not (blog.root / "approvals.toml").exists()
    assert NAME not in blog.lexicon.read_text(encoding="utf-8")
    # Its own pages' origin may write.
    status, _ = client.post("/api/articles/notes/approve", headers={"Origin": client.base})
    assert status == 200


def test_a_slug_or_word_is_never_a_path(client: Client, blog: Blog) -> None:
    (blog.root / "secret.md").write_text("---\ntitle: Secret\n---\nSecret.\n")
    for slug in ("..%2F..%2Freader.toml", "..%2Fsecret", "%2E%2E", "..", "notes%00",
                 "%2Fetc%2Fpasswd"):
        status, answer = client.get(f"/api/articles/{slug}")
        assert status in (400, 404), slug
        assert "podcast" not in str(answer) and "Secret" not in str(answer)
    status, _ = client.post("/api/lexicon", {"word": "../reader", "respelling": "x"})
    assert status == 400
    status, _ = client.post("/api/lexicon", {"word": NAME, "respelling": "x]\n[podcast"})
    assert status == 400
    assert client.get("/api/clips/..%2F..%2Freader.toml")[0] == 404


def test_a_large_body_is_refused_unread(client: Client, blog: Blog) -> None:
    before = blog.lexicon.read_bytes()
    status, _ = client.post("/api/lexicon", raw=b'{"word": "' + b"a" * 20_000 + b'"}')
    assert status == 413
    assert blog.lexicon.read_bytes() == before


def test_the_studio_listens_on_the_loopback_only(blog: Blog) -> None:
    studio = start(blog)
    try:
        assert studio.server.server_address[0] == "127.0.0.1"
    finally:
        studio.stop()


def test_the_articles_and_their_states(blog: Blog, client: Client) -> None:
    listed = {a["slug"]: a for a in client.ok("GET", "/api/articles")["articles"]}
    assert {slug: a["state"] for slug, a in listed.items()} == {
        "notes": "built", "walks": "built"
    }
    assert listed["notes"]["guessed_words"] >= 1  # the name
    assert listed["walks"]["guessed_words"] == 0  # every word common
    assert listed["notes"]["duration_s"] > 1

    notes = blog.articles / "2026-01-05-notes.md"
    notes.write_text(notes.read_text().replace("The hands are busy.", "Both hands are busy."))
    from .conftest import write_article

    write_article(blog.articles, "2026-03-01-tea.md", "Tea is good. Drink it hot.\n",
                  title="Tea")
    client.ok("POST", "/api/articles/walks/approve", {})
    listed = {a["slug"]: a for a in client.ok("GET", "/api/articles")["articles"]}
    assert {slug: a["state"] for slug, a in listed.items()} == {
        "notes": "changed", "walks": "approved", "tea": "new"
    }
    # The edited sentence is the one a build would speak again, and the only one.
    article = client.ok("GET", "/api/articles/notes")
    changed = [s["written"] for s in article["sentences"]
               if s["id"] in listed["notes"]["changed_sentences"]]
    assert changed == ["Both hands are busy."]
    assert listed["tea"]["duration_s"] is None
    assert NAME in [word["word"] for word in article["words"]]


def test_an_article_names_its_sentences_and_speaks_them_on_demand(
    client: Client, blog: Blog
) -> None:
    article = client.ok("GET", "/api/articles/notes")
    sentences = {s["id"]: s for s in article["sentences"]}
    assert sentences["s2"]["written"] == f"{NAME} keeps his in a drawer."
    assert sentences["s3"]["written"] == "Why"  # the heading
    # Built: every clip is the build's own, from the shared cache.
    assert None not in client.clips("notes").values()
    spoken = client.clips("notes")
    assert len(set(spoken.values())) == len(spoken)  # one clip per sentence
    assert client.wav(spoken["s1"]) != client.wav(spoken["s4"])  # each its own sound

    walks = blog.articles / "2026-02-07-walks.md"
    walks.write_text(walks.read_text() + "\nA new thought arrives.\n", encoding="utf-8")
    new = [s for s in client.ok("GET", "/api/articles/walks")["sentences"] if s["clip"] is None]
    assert [s["written"] for s in new] == ["A new thought arrives."]
    answer = client.ok("POST", f"/api/articles/walks/sentences/{new[0]['id']}/speak", {})
    assert answer["sentence"]["clip"] == client.clips("walks")[new[0]["id"]]
    client.wav(answer["sentence"]["clip"])


def test_a_respelling_respeaks_exactly_the_sentences_with_the_word(
    client: Client, blog: Blog
) -> None:
    before = client.speak_all("notes")
    walks = client.speak_all("walks")
    original = blog.lexicon.read_bytes()
    answer = client.ok("POST", "/api/lexicon", {"word": NAME, "respelling": "voy check offski"})

    text = blog.lexicon.read_text(encoding="utf-8")
    assert text.startswith("# Our own words, checked by ear.\n")
    assert '# the web server' in text and text.index("nginx") < text.index(NAME)
    assert f'{NAME} = "voy check offski"' in text

    after = client.clips("notes")
    assert {s["id"] for s in answer["sentences"]} == {"s2", "s5"}
    assert {s["id"]: s["clip"] for s in answer["sentences"]} == {
        sid: after[sid] for sid in ("s2", "s5")
    }
    assert {sid for sid in after if after[sid] != before[sid]} == {"s2", "s5"}
    assert client.wav(after["s2"]) != client.wav(before["s2"])
    assert client.clips("walks") == walks

    # Undo: the lexicon as it was, and the sentences' first clips again.
    undone = client.ok("POST", "/api/lexicon/undo", {})
    assert {s["id"]: s["clip"] for s in undone["sentences"]} == {
        sid: before[sid] for sid in ("s2", "s5")
    }
    assert blog.lexicon.read_bytes() == original
    assert client.clips("notes") == before
    assert client.post("/api/lexicon/undo")[0] == 409  # nothing left to undo


def test_undo_of_a_first_entry_leaves_the_lexicon_as_it_was(client: Client, blog: Blog) -> None:
    blog.lexicon.write_text("# Nothing yet.\n", encoding="utf-8")
    client.ok("POST", "/api/lexicon", {"word": NAME, "respelling": "voy check"})
    assert "[words]" in blog.lexicon.read_text(encoding="utf-8")
    client.ok("POST", "/api/lexicon/undo", {})
    assert blog.lexicon.read_text(encoding="utf-8") == "# Nothing yet.\n"


def test_a_crash_in_the_middle_of_a_save_leaves_the_previous_lexicon(blog: Blog) -> None:
    before = blog.lexicon.read_bytes()
    process = subprocess.Popen(
        [*READER, "studio", str(blog.articles), "-o", str(blog.output),
         "--config", str(blog.config)],
        stdout=subprocess.PIPE, text=True,
        env={**os.environ, "READER_CRASH_BEFORE": "lexicon.toml"},
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split("Studio: ", 1)[1].strip().replace("/?", "/api/lexicon?")
        request = urllib.request.Request(
            url, method="POST", data=b'{"word": "%s", "respelling": "voy check"}' % NAME.encode()
        )
        with pytest.raises((urllib.error.URLError, ConnectionError)):
            urllib.request.urlopen(request, timeout=30)
        assert process.wait(timeout=10) != 0  # killed at the worst instant
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert blog.lexicon.read_bytes() == before


def test_a_build_that_requires_approval_publishes_the_approved_article(
    client: Client, blog: Blog
) -> None:
    answer = client.ok("POST", "/api/articles/walks/approve", {})
    assert answer["state"] == "approved"
    blog.config.write_text(blog.config.read_text() + "\n[publish]\nrequire_approval = true\n")
    lines: list[str] = []
    build_site(blog.articles, blog.output, blog.config, show_progress=False,
               report=lines.append)
    feed = feedparser.parse((blog.output / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Walks"]
    assert "awaiting approval 1 (notes)" in lines[-1]


def test_choosing_a_voice_by_ear_writes_reader_toml(client: Client, blog: Blog) -> None:
    offered = client.ok("GET", "/api/articles/notes/voices")
    assert [v["voice"] for v in offered["voices"]] == ["sine", "hum"]
    assert [v["chosen"] for v in offered["voices"]] == [True, False]
    hum = client.ok("POST", "/api/articles/notes/voices/hum/speak", {})["clip"]
    sine = client.ok("POST", "/api/articles/notes/voices/sine/speak", {})["clip"]
    assert client.wav(hum) != client.wav(sine)  # the same sentence, two voices
    assert client.post("/api/voice", {"voice": "/etc/passwd"})[0] == 404
    client.ok("POST", "/api/voice", {"voice": "hum"})
    text = blog.config.read_text(encoding="utf-8")
    assert text.startswith("# The podcast of my blog.\n")
    assert re.search(r'^\[voice\]\nengine = "tones"\nvoice = "hum"$', text, re.MULTILINE)
    assert [v["chosen"] for v in client.ok("GET", "/api/articles/notes/voices")["voices"]] == [
        False, True
    ]
    # Every sentence is now the new voice's: not in the cache yet.
    assert set(client.clips("walks").values()) == {None}


@pytest.mark.slow
def test_ipa_for_a_rare_name_reaches_piper(tmp_path: Path) -> None:
    blog = make_blog(tmp_path, engine="piper", build=False)
    studio = start(blog)
    try:
        client = Client(studio)
        for sid in ("s2", "s4"):  # a sentence with the name, one without
            client.ok("POST", f"/api/articles/notes/sentences/{sid}/speak", {})
        old = client.clips("notes")
        old_wav = client.wav(old["s2"])
        answer = client.ok("POST", "/api/lexicon",
                           {"word": NAME, "ipa": "vɔjt͡ɕɛˈxɔfskʲi", "slug": "notes"})
        assert f'{NAME} = "vɔjt͡ɕɛˈxɔfskʲi"' in blog.lexicon.read_text(encoding="utf-8")
        assert {s["id"] for s in answer["sentences"]} == {"s2", "s5"}
        now = client.clips("notes")
        assert now["s2"] != old["s2"] and now["s4"] == old["s4"]
        assert client.wav(now["s2"]) != old_wav
    finally:
        studio.stop()


def test_no_write_while_a_build_holds_the_site(client: Client, blog: Blog) -> None:
    from filelock import FileLock

    from reader.layout import LOCK_NAME

    before = blog.lexicon.read_bytes()
    with FileLock(str(blog.output / LOCK_NAME)):  # as `reader build` holds it
        status, answer = client.post("/api/lexicon", {"word": NAME, "respelling": "voy"})
        assert status == 409 and "reader build" in answer["error"]
        assert client.post("/api/articles/notes/approve")[0] == 409
    assert blog.lexicon.read_bytes() == before
    assert not (blog.root / "approvals.toml").exists()
    assert client.post("/api/lexicon", {"word": NAME, "respelling": "voy"})[0] == 200


def test_the_pages_carry_a_strict_policy_and_no_inline_code(client: Client) -> None:
    from bs4 import BeautifulSoup

    for path in ("/", "/articles/notes"):
        request = urllib.request.Request(f"{client.base}{path}?token={client.token}")
        with urllib.request.urlopen(request) as answer:
            policy = answer.headers["Content-Security-Policy"]
            html = answer.read().decode()
        assert "default-src 'none'" in policy and "script-src 'self';" in policy
        assert "unsafe" not in policy
        soup = BeautifulSoup(html, "html.parser")
        assert all(script.get("src") for script in soup.find_all("script"))
        assert not soup.find_all("style")
        handlers = [(tag.name, name) for tag in soup.find_all(True) for name in tag.attrs
                    if name.startswith("on")]
        assert handlers == []


def test_a_missing_reader_toml_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    result = run_reader("studio", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "reader.toml" in result.stderr
    assert "Traceback" not in result.stderr
