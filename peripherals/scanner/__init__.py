"""QR / barcode scanner: camera (pyzbar, zxing-cpp) or serial / USB-HID scanner."""
