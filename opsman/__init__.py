"""The operations manager: every terminal's state, alerts and remote commands (issue 12).

Runs apart from the kiosk (``pip install 'govkiosk[opsman]'``, command ``opsman``); it shares
only the wire contract, :mod:`kiosk.telemetry.protocol`.
"""
