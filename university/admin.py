"""Admin pages of the university and the activity centre: read-only
(``ScopedModelAdmin``), since every write goes through the services."""

from __future__ import annotations

from django.contrib import admin

from laoshan_portal.admin import ScopedModelAdmin

from .models import Booking, Course, CourseCertificate, Enrolment, Lesson, Room, Term


@admin.register(Term)
class TermAdmin(ScopedModelAdmin):
    list_display = ["__str__", "area", "starts", "ends"]
    list_select_related = ["area"]


@admin.register(Course)
class CourseAdmin(ScopedModelAdmin):
    list_display = ["title", "term", "area", "subject", "weekday", "capacity", "fee"]
    list_filter = ["subject"]
    list_select_related = ["term", "area"]
    search_fields = ["title", "teacher_name"]


@admin.register(Enrolment)
class EnrolmentAdmin(ScopedModelAdmin):
    list_display = ["__str__", "course", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["course", "cadre"]
    exclude = ["resident_phone"]


@admin.register(Lesson)
class LessonAdmin(ScopedModelAdmin):
    list_display = ["course", "date", "expected"]
    list_select_related = ["course"]
    exclude = ["present"]
    date_hierarchy = "date"


@admin.register(CourseCertificate)
class CourseCertificateAdmin(ScopedModelAdmin):
    list_display = ["number", "holder_name", "course_title", "term_name", "issued_on"]
    search_fields = ["number", "holder_name"]


@admin.register(Room)
class RoomAdmin(ScopedModelAdmin):
    list_display = ["name", "area", "capacity"]
    list_select_related = ["area"]


@admin.register(Booking)
class BookingAdmin(ScopedModelAdmin):
    list_display = ["room", "starts", "ends", "purpose"]
    list_select_related = ["room"]
    date_hierarchy = "starts"
