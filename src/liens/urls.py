"""The web page and API come in their own issue; the URLconf exists so Django checks pass."""

from __future__ import annotations

urlpatterns: list = []
