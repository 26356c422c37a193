"""Dashboards' summary rows and written monthly reports (of October 2026)."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from reports import services
from reports.models import AreaMonth, MonthlyReport
from reports.periods import Month
from tests.factories.accounts import AreaFactory

OCTOBER = Month(2026, 10)
STAND_IN_PDF = b"%PDF-1.7\n% stand-in\n"


class AreaMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaMonth

    area = factory.SubFactory(AreaFactory)
    month = OCTOBER.start
    refreshed_at = factory.LazyFunction(timezone.now)


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    """A written report with a file on disk: a stand-in PDF (the scope tests only fetch it)."""

    class Meta:
        model = MonthlyReport

    area = factory.SubFactory(AreaFactory)
    month = OCTOBER.start
    status = MonthlyReport.Status.DONE
    generated_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type[MonthlyReport], *args: Any, **kwargs: Any) -> Any:
        relative = services.report_path(kwargs["area"], Month.of(kwargs["month"]))
        kwargs["size"] = services.write_atomically(relative, STAND_IN_PDF)
        kwargs["file"] = relative
        return super()._create(model_class, *args, **kwargs)
