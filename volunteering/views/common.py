"""Helpers shared by the volunteering pages: those of every app (laoshan_portal.pages)."""

from __future__ import annotations

from laoshan_portal.pages import PAGE_SIZE, can, next_url, xlsx_response

__all__ = ["PAGE_SIZE", "can", "next_url", "xlsx_response"]
