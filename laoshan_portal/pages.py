"""What every app's pages share: paging and filtered lists, returning to ``next``, service
arguments, form and delete pages, workbook and PDF downloads and permission flags for
templates. Views stay thin: parse, call, render."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.forms import BaseForm
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import add_service_errors
from laoshan_portal.scoping import ScopedRequest

if TYPE_CHECKING:
    from django_filters import FilterSet

PAGE_SIZE = 25  # rows of every paged list
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def next_url(request: ScopedRequest, default: str = "") -> str:
    """Where to go after a form: a local ``next`` (e.g. the phone flow) or ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def service_kwargs(request: ScopedRequest) -> dict[str, Any]:
    """What every service call takes from the request: the scope, the actor, the address."""
    return {
        "scope": request.scope,
        "actor": request.user,
        "ip": client_ip(request),
    }


def xlsx_response(
    request: ScopedRequest, export: Callable[..., int], filename: str, **options: Any
) -> FileResponse:
    """Run an export service on the request's filters (its query string, also for a POST)
    with ``options`` and send its workbook as ``<filename>_<YYYYmmdd>.xlsx`` (Beijing date).
    The workbook is spooled to a temporary file, not held in memory; the response closes
    it once sent."""
    out = tempfile.TemporaryFile()
    export(params=request.GET, out=out, **service_kwargs(request), **options)
    out.seek(0)
    stamp = clock.today().strftime("%Y%m%d")
    return FileResponse(
        out, as_attachment=True, filename=f"{filename}_{stamp}.xlsx", content_type=XLSX
    )


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser (its own viewer prints or saves it as ``filename``)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def can(request: ScopedRequest, *names: str) -> dict[str, bool]:
    """``can_<action>_<model>`` flags for a template, from ``app.action_model`` names."""
    user = request.user
    return {f"can_{name.split('.', 1)[1]}": user.has_perm(name) for name in names}


def url_by_pk(name: str) -> Callable[[Any], str]:
    """The URL of ``name`` for a primary key, resolved once for a whole list: reversing a
    URL for each row of a page (twice, for its card and its table row) is a noticeable
    part of a list's time. ``name`` takes the key as its only argument."""
    marker = 918273645
    head, tail = reverse(name, args=[marker]).split(str(marker))

    def url(pk: Any) -> str:
        return f"{head}{int(pk)}{tail}"

    return url


def paged(
    request: ScopedRequest, rows: Any, size: int = PAGE_SIZE, *, param: str = "page"
) -> Page[Any]:
    """The page of ``rows`` that ``?page=`` asks for (the last one past the end). A second
    list on the same page names its own ``param``; its page then carries the addresses of
    its neighbours (``previous_query``, ``next_query``) for ``includes/pagination.html``."""
    page = Paginator(rows, size).get_page(request.GET.get(param))
    if param != "page":
        for name, present, number in (
            ("previous_query", page.has_previous, page.number - 1),
            ("next_query", page.has_next, page.number + 1),
        ):
            query = request.GET.copy()
            query[param] = str(number)
            setattr(page, name, f"?{query.urlencode()}" if present() else "")
    return page


class PagedRows(Sequence[Any]):
    """A list a ``Paginator`` reads a page at a time (a slice), whose rows are found
    only for the page: subclasses give ``__len__`` and ``rows_of(slice)``."""

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            position = range(len(self))[index]  # IndexError past the end, as a list
            return self.rows_of(slice(position, position + 1))[0]
        return self.rows_of(index)

    def rows_of(self, index: slice) -> list[Any]:
        raise NotImplementedError


class KeptOrder(PagedRows):
    """The rows of a list whose order is costly to find (a search), for a ``Paginator``.

    ``total`` and ``ids``, the primary keys of its first pages in order, were found once
    and kept (``cadres.selectors.registry_matches``); a page among them is read by key
    from ``by_key``, in one query, and one past them from ``rows`` itself, sorted by the
    database again. ``by_key`` is the same rows in the reader's scope without the
    search's conditions: with them the database would weigh the search's matches again
    to read 25 rows, and when it misjudges their number, read them all.
    """

    def __init__(
        self,
        rows: models.QuerySet[Any],
        total: int,
        ids: list[int],
        *,
        by_key: models.QuerySet[Any] | None = None,
    ) -> None:
        self.rows = rows
        self.total = total
        self.ids = ids
        self.by_key = rows if by_key is None else by_key

    def __len__(self) -> int:
        return self.total

    def rows_of(self, index: slice) -> list[Any]:
        past_kept = index.stop is None or index.stop > len(self.ids)
        if past_kept and len(self.ids) < self.total:
            return list(self.rows[index])
        wanted = self.ids[index]
        found = {row.pk: row for row in self.by_key.order_by().filter(pk__in=wanted)}
        # a record deleted since the ids were kept is left out (its change forgets them)
        return [found[pk] for pk in wanted if pk in found]


class Head(NamedTuple):
    """A part of a list worked out in Python: how many rows it has, its first rows (all of
    them, or as many as were kept), and how to work out all of them again."""

    total: int
    rows: Sequence[Any]
    everything: Callable[[], Sequence[Any]]


class KeptHeads(PagedRows):
    """A list made of parts one after the other (``Head``), for a ``Paginator``: a page
    among the kept first rows of each part reads them, one past them works that part out
    again. The care plans' lists (the to-do list, the people not yet visited) keep their
    first pages this way, where the whole of a district's list would be megabytes."""

    def __init__(self, parts: Sequence[Head]) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return sum(part.total for part in self.parts)

    def rows_of(self, index: slice) -> list[Any]:
        start, stop, step = index.indices(len(self))
        if step != 1:
            raise ValueError("a page is a run of rows")
        found: list[Any] = []
        offset = 0
        for part in self.parts:
            first, last = max(start - offset, 0), min(stop - offset, part.total)
            if first < last:
                rows = part.rows if last <= len(part.rows) else part.everything()
                found += rows[first:last]
            offset += part.total
        return found


def list_page(
    request: ScopedRequest,
    template: str,
    found: FilterSet,
    *permissions: str,
    **context: Any,
) -> HttpResponse:
    """A filtered list: its filter form, the page of its rows, ``can_*`` flags for
    ``permissions`` (as ``can`` names them) and ``context``."""
    return render(
        request,
        template,
        {
            "filter": found,
            "page": paged(request, found.qs),
            **can(request, *permissions),
            **context,
        },
    )


def form_page(
    request: ScopedRequest,
    form: BaseForm,
    *,
    save: Callable[[], Any],
    done: str | Callable[[Any], str],
    message: str | Callable[[Any], str],
    context: dict[str, Any],
    template: str = "pages/form.html",
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save`` and go to ``next``, else to ``done``
    (a URL, or a function of the saved object that gives one).

    ``message`` is flashed after saving: a text with ``%(name)s`` for what was saved, or a
    function of what ``save`` returned. A service's ValidationError is shown on the form,
    which keeps what was typed. The default template lays out any form; ``context`` gives
    it ``title`` and ``cancel`` (and ``multipart`` and ``photo_url``, the URL name of a
    stored photo, for photo forms).
    """
    if request.method == "POST" and form.is_valid():
        try:
            obj = save()
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = message(obj) if callable(message) else message % {"name": obj}
            messages.success(request, text)
            return redirect(next_url(request) or (done if isinstance(done, str) else done(obj)))
    return render(request, template, {"form": form, "next": next_url(request), **context})


def delete_page(
    request: ScopedRequest,
    obj: models.Model,
    *,
    delete: Callable[[], None],
    back: str,
    done: str,
    message: str,
    warning: str = "",
) -> HttpResponse:
    """GET asks for confirmation; POST deletes, or says why it cannot."""
    if request.method == "POST":
        name = str(obj)
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, message % {"name": name})
        return redirect(done)
    return render(
        request,
        "pages/confirm_delete.html",
        {"object": obj, "back": back, "warning": warning},
    )
