"""Reference platform server: the province's platform as the kiosk sees it, for development,
demo and tests. A real HTTP service on loopback implementing ``kiosk/platform/openapi.yaml``
over a SQLite store, with demo data and fault-injection switches. Not part of the kiosk runtime.
"""
