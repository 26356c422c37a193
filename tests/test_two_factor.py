"""Two-step verification: required for administrators, optional for others."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from laoshan_portal.accounts.models import Role
from tests.factories.accounts import PASSWORD, StaffFactory


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_it_makes_an_administrator_set_up_two_step_verification(tree: Any) -> None:
    StaffFactory(username="boss", area=tree.laoshan, role=Role.ADMIN)
    client = _sign_in("boss")
    response = client.get(reverse("cadres:cadre_list"))
    assert response["Location"] == reverse("accounts:otp_setup")
    page = client.get(reverse("accounts:otp_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user__username="boss")
    done = client.post(reverse("accounts:otp_setup"), {"token": _code(device)})
    codes = done.context["codes"]
    assert len(codes) == 10
    assert client.get(reverse("cadres:cadre_list")).status_code == 200


def test_it_asks_for_the_code_at_every_sign_in_and_takes_a_backup_code_once(tree: Any) -> None:
    StaffFactory(username="boss", area=tree.laoshan, role=Role.ADMIN)
    client = _sign_in("boss")
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user__username="boss")
    codes = client.post(reverse("accounts:otp_setup"), {"token": _code(device)}).context["codes"]
    again = _sign_in("boss")
    assert again.get(reverse("home"))["Location"] == reverse("accounts:otp_verify")
    assert again.post(reverse("accounts:otp_verify"), {"token": codes[0]}).status_code == 302
    assert again.get(reverse("home")).status_code == 200
    third = _sign_in("boss")
    refused = third.post(reverse("accounts:otp_verify"), {"token": codes[0]})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    assert third.get(reverse("home")).status_code == 302


def test_it_leaves_two_step_verification_optional_for_secretaries(tree: Any) -> None:
    StaffFactory(username="sec", area=tree.ruidu, role=Role.SECRETARY)
    client = _sign_in("sec")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert reverse("accounts:otp_setup") in home.content.decode()


def test_it_refuses_a_wrong_first_code(tree: Any) -> None:
    StaffFactory(username="boss", area=tree.laoshan, role=Role.ADMIN)
    client = _sign_in("boss")
    client.get(reverse("accounts:otp_setup"))
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.get(user__username="boss").confirmed
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp_setup")


def test_it_cannot_be_turned_off_in_production() -> None:
    import subprocess
    import sys

    from tests.test_settings import PRODUCTION, ROOT

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **PRODUCTION, "ADMIN_TWO_FACTOR": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "ADMIN_TWO_FACTOR" in result.stderr
