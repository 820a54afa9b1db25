"""Voice guidance: a text-to-speech adapter and the reader that decides what is spoken."""
