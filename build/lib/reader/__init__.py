"""read-or-listen: a blog's listening edition.

The library API, stage by stage (the `reader` command is a thin shell over these):

    from reader.load import load_article          # file -> Article
    from reader.script import make_script         # Article -> Script (the spoken words)
    from reader.episode import make_episode       # Script -> Episode (MP3 + sidecars)
    from reader.site import write_site            # EpisodeRecords -> feed.xml + pages
    from reader.build import build_site           # the whole folder, incrementally
"""

__version__ = "0.1.0"
