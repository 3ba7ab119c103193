"""Draw the two Teams icons (color 192x192, outline 32x32 white on transparent) with only zlib and struct."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEAL = (0, 122, 110, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def png(width: int, height: int, pixel) -> bytes:
    """An RGBA PNG whose colour at (x, y) is pixel(x, y)."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def bubble(x: float, y: float, size: float) -> bool:
    """A speech bubble: a rounded box in the upper part with a tail at the lower left."""
    u, v = x / size, y / size
    left, right, top, bottom, radius = 0.16, 0.84, 0.18, 0.66, 0.1
    # Distance outside the box shrunk by the radius: inside the rounded box when it is within the radius.
    dx = max(left + radius - u, 0.0, u - (right - radius))
    dy = max(top + radius - v, 0.0, v - (bottom - radius))
    box = dx * dx + dy * dy <= radius * radius
    tail = bottom - 0.02 <= v <= 0.84 and 0.28 <= u <= 0.28 + (0.84 - v)
    return box or tail


def color_icon(x: int, y: int) -> tuple[int, ...]:
    return WHITE if bubble(x + 0.5, y + 0.5, 192) else TEAL


def outline_icon(x: int, y: int) -> tuple[int, ...]:
    inside = bubble(x + 0.5, y + 0.5, 32)
    edge = inside and not all(bubble(x + 0.5 + dx, y + 0.5 + dy, 32) for dx, dy in ((2, 0), (-2, 0), (0, 2), (0, -2)))
    return WHITE if edge else CLEAR


if __name__ == "__main__":
    (HERE / "color.png").write_bytes(png(192, 192, color_icon))
    (HERE / "outline.png").write_bytes(png(32, 32, outline_icon))
