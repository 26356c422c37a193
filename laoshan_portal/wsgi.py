"""WSGI entry point, served by gunicorn in production.

Each worker loads every view before its first request and sets what it loaded aside from
the garbage collector (``processes.settle_for_serving``).
"""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from laoshan_portal.processes import settle_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "laoshan_portal.settings")

application = get_wsgi_application()
settle_for_serving()
