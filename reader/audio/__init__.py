"""Audio shared by the stages: finding and running ffmpeg (ffmpeg.py), and the episode's
audio format (format.py, the registry in formats.py, MP3 in mp3.py with id3.py).

Both the speech stage (an engine that decodes MP3 from a server) and the episode stage
(assembly, loudness, encoding) use them, and neither may import the other's internals.
"""
