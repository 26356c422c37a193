"""Photos of an activity (workrooms, campaigns): one abstract model, its form fields, the
checked change of an activity's photos, and the scoped page that serves one.

An app's photo model subclasses ``ActivityPhoto``, adds its ``activity`` foreign key
(``related_name="photos"``) and overrides ``file`` for its own folder. Its forms take
uploads with ``PhotosField`` and offer ``remove_photos_field``; its services check a change
with ``photos_change`` before writing anything and apply it once the activity is saved;
files are deleted only once the transaction that dropped their rows has committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from laoshan_portal.forms import ModelMultipleChoiceField
from laoshan_portal.uploads import photo_response, stored_name, validate_image

MAX_PHOTOS = 9  # per activity
ACTIVITY = "activity"  # the foreign key each app's photo model adds


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
        name: str = self.file.name
        return name.rsplit("/", 1)[-1]


# --- forms ---------------------------------------------------------------------------


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos at once, each checked by its content (images only, ≤ 5 MB)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Photos"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Photos only (JPEG, PNG, WebP or GIF), at most 5 MB each.")
        )
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True})
        )
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(uploads) > MAX_PHOTOS:
            raise ValidationError(
                _("At most %(count)d photos per activity.") % {"count": MAX_PHOTOS}
            )
        cleaned = [super(PhotosField, self).clean(item, initial) for item in uploads]
        for upload in cleaned:
            validate_image(upload)
        return cleaned


def remove_photos_field(photos: models.QuerySet[Any]) -> ModelMultipleChoiceField:
    """Tick boxes choosing which of an activity's ``photos`` to remove."""
    return ModelMultipleChoiceField(
        label=_("Remove photos"),
        queryset=photos,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


# --- services ------------------------------------------------------------------------


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


@dataclass(frozen=True)
class PhotoChange:
    """Photos to add to an activity and photos of it to remove, already checked."""

    model: type[ActivityPhoto]
    activity: models.Model
    added: Sequence[Any]
    types: list[str]
    removed: list[ActivityPhoto]

    def apply(self) -> None:
        """Write the change, once the activity is saved: each new photo under a name of our
        own (the uploaded name may hold anything), the removed ones' files after commit."""
        names = [photo.file.name for photo in self.removed]
        self.model._default_manager.filter(pk__in=[photo.pk for photo in self.removed]).delete()
        files_delete_after_commit(names)
        for upload, content_type in zip(self.added, self.types, strict=True):
            photo = self.model(**{ACTIVITY: self.activity}, content_type=content_type)
            photo.file.save(stored_name(content_type), upload, save=False)
            photo.save()


def photos_change(
    model: type[ActivityPhoto],
    activity: models.Model,
    *,
    add: Sequence[Any] = (),
    remove: Iterable[ActivityPhoto] = (),
) -> PhotoChange:
    """Check adding ``add`` to ``activity`` and removing those of ``remove`` that are its
    own, before anything is written: a photo that is no photo, or more than MAX_PHOTOS in
    all, is a ValidationError on ``photos``."""
    removed = [photo for photo in remove if getattr(photo, "activity_id", None) == activity.pk]
    kept = model._default_manager.filter(**{ACTIVITY: activity}).count() if activity.pk else 0
    types = photos_check(add, already=kept - len(removed))
    return PhotoChange(model, activity, add, types, removed)


def delete_with_photos(model: type[ActivityPhoto], activity: models.Model) -> None:
    """Delete ``activity``; its photos' rows go with it, their files once committed."""
    photos = model._default_manager.filter(**{ACTIVITY: activity})
    names = list(photos.values_list("file", flat=True))
    activity.delete()
    files_delete_after_commit(names)


def files_delete_after_commit(names: Iterable[str]) -> None:
    """Delete stored files once the rows that named them are gone for good."""
    for name in list(names):
        transaction.on_commit(partial(default_storage.delete, name))


# --- views ---------------------------------------------------------------------------


def photo_page(photo: ActivityPhoto) -> FileResponse:
    """The file of a photo its view found in scope; a file gone from storage is a 404."""
    try:
        return photo_response(photo.file, photo.content_type)
    except FileNotFoundError:
        raise Http404 from None
