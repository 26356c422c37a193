"""The senior university on a phone (375 px wide): taking a lesson's attendance, and a
room's week in the activity centre."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.urls import reverse

from tests.browser.steps import assert_fits_a_phone, expect, log_in
from tests.factories.cadres import CadreFactory
from tests.factories.university import BookingFactory, CourseFactory, EnrolmentFactory, RoomFactory
from university.models import Lesson

if TYPE_CHECKING:
    from playwright.sync_api import Page

BEIJING = ZoneInfo("Asia/Shanghai")


def test_a_lesson_s_attendance_is_taken_on_a_phone(phone: Page, tree: Any, roles: Any) -> None:
    course = CourseFactory(area=tree.jinjialing, title="智能手机班")
    names = ["刘桂芳", "钟昭群", "王秀兰"]
    for name in names:
        EnrolmentFactory(course=course, cadre=CadreFactory(area=tree.ruidu, name=name))
    log_in(phone, "street")

    phone.goto(reverse("university:course_detail", args=[course.pk]))
    assert_fits_a_phone(phone)
    phone.get_by_role("link", name="上课点名").click()
    form = phone.get_by_test_id("attendance-form")
    expect(form).to_contain_text("钟昭群")
    assert_fits_a_phone(phone)
    for name in ("刘桂芳", "王秀兰"):  # the whole row is the name's label: a tap ticks it
        form.get_by_text(name).tap()
        expect(form.get_by_label(name)).to_be_checked()
    expect(form.get_by_label("钟昭群")).not_to_be_checked()
    form.get_by_role("button", name="保存点名").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("智能手机班")
    assert_fits_a_phone(phone)

    lesson = Lesson.objects.get(course=course)
    assert lesson.date == date(2026, 12, 4)
    assert sorted(lesson.present.values_list("cadre__name", flat=True)) == ["刘桂芳", "王秀兰"]


def test_a_room_s_week_reads_on_a_phone(phone: Page, tree: Any, roles: Any) -> None:
    room = RoomFactory(area=tree.jinjialing, name="多功能厅")
    for day, purpose in (
        (1, "合唱排练"),
        (3, "红色宣讲：崂山抗战史（社区老干部宣讲团）"),
        (5, "书法班"),
    ):
        BookingFactory(
            room=room,
            starts=datetime(2026, 12, day, 9, tzinfo=BEIJING),
            ends=datetime(2026, 12, day, 11, tzinfo=BEIJING),
            purpose=purpose,
        )
    log_in(phone, "street")

    phone.goto(reverse("university:room_week", args=[room.pk]) + "?week=2026-12-02")
    week = phone.get_by_test_id("room-week")
    expect(week).to_contain_text("合唱排练")
    expect(week).to_contain_text("红色宣讲：崂山抗战史")
    expect(week).to_contain_text("09:00–11:00")
    assert_fits_a_phone(phone)
    phone.get_by_role("link", name="下一周").click()
    expect(phone.get_by_test_id("room-week")).not_to_contain_text("合唱排练")
    assert_fits_a_phone(phone)
