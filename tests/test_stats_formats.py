"""The access-log formats of reader stats, on the example lines their makers document."""

from __future__ import annotations

import datetime as dt

import pytest

from reader.stats.formats import Hit, recognise

# Apache's own example of the combined format (httpd.apache.org/docs/current/logs.html).
APACHE = ('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 '
          '2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"')
# AWS's example of an S3 server access log line (docs.aws.amazon.com/AmazonS3/latest/
# userguide/LogFormat.html), a GET of an object.
S3 = ("79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be DOC-EXAMPLE-BUCKET1 "
      "[06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d"
      "5218e7cd47ef2be A1206F460EXAMPLE REST.GET.OBJECT listen/episodes/a%20b-0123abcd.mp3 "
      '"GET /listen/episodes/a%20b-0123abcd.mp3 HTTP/1.1" 206 - 65536 1920000 20 19 "-" '
      '"Overcast/3.0 (+http://overcast.fm/; iOS podcast app)" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2R'
      "OuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 "
      "AuthHeader DOC-EXAMPLE-BUCKET1.s3.us-west-1.amazonaws.com TLSV1.2 - -")
# AWS's example of a CloudFront standard log (docs.aws.amazon.com/AmazonCloudFront/latest/
# DeveloperGuide/standard-logs-reference.html).
CLOUDFRONT = """\
#Version: 1.0
#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status \
cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id \
x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher \
x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port \
time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start \
sc-range-end
2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t\
200\t-\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20\
like%20Gecko)%20Chrome/78.0.3904.108%20Safari/537.36\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGl\
TAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\t\
ECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-
"""


def _moment(*parts: int) -> float:
    return dt.datetime(*parts, tzinfo=dt.UTC).timestamp()


def test_the_combined_format_as_apache_documents_it() -> None:
    reader = recognise(APACHE)
    assert reader is not None and reader.name == "combined"
    assert reader.parse(APACHE) == Hit(
        _moment(2000, 10, 10, 20, 55, 36), "127.0.0.1", "GET", "/apache_pb.gif", 200, 2326,
        "http://www.example.com/start.html", "Mozilla/4.08 [en] (Win98; I ;Nav)", 0)


def test_the_combined_format_with_an_escaped_quote_and_a_range() -> None:
    line = ('203.0.113.5 - - [01/Mar/2026:00:00:01 +0100] "GET /e.mp3?x=1 HTTP/1.1" 206 100 '
            '"-" "Odd \\"Agent\\" 1.0" "bytes=5000-5099"')
    hit = recognise(line).parse(line)  # type: ignore[union-attr]
    assert hit is not None
    assert (hit.when, hit.path, hit.agent, hit.first_byte) == (
        _moment(2026, 2, 28, 23, 0, 1), "/e.mp3", 'Odd \\"Agent\\" 1.0', 5000)


def test_an_s3_server_access_log_line() -> None:
    reader = recognise(S3)
    assert reader is not None and reader.name == "s3"
    hit = reader.parse(S3)
    assert hit is not None
    assert (hit.when, hit.client, hit.method, hit.path, hit.status, hit.sent, hit.agent) == (
        _moment(2019, 2, 6, 0, 0, 38), "192.0.2.3", "GET", "/listen/episodes/a b-0123abcd.mp3",
        206, 65536, "Overcast/3.0 (+http://overcast.fm/; iOS podcast app)")
    assert hit.first_byte is None  # S3 does not log the range


def test_a_cloudfront_standard_log() -> None:
    lines = CLOUDFRONT.splitlines()
    reader = recognise(lines[0])
    assert reader is not None and reader.name == "cloudfront"
    assert reader.directive(lines[0]) and reader.directive(lines[1])
    hit = reader.parse(lines[2])
    assert hit is not None
    assert (hit.when, hit.client, hit.path, hit.status, hit.sent, hit.first_byte) == (
        _moment(2019, 12, 4, 21, 2, 31), "192.0.2.100", "/index.html", 200, 392, 0)
    assert hit.agent.startswith("Mozilla/5.0 (Windows NT 10.0; Win64; x64)")


@pytest.mark.parametrize("line", [
    "not a log line at all",
    '127.0.0.1 - - [99/Zzz/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 "-" "-"',
    '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "-" 400 0 "-" "-"',
])
def test_a_line_that_cannot_be_read_is_none_not_an_error(line: str) -> None:
    reader = recognise(APACHE)
    assert reader is not None and reader.parse(line) is None
