"""``manage.py issue_api_token``: a district administrator issues (or revokes) a staff
account's API token. The token is printed once; only its hash is kept."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api import selectors, services
from api.models import ApiToken
from laoshan_portal import clock
from laoshan_portal.accounts.models import User


def _account(username: str) -> User:
    found = User.objects.select_related("area").filter(username=username).first()
    if found is None:
        raise CommandError(f"No account {username!r}.")
    return found


class Command(BaseCommand):
    help = "Issue an API token to a staff account (--by: the district administrator)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="the staff account the token is for")
        parser.add_argument("--by", required=True, help="the issuing district administrator")
        parser.add_argument("--name", default="", help="the client the token is for")
        parser.add_argument("--days", type=int, default=services.STAFF_TOKEN_DEFAULT_DAYS)
        parser.add_argument("--revoke", type=int, metavar="ID", help="revoke token ID instead")
        parser.add_argument("--list", action="store_true", help="list the tokens instead")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = _account(options["by"])
        if not actor.may_use_admin:
            raise CommandError(f"{actor} may not issue or revoke API tokens.")
        if options["list"]:
            self._list()
            return
        try:
            if options["revoke"] is not None:
                self._revoke(actor, options["revoke"])
            else:
                self._issue(actor, options)
        except PermissionDenied as error:
            raise CommandError(f"{actor} may not issue or revoke API tokens.") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error

    def _issue(self, actor: User, options: dict[str, Any]) -> None:
        if not options["username"]:
            raise CommandError("Name the staff account the token is for.")
        issued = services.token_issue(
            actor=actor,
            user=_account(options["username"]),
            name=options["name"] or "client",
            days=options["days"],
        )
        until = clock.local(issued.token.expires_at)
        self.stdout.write(f"Token {issued.token.pk}, valid until {until:%Y-%m-%d %H:%M}:")
        self.stdout.write(issued.key)

    def _list(self) -> None:
        for token in selectors.token_list():
            until = clock.local(token.expires_at)
            state = "revoked" if token.revoked else f"until {until:%Y-%m-%d}"
            used = "-"
            if token.last_used_at:
                used = f"{clock.local(token.last_used_at):%Y-%m-%d %H:%M}"
            self.stdout.write(f"{token.pk}\t{token.user.username}\t{token.name}\t{state}\t{used}")

    def _revoke(self, actor: User, token_id: int) -> None:
        token = ApiToken.objects.select_related("user__area").filter(pk=token_id).first()
        if token is None:
            raise CommandError(f"No token {token_id}.")
        services.token_revoke(actor=actor, token=token)
        self.stdout.write(f"Token {token_id} revoked.")
