"""The kiosk's side of the platform contract: the OpenAPI document, request signing, the client.

``openapi.yaml`` is the contract; :class:`PlatformClient` speaks it and validates every answer
against it; ``catalogue`` holds the hashing and signature rules of published catalogues.
"""

from kiosk.platform.client import PlatformClient, Reply
from kiosk.platform.errors import InvalidResponse, Offline, PlatformError, Rejected, ServerError

__all__ = [
    "InvalidResponse",
    "Offline",
    "PlatformClient",
    "PlatformError",
    "Rejected",
    "Reply",
    "ServerError",
]
