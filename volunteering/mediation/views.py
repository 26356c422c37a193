"""Pages of mediation cases: list, intake, a case, its records, closing, follow-ups, files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import SensitiveExportForm, add_service_errors
from laoshan_portal.pages import (
    can,
    form_page,
    next_url,
    paged,
    pdf_response,
    service_kwargs,
    url_by_pk,
    xlsx_response,
)
from laoshan_portal.scoping import ScopedRequest, staff_view
from laoshan_portal.uploads import photo_response

from . import documents, services
from .forms import (
    CaseForm,
    CloseForm,
    FollowUpForm,
    JudicialForm,
    PartyFormSet,
    RecordForm,
    ScanForm,
)
from .models import AgreementScan, MediationCase
from .selectors import case_dossier, case_filtered, case_reminders, mediation_reminders

REMINDERS_SHOWN = 10


def _detail_url(case: MediationCase) -> str:
    return reverse("mediation:case_detail", kwargs={"pk": case.pk})


@staff_view("mediation.view_mediationcase", methods=("GET",))
def case_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    reminders = mediation_reminders(scope=scope, today=clock.today())
    found = case_filtered(scope=scope, params=request.GET)
    page = paged(request, found.qs)
    return render(
        request,
        "mediation/case_list.html",
        {
            "filter": found,
            "page": page,
            "rows": case_rows(page),
            "reminders": reminders[:REMINDERS_SHOWN],
            "reminder_count": len(reminders),
            **can(request, "mediation.add_mediationcase", "accounts.export_data"),
        },
    )


def case_rows(page: Any) -> list[dict[str, Any]]:
    """What the list shows of each case, worked out once for its card and its row."""
    url = url_by_pk("mediation:case_detail")
    return [
        {
            "url": url(case.pk),
            "number": case.number,
            "received": f"{case.received_on:%Y-%m-%d}",
            "area": case.area.name,
            "category": case.get_category_display(),
            "parties": "、".join(party.name for party in case.parties.all()),
            "team": case.team.name,
            "mediators": "、".join(cadre.name for cadre in case.mediators.all()),
            "status": case.get_status_display(),
            "outcome": case.get_outcome_display() if case.outcome else "",
        }
        for case in page
    ]


@staff_view("mediation.view_mediationcase", "accounts.export_data", methods=("GET",))
def case_export(request: ScopedRequest) -> FileResponse:
    return xlsx_response(request, documents.case_export, "mediation-cases")


@staff_view("mediation.add_mediationcase", methods=("GET", "POST"))
def case_create(request: ScopedRequest) -> HttpResponse:
    """The intake with its parties: a form and a formset, saved together."""
    form = CaseForm(
        request.POST or None, scope=request.scope, initial={"received_on": clock.today()}
    )
    parties = PartyFormSet(request.POST or None, prefix="parties")
    if request.method == "POST" and form.is_valid() & parties.is_valid():
        try:
            case = services.case_create(
                **form.cleaned_data,
                parties=parties.parties(),
                **service_kwargs(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
            return redirect(next_url(request, _detail_url(case)))
    return render(
        request,
        "mediation/case_form.html",
        {"form": form, "parties": parties, "creating": True, "next": next_url(request, "")},
    )


@staff_view("mediation.change_mediationcase", scoped=MediationCase, methods=("GET", "POST"))
def case_edit(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    if case.status == MediationCase.Status.CLOSED:
        messages.error(request, _("This case is closed: its intake can no longer change."))
        return redirect("mediation:case_detail", pk=case.pk)
    initial = {
        "area": case.area,
        "received_on": case.received_on,
        "category": case.category,
        "source": case.source,
        "team": case.team,
        "mediators": case.mediators.all(),
        "summary": case.summary,
    }
    form = CaseForm(request.POST or None, scope=request.scope, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.case_update(
            case=case, **form.cleaned_data, **service_kwargs(request)
        ),
        done=_detail_url,
        message=lambda saved: _("Case %(number)s saved.") % {"number": saved.number},
        context={"case": case, "creating": False},
        template="mediation/case_form.html",
    )


@staff_view("mediation.view_mediationcase", scoped=MediationCase, methods=("GET",))
def case_detail(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    user = request.user
    case = case_dossier(scope=request.scope, case=case)
    follow_ups = list(case.follow_ups.all())
    closed = case.status == MediationCase.Status.CLOSED
    settled = closed and case.outcome == MediationCase.Outcome.SUCCESS
    written = case.agreement_kind == MediationCase.AgreementKind.WRITTEN
    can_change = user.has_perm("mediation.change_mediationcase")
    return render(
        request,
        "mediation/case_detail.html",
        {
            "case": case,
            "parties": services.party_rows(case.parties.all(), full=False),
            "follow_ups": follow_ups,
            "reminders": case_reminders(case, today=clock.today(), has_follow_up=bool(follow_ups)),
            "can_reveal": user.has_perm("accounts.view_sensitive"),
            "can_edit": can_change and not closed,
            "can_add_record": user.has_perm("mediation.add_mediationrecord") and not closed,
            "can_close": can_change and case.status == MediationCase.Status.MEDIATING,
            "can_add_follow_up": user.has_perm("mediation.add_followup") and settled,
            "can_add_scan": user.has_perm("mediation.add_agreementscan") and written,
            "judicial_form": JudicialForm(initial={"on": clock.today()})
            if can_change and written and not case.judicial
            else None,
            "scan_form": ScanForm(),
        },
    )


@staff_view(scoped=MediationCase, methods=("POST",))
def case_reveal(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    """The parties' contacts in the clear (an htmx fragment); every call is audited."""
    rows = services.case_reveal(actor=request.user, case=case, ip=client_ip(request))
    return render(request, "mediation/parties_revealed.html", {"rows": rows, "case": case})


@staff_view("mediation.view_mediationcase", scoped=MediationCase, methods=("GET",))
def case_pdf(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    pdf = documents.case_dossier_pdf(case=case, **service_kwargs(request))
    return pdf_response(pdf, f"{case.number}.pdf")


@staff_view(
    "mediation.view_mediationcase",
    "accounts.view_sensitive",
    scoped=MediationCase,
    methods=("GET", "POST"),
)
def case_pdf_full(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    """The dossier with the parties' phones and ID numbers in full: chosen, with a reason."""
    form = SensitiveExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pdf = documents.case_dossier_pdf(
                case=case,
                full=True,
                reason=form.cleaned_data["reason"],
                **service_kwargs(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return pdf_response(pdf, f"{case.number}.pdf")
    back = reverse("mediation:case_detail", args=[case.pk])
    return render(request, "sensitive_export.html", {"form": form, "back": back})


def _case_step(
    request: ScopedRequest,
    case: MediationCase,
    form: BaseForm,
    *,
    save: Callable[[], Any],
    title: str,
    message: str,
    multipart: bool = False,
) -> HttpResponse:
    """A form of one step of a case; saved, it goes back to the case (or to ``next``)."""
    return form_page(
        request,
        form,
        save=save,
        done=lambda _saved: _detail_url(case),
        message=lambda _saved: message,
        context={"case": case, "title": title, "multipart": multipart},
        template="mediation/case_step_form.html",
    )


@staff_view("mediation.add_mediationrecord", scoped=MediationCase, methods=("GET", "POST"))
def record_create(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    form = RecordForm(request.POST or None, scope=request.scope, initial={"date": clock.today()})
    return _case_step(
        request,
        case,
        form,
        save=lambda: services.record_create(
            case=case, **form.cleaned_data, **service_kwargs(request)
        ),
        title=_("New mediation record"),
        message=_("Mediation record saved."),
    )


@staff_view("mediation.change_mediationcase", scoped=MediationCase, methods=("GET", "POST"))
def case_close(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    form = CloseForm(request.POST or None, initial={"closed_on": clock.today()})
    return _case_step(
        request,
        case,
        form,
        save=lambda: services.case_close(case=case, **form.cleaned_data, **service_kwargs(request)),
        title=_("Close the case"),
        message=_("Case %(number)s closed.") % {"number": case.number},
    )


@staff_view("mediation.change_mediationcase", scoped=MediationCase, methods=("POST",))
def case_judicial(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    form = JudicialForm(request.POST)
    if form.is_valid():
        try:
            services.judicial_set(case=case, **form.cleaned_data, **service_kwargs(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Judicial confirmation recorded."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("mediation:case_detail", pk=case.pk)


@staff_view("mediation.add_followup", scoped=MediationCase, methods=("GET", "POST"))
def follow_up_create(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    form = FollowUpForm(request.POST or None, initial={"date": clock.today()})
    return _case_step(
        request,
        case,
        form,
        save=lambda: services.follow_up_create(
            case=case, **form.cleaned_data, **service_kwargs(request)
        ),
        title=_("New follow-up visit"),
        message=_("Follow-up visit saved."),
    )


@staff_view("mediation.add_agreementscan", scoped=MediationCase, methods=("GET", "POST"))
def scan_create(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    form = ScanForm(request.POST or None, request.FILES or None)
    return _case_step(
        request,
        case,
        form,
        save=lambda: services.scan_add(
            case=case, upload=form.cleaned_data["file"], **service_kwargs(request)
        ),
        title=_("Attach a scan of the agreement"),
        message=_("Scan attached."),
        multipart=True,
    )


@staff_view("mediation.view_mediationcase", scoped=AgreementScan, methods=("GET",))
def scan_file(request: ScopedRequest, scan: AgreementScan) -> FileResponse:
    """A scan holds the parties' names and signatures: viewing it is recorded."""
    services.scan_viewed(actor=request.user, scan=scan, ip=client_ip(request))
    return photo_response(scan.file, scan.content_type)
