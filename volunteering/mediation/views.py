"""Pages of mediation cases: list, intake, a case, its records, closing, follow-ups, files."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from laoshan_portal import clock
from laoshan_portal.audit.services import client_ip
from laoshan_portal.forms import SensitiveExportForm, add_service_errors
from laoshan_portal.pages import PAGE_SIZE, XLSX, next_url
from laoshan_portal.scoping import ScopedRequest, scoped_object
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


@login_required
@permission_required("mediation.view_mediationcase", raise_exception=True)
@require_GET
def case_index(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    found = case_filtered(scope=scope, params=request.GET)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    reminders = mediation_reminders(scope=scope, today=clock.today())
    return render(
        request,
        "mediation/case_list.html",
        {
            "filter": found,
            "page": page,
            "reminders": reminders[:REMINDERS_SHOWN],
            "reminder_count": len(reminders),
            "can_add": request.user.has_perm("mediation.add_mediationcase"),
            "can_export": request.user.has_perm("accounts.export_data"),
        },
    )


@login_required
@permission_required("mediation.view_mediationcase", raise_exception=True)
@permission_required("accounts.export_data", raise_exception=True)
@require_GET
def case_export(request: ScopedRequest) -> HttpResponse:
    out = BytesIO()
    documents.case_export(
        scope=request.scope,
        actor=request.user,
        params=request.GET,
        out=out,
        ip=client_ip(request),
    )
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    stamp = clock.today().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="mediation-cases-{stamp}.xlsx"'
    return response


@login_required
@permission_required("mediation.add_mediationcase", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    initial = {"received_on": clock.today()}
    form = CaseForm(request.POST or None, scope=scope, initial=initial)
    parties = PartyFormSet(request.POST or None, prefix="parties")
    if request.method == "POST" and form.is_valid() & parties.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_create(
                scope=scope,
                actor=request.user,
                area=data["area"],
                received_on=data["received_on"],
                category=data["category"],
                source=data["source"],
                team=data["team"],
                mediators=data["mediators"],
                summary=data["summary"],
                parties=parties.parties(),
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
            return redirect(
                next_url(request, reverse("mediation:case_detail", kwargs={"pk": case.pk}))
            )
    return render(
        request,
        "mediation/case_form.html",
        {"form": form, "parties": parties, "creating": True, "next": next_url(request, "")},
    )


@login_required
@scoped_object(MediationCase)
@permission_required("mediation.change_mediationcase", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_edit(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    scope = request.scope
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
    form = CaseForm(request.POST or None, scope=scope, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                scope=scope, actor=request.user, case=case, ip=client_ip(request),
                **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s saved.") % {"number": case.number})
            return redirect("mediation:case_detail", pk=case.pk)
    return render(
        request, "mediation/case_form.html", {"form": form, "case": case, "creating": False}
    )


@login_required
@scoped_object(MediationCase)
@permission_required("mediation.view_mediationcase", raise_exception=True)
@require_GET
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


@login_required
@scoped_object(MediationCase)
@require_POST
def case_reveal(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    """The parties' contacts in the clear (an htmx fragment); every call is audited."""
    rows = services.case_reveal(actor=request.user, case=case, ip=client_ip(request))
    return render(request, "mediation/parties_revealed.html", {"rows": rows, "case": case})


@login_required
@scoped_object(MediationCase)
@permission_required("mediation.view_mediationcase", raise_exception=True)
@require_GET
def case_pdf(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    pdf = documents.case_dossier_pdf(
        scope=request.scope,
        actor=request.user,
        case=case,
        ip=client_ip(request),
    )
    return _dossier_response(case, pdf)


def _dossier_response(case: MediationCase, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{case.number}.pdf"'
    return response


@login_required
@scoped_object(MediationCase)
@permission_required(
    ["mediation.view_mediationcase", "accounts.view_sensitive"], raise_exception=True
)
@require_http_methods(["GET", "POST"])
def case_pdf_full(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    """The dossier with the parties' phones and ID numbers in full: chosen, with a reason."""
    form = SensitiveExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pdf = documents.case_dossier_pdf(
                scope=request.scope,
                actor=request.user,
                case=case,
                ip=client_ip(request),
                full=True,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _dossier_response(case, pdf)
    back = reverse("mediation:case_detail", args=[case.pk])
    return render(request, "sensitive_export.html", {"form": form, "back": back})


def _simple_form(
    request: ScopedRequest, case: MediationCase, form: Any, title: str, *, multipart: bool = False
) -> HttpResponse:
    return render(
        request,
        "mediation/case_step_form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "multipart": multipart,
            "next": next_url(request, ""),
        },
    )


def _done(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    return redirect(next_url(request, reverse("mediation:case_detail", kwargs={"pk": case.pk})))


@login_required
@scoped_object(MediationCase)
@permission_required("mediation.add_mediationrecord", raise_exception=True)
@require_http_methods(["GET", "POST"])
def record_create(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    scope = request.scope
    form = RecordForm(request.POST or None, scope=scope, initial={"date": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_create(
                scope=scope, actor=request.user, case=case, ip=client_ip(request),
                **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Mediation record saved."))
            return _done(request, case)
    return _simple_form(request, case, form, _("New mediation record"))


@login_required
@scoped_object(MediationCase)
@permission_required("mediation.change_mediationcase", raise_exception=True)
@require_http_methods(["GET", "POST"])
def case_close(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    scope = request.scope
    form = CloseForm(request.POST or None, initial={"closed_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                scope=scope, actor=request.user, case=case, ip=client_ip(request),
                **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Case %(number)s closed.") % {"number": case.number})
            return _done(request, case)
    return _simple_form(request, case, form, _("Close the case"))


@login_required
@scoped_object(MediationCase)
@permission_required("mediation.change_mediationcase", raise_exception=True)
@require_POST
def case_judicial(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    form = JudicialForm(request.POST)
    if form.is_valid():
        try:
            services.judicial_set(
                scope=request.scope,
                actor=request.user,
                case=case,
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Judicial confirmation recorded."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("mediation:case_detail", pk=case.pk)


@login_required
@scoped_object(MediationCase)
@permission_required("mediation.add_followup", raise_exception=True)
@require_http_methods(["GET", "POST"])
def follow_up_create(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    scope = request.scope
    form = FollowUpForm(request.POST or None, initial={"date": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_create(
                scope=scope, actor=request.user, case=case, ip=client_ip(request),
                **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Follow-up visit saved."))
            return _done(request, case)
    return _simple_form(request, case, form, _("New follow-up visit"))


@login_required
@scoped_object(MediationCase)
@permission_required("mediation.add_agreementscan", raise_exception=True)
@require_http_methods(["GET", "POST"])
def scan_create(request: ScopedRequest, case: MediationCase) -> HttpResponse:
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.scan_add(
                scope=request.scope,
                actor=request.user,
                case=case,
                upload=form.cleaned_data["file"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Scan attached."))
            return _done(request, case)
    return _simple_form(request, case, form, _("Attach a scan of the agreement"), multipart=True)


@login_required
@scoped_object(AgreementScan)
@permission_required("mediation.view_mediationcase", raise_exception=True)
@require_GET
def scan_file(request: ScopedRequest, scan: AgreementScan) -> HttpResponse:
    """A scan holds the parties' names and signatures: viewing it is recorded."""
    services.scan_viewed(actor=request.user, scan=scan, ip=client_ip(request))
    return photo_response(scan.file, scan.content_type)
