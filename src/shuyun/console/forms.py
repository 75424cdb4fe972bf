from __future__ import annotations

from typing import Any

from django import forms


class StyledForm:
    """Gives every widget of a form Bootstrap's classes; mix in before the Django form class."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif widget.attrs.get("type") == "color":
                css = "form-control form-control-color"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
