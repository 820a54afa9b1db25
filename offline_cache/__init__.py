"""Local SQLite stores: catalogue, search index, durable outbox."""
