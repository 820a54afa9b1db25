"""The kiosk's side of the platform contract: the OpenAPI document, request signing, the client.

``openapi.yaml`` is the contract; ``client.PlatformClient`` speaks it and validates every answer
against it; ``catalogue`` holds the hashing and signature rules of published catalogues;
``runtime.PlatformLink`` is what the composition root hands to flows. Import the submodules
directly: this package imports nothing, so the kiosk starts without loading HTTP or JSON Schema.
"""
