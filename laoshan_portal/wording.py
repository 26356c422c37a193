"""Django's own form messages that Django REST framework's catalog translates in other
words. The portal's catalog (LOCALE_PATHS) wins over both, so listing them here keeps
Django's wording on the pages and in the API alike; makemessages keeps them in it."""

from __future__ import annotations

from django.utils.translation import gettext_noop

DJANGO_FORM_MESSAGES = (
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
    gettext_noop("Value must be valid JSON."),
)
