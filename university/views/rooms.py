"""Pages of the activity centre: its rooms, a room's week and the booking forms."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from laoshan_portal import clock
from laoshan_portal.pages import can, delete_page, form_page, service_kwargs
from laoshan_portal.scoping import ScopedRequest, staff_view

from .. import services
from ..forms import BookingForm, RoomForm
from ..models import Booking, Room
from ..selectors import room_list, room_week


def _week_url(room: Room, monday: object = None) -> str:
    url = reverse("university:room_week", args=[room.pk])
    return f"{url}?week={monday:%Y-%m-%d}" if monday else url


@staff_view("university.view_room", methods=("GET",))
def room_index(request: ScopedRequest) -> HttpResponse:
    rooms = room_list(scope=request.scope).select_related("area")
    return render(
        request,
        "university/room_list.html",
        {"rooms": rooms, **can(request, "university.add_room")},
    )


@staff_view("university.add_room", methods=("GET", "POST"))
def room_create(request: ScopedRequest) -> HttpResponse:
    scope = request.scope
    form = RoomForm(request.POST or None, scope=scope, initial={"area": scope.area})
    return form_page(
        request,
        form,
        save=lambda: services.room_create(**form.cleaned_data, **service_kwargs(request)),
        done=_week_url,
        message=_("Room %(name)s created."),
        context={"title": _("New room"), "cancel": reverse("university:room_list")},
    )


@staff_view("university.view_booking", scoped=Room, methods=("GET",))
def room_week_view(request: ScopedRequest, room: Room) -> HttpResponse:
    """A room's bookings of a week, Monday to Sunday: a column per day on a wide screen,
    a list per day on a phone."""
    day = parse_date(request.GET.get("week") or "") or clock.today()
    monday = day - timedelta(day.weekday())
    return render(
        request,
        "university/room_week.html",
        {
            "room": room,
            "monday": monday,
            "days": room_week(room=room, monday=monday),
            "previous": _week_url(room, monday - timedelta(7)),
            "next": _week_url(room, monday + timedelta(7)),
            **can(request, "university.add_booking", "university.delete_booking"),
        },
    )


@staff_view("university.add_booking", scoped=Room, methods=("GET", "POST"))
def booking_create(request: ScopedRequest, room: Room) -> HttpResponse:
    initial = {"date": parse_date(request.GET.get("date") or "") or clock.today()}
    form = BookingForm(request.POST or None, scope=request.scope, initial=initial)
    return form_page(
        request,
        form,
        save=lambda: services.booking_create(
            room=room, **form.booking(), **service_kwargs(request)
        ),
        done=lambda booking: _week_url(room, booking.starts.date()),
        message=_("Booking saved: %(name)s."),
        context={"title": _("Book %(room)s") % {"room": room.name}, "cancel": _week_url(room)},
    )


@staff_view("university.delete_booking", scoped=Booking, methods=("GET", "POST"))
def booking_cancel(request: ScopedRequest, booking: Booking) -> HttpResponse:
    back = _week_url(booking.room, booking.starts.date())
    return delete_page(
        request,
        booking,
        delete=lambda: services.booking_cancel(booking=booking, **service_kwargs(request)),
        back=back,
        done=back,
        message=_("Booking %(name)s cancelled."),
    )


urlpatterns: list[URLPattern] = [
    path("university/rooms/", room_index, name="room_list"),
    path("university/rooms/new/", room_create, name="room_create"),
    path("university/rooms/<int:pk>/", room_week_view, name="room_week"),
    path("university/rooms/<int:pk>/book/", booking_create, name="booking_create"),
    path("university/bookings/<int:pk>/cancel/", booking_cancel, name="booking_cancel"),
]
