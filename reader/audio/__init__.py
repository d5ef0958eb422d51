"""Audio shared by the stages: finding and running ffmpeg (ffmpeg.py), and the episode's
audio format (the formats package: the registry, base.py, MP3 in mp3.py with id3.py), and
loudness as ebur128 measures it (loudness.py).

Both the speech stage (an engine that decodes MP3 from a server) and the episode stage
(assembly, loudness, encoding) use them, and neither may import the other's internals.
"""
