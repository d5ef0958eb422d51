"""read-or-listen: a blog's listening edition.

The library API, stage by stage (the `reader` command is a thin shell over these):

    from reader.load import load_article           # file -> Article
    from reader.script import make_script          # Article -> Script (the spoken words)
    from reader.speech.plan import plan_speech     # spoken texts -> the clips to make (cached?)
    from reader.episode import write_episode       # clips in order -> Episode (MP3 + sidecars)
    from reader.builder.speak import make_episode  # Script -> Episode: the two above, joined
    from reader.site import write_site             # EpisodeRecords -> feed.xml + pages
    from reader.builder import build_site          # the whole folder, incrementally
"""

__version__ = "0.1.0"
