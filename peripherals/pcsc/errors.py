"""PC/SC failures, from pcsc-lite's result codes, raised inside the driver only."""

from __future__ import annotations

from smartcard import scard

from peripherals.errors import DeviceNotFound, LinkError, LinkTimeout, PeripheralError


class PcscdNotRunning(DeviceNotFound):
    code = "pcscd_not_running"


class NoReader(DeviceNotFound):
    code = "no_reader"


class CardRemoved(PeripheralError):
    code = "card_removed"


class CardError(PeripheralError):
    """The card answered a status word that ends the exchange."""

    code = "card_error"


_BY_RESULT: dict[int, type[PeripheralError]] = {
    scard.SCARD_E_NO_SERVICE: PcscdNotRunning,
    scard.SCARD_E_SERVICE_STOPPED: PcscdNotRunning,
    scard.SCARD_E_NO_READERS_AVAILABLE: NoReader,
    scard.SCARD_E_UNKNOWN_READER: NoReader,
    scard.SCARD_E_READER_UNAVAILABLE: NoReader,
    scard.SCARD_W_REMOVED_CARD: CardRemoved,
    scard.SCARD_E_NO_SMARTCARD: CardRemoved,
    scard.SCARD_W_RESET_CARD: CardRemoved,
    scard.SCARD_W_UNPOWERED_CARD: CardRemoved,
    scard.SCARD_E_TIMEOUT: LinkTimeout,
}


def raise_for(result: int, doing: str) -> None:
    """Raise the typed error for a pcsc-lite result code (anything else: :class:`LinkError`)."""
    if result == scard.SCARD_S_SUCCESS:
        return
    error = _BY_RESULT.get(result, LinkError)
    raise error(f"{doing}: {scard.SCardGetErrorMessage(result)} ({result & 0xFFFFFFFF:#010x})")
