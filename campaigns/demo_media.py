"""Demo media drawn with Pillow: flat illustrations (no text, so no font is needed) and a PDF leaflet."""

import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def picture(title: str, colour: tuple, shape: str):
    """A simple flat illustration drawn with Pillow (no text, so no font is needed)."""
    Image = get_image_model()
    found = Image.objects.filter(title=title).first()
    if found:
        return found
    canvas = PILImage.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 560, 1200, 675), fill=(255, 255, 255))
    if shape == "flame":
        draw.polygon([(600, 120), (720, 360), (680, 520), (520, 520), (480, 360)], fill=(255, 140, 0))
        draw.polygon([(600, 260), (660, 420), (600, 510), (540, 420)], fill=(255, 220, 80))
    elif shape == "shield":
        draw.polygon([(600, 100), (780, 170), (760, 400), (600, 530), (440, 400), (420, 170)], fill=(255, 255, 255))
        draw.line([(520, 320), (580, 390), (700, 240)], fill=colour, width=28)
    elif shape == "house":
        draw.polygon([(600, 120), (820, 300), (380, 300)], fill=(255, 255, 255))
        draw.rectangle((430, 300, 770, 540), fill=(255, 255, 255))
        draw.rectangle((560, 400, 640, 540), fill=colour)
    else:
        for i in range(5):
            draw.ellipse((180 + i * 180, 240, 300 + i * 180, 360), fill=(255, 255, 255))
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=85)
    image = Image(title=title, file=ContentFile(buffer.getvalue(), name=f"demo-{shape}-{colour[0]}.jpg"))
    image.save()
    return image


def leaflet(title: str):
    """A one-page PDF leaflet made with Pillow, for the downloads block."""
    Document = get_document_model()
    found = Document.objects.filter(title=title).first()
    if found:
        return found
    canvas = PILImage.new("RGB", (1240, 1754), (255, 255, 255))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, 1240, 240), fill=(11, 74, 139))
    for row in range(8):
        draw.rectangle((120, 360 + row * 150, 1120, 420 + row * 150), fill=(243, 246, 250))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PDF")
    document = Document(title=title, file=ContentFile(buffer.getvalue(), name="leaflet.pdf"))
    document.file_size = len(buffer.getvalue())
    document.save()
    return document
