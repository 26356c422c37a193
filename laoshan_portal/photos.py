"""Photos of an activity (workrooms, campaigns): one abstract model and its helpers.

An app's photo model subclasses ``ActivityPhoto``, adds its ``activity`` foreign key
(``related_name="photos"``) and overrides ``file`` for its own folder. Its services check
uploads with ``photos_check``, store them with ``photos_store`` and delete files only once
the transaction that dropped their rows has committed (``files_delete_after_commit``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from laoshan_portal.uploads import stored_name, validate_image

MAX_PHOTOS = 9  # per activity


class ActivityPhoto(models.Model):
    file = models.FileField(_("photo"), upload_to="photos/%Y/%m/")  # each app its own folder
    content_type = models.CharField(_("content type"), max_length=32)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.file.name).rsplit("/", 1)[-1]


def photos_check(photos: Sequence[Any], already: int) -> list[str]:
    """Each photo checked by its content, at most MAX_PHOTOS in all; their content types."""
    if already + len(photos) > MAX_PHOTOS:
        message = gettext("At most %(count)d photos per activity.") % {"count": MAX_PHOTOS}
        raise ValidationError({"photos": message})
    types = []
    for upload in photos:
        try:
            types.append(validate_image(upload))
        except ValidationError as error:
            raise ValidationError({"photos": error.messages}) from None
    return types


def photos_store(
    model: type[ActivityPhoto], activity: models.Model, photos: Sequence[Any], types: list[str]
) -> None:
    """Save checked uploads as ``model`` rows of ``activity``, each under a name of our own
    (the uploaded name may hold anything)."""
    for upload, content_type in zip(photos, types, strict=True):
        photo = model(activity=activity, content_type=content_type)  # type: ignore[misc]
        photo.file.save(stored_name(content_type), upload, save=False)
        photo.save()


def files_delete_after_commit(names: Iterable[str]) -> None:
    """Delete stored files once the rows that named them are gone for good."""
    for name in list(names):
        transaction.on_commit(functools.partial(default_storage.delete, name))
