#!/usr/bin/env python3
"""CI: a screenshot is not blank. Decodes the PNG (8-bit RGB/RGBA, as Chromium writes them) with
the standard library only and requires enough non-background pixels and several distinct colours.
Usage: check-png.py FILE.png WHAT [MIN_INK_FRACTION]"""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"{path}: not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = header[0], header[1], header[2], header[3]
    if depth != 8 or colour not in (2, 6):
        sys.exit(f"{path}: unsupported PNG (depth {depth}, colour type {colour})")
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


path, what = sys.argv[1], sys.argv[2]
minimum = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
width, height, bpp, rows = pixels(path)
background = rows[0][:3]
ink, colours = 0, set()
for row in rows[::2]:
    for x in range(0, width * bpp, bpp * 2):
        px = row[x:x + 3]
        colours.add(px)
        if px != background:
            ink += 1
sampled = ((height + 1) // 2) * ((width + 1) // 2)
fraction = ink / sampled
if fraction < minimum or len(colours) < 8:
    sys.exit(f"{what}: {path} looks blank: {fraction:.2%} of pixels differ from the background, {len(colours)} colours")
print(f"{what}: {path} {width}×{height}, {fraction:.1%} ink, {len(colours)} colours")
