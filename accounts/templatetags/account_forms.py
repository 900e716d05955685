"""Render form fields with their help text and errors tied to the input (aria-describedby)."""

from django import template

register = template.Library()


@register.simple_tag
def field_widget(bound_field):
    """The field's widget with ``aria-describedby`` naming its help and error texts, and ``aria-invalid``."""
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}_help")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}_errors")
    attrs = {}
    existing = bound_field.field.widget.attrs.get("aria-describedby")
    if existing:
        described.insert(0, existing)
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)
