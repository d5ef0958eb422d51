"""Audio helpers shared by the stages: finding and running ffmpeg.

Both the speech stage (an engine that decodes MP3 from a server) and the episode stage
(assembly, loudness, encoding) use them, and neither may import the other's internals.
"""
